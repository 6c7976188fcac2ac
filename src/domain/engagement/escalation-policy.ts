// Escalation rules are configuration (config/escalation/*.json): statute and guidance change, and
// each LA has its own practice, so every rule carries its source and the file carries a version.
// The code knows a fixed set of rule kinds; the file chooses which apply, to whom, and with what numbers.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { MeetingType } from '../engagement-types.js';

export const MEETING_TYPES = ['annual-conversation', 'quality-assurance-visit', 'termly-visit', 'core-group', 'improvement-review'] as const;
export const JUDGEMENTS = ['effective_action', 'some_impact', 'no_evidence_of_impact'] as const;
export const CONCERN_GROUNDS = [
  'would_be_category_of_concern',
  'standards_unacceptably_low',
  'management_governance_breakdown',
  'safety_threatened',
] as const;
export const OFSTED_CATEGORIES = ['serious_weaknesses', 'special_measures', 'requires_significant_improvement'] as const;
export const STEPS = [
  'establish_core_group',
  'notice_of_concern',
  'notice_of_concern_review',
  'warning_notice',
  'statutory_intervention',
  'directive_academy_order',
  'regional_improvement_support',
  'letter_to_trust_and_regional_director',
  'move_to_stage_3',
  'intervention_review',
  'referral_to_dmt',
  // Walsall 2014: Improvement Review judging insufficient progress, and what follows.
  'adviser_informs_school',
  'report_to_assistant_director',
  'assistant_director_writes_to_head_and_chair',
  'dcs_meets_head_and_chair',
] as const;

// Fails to compile if the schema's meeting types drift from the shared contract.
type SameMeetingTypes = [MeetingType] extends [(typeof MEETING_TYPES)[number]] ? ([(typeof MEETING_TYPES)[number]] extends [MeetingType] ? true : never) : never;
export const MEETING_TYPES_MATCH: SameMeetingTypes = true;

export type Judgement = (typeof JUDGEMENTS)[number];
export type ConcernGround = (typeof CONCERN_GROUNDS)[number];
export type OfstedCategory = (typeof OFSTED_CATEGORIES)[number];
export type EscalationStep = (typeof STEPS)[number];

const sourceSchema = z
  .object({
    document: z.string().min(1),
    section: z.string().min(1),
    date: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, { message: 'must be yyyy, yyyy-mm or yyyy-mm-dd' }),
    url: z.url().optional(),
  })
  .strict();

const meetingRun = {
  meetingTypes: z.array(z.enum(MEETING_TYPES)).min(1),
  count: z.number().int().min(1),
  judgements: z.array(z.enum(JUDGEMENTS)).min(1),
};
const power = z.object({ id: z.enum(['s63', 's64', 's65', 's66']), title: z.string(), lapsesAfterMonths: z.number().int().positive().nullable() });

const common = {
  id: z.string().regex(/^[a-z0-9.-]+$/),
  step: z.enum(STEPS),
  title: z.string().min(1),
  appliesTo: z.array(z.enum(['maintained', 'academy'])).min(1),
  enabled: z.boolean().default(true),
  source: sourceSchema,
  note: z.string().optional(),
};
const rule = <K extends string, P extends z.ZodRawShape>(kind: K, parameters: P) =>
  z.object({ ...common, kind: z.literal(kind), parameters: z.object(parameters).strict() }).strict();

export const ruleSchema = z.discriminatedUnion('kind', [
  rule('core_group_missing', { whenHighConcern: z.boolean(), whenOfstedBelowGood: z.boolean(), meetingTypes: z.array(z.enum(MEETING_TYPES)).min(1) }),
  rule('consecutive_meetings_without_impact', meetingRun),
  rule('concern_recorded', { grounds: z.array(z.enum(CONCERN_GROUNDS)).min(1) }),
  rule('notice_of_concern_review', {}),
  rule('after_notice_of_concern_review', {}),
  rule('warning_notice_not_complied', { powers: z.array(power).min(1) }),
  rule('ofsted_category_of_concern', { categories: z.array(z.enum(OFSTED_CATEGORIES)).min(1) }),
  rule('consecutive_below_good', { count: z.number().int().min(1) }),
  rule('academy_concern', { ...meetingRun, grounds: z.array(z.enum(CONCERN_GROUNDS)), ofstedCategories: z.array(z.enum(OFSTED_CATEGORIES)) }),
  rule('stage_insufficient_pace', { ...meetingRun, fromStage: z.union([z.literal(1), z.literal(2)]) }),
  rule('intervention_terms', { terms: z.number().int().min(1), onlyWithoutSignificantImprovement: z.boolean() }),
  // A run of review meetings judged as making insufficient progress (which judgements count is the LA's setting).
  rule('insufficient_progress', { ...meetingRun, laSetting: z.string().min(1) }),
  // The next step of a route once the step before it has been signed off; `reason` is the source's words.
  rule('after_step', { after: z.enum(STEPS), reason: z.string().min(1) }),
]);

/**
 * Stages of concern as the source defines them. `levels` is empty where the source has none (the
 * school's level of concern is then its category); `statement` says which, in the source's terms.
 */
const stageLevel = z
  .object({
    stage: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    title: z.string().min(1),
    meaning: z.string().min(1),
    /** Stage 3: a start date, the school's statement of action / recovery plan, its owner and review dates are recorded. */
    intensive: z.boolean().default(false),
  })
  .strict();
