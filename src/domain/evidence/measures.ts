// The measure catalogue. Codes are shared with the database, the rules engine and the pages, so they
// never change meaning: when the DfE replaces a measure (levels → scaled scores in 2016, the 15% → 10%
// persistent-absence threshold in 2015/16) the new one gets a new code.
import type { AcademicYear } from './types.js';

export type MeasureUnit = '%' | 'score' | 'progress' | 'count';
export type MeasureArea = 'ks2' | 'ks4' | 'absence' | 'census';
export type MeasureGroup = 'all' | 'disadvantaged' | 'non_disadvantaged' | 'sen' | 'eal' | 'boys' | 'girls';

/** A government floor standard: a school was "below the floor" when every part of `rule` held. */
export interface FloorStandard {
  id: string;
  years: readonly AcademicYear[];
  rule: string;
  source: string;
}

/** This measure's part in a floor standard. `threshold` 'national_median' means the year's published median. */
export interface FloorPart {
  standard: string;
  /** Below this value the part fails. */
  threshold: number | 'national_median';
  /** For Progress 8 the part also required the upper confidence limit to be below zero. */
  requiresUpperCiBelowZero?: boolean;
}

/** The values a measure can take; a published value outside it is a damaged file, never evidence. */
export interface ValueRange {
  min: number;
  /** null: no upper bound (pupil counts, where LA and England rows hold totals). */
  max: number | null;
  integer?: boolean;
  /** Why these are the bounds. */
  why: string;
}

/** Ranges every measure of a unit shares; `score` and `progress` measures state their own. */
export const UNIT_RANGES: Readonly<Partial<Record<MeasureUnit, ValueRange>>> = {
  '%': { min: 0, max: 100, why: 'a percentage of pupils' },
  count: { min: 0, max: null, integer: true, why: 'a number of pupils' },
};

const KS2_SCALED: ValueRange = { min: 80, max: 120, why: 'KS2 scaled scores run from 80 to 120' };
// A progress score averages pupils' scaled score minus their estimate, both within 80–120.
const KS2_PROGRESS_RANGE: ValueRange = { min: -40, max: 40, why: 'a difference of two KS2 scaled scores (80 to 120)' };
// Attainment 8 has ten slots (English and maths double-weighted) of at most 9 points each.
const ATTAINMENT8: ValueRange = { min: 0, max: 90, why: 'ten slots of at most 9 points' };
// Progress 8 is a pupil's Attainment 8 minus their estimate, divided by 10.
const PROGRESS8: ValueRange = { min: -9, max: 9, why: 'a difference of two Attainment 8 scores (0 to 90), divided by 10' };

export interface MeasureDefinition {
  code: string;
  label: string;
  unit: MeasureUnit;
  /** null for context measures (pupil numbers, FSM share) where neither direction is "better". */
  higherIsBetter: boolean | null;
  area: MeasureArea;
  group?: MeasureGroup;
  /** First and last academic years the DfE published the measure; open-ended when absent. */
  firstYear?: AcademicYear;
  lastYear?: AcademicYear;
  /** Years inside that range with no publication (pandemic years, cohorts without a KS2 baseline). */
  gaps?: readonly AcademicYear[];
  floor?: FloorPart;
  /** The values it can take, when its unit's range (UNIT_RANGES) does not say. */
  range?: ValueRange;
  /** How the value is built when no single published cell holds it. */
  derivation?: string;
  note?: string;
}

export const FLOOR_STANDARDS: readonly FloorStandard[] = [
  {
    id: 'ks2-2016',
    // Not 2018/19: in May 2019 the DfE decided to stop publishing floor and coasting standards from 2019/20,
    // when the 2019 results came out ("Identifying schools for support", government consultation response).
    years: ['2015/16', '2016/17', '2017/18'],
    rule:
      'fewer than 65% of pupils meet the expected standard in reading, writing and maths, AND progress is below ' +
      '-5 in reading, or below -7 in writing, or below -5 in maths',
    source: 'DfE, Primary school accountability technical guidance (2016 to 2018 editions); last set on the 2018 results (DfE, Identifying schools for support: government consultation response, May 2019)',
  },
  {
    id: 'ks2-levels',
    years: ['2013/14', '2014/15'],
    rule:
      'fewer than 65% of pupils reach level 4 or above in reading, writing and maths, AND the percentage making ' +
      'expected (two levels of) progress is below the national median in each of reading, writing and maths',
    source: 'DfE, Primary school accountability / performance tables guidance 2014 and 2015',
  },
  {
    id: 'ks4-p8',
    years: ['2015/16', '2016/17', '2017/18'],
    rule: 'Progress 8 is below -0.5 AND the upper limit of its 95% confidence interval is below zero',
    source: 'DfE, Secondary accountability measures guide (2016 to 2018 editions); last set on the 2018 results (DfE, Identifying schools for support: government consultation response, May 2019)',
  },
];

