// Every input a configured rule reads, and the code in the running app that produces it (issue 12,
// "Done when"). A rule whose input nothing produces can never fire in real use however well its unit
// tests pass, so test/db/rule-producers.test.ts reads every rule in policies/*.json and
// config/escalation/*.json, names its inputs with `categorisationInputs` / `escalationInputs` below, and
// fails when an input has no producer here. Adding a rule kind or an input: add its inputs and its
// producer here (one registry), pointing at the module and export an officer's page, command or import
// goes through; the test imports each one, so a producer cannot name code that does not exist.
import type { ConditionDef } from '../domain/categorisation/policy/condition-schema.js';
import type { Policy } from '../domain/categorisation/policy/schema.js';
import type { EscalationRule } from '../domain/engagement/escalation-policy.js';

export interface Producer {
  /** How the input reaches the app. */
  via: 'importer' | 'form' | 'service' | 'engine';
  /** Module under src/ and the export that produces it (checked to exist). */
  module: string;
  exportName: string;
  what: string;
  /**
   * Where the producer offers a fixed list (the importer layouts' columns, a form's options), how to
   * check this input is among them: the value after the input's prefix must appear in that export
   * (a list of strings or of { code }) or, for 'source', in the module's source text.
   */
  offers?: 'list' | 'source';
}

export interface ProducerEntry {
  /** Input keys this entry produces, e.g. /^measure:/ . */
  inputs: RegExp;
  producers: Producer[];
}

const LAYOUTS = 'domain/evidence/layouts';
export const PRODUCERS: ProducerEntry[] = [
  {
    inputs: /^measure:/,
    producers: [{ via: 'importer', module: LAYOUTS, exportName: 'allLayouts', what: 'the KS2, KS4, census and absence importers (lodestar import, /imports) map a published column to the measure', offers: 'source' }],
  },
  {
    inputs: /^comparator:/,
    producers: [{ via: 'importer', module: 'importers/evidenceImport.ts', exportName: 'importEvidence', what: 'the same files’ LA and England summary rows are stored as comparators' }],
  },
  {
    inputs: /^inspection:(overallEffectiveness|subJudgements|reportCard|inspectionDate|era)$/,
    producers: [{ via: 'importer', module: `${LAYOUTS}/ofsted-mi.ts`, exportName: 'ofstedMiStateFunded', what: 'the Ofsted management-information importer (lodestar import ofsted, /imports)' }],
  },
  {
    inputs: /^inspection:(safeguarding|categoryOfConcern):/,
    producers: [{ via: 'importer', module: `${LAYOUTS}/ofsted-common.ts`, exportName: 'parseCategoryOfConcern', what: 'the Ofsted importer reads the safeguarding and category-of-concern columns', offers: 'source' }],
  },
  {
    inputs: /^intelligence:/,
    producers: [{ via: 'form', module: 'domain/evidence/intelligence.ts', exportName: 'INTELLIGENCE_KINDS', what: 'the intelligence form (/schools/:urn/intelligence/new) offers the kind', offers: 'list' }],
  },
  {
    inputs: /^indicator:/,
    producers: [
      { via: 'form', module: 'domain/evidence/intelligence.ts', exportName: 'LEADERSHIP_INDICATORS', what: 'the intelligence form offers the policy’s leadership indicators', offers: 'list' },
      { via: 'form', module: 'domain/evidence/intelligence.ts', exportName: 'GOVERNANCE_INDICATORS', what: 'the intelligence form offers the policy’s governance indicators', offers: 'list' },
    ],
  },
  {
    inputs: /^input:capacityToImprove$/,
    producers: [{ via: 'form', module: 'services/adviserJudgements.ts', exportName: 'recordCapacityJudgement', what: 'the capacity-to-improve form on a school’s round entry' }],
  },
  {
    inputs: /^la-context:/,
    producers: [{ via: 'service', module: 'services/categorisation.ts', exportName: 'proposeCategories', what: 'the LA’s distribution of each measure, from the imported schools' }],
  },
  {
    inputs: /^category:confirmed$/,
    producers: [{ via: 'service', module: 'services/rounds.ts', exportName: 'confirmWholeRound', what: 'a confirmed categorisation round (/categorisation)' }],
  },
  {
    inputs: /^meeting:/,
    producers: [
      { via: 'form', module: 'db/schema-engagement.ts', exportName: 'VISIT_TYPES', what: 'the visit form (/engagement/schools/:urn/visits/new) offers the meeting type', offers: 'list' },
      { via: 'form', module: 'services/coreGroups.ts', exportName: 'recordMeeting', what: 'the Core Group meeting form' },
    ],
  },
  {
    inputs: /^meeting-judgement:/,
    producers: [{ via: 'form', module: 'domain/engagement/escalation-policy.ts', exportName: 'JUDGEMENTS', what: 'the Core Group meeting form asks for the judgement of impact', offers: 'list' }],
  },
  {
    inputs: /^escalation-step:/,
    producers: [{ via: 'service', module: 'services/escalations.ts', exportName: 'decide', what: 'a senior leader signs off the proposed step (escalation page), which records it' }],
  },
  {
    inputs: /^notice-outcome$/,
    producers: [{ via: 'form', module: 'services/escalations.ts', exportName: 'recordNoticeOutcome', what: 'the notice review / compliance outcome form on the escalation page' }],
  },
  {
    inputs: /^la-judgement:/,
    producers: [
      { via: 'form', module: 'domain/engagement/escalation-policy.ts', exportName: 'CONCERN_GROUNDS', what: 'the judgement-of-concern form (/schools/:urn/concerns/new) offers the ground; it counts once a senior leader signs it off', offers: 'list' },
    ],
  },
  {
    inputs: /^intervention:stage-3-start$/,
    producers: [{ via: 'form', module: 'services/interventions.ts', exportName: 'recordStage', what: 'the stage form (/schools/:urn/stage/new) records a stage-3 start with the recovery plan, its owner and review dates' }],
  },
  {
    inputs: /^stage:/,
    producers: [{ via: 'engine', module: 'domain/categorisation/engine/categorise.ts', exportName: 'categorise', what: 'the stage of concern the policy’s rules give, stored with the round' }],
  },
];

