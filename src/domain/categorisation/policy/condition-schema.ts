// The condition language rules are written in. Conditions are data so that an LA can edit a policy
// file without touching code; each kind reads one well-defined piece of evidence.
import { z } from 'zod';
import type { FourPointGrade, OfstedEra, ReportCardGrade } from '../../evidence/types.js';

export const ERAS = ['four-grade', 'no-overall-grade', 'report-card'] as const satisfies readonly OfstedEra[];
export const REPORT_CARD_GRADES = [
  'exceptional',
  'strong_standard',
  'expected_standard',
  'needs_attention',
  'urgent_improvement',
] as const satisfies readonly ReportCardGrade[];
export const INTELLIGENCE_KINDS = [
  'safeguarding_concern',
  'parental_complaint',
  'qualifying_complaint',
  'head_teacher_change',
  'staff_turnover',
  'governance_review',
  'budget_deficit',
  'leadership_concern',
  'governance_concern',
] as const;
/** Performance quartiles within the LA, named by performance so that "lower" always means worse. */
export const QUARTILES = ['lower', 'lower-middle', 'upper-middle', 'upper'] as const;
export type Quartile = (typeof QUARTILES)[number];

export interface FloorThreshold {
  measure: string;
  below: number;
  /** Also require the upper confidence limit below this (KS4 2016 to 2018 results: P8 < -0.5 and CI upper < 0). */
  ciUpperBelow?: number;
}

/**
 * A number in a condition is either written in the policy (the source states it) or names one of the
 * policy's LA settings (the source states none), so the LA changes it in one place.
 */
export interface SettingRef {
  setting: string;
}
export type Num = number | SettingRef;

/** A condition as written in a policy file: numbers may name a setting. */
export type ConditionOf<N> =
  | { kind: 'all'; of: ConditionOf<N>[] }
  | { kind: 'any'; of: ConditionOf<N>[] }
  | { kind: 'not'; condition: ConditionOf<N> }
  | { kind: 'latestInspectionEra'; eras: OfstedEra[] }
  | { kind: 'overallGrade'; grades: FourPointGrade[] }
  | { kind: 'categoryOfConcern'; categories: ('serious_weaknesses' | 'special_measures' | 'notice_to_improve' | 'requires_significant_improvement')[] }
  | { kind: 'subJudgement'; eras: OfstedEra[]; judgements: string[] | 'any'; grades: FourPointGrade[] }
  | { kind: 'reportCardArea'; areas: string[] | 'any'; grades: ReportCardGrade[] }
  | { kind: 'safeguarding'; values: ('not_effective' | 'not_met')[] }
  | { kind: 'inspectionOlderThan'; years: N; whenNeverInspected: 'true' | 'unknown' }
  | { kind: 'measureQuartile'; measure: string; quartiles: Quartile[]; consecutiveYears: N }
  | {
      kind: 'significantlyBelowNational';
      measures: string[];
      match: 'any' | 'all';
      consecutiveYears: N;
      /**
       * A year the DfE did not publish the measure at all (KS2 progress from 2023/24, Progress 8 for 2024/25
       * and 2025/26): 'gap' (default) makes it unknown, as the latest year must be; 'skip' reads the latest
       * years it was published instead, each shown with its year. A published year with no row is a gap.
       */
      unpublishedYears?: 'gap' | 'skip';
    }
  | {
      kind: 'belowFloorStandard';
      label: string;
      yearsInForce: string[];
      allOf: FloorThreshold[];
      anyOf: FloorThreshold[];
    }
  | { kind: 'worseThanComparator'; measure: string; comparator: 'la' | 'england'; by: N }
  | { kind: 'trendDeclining'; measure: string; years: N; minTotalChange: N }
  | { kind: 'openIntelligence'; kinds: (typeof INTELLIGENCE_KINDS)[number][]; atLeast: N }
  | { kind: 'concernIndicators'; scope: 'leadership' | 'governance' | 'either'; atLeast: N; atMost?: N }
  | { kind: 'adviserJudgement'; input: 'capacityToImprove'; values: ('A' | 'B' | 'C' | 'D')[] };

/** A condition with every setting resolved to its value: what the evaluators read. */
export type Condition = ConditionOf<number>;
/** A condition as the policy file states it. */
export type ConditionDef = ConditionOf<Num>;

const measure = z.string().min(1);
export const SETTING_NAME = /^[a-z0-9][a-z0-9-]*$/;
const settingRef = z.object({ setting: z.string().regex(SETTING_NAME, 'setting names are lower-case words joined by hyphens') }).strict();
/** A number field: the number itself, or a named setting whose value must meet the same bounds (checked on resolving). */
export const num = (n: z.ZodNumber) => z.union([n, settingRef]);
const grade = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
const floorThreshold = z.object({ measure, below: z.number(), ciUpperBelow: z.number().optional() }).strict();