// Performance tables were not published for 2019/20 and 2020/21 (exams cancelled).
const PANDEMIC: readonly AcademicYear[] = ['2019/20', '2020/21'];
// Progress 8 needs KS2 results five years earlier; there were none in 2020 and 2021.
const P8_GAPS: readonly AcademicYear[] = [...PANDEMIC, '2024/25', '2025/26'];

const ks2 = (d: Omit<MeasureDefinition, 'area'>): MeasureDefinition => ({ area: 'ks2', gaps: PANDEMIC, ...d });
const ks4 = (d: Omit<MeasureDefinition, 'area'>): MeasureDefinition => ({ area: 'ks4', gaps: PANDEMIC, ...d });

const KS2_PROGRESS = {
  unit: 'progress',
  range: KS2_PROGRESS_RANGE,
  higherIsBetter: true,
  firstYear: '2015/16',
  // KS1 assessments became optional in 2022/23, so cohorts from 2023/24 have no baseline.
  lastYear: '2022/23',
} as const;

export const MEASURES: readonly MeasureDefinition[] = [
  // KS2 from 2015/16 (scaled scores, expected standard).
  ks2({ code: 'ks2.rwm_expected_pct', label: 'Reading, writing and maths: % meeting the expected standard', unit: '%', higherIsBetter: true, group: 'all', firstYear: '2015/16', floor: { standard: 'ks2-2016', threshold: 65 } }),
  ks2({ code: 'ks2.rwm_high_pct', label: 'Reading, writing and maths: % at the higher standard', unit: '%', higherIsBetter: true, group: 'all', firstYear: '2015/16' }),
  ks2({ code: 'ks2.read_progress', label: 'Reading progress score', ...KS2_PROGRESS, group: 'all', floor: { standard: 'ks2-2016', threshold: -5 } }),
  ks2({ code: 'ks2.writ_progress', label: 'Writing progress score', ...KS2_PROGRESS, group: 'all', floor: { standard: 'ks2-2016', threshold: -7 } }),
  ks2({ code: 'ks2.mat_progress', label: 'Maths progress score', ...KS2_PROGRESS, group: 'all', floor: { standard: 'ks2-2016', threshold: -5 } }),
  ks2({ code: 'ks2.read_avg', range: KS2_SCALED, label: 'Average scaled score in reading', unit: 'score', higherIsBetter: true, group: 'all', firstYear: '2015/16' }),
  ks2({ code: 'ks2.mat_avg', range: KS2_SCALED, label: 'Average scaled score in maths', unit: 'score', higherIsBetter: true, group: 'all', firstYear: '2015/16' }),
  ks2({ code: 'ks2.gps_avg', range: KS2_SCALED, label: 'Average scaled score in grammar, punctuation and spelling', unit: 'score', higherIsBetter: true, group: 'all', firstYear: '2015/16' }),
  // Context, not performance: the early-warning model reads it in both the 2014/15 files (PTFSMCLA) and today's (PTFSM6CLA1A).
  ks2({ code: 'ks2.disadvantaged_cohort_pct', label: 'Disadvantaged pupils (FSM in the last 6 years or looked after) in the KS2 year group, %', unit: '%', higherIsBetter: null, group: 'all' }),
  ks2({ code: 'ks2.rwm_expected_pct_disadv', label: 'Disadvantaged pupils: % meeting the expected standard in RWM', unit: '%', higherIsBetter: true, group: 'disadvantaged', firstYear: '2015/16' }),
  ks2({ code: 'ks2.rwm_expected_pct_non_disadv', label: 'Other pupils: % meeting the expected standard in RWM', unit: '%', higherIsBetter: true, group: 'non_disadvantaged', firstYear: '2015/16' }),
  ks2({ code: 'ks2.rwm_high_pct_disadv', label: 'Disadvantaged pupils: % at the higher standard in RWM', unit: '%', higherIsBetter: true, group: 'disadvantaged', firstYear: '2015/16' }),
  ks2({ code: 'ks2.read_progress_disadv', label: 'Disadvantaged pupils: reading progress score', ...KS2_PROGRESS, group: 'disadvantaged' }),
  ks2({ code: 'ks2.writ_progress_disadv', label: 'Disadvantaged pupils: writing progress score', ...KS2_PROGRESS, group: 'disadvantaged' }),
  ks2({ code: 'ks2.mat_progress_disadv', label: 'Disadvantaged pupils: maths progress score', ...KS2_PROGRESS, group: 'disadvantaged' }),
  // KS2 to 2014/15 (national curriculum levels). Separate codes: never comparable with the measures above.
  ks2({ code: 'ks2.l4_rwm_pct', label: 'Level 4 or above in reading, writing and maths (old measure)', unit: '%', higherIsBetter: true, group: 'all', lastYear: '2014/15', floor: { standard: 'ks2-levels', threshold: 65 } }),
  ks2({ code: 'ks2.read_2lp_pct', label: 'Making expected (2 levels) progress in reading (old measure)', unit: '%', higherIsBetter: true, group: 'all', lastYear: '2014/15', floor: { standard: 'ks2-levels', threshold: 'national_median' } }),
  ks2({ code: 'ks2.writ_2lp_pct', label: 'Making expected (2 levels) progress in writing (old measure)', unit: '%', higherIsBetter: true, group: 'all', lastYear: '2014/15', floor: { standard: 'ks2-levels', threshold: 'national_median' } }),
  ks2({ code: 'ks2.mat_2lp_pct', label: 'Making expected (2 levels) progress in maths (old measure)', unit: '%', higherIsBetter: true, group: 'all', lastYear: '2014/15', floor: { standard: 'ks2-levels', threshold: 'national_median' } }),
  ks2({ code: 'ks2.aps_levels', range: { min: 0, max: 39, why: 'level 6, the highest KS2 level, is 39 points' }, label: 'Average point score, KS2 tests (levels; old measure)', unit: 'score', higherIsBetter: true, group: 'all', lastYear: '2014/15' }),

  // KS4 (Attainment 8 / Progress 8 era, from 2015/16).
  ks4({ code: 'ks4.progress8', range: PROGRESS8, label: 'Progress 8', unit: 'progress', higherIsBetter: true, group: 'all', firstYear: '2015/16', gaps: P8_GAPS, floor: { standard: 'ks4-p8', threshold: -0.5, requiresUpperCiBelowZero: true } }),
  ks4({ code: 'ks4.attainment8', range: ATTAINMENT8, label: 'Attainment 8 score', unit: 'score', higherIsBetter: true, group: 'all', firstYear: '2015/16' }),
  ks4({ code: 'ks4.basics_95_pct', label: 'Grade 5 or above in English and maths', unit: '%', higherIsBetter: true, group: 'all', firstYear: '2016/17' }),
  ks4({ code: 'ks4.basics_94_pct', label: 'Grade 4 or above in English and maths', unit: '%', higherIsBetter: true, group: 'all', firstYear: '2016/17' }),
  ks4({ code: 'ks4.ebacc_aps', range: { min: 0, max: 9, why: 'GCSE grades are at most 9 points' }, label: 'EBacc average point score', unit: 'score', higherIsBetter: true, group: 'all', firstYear: '2017/18' }),
  ks4({ code: 'ks4.ebacc_entry_pct', label: 'Entering the English Baccalaureate', unit: '%', higherIsBetter: true, group: 'all' }),
  ks4({ code: 'ks4.progress8_disadv', range: PROGRESS8, label: 'Disadvantaged pupils: Progress 8', unit: 'progress', higherIsBetter: true, group: 'disadvantaged', firstYear: '2015/16', gaps: P8_GAPS }),
  ks4({ code: 'ks4.progress8_non_disadv', range: PROGRESS8, label: 'Other pupils: Progress 8', unit: 'progress', higherIsBetter: true, group: 'non_disadvantaged', firstYear: '2015/16', gaps: P8_GAPS }),
  ks4({ code: 'ks4.attainment8_disadv', range: ATTAINMENT8, label: 'Disadvantaged pupils: Attainment 8', unit: 'score', higherIsBetter: true, group: 'disadvantaged', firstYear: '2015/16' }),
  ks4({ code: 'ks4.attainment8_non_disadv', range: ATTAINMENT8, label: 'Other pupils: Attainment 8', unit: 'score', higherIsBetter: true, group: 'non_disadvantaged', firstYear: '2015/16' }),

  // Absence (school census, full academic year).
  { code: 'absence.overall_pct', label: 'Overall absence rate', unit: '%', higherIsBetter: false, area: 'absence', group: 'all' },
  { code: 'absence.persistent_10_pct', label: 'Persistent absence (10% or more sessions missed)', unit: '%', higherIsBetter: false, area: 'absence', group: 'all', firstYear: '2015/16' },
  { code: 'absence.persistent_15_pct', label: 'Persistent absence (15% or more sessions missed; old threshold)', unit: '%', higherIsBetter: false, area: 'absence', group: 'all', lastYear: '2014/15', note: 'Not comparable with absence.persistent_10_pct.' },

  // Census (January school census): context, not performance.
  { code: 'census.pupils', label: 'Pupils on roll', unit: 'count', higherIsBetter: null, area: 'census', group: 'all' },
  { code: 'census.fsm_count', label: 'Pupils eligible for free school meals', unit: 'count', higherIsBetter: null, area: 'census', group: 'all' },
  {
    code: 'census.fsm_pct',
    label: 'Pupils eligible for free school meals (%)',
    unit: '%',
    higherIsBetter: null,
    area: 'census',
    group: 'all',
    derivation: 'NUMFSM / NOR × 100, rounded to 1 decimal place: the performance-tables census file publishes no FSM percentage',
  },
  { code: 'census.fsm_ever6_pct', label: 'Pupils eligible for FSM at any time in the past 6 years', unit: '%', higherIsBetter: null, area: 'census', group: 'disadvantaged' },
  { code: 'census.ehcp_pct', label: 'Pupils with an EHC plan (or statement)', unit: '%', higherIsBetter: null, area: 'census', group: 'sen' },
  { code: 'census.sen_support_pct', label: 'Pupils on SEN support', unit: '%', higherIsBetter: null, area: 'census', group: 'sen' },
  { code: 'census.first_language_unclassified_pct', label: 'Pupils whose first language is unclassified', unit: '%', higherIsBetter: null, area: 'census', group: 'all', note: 'Published as PNUMUNCFL (2018/19) and, with a header typo, PNUMUNCLF (2023/24).' },
  { code: 'census.eal_pct', label: 'Pupils whose first language is (known or believed to be) other than English', unit: '%', higherIsBetter: null, area: 'census', group: 'eal' },
];

