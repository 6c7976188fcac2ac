// Runs every rule and turns the answers into a value per dimension: the highest concern any fired
// rule asks for, raised further where a rule could not be assessed and the policy says to hold.
import { evaluate } from '../conditions/evaluate.js';
import { measuresRead, type Condition } from '../policy/condition-schema.js';
import { dimensionCodes } from '../policy/parse.js';
import type { MissingAction, Policy, Rule, SchoolKind, SpecialHandling } from '../policy/schema.js';
import type { FiredRule, MissingEvidence } from '../result-types.js';
import type { EvidenceView } from './evidence-view.js';
import { ruleCondition, ruleSettings } from './settings.js';

export interface RuleRun {
  fired: FiredRule[];
  missing: MissingEvidence[];
  notApplied: { ruleId: string; reason: string }[];
  /** Value per dimension from fired rules and holds; absent where nothing decided it. */
  values: Map<string, string>;
  /** Dimensions for which at least one rule could be assessed (true or false). */
  assessed: Set<string>;
  insufficient: boolean;
  provisional: boolean;
  /** Each applied rule's answer, for a best-fit combination to count characteristics. */
  outcomes: Map<string, 'true' | 'false' | 'unknown'>;
}

// Per policy object (a policy is never mutated once parsed): its rules in id order and each dimension's
// codes by position, worked out once rather than for every school of a national run.
const sortedRules = new WeakMap<Policy, Rule[]>();
const codePositions = new WeakMap<Policy, Map<string, Map<string, number> | undefined>>();

function rulesInOrder(policy: Policy): Rule[] {
  let rules = sortedRules.get(policy);
  if (!rules) sortedRules.set(policy, (rules = [...policy.rules].sort((a, b) => a.id.localeCompare(b.id))));
  return rules;
}

/** The position of `code` among the dimension's codes (dimensionCodes order), -1 when absent. */
function positionOf(policy: Policy, dim: string, code: string): number {
  let byDim = codePositions.get(policy);
  if (!byDim) codePositions.set(policy, (byDim = new Map()));
  let positions = byDim.get(dim);
  if (positions === undefined && !byDim.has(dim)) {
    const codes = dimensionCodes(policy, dim);
    if (codes) {
      positions = new Map();
      // indexOf's answer: the first position of a code listed twice.
      codes.forEach((c, i) => positions!.has(c) || positions!.set(c, i));
    }
    byDim.set(dim, positions);
  }
  return positions?.get(code) ?? -1;
}

function applicable(rule: Rule, view: EvidenceView, kinds: Set<SchoolKind>, excludedTags: Map<string, string>): string | null {
  const a = rule.appliesTo;
  if (a?.phases && !a.phases.includes(view.evidence.school.phase)) return `applies to ${a.phases.join(', ')} schools only`;
  if (a?.schoolKinds && !a.schoolKinds.some((k) => kinds.has(k))) return `applies to ${a.schoolKinds.join(', ')} schools only`;
  const tag = rule.tags.find((t) => excludedTags.has(t));
  return tag ? (excludedTags.get(tag) as string) : null;
}

/**
 * Why a rule whose input its publisher withdrew does not apply to this school: its latest data is from
 * after the input's last year. Null on earlier data (the rule runs as written) or no data at all (a gap).
 */
export function withdrawnFor(rule: Rule, view: EvidenceView): string | null {
  const w = rule.withdrawn;
  if (!w) return null;
  const latest = measuresRead(rule.when)
    .map((m) => view.series(m)[0]?.academicYear)
    .filter((y): y is string => !!y)
    .sort()
    .pop();
  if (!latest || latest <= w.lastYear) return null;
  return `${w.statement} Latest data here: ${latest}; last year of the input: ${w.lastYear} (${w.source.publisher}, “${w.source.title}”, ${w.source.published}).`;
}

/**
 * Whether a fired rule rests on confidential intelligence, and what it says without it. `publicView`
 * is the same evidence without confidential items (null when the school has none): a rule that still
 * fires there is shown with that run's evidence and notes, so counts never include hidden items.
 */