export const conditionSchema: z.ZodType<ConditionDef> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('all'), of: z.array(conditionSchema).min(1) }).strict(),
    z.object({ kind: z.literal('any'), of: z.array(conditionSchema).min(1) }).strict(),
    z.object({ kind: z.literal('not'), condition: conditionSchema }).strict(),
    z.object({ kind: z.literal('latestInspectionEra'), eras: z.array(z.enum(ERAS)).min(1) }).strict(),
    z.object({ kind: z.literal('overallGrade'), grades: z.array(grade).min(1) }).strict(),
    z
      .object({
        kind: z.literal('categoryOfConcern'),
        categories: z.array(z.enum(['serious_weaknesses', 'special_measures', 'notice_to_improve', 'requires_significant_improvement'])).min(1),
      })
      .strict(),
    z
      .object({
        kind: z.literal('subJudgement'),
        eras: z.array(z.enum(['four-grade', 'no-overall-grade'])).min(1),
        judgements: z.union([z.literal('any'), z.array(z.string().min(1)).min(1)]),
        grades: z.array(grade).min(1),
      })
      .strict(),
    z
      .object({
        kind: z.literal('reportCardArea'),
        areas: z.union([z.literal('any'), z.array(z.string().min(1)).min(1)]),
        grades: z.array(z.enum(REPORT_CARD_GRADES)).min(1),
      })
      .strict(),
    z.object({ kind: z.literal('safeguarding'), values: z.array(z.enum(['not_effective', 'not_met'])).min(1) }).strict(),
    z
      .object({
        kind: z.literal('inspectionOlderThan'),
        years: num(z.number().positive()),
        whenNeverInspected: z.enum(['true', 'unknown']).default('unknown'),
      })
      .strict(),
    z
      .object({
        kind: z.literal('measureQuartile'),
        measure,
        quartiles: z.array(z.enum(QUARTILES)).min(1),
        consecutiveYears: num(z.number().int().min(1)).default(1),
      })
      .strict(),
    z
      .object({
        kind: z.literal('significantlyBelowNational'),
        measures: z.array(measure).min(1),
        match: z.enum(['any', 'all']).default('any'),
        consecutiveYears: num(z.number().int().min(1)).default(1),
        unpublishedYears: z.enum(['gap', 'skip']).optional(),
      })
      .strict(),
    z
      .object({
        kind: z.literal('belowFloorStandard'),
        label: z.string().min(1),
        yearsInForce: z.array(z.string().regex(/^\d{4}\/\d{2}$/)).min(1),
        allOf: z.array(floorThreshold).min(1),
        anyOf: z.array(floorThreshold).default([]),
      })
      .strict(),
    z
      .object({
        kind: z.literal('worseThanComparator'),
        measure,
        comparator: z.enum(['la', 'england']),
        by: num(z.number().min(0)),
      })
      .strict(),
    z
      .object({
        kind: z.literal('trendDeclining'),
        measure,
        years: num(z.number().int().min(2)),
        minTotalChange: num(z.number().min(0)).default(0),
      })
      .strict(),
    z
      .object({
        kind: z.literal('openIntelligence'),
        kinds: z.array(z.enum(INTELLIGENCE_KINDS)).min(1),
        atLeast: num(z.number().int().min(1)).default(1),
      })
      .strict(),
    z
      .object({
        kind: z.literal('concernIndicators'),
        scope: z.enum(['leadership', 'governance', 'either']),
        atLeast: num(z.number().int().min(1)),
        atMost: num(z.number().int().min(1)).optional(),
      })
      .strict(),
    z
      .object({
        kind: z.literal('adviserJudgement'),
        input: z.literal('capacityToImprove'),
        values: z.array(z.enum(['A', 'B', 'C', 'D'])).min(1),
      })
      .strict(),
  ]),
) as z.ZodType<ConditionDef>;

/** Every measure code a condition reads, so the policy can be checked against its evidence list. */
export function measuresRead(c: ConditionOf<unknown>): string[] {
  switch (c.kind) {
    case 'all':
    case 'any':
      return c.of.flatMap(measuresRead);
    case 'not':
      return measuresRead(c.condition);
    case 'measureQuartile':
    case 'worseThanComparator':
    case 'trendDeclining':
      return [c.measure];
    case 'significantlyBelowNational':
      return c.measures;
    case 'belowFloorStandard':
      return [...c.allOf, ...c.anyOf].map((t) => t.measure);
    default:
      return [];
  }
}

/** The Ofsted eras a condition reads; an era-neutral inspection condition reads all three. */
export function erasRead(c: ConditionOf<unknown>): OfstedEra[] {
  switch (c.kind) {
    case 'all':
    case 'any':
      return [...new Set(c.of.flatMap(erasRead))];
    case 'not':
      return erasRead(c.condition);
    case 'overallGrade':
      return ['four-grade'];
    case 'subJudgement':
    case 'latestInspectionEra':
      return c.eras;
    case 'reportCardArea':
      return ['report-card'];
    case 'categoryOfConcern':
      return [...ERAS];
    case 'safeguarding':
      // Eras 1 and 2 say "effective / not effective"; report cards say "met / not met".
      return c.values.flatMap((v): OfstedEra[] => (v === 'not_met' ? ['report-card'] : ['four-grade', 'no-overall-grade']));
    default:
      return [];
  }
}

/** The setting names a condition refers to, in order of appearance. */
export function settingsRead(c: ConditionDef): string[] {
  const out: string[] = [];
  const visit = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(visit);
    else if (x && typeof x === 'object') {
      if ('setting' in x && typeof (x as SettingRef).setting === 'string' && Object.keys(x).length === 1) out.push((x as SettingRef).setting);
      else Object.values(x).forEach(visit);
    }
  };
  visit(c);
  return [...new Set(out)];
}

/** The condition with each setting replaced by its value; an unknown setting is left for validation to report. */
export function resolveCondition(c: ConditionDef, values: Record<string, number>): Condition {
  const visit = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(visit);
    if (x && typeof x === 'object') {
      if ('setting' in x && Object.keys(x).length === 1) {
        const v = values[(x as SettingRef).setting];
        return v === undefined ? x : v;
      }
      return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, visit(v)]));
    }
    return x;
  };
  return visit(c) as Condition;
}