const stagesSchema = z
  .object({
    statement: z.string().min(1),
    /** Stages apply only to schools the LA designates as causing concern (Staffordshire 2008). */
    designatedOnly: z.boolean(),
    levels: z.array(stageLevel),
    source: sourceSchema,
  })
  .strict()
  .superRefine((s, ctx) => {
    s.levels.forEach((l, i) => {
      if (s.levels.findIndex((x) => x.stage === l.stage) !== i) ctx.addIssue({ code: 'custom', path: ['levels', i, 'stage'], message: `stage ${l.stage} is listed twice` });
    });
  });

export const escalationPolicySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, { message: 'must be a semantic version such as 1.0.0' }),
    title: z.string().min(1),
    note: z.string().optional(),
    reviewed: z.iso.date(),
    /**
     * The categorisation policies (config ids in policies/) whose rounds this route follows. An LA's
     * renamed copy "<id>-<suffix>" follows the route of "<id>".
     */
    forPolicies: z.array(z.string().regex(/^[a-z0-9-]+$/)).min(1),
    stages: stagesSchema,
    /** The LA's regular meeting with a high-concern school on this route: a Core Group, or an Improvement Review group. */
    group: z.object({ meetingType: z.enum(['core-group', 'improvement-review']), name: z.string().min(1) }).strict(),
    settings: z
      .object({
        noticeOfConcernReview: z
          .object({ defaultWeeks: z.number().int(), minWeeks: z.number().int().min(1), maxWeeks: z.number().int() })
          .strict()
          .refine((s) => s.minWeeks <= s.defaultWeeks && s.defaultWeeks <= s.maxWeeks, {
            message: 'defaultWeeks must lie between minWeeks and maxWeeks',
          }),
        signOffWithinWorkingDays: z.number().int().min(1),
        signOffNote: z.string().optional(),
        legacyWarningNoticeResponse: z.object({ workingDays: z.number().int().min(1) }).strict().nullable(),
        legacyWarningNoticeResponseNote: z.string().optional(),
      })
      .strict(),
    rules: z.array(ruleSchema).min(1),
  })
  .strict()
  .superRefine((policy, ctx) => {
    const ids = new Set<string>();
    policy.rules.forEach((r, i) => {
      if (r.kind === 'after_step' && !policy.rules.some((x) => x.step === r.parameters.after))
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'parameters', 'after'], message: `no rule of this route produces the step ${r.parameters.after}` });
      if (ids.has(r.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `rule id ${r.id} is used twice` });
      ids.add(r.id);
    });
  });

export type EscalationPolicy = z.infer<typeof escalationPolicySchema>;
export type StageLevel = z.infer<typeof stageLevel>;
export type EscalationRule = z.infer<typeof ruleSchema>;
export type RuleSource = z.infer<typeof sourceSchema>;
export type RuleOfKind<K extends EscalationRule['kind']> = Extract<EscalationRule, { kind: K }>;

export class EscalationPolicyError extends Error {
  constructor(
    readonly source: string,
    readonly issues: string[],
  ) {
    super(`Escalation policy ${source} is not valid:\n- ${issues.join('\n- ')}`);
  }
}

export function parseEscalationPolicy(input: unknown, source = 'policy'): EscalationPolicy {
  const parsed = escalationPolicySchema.safeParse(input);
  if (!parsed.success) {
    throw new EscalationPolicyError(
      source,
      parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)),
    );
  }
  return parsed.data;
}

const CONFIG_DIR = new URL('../../../config/escalation/', import.meta.url);

let shippedRoutes: EscalationPolicy[] | null = null;

/** Every shipped route (config/escalation/*.json), in file-name order; read once per process, like the other config. */
export function loadEscalationPolicies(): EscalationPolicy[] {
  const dir = fileURLToPath(CONFIG_DIR);
  return (shippedRoutes ??= readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => loadEscalationPolicy(f.slice(0, -5))));
}

/**
 * The escalation route that follows a categorisation policy: the route naming it, else (an LA's
 * renamed copy such as "walsall-2014-herts") the route naming the longest id it extends; null when
 * no route is configured for it.
 */
export function escalationPolicyFor(categorisationPolicyId: string, routes: readonly EscalationPolicy[] = loadEscalationPolicies()): EscalationPolicy | null {
  const exact = routes.find((r) => r.forPolicies.includes(categorisationPolicyId));
  if (exact) return exact;
  let best: { route: EscalationPolicy; length: number } | null = null;
  for (const r of routes)
    for (const id of r.forPolicies)
      if (categorisationPolicyId.startsWith(`${id}-`) && (!best || id.length > best.length)) best = { route: r, length: id.length };
  return best?.route ?? null;
}

/** Loads config/escalation/<id>.json. */
export function loadEscalationPolicy(id = 'staffordshire-2014'): EscalationPolicy {
  if (!/^[a-z0-9-]+$/.test(id)) throw new Error(`"${id}" is not an escalation policy id`);
  const path = fileURLToPath(new URL(`${id}.json`, CONFIG_DIR));
  return parseEscalationPolicy(JSON.parse(readFileSync(path, 'utf8')), `${id}.json`);
}
