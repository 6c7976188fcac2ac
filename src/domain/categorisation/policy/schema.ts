// A categorisation policy is data: an LA may edit its file, and the engine only interprets it.
import { z } from 'zod';
import { conditionSchema, ERAS, INTELLIGENCE_KINDS, num, SETTING_NAME } from './condition-schema.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date yyyy-mm-dd');
const code = z.string().min(1).max(40);
const plain = z.string().min(1);

export const PHASES = [
  'primary',
  'secondary',
  'all-through',
  'special',
  'nursery',
  '16-plus',
  'alternative-provision',
  'other',
] as const;
export const SCHOOL_KINDS = ['maintained', 'academy', 'special', 'pru', 'nursery', 'mainstream'] as const;
export type SchoolKind = (typeof SCHOOL_KINDS)[number];

export const engagementSchema = z
  .object({
    cadence: z.enum(['annual', 'termly', 'half-termly']),
    meetingType: z.enum(['annual-conversation', 'quality-assurance-visit', 'termly-visit', 'core-group', 'improvement-review']),
    daysPerContact: z.number().min(0),
    allowanceDaysPerYear: z.number().min(0).nullable().optional(),
    description: plain,
  })
  .strict();

/** Where a rule's words come from in the policy's source document. */
export const ruleSourceSchema = z.object({ section: plain, quote: plain }).strict();

export const missingActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hold-at-least'), value: code, statement: plain }).strict(),
  z.object({ kind: z.literal('insufficient-evidence'), statement: plain }).strict(),
  z.object({ kind: z.literal('provisional'), statement: plain }).strict(),
  z.object({ kind: z.literal('flag-only'), statement: plain }).strict(),
]);

export const combinationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('highest-concern'), statement: plain }).strict(),
  z
    .object({
      kind: z.literal('matrix'),
      rows: code,
      columns: code,
      /** cells[row][column] = category code, or null where the combination is not expected and must be moderated. */
      cells: z.record(z.string(), z.record(z.string(), code.nullable())),
      statement: plain,
    })
    .strict(),
  z.object({ kind: z.literal('map'), dimension: code, map: z.record(z.string(), code), statement: plain }).strict(),
  /**
   * Best fit: each category's characteristics are the rules that assign it; a category fits when enough
   * of them match (a number, usually the LA's setting), or when one of its decisive characteristics does.
   * Where more than one fits, the more concerning is proposed; a category with some characteristics
   * matched but too few gives `whenShort`; nothing fitting gives `otherwise`.
   */
  z
    .object({
      kind: z.literal('best-fit'),
      profiles: z
        .array(
          z
            .object({
              category: code,
              enough: num(z.number().int().min(1)),
              decisive: z.array(z.string()).default([]),
              /** Characteristics sharing one of these rule tags count once (e.g. several readings of the same year's results). */
              countTagsOnce: z.array(z.string()).default([]),
              whenShort: code.optional(),
            })
            .strict(),
        )
        .min(1),
      otherwise: code,
      statement: plain,
    })
    .strict(),
]);

/**
 * A number the source does not state (a gap in points, a count, a run of years): the LA's setting, with
 * Lodestar's default, referred to by name from conditions and combinations so it is changed in one place.
 */
export const settingSchema = z
  .object({
    /** What the number decides, in words. */
    label: plain,
    value: z.number(),
    lodestarDefault: z.number(),
    /** How the value reads in a sentence, e.g. "more than {value} percentage points". */
    wording: z.string().regex(/\{value\}/, 'the wording must contain {value}'),
    /** Why it is a setting: what the source says instead of a number. */
    statement: plain,
  })
  .strict();

const appliesToSchema = z
  .object({ phases: z.array(z.enum(PHASES)).min(1).optional(), schoolKinds: z.array(z.enum(SCHOOL_KINDS)).min(1).optional() })
  .strict();

export const ruleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-.]*$/, 'rule ids are lower-case words joined by hyphens'),
    description: plain,
    tags: z.array(z.string()).default([]),
    appliesTo: appliesToSchema.optional(),
    when: conditionSchema,
    assign: z.object({ dimension: code.default('category'), atLeast: code }).strict(),
    source: ruleSourceSchema,
    /** Where the document is silent (a threshold, an era mapping), what this policy decided and why. */
    interpretation: z.string().optional(),
    /**
     * Policies stored before settings existed named their unstated number here, as words; a policy now
     * refers to a setting from the condition instead (see `settings`).
     */
    laSetting: z.object({ name: plain, value: plain }).strict().optional(),
    onUnknown: missingActionSchema.optional(),
    /**
     * The rule's input no longer exists (e.g. floor standards, last set on 2017/18 results): said here,
     * with the publisher's decision and its date, so a rule that cannot fire on current data is never
     * silent. On a school whose latest data for the rule's measures is after `lastYear`, the rule is not
     * applied and this statement is the reason shown; on earlier years it runs as written.
     */
    withdrawn: z
      .object({
        lastYear: z.string().regex(/^\d{4}\/\d{2}$/, 'an academic year such as 2017/18'),
        statement: plain,
        source: z
          .object({ title: plain, publisher: plain, published: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'a date yyyy-mm or yyyy-mm-dd'), quote: plain.optional() })
          .strict(),
      })
      .strict()
      .optional(),
  })
  .strict();

