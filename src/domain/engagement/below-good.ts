// "Below good" for escalation, read through the categorisation policy's own era mapping. Only the
// four-grade era has a "good"; for later inspections the policy says what each judgement means for
// the school (DOMAIN.md §4a), so an inspection counts as below good only where the policy's Ofsted
// rules for its era place the school at least where a four-grade "requires improvement" would. A
// policy that maps an era-2 "other" sub-judgement or a report-card "needs attention" to a lower
// concern (Staffordshire 2014: C or B) therefore does not start a high-concern Core Group.
import { evaluate } from '../categorisation/conditions/evaluate.js';
import type { EvidenceView } from '../categorisation/engine/evidence-view.js';
import { ruleCondition } from '../categorisation/engine/settings.js';
import { dimensionCodes } from '../categorisation/policy/parse.js';
import type { Condition, Policy } from '../categorisation/index.js';
import type { Inspection } from '../evidence/types.js';

const INSPECTION_KINDS = new Set(['latestInspectionEra', 'overallGrade', 'categoryOfConcern', 'subJudgement', 'reportCardArea', 'safeguarding']);

function inspectionOnly(c: Condition): boolean {
  if (c.kind === 'all' || c.kind === 'any') return c.of.every(inspectionOnly);
  if (c.kind === 'not') return inspectionOnly(c.condition);
  return INSPECTION_KINDS.has(c.kind);
}

/** A view of one inspection alone: inspection conditions read nothing else. */
function viewOf(policy: Policy, i: Inspection): EvidenceView {
  return { asOf: i.inspectionDate, policy, inspections: [i], latestGraded: i } as unknown as EvidenceView;
}

interface Placement {
  dimension: string;
  order: number;
  code: string;
  ruleIds: string[];
}

/** The highest value the era's Ofsted rules give this inspection on its own, or null if none fires. */
function placement(policy: Policy, i: Inspection): Placement | null {
  const ids = new Set(policy.ofstedEraHandling.eras[i.era]?.ruleIds ?? []);
  let best: Placement | null = null;
  for (const rule of policy.rules) {
    if (!ids.has(rule.id)) continue;
    // The rule's condition with the LA's settings resolved, as the categorisation engine reads it.
    const when = ruleCondition(policy, rule);
    if (!inspectionOnly(when)) continue;
    if (evaluate(when, viewOf(policy, i)).truth !== 'true') continue;
    const order = dimensionCodes(policy, rule.assign.dimension)?.indexOf(rule.assign.atLeast) ?? -1;
    if (!best || (rule.assign.dimension === best.dimension && order > best.order)) best = { dimension: rule.assign.dimension, order, code: rule.assign.atLeast, ruleIds: [rule.id] };
    else if (rule.assign.dimension === best.dimension && order === best.order) best.ruleIds.push(rule.id);
  }
  return best;
}

export interface BelowGoodReading {
  belowGood: boolean;
  /** How the policy read it, for the evidence line ("mapped by staffordshire-2014 to C"). */
  label: string;
}

/**
 * How an era-2 or report-card inspection reads under the policy; null when the policy does not read
 * that era (Wales) or when nothing in it could be read. Four-grade inspections are read directly by
 * the caller: a grade of 3 or 4 is below good in every policy.
 */
export function belowGoodUnderPolicy(policy: Policy, i: Inspection): BelowGoodReading | null {
  const era = policy.ofstedEraHandling.eras[i.era];
  if (!era || era.reading === 'not-read') return null;
  const reference = placement(policy, { ...i, era: 'four-grade', overallEffectiveness: 3, subJudgements: {}, reportCard: {}, categoryOfConcern: null, safeguarding: null });
  const mine = placement(policy, i);
  const name = (code: string) => {
    const label = policy.categories.find((c) => c.code === code)?.label;
    return label && label !== code ? `${code} (${label})` : code;
  };
  if (!mine) return { belowGood: false, label: `no Ofsted rule of the ${policy.id} policy places the school in a category of concern for this inspection` };
  const below = !!reference && mine.dimension === reference.dimension && mine.order >= reference.order;
  return {
    belowGood: below,
    label: below
      ? `the ${policy.id} policy maps it to ${name(mine.code)}, as it does requires improvement: below good`
      : `the ${policy.id} policy maps it to ${name(mine.code)}, lower than ${reference ? name(reference.code) : 'what it gives'} for requires improvement: not below good`,
  };
}