function confidentiality(when: Condition, out: { evidence: FiredRule['evidence'] }, publicView: EvidenceView | null): Pick<FiredRule, 'confidential' | 'withoutConfidential'> {
  if (!publicView) return {};
  const uses = out.evidence.some((e) => e.kind === 'intelligence' && e.confidential);
  const pub = evaluate(when, publicView);
  if (!uses && pub.truth === 'true') return {};
  return { confidential: true, withoutConfidential: pub.truth === 'true' ? { evidence: pub.evidence, notes: pub.notes } : null };
}

/**
 * `bestFit`: category rules are characteristics that the combination counts, so a fired one does not
 * raise the category by itself (holds for missing evidence still do).
 */
export function runRules(policy: Policy, view: EvidenceView, kinds: Set<SchoolKind>, special: SpecialHandling[], publicView: EvidenceView | null = null, bestFit = false): RuleRun {
  const run: RuleRun = { fired: [], missing: [], notApplied: [], values: new Map(), assessed: new Set(), insufficient: false, provisional: false, outcomes: new Map() };
  const excluded = new Map<string, string>();
  for (const s of special) for (const t of s.excludeRuleTags) excluded.set(t, `not applied: ${s.note}`);
  const order = (dim: string, code: string) => positionOf(policy, dim, code);
  const raise = (dim: string, code: string) => {
    const cur = run.values.get(dim);
    if (cur === undefined || order(dim, code) > order(dim, cur)) run.values.set(dim, code);
  };

  for (const rule of rulesInOrder(policy)) {
    const reason = applicable(rule, view, kinds, excluded);
    if (reason) {
      run.notApplied.push({ ruleId: rule.id, reason });
      continue;
    }
    const gone = withdrawnFor(rule, view);
    if (gone) {
      run.notApplied.push({ ruleId: rule.id, reason: gone });
      continue;
    }
    const dim = rule.assign.dimension;
    const when = ruleCondition(policy, rule);
    const out = evaluate(when, view);
    run.outcomes.set(rule.id, out.truth);
    const characteristic = bestFit && dim === 'category';
    if (out.truth !== 'unknown') run.assessed.add(dim);
    if (out.truth === 'true') {
      if (!characteristic) raise(dim, rule.assign.atLeast);
      const settings = ruleSettings(policy, rule);
      run.fired.push({
        ruleId: rule.id,
        description: rule.description,
        dimension: dim,
        atLeast: rule.assign.atLeast,
        source: { document: policy.source.title, ...rule.source },
        ...(rule.interpretation ? { interpretation: rule.interpretation } : {}),
        ...(settings.length ? { laSettings: settings } : {}),
        ...(characteristic ? { characteristic: true } : {}),
        evidence: out.evidence,
        notes: out.notes,
        ...confidentiality(when, out, publicView),
      });
    } else if (out.truth === 'unknown') {
      run.missing.push(applyMissing(policy, rule, rule.onUnknown ?? policy.missingEvidence.defaultAction, out.gaps, raise, order));
    }
  }
  for (const m of run.missing) {
    if (m.effect === 'insufficient-evidence') run.insufficient = true;
    if (m.effect !== 'shown-only') run.provisional = true;
  }
  return run;
}

function applyMissing(
  policy: Policy,
  rule: Rule,
  action: MissingAction,
  gaps: MissingEvidence['gaps'],
  raise: (dim: string, code: string) => void,
  order: (dim: string, code: string) => number,
): MissingEvidence {
  const base = { ruleId: rule.id, gaps, policyAction: action.statement };
  if (action.kind === 'flag-only') return { ...base, effect: 'shown-only' };
  if (action.kind === 'insufficient-evidence') return { ...base, effect: 'insufficient-evidence' };
  if (action.kind === 'provisional') return { ...base, effect: 'provisional' };
  // A rule's own hold is in its dimension; the policy-wide default holds the category.
  const dim = rule.onUnknown ? rule.assign.dimension : 'category';
  let held = action.value;
  // Never hold higher than the rule itself could have placed the school.
  if (dim === rule.assign.dimension && order(dim, rule.assign.atLeast) < order(dim, held)) held = rule.assign.atLeast;
  if (policy.combination.kind !== 'highest-concern' && policy.combination.kind !== 'best-fit' && dim === 'category') return { ...base, effect: 'provisional' };
  raise(dim, held);
  return { ...base, effect: 'held-at-least', heldAt: held };
}
