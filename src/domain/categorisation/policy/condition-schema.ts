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
  /** Also require the upper confidence limit below this (KS4 2016-2019: P8 < -0.5 and CI upper < 0). */
  ciUpperBelow?: number;
}

export type Condition =
  | { kind: 'all'; of: Condition[] }
  | { kind: 'any'; of: Condition[] }
  | { kind: 'not'; condition: Condition }
  | { kind: 'latestInspectionEra'; eras: OfstedEra[] }
  | { kind: 'overallGrade'; grades: FourPointGrade[] }
  | { kind: 'categoryOfConcern'; categories: ('serious_weaknesses' | 'special_measures' | 'notice_to_improve' | 'requires_significant_improvement')[] }
  | { kind: 'subJudgement'; eras: OfstedEra[]; judgements: string[] | 'any'; grades: FourPointGrade[] }
  | { kind: 'reportCardArea'; areas: string[] | 'any'; grades: ReportCardGrade[] }
  | { kind: 'safeguarding'; values: ('not_effective' | 'not_met')[] }
  | { kind: 'inspectionOlderThan'; years: number; whenNeverInspected: 'true' | 'unknown' }
  | { kind: 'measureQuartile'; measure: string; quartiles: Quartile[]; consecutiveYears: number }
  | { kind: 'significantlyBelowNational'; measures: string[]; match: 'any' | 'all'; consecutiveYears: number }
  | {
      kind: 'belowFloorStandard';
      label: string;
      yearsInForce: string[];
      allOf: FloorThreshold[];
      anyOf: FloorThreshold[];
    }
  | { kind: 'worseThanComparator'; measure: string; comparator: 'la' | 'england'; by: number }
  | { kind: 'trendDeclining'; measure: string; years: number; minTotalChange: number }
  | { kind: 'openIntelligence'; kinds: (typeof INTELLIGENCE_KINDS)[number][]; atLeast: number }
  | { kind: 'concernIndicators'; scope: 'leadership' | 'governance' | 'either'; atLeast: number; atMost?: number }
  | { kind: 'adviserJudgement'; input: 'capacityToImprove'; values: ('A' | 'B' | 'C' | 'D')[] };

const measure = z.string().min(1);
const grade = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
const floorThreshold = z.object({ measure, below: z.number(), ciUpperBelow: z.number().optional() }).strict();

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
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
        years: z.number().positive(),
        whenNeverInspected: z.enum(['true', 'unknown']).default('unknown'),
      })
      .strict(),
    z
      .object({
        kind: z.literal('measureQuartile'),
        measure,
        quartiles: z.array(z.enum(QUARTILES)).min(1),
        consecutiveYears: z.number().int().min(1).default(1),
      })
      .strict(),
    z
      .object({
        kind: z.literal('significantlyBelowNational'),
        measures: z.array(measure).min(1),
        match: z.enum(['any', 'all']).default('any'),
        consecutiveYears: z.number().int().min(1).default(1),
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
        by: z.number().min(0),
      })
      .strict(),
    z
      .object({
        kind: z.literal('trendDeclining'),
        measure,
        years: z.number().int().min(2),
        minTotalChange: z.number().min(0).default(0),
      })
      .strict(),
    z
      .object({
        kind: z.literal('openIntelligence'),
        kinds: z.array(z.enum(INTELLIGENCE_KINDS)).min(1),
        atLeast: z.number().int().min(1).default(1),
      })
      .strict(),
    z
      .object({
        kind: z.literal('concernIndicators'),
        scope: z.enum(['leadership', 'governance', 'either']),
        atLeast: z.number().int().min(1),
        atMost: z.number().int().min(1).optional(),
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
) as z.ZodType<Condition>;

/** Every measure code a condition reads, so the policy can be checked against its evidence list. */
export function measuresRead(c: Condition): string[] {
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
export function erasRead(c: Condition): OfstedEra[] {
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