/**
 * Inputs that, as landed, nothing produces yet: the test requires this list to be exactly the inputs
 * without a producer, so a new unproduced input fails, and so does a gap someone has since closed (take
 * it off the list).
 */
export const KNOWN_GAPS: { input: RegExp; why: string }[] = [];

function walk(c: ConditionDef, out: Set<string>, policy: Policy): void {
  switch (c.kind) {
    case 'all':
    case 'any':
      c.of.forEach((x) => walk(x, out, policy));
      return;
    case 'not':
      walk(c.condition, out, policy);
      return;
    case 'measureQuartile':
      out.add(`measure:${c.measure}`).add(`la-context:${c.measure}`);
      return;
    case 'worseThanComparator':
      out.add(`measure:${c.measure}`).add(c.comparator === 'england' ? `comparator:england:${c.measure}` : `la-context:${c.measure}`);
      return;
    case 'trendDeclining':
      out.add(`measure:${c.measure}`);
      return;
    case 'significantlyBelowNational':
      c.measures.forEach((m) => out.add(`measure:${m}`));
      return;
    case 'belowFloorStandard':
      [...c.allOf, ...c.anyOf].forEach((t) => out.add(`measure:${t.measure}`));
      return;
    case 'overallGrade':
      out.add('inspection:overallEffectiveness');
      return;
    case 'subJudgement':
      out.add('inspection:subJudgements');
      return;
    case 'reportCardArea':
      out.add('inspection:reportCard');
      return;
    case 'safeguarding':
      c.values.forEach((v) => out.add(`inspection:safeguarding:${v}`));
      return;
    case 'categoryOfConcern':
      c.categories.forEach((v) => out.add(`inspection:categoryOfConcern:${v}`));
      return;
    case 'inspectionOlderThan':
      out.add('inspection:inspectionDate');
      return;
    case 'latestInspectionEra':
      out.add('inspection:era');
      return;
    case 'openIntelligence':
      c.kinds.forEach((k) => out.add(`intelligence:${k}`));
      return;
    case 'concernIndicators': {
      const scopes = c.scope === 'either' ? (['leadership', 'governance'] as const) : [c.scope];
      for (const s of scopes) {
        out.add(`intelligence:${s}_concern`);
        for (const i of policy.indicators?.[s] ?? []) out.add(`indicator:${i.code}`);
      }
      return;
    }
    case 'adviserJudgement':
      out.add(`input:${c.input}`);
      return;
  }
}

/** The inputs a categorisation rule reads. */
export function categorisationInputs(policy: Policy, rule: Policy['rules'][number]): string[] {
  const out = new Set<string>();
  walk(rule.when, out, policy);
  return [...out].sort();
}

/**
 * The inputs an escalation rule reads, by kind. A kind not listed here returns null, and the producer
 * test fails until its inputs are added: a new kind of rule is never silently taken as produced.
 */
export function escalationInputs(rule: EscalationRule): string[] | null {
  const p = rule.parameters as Record<string, unknown>;
  const list = (k: string) => (Array.isArray(p[k]) ? (p[k] as string[]) : []);
  const meetings = () => [...list('meetingTypes').map((m) => `meeting:${m}`), ...list('judgements').map((j) => `meeting-judgement:${j}`)];
  switch (rule.kind) {
    case 'core_group_missing':
      return ['category:confirmed', 'inspection:overallEffectiveness', ...meetings()];
    case 'consecutive_meetings_without_impact':
      return meetings();
    case 'concern_recorded':
      return list('grounds').map((g) => `la-judgement:${g}`);
    case 'notice_of_concern_review':
      return ['escalation-step:notice_of_concern'];
    case 'after_notice_of_concern_review':
      return ['escalation-step:notice_of_concern_review', 'notice-outcome'];
    case 'warning_notice_not_complied':
      return ['escalation-step:warning_notice', 'notice-outcome'];
    case 'ofsted_category_of_concern':
      return list('categories').map((c) => `inspection:categoryOfConcern:${c}`);
    case 'consecutive_below_good':
      return ['inspection:overallEffectiveness', 'inspection:subJudgements', 'inspection:reportCard'];
    case 'academy_concern':
      return [...meetings(), ...list('grounds').map((g) => `la-judgement:${g}`), ...list('ofstedCategories').map((c) => `inspection:categoryOfConcern:${c}`)];
    case 'stage_insufficient_pace':
      return [`stage:${String(p.fromStage)}`, ...meetings()];
    case 'intervention_terms':
      return ['intervention:stage-3-start'];
    case 'insufficient_progress':
      return meetings();
    case 'after_step':
      return [`escalation-step:${String(p.after)}`];
    default:
      return null;
  }
}

export function producersOf(input: string): Producer[] {
  return PRODUCERS.filter((e) => e.inputs.test(input)).flatMap((e) => e.producers);
}