const eraHandlingSchema = z
  .object({ reading: z.enum(['direct', 'mapped', 'not-read']), statement: plain, ruleIds: z.array(z.string()) })
  .strict();

export const policySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    version: z.number().int().min(1),
    title: plain,
    source: z
      .object({
        title: plain,
        author: plain,
        year: z.number().int().min(1990).max(2100),
        sections: z.array(plain).min(1),
        file: z.string().optional(),
      })
      .strict(),
    lastReviewed: isoDate,
    summary: plain,
    reviewCycle: z.object({ statement: plain, annualFrom: z.string().regex(/^\d{2}-\d{2}$/) }).strict(),
    ofstedEraHandling: z
      .object({
        statement: plain,
        eras: z.object(Object.fromEntries(ERAS.map((e) => [e, eraHandlingSchema])) as Record<(typeof ERAS)[number], typeof eraHandlingSchema>).strict(),
      })
      .strict(),
    categories: z
      .array(
        z
          .object({
            code,
            label: plain,
            order: z.number().int().min(0),
            meaning: plain,
            engagement: engagementSchema,
            attributes: z.record(z.string(), z.string()).optional(),
          })
          .strict(),
      )
      .min(2),
    dimensions: z
      .array(
        z
          .object({
            id: code,
            label: plain,
            values: z.array(z.object({ code, label: plain, meaning: plain }).strict()).min(2),
            default: code.optional(),
            input: z.literal('capacityToImprove').optional(),
            reported: z.boolean().default(true),
          })
          .strict(),
      )
      .default([]),
    evidence: z
      .object({
        measures: z.array(
          z
            .object({
              code: z.string().min(1),
              label: plain,
              phases: z.array(z.enum(PHASES)).min(1),
              better: z.enum(['higher', 'lower']),
              release: z.object({ monthDay: z.string().regex(/^\d{2}-\d{2}$/), yearsAfterEnd: z.number().int().min(0).max(2) }).strict().optional(),
            })
            .strict(),
        ),
        inspections: z.boolean(),
        /**
         * How old the latest graded inspection may be before a category resting on it is flagged as
         * stale evidence. "la-setting" where the source states no age (Lodestar's default, the LA's to change).
         */
        staleInspection: z
          .object({ years: z.number().int().min(1).max(30), basis: z.enum(['source', 'la-setting']), statement: plain, source: ruleSourceSchema.optional() })
          .strict()
          .optional(),
        /**
         * Whether a converter academy's predecessor's inspections count as its own (they are always shown,
         * labelled). Absent: they count, as Ofsted's MI reports the predecessor's graded inspection as the
         * academy's latest until it is inspected itself (an LA setting; no categorisation source states it).
         */
        predecessorInspections: z.object({ count: z.boolean(), statement: plain }).strict().optional(),
        intelligenceKinds: z.array(z.enum(INTELLIGENCE_KINDS)).default([]),
        inputs: z.array(z.literal('capacityToImprove')).default([]),
      })
      .strict(),
    indicators: z
      .object({
        leadership: z.array(z.object({ code, text: plain, fromKinds: z.array(z.enum(INTELLIGENCE_KINDS)).optional() }).strict()),
        governance: z.array(z.object({ code, text: plain, fromKinds: z.array(z.enum(INTELLIGENCE_KINDS)).optional() }).strict()),
      })
      .strict()
      .optional(),
    settings: z.record(z.string().regex(SETTING_NAME, 'setting names are lower-case words joined by hyphens'), settingSchema).default({}),
    rules: z.array(ruleSchema).min(1),
    combination: combinationSchema,
    missingEvidence: z.object({ statement: plain, defaultAction: missingActionSchema }).strict(),
    specialHandling: z
      .array(
        z
          .object({
            id: code,
            appliesTo: z.enum(['special', 'pru', 'academy', 'nursery']),
            note: plain,
            source: ruleSourceSchema,
            excludeRuleTags: z.array(z.string()).default([]),
            requiresModeration: z.boolean().default(false),
            engagementOverrides: z.record(z.string(), engagementSchema).default({}),
            combination: combinationSchema.optional(),
          })
          .strict(),
      )
      .default([]),
    triggers: z
      .array(
        z
          .object({
            id: code,
            event: z.enum(['ofsted-judgement', 'safeguarding-concern', 'data-release', 'risk-alert']),
            description: plain,
            action: z.literal('review-now'),
            source: ruleSourceSchema,
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export type Policy = z.infer<typeof policySchema>;
export type Rule = z.infer<typeof ruleSchema>;
export type RuleSource = z.infer<typeof ruleSourceSchema>;
export type MissingAction = z.infer<typeof missingActionSchema>;
export type Combination = z.infer<typeof combinationSchema>;
export type BestFit = Extract<Combination, { kind: 'best-fit' }>;
export type Setting = z.infer<typeof settingSchema>;
export type PolicyCategory = Policy['categories'][number];
export type PolicyDimension = Policy['dimensions'][number];
export type MeasureSpec = Policy['evidence']['measures'][number];
export type SpecialHandling = Policy['specialHandling'][number];
export type Trigger = Policy['triggers'][number];