export const MEASURE_BY_CODE: ReadonlyMap<string, MeasureDefinition> = new Map(MEASURES.map((m) => [m.code, m]));

export function getMeasure(code: string): MeasureDefinition {
  const m = MEASURE_BY_CODE.get(code);
  if (!m) throw new Error(`unknown measure code ${code}`);
  return m;
}

/** The range a measure's values must lie in. */
export function measureRange(code: string): ValueRange {
  const m = getMeasure(code);
  const range = m.range ?? UNIT_RANGES[m.unit];
  if (!range) throw new Error(`measure ${code} (${m.unit}) has no range`);
  return range;
}

/** Why `value` cannot be a value of the measure, or null when it can. */
export function rangeProblem(code: string, value: number): string | null {
  const r = measureRange(code);
  if (value < r.min || (r.max !== null && value > r.max)) {
    return `${value} is outside the range of ${getMeasure(code).label} (${r.max === null ? `at least ${r.min}` : `${r.min} to ${r.max}`}: ${r.why})`;
  }
  if (r.integer && !Number.isInteger(value)) return `${value} is not a whole number (${getMeasure(code).label}: ${r.why})`;
  return null;
}

/** "2018/19" → 2018, so years compare as numbers. */
// Engines ask for the same few years' starts for every school: each valid year is parsed once.
const startYears = new Map<string, number>();

export function startYear(year: AcademicYear): number {
  const known = startYears.get(year);
  if (known !== undefined) return known;
  const m = /^(\d{4})\/(\d{2})$/.exec(year);
  if (!m || (Number(m[1]) + 1) % 100 !== Number(m[2])) throw new Error(`not an academic year: ${year}`);
  startYears.set(year, Number(m[1]));
  return Number(m[1]);
}

/** "2024/25" shifted by `delta` years, e.g. (-1) → "2023/24". */
export function shiftYear(year: AcademicYear, delta: number): AcademicYear {
  const start = startYear(year) + delta;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

/** Whether the DfE published this measure for that year; a blank cell in an unpublished year is "not_published". */
export function isPublished(code: string, year: AcademicYear): boolean {
  const m = getMeasure(code);
  const y = startYear(year);
  if (m.firstYear && y < startYear(m.firstYear)) return false;
  if (m.lastYear && y > startYear(m.lastYear)) return false;
  return !(m.gaps ?? []).includes(year);
}
