// Strategic indicators (issue 17, DOMAIN.md §6): each defined once, as data, and computed by one pure
// function over evidence rows, for the LA, a district, a phase or a type of school, for any date. The
// LA self-evaluation (issue 19) links its action plan to these ids, so they never change meaning.
import type { StoredObservation } from '../evidence/dashboard.js';
import { getMeasure } from '../evidence/measures.js';
import { belowGoodUnderPolicy } from '../engagement/below-good.js';
import type { Policy } from '../categorisation/index.js';
import type { Comparator, Inspection, OfstedEra } from '../evidence/types.js';

export type Phase = 'primary' | 'secondary' | 'special' | 'other';
export type SchoolType = 'maintained' | 'academy' | 'other';

/**
 * How an inspection with no overall grade (September 2024 to November 2025) or a report card counts
 * towards "good or better": Ofsted says neither compares with a grade, so the LA states its reading.
 * - `policy-mapping`: good or better unless the categorisation policy's Ofsted rules for that era place
 *   the school where a "requires improvement" would (the escalation rules' reading, below-good.ts);
 * - `previous-grade`: the school's latest four-grade overall grade still stands;
 * - `not-counted`: the school is left out of the figure (numerator and denominator).
 */
export type EraReading = 'policy-mapping' | 'previous-grade' | 'not-counted';

export interface GoodOrBetterSetting {
  noOverallGrade: EraReading;
  reportCard: EraReading;
  /** The categorisation policy whose era mapping `policy-mapping` uses. */
  policyId: string;
}

const READING_WORDS: Record<EraReading, string> = {
  'policy-mapping': 'read through the {policy} policy’s Ofsted mapping (below good only where it places the school as it would a “requires improvement”)',
  'previous-grade': 'the school’s latest four-grade overall grade still stands',
  'not-counted': 'not counted (the school is left out of the figure)',
};

/** The setting in words, shown wherever a good-or-better figure appears. */
export function describeGoodOrBetter(s: GoodOrBetterSetting): string {
  const w = (r: EraReading) => READING_WORDS[r].replace('{policy}', s.policyId);
  return `Good or better: a four-grade overall grade of Outstanding or Good. Inspections with no overall grade (September 2024 to November 2025): ${w(s.noOverallGrade)}. Report cards: ${w(s.reportCard)}. This is the LA’s stated setting.`;
}

/** One school's evidence as known on the day, as the repository loads it in bulk. */
export interface EvidenceRow {
  urn: number;
  name: string;
  district: string | null;
  phase: Phase;
  type: SchoolType;
  /** As-of filtered: figures published by the day. */
  observations: readonly StoredObservation[];
  /** As-of filtered, newest first, with a converter's predecessor's inspections. */
  inspections: readonly Inspection[];
  /** The school's LA category in each confirmed round up to the day, oldest first. */
  categories: readonly { roundAsOf: string; code: string | null }[];
}

export interface IndicatorContext {
  asOf: string;
  goodOrBetter: GoodOrBetterSetting;
  /** Needed for `policy-mapping` and for the LA's category order; null when no policy is held. */
  policy: Policy | null;
  comparators: readonly Comparator[];
}

export interface Figure {
  /** null when no school in scope has the evidence. */
  value: number | null;
  /** The schools and pupils the figure rests on. */
  schools: number;
  pupils: number;
  /** The academic year of the evidence, for published measures. */
  year?: string | null;
  england?: number | null;
  /** value − England, where both exist. */
  vsEngland?: number | null;
  /** For distributions: count of schools per category code. */
  distribution?: Record<string, number>;
  /** What the figure means in this case (the setting, the method). */
  note?: string;
}

export type IndicatorUnit = '%' | 'points' | 'score' | 'progress' | 'schools' | 'months';

export interface IndicatorDefinition {
  id: string;
  label: string;
  unit: IndicatorUnit;
  /** null where neither direction is better (a distribution). */
  higherIsBetter: boolean | null;
  /** What it counts, over which schools, from which evidence. */
  definition: string;
  compute(rows: readonly EvidenceRow[], ctx: IndicatorContext): Figure;
}

// ---------------------------------------------------------------------------------------------------
// Reading the evidence

const GRADE_WORDS = ['', 'Outstanding', 'Good', 'Requires improvement', 'Inadequate'];

/** The latest graded inspection known on the day, or undefined. */
function latestGraded(row: EvidenceRow): Inspection | undefined {
  return row.inspections.find((i) => i.inspectionType === 'graded');
}

export interface GoodOrBetterReading {
  /** null: not counted (no graded inspection, or the LA's setting leaves this era out). */
  goodOrBetter: boolean | null;
  basis: string;
}

/** Whether a school is good or better on the day, under the LA's setting. */
export function readGoodOrBetter(row: EvidenceRow, ctx: Pick<IndicatorContext, 'goodOrBetter' | 'policy'>): GoodOrBetterReading {
  const latest = latestGraded(row);
  if (!latest) return { goodOrBetter: null, basis: 'no graded inspection held' };
  if (latest.era === 'four-grade') {
    const g = latest.overallEffectiveness;
    if (!g) return { goodOrBetter: null, basis: 'four-grade inspection without an overall grade in the file' };
    return { goodOrBetter: g <= 2, basis: `${GRADE_WORDS[g]} (${latest.inspectionDate})` };
  }
  const reading = latest.era === 'report-card' ? ctx.goodOrBetter.reportCard : ctx.goodOrBetter.noOverallGrade;
  if (reading === 'not-counted') return { goodOrBetter: null, basis: `${eraWord(latest.era)} inspection not counted (LA setting)` };
  if (reading === 'previous-grade') {
    const prior = row.inspections.find((i) => i.inspectionType === 'graded' && i.era === 'four-grade' && i.overallEffectiveness);
    const g = prior?.overallEffectiveness ?? latest.previousOverallEffectiveness ?? null;
    if (!g) return { goodOrBetter: null, basis: `${eraWord(latest.era)} inspection and no earlier overall grade` };
    return { goodOrBetter: g <= 2, basis: `earlier overall grade ${GRADE_WORDS[g]} stands (LA setting)` };
  }
  if (!ctx.policy) return { goodOrBetter: null, basis: 'no categorisation policy to read the era' };
  // A category of concern is below good in every reading.
  if (latest.categoryOfConcern) return { goodOrBetter: false, basis: `category of concern (${latest.inspectionDate})` };
  const r = belowGoodUnderPolicy(ctx.policy, latest);
  if (!r) return { goodOrBetter: null, basis: `the ${ctx.policy.id} policy does not read this era` };
  return { goodOrBetter: !r.belowGood, basis: r.label };
}

function eraWord(era: OfstedEra): string {
  return era === 'report-card' ? 'report-card' : 'no-overall-grade';
}

/** Whether the latest graded inspection put the school in an Ofsted category of concern, and since when. */
export function ofstedConcern(row: EvidenceRow): { inConcern: boolean; since: string | null } {
  const latest = latestGraded(row);
  if (!latest) return { inConcern: false, since: null };
  const inConcern = !!latest.categoryOfConcern || (latest.era === 'four-grade' && latest.overallEffectiveness === 4);
  return { inConcern, since: inConcern ? latest.inspectionDate : null };
}

/** Pupils on roll from the latest census published by the day. */
export function pupilsOnRoll(row: EvidenceRow): number | null {
  return latestValue(row, 'census.pupils')?.value ?? null;
}

// Each row's published values by measure, worked out once per row (indicators read them many times).
const byMeasureCache = new WeakMap<EvidenceRow, Map<string, StoredObservation[]>>();
function okByMeasure(row: EvidenceRow): Map<string, StoredObservation[]> {
  let m = byMeasureCache.get(row);
  if (!m) {
    m = new Map();
    for (const o of row.observations) {
      if (o.status !== 'ok' || o.value === null) continue;
      (m.get(o.measure) ?? m.set(o.measure, []).get(o.measure)!).push(o);
    }
    byMeasureCache.set(row, m);
  }
  return m;
}

const yearNumber = (y: string) => Number(y.slice(0, 4));

function latestValue(row: EvidenceRow, measure: string, year?: string): StoredObservation | undefined {
  let best: StoredObservation | undefined;
  for (const o of okByMeasure(row).get(measure) ?? []) {
    if (year ? o.academicYear === year : !best || yearNumber(o.academicYear) > yearNumber(best.academicYear)) best = o;
  }
  return best;
}

/** The latest year any school in scope has a published value for the measure. */
function latestYear(rows: readonly EvidenceRow[], measure: string): string | null {
  let best: string | null = null;
  for (const r of rows) for (const o of okByMeasure(r).get(measure) ?? []) {
    if (!best || yearNumber(o.academicYear) > yearNumber(best)) best = o.academicYear;
  }
  return best;
}

function england(ctx: IndicatorContext, measure: string, year: string | null): number | null {
  if (!year) return null;
  const rows = ctx.comparators.filter((c) => c.scope === 'england' && c.measure === measure && c.academicYear === year && c.value !== null);
  // Files split by phase publish several England rows; the all-schools row (no phase) is the one to compare.
  return (rows.find((c) => !c.phase) ?? rows[0])?.value ?? null;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * A pupil-weighted mean of one published measure in its latest year: each school weighs by the pupils
 * the figure rests on (its published cohort), or by one where the file gives no cohort. The pupils behind
 * the figure are the cohorts where every school publishes one, else the schools' pupils on roll.
 */
function weightedMean(rows: readonly EvidenceRow[], measure: string, year: string | null): { value: number | null; schools: number; pupils: number; weighted: boolean } {
  if (!year) return { value: null, schools: 0, pupils: 0, weighted: false };
  let sum = 0;
  let weight = 0;
  let schools = 0;
  let cohortPupils = 0;
  let rollPupils = 0;
  let unweighted = 0;
  for (const r of rows) {
    const o = latestValue(r, measure, year);
    if (!o || o.value === null) continue;
    const w = o.cohort && o.cohort > 0 ? o.cohort : null;
    if (w === null) unweighted += 1;
    sum += o.value * (w ?? 1);
    weight += w ?? 1;
    schools += 1;
    cohortPupils += w ?? 0;
    rollPupils += pupilsOnRoll(r) ?? 0;
  }
  const weighted = unweighted === 0;
  return { value: schools ? sum / weight : null, schools, pupils: weighted ? cohortPupils : rollPupils, weighted };
}

function measureIndicator(id: string, label: string, measure: string, unit: IndicatorUnit): IndicatorDefinition {
  const def = getMeasure(measure);
  return {
    id,
    label,
    unit,
    higherIsBetter: def.higherIsBetter,
    definition: `${def.label} (${measure}), latest academic year published by the day, mean of the schools in scope weighted by the pupils each figure rests on; England from the same file.`,
    compute(rows, ctx) {
      const year = latestYear(rows, measure);
      const m = weightedMean(rows, measure, year);
      const value = m.value === null ? null : unit === 'progress' ? round2(m.value) : round1(m.value);
      const eng = england(ctx, measure, year);
      return {
        value,
        schools: m.schools,
        pupils: m.pupils,
        year,
        england: eng,
        vsEngland: value !== null && eng !== null ? (unit === 'progress' ? round2(value - eng) : round1(value - eng)) : null,
        ...(m.schools && !m.weighted ? { note: 'not every school publishes the pupils behind this figure: each school counts once, and the pupils shown are those on roll' } : {}),
      };
    },
  };
}

function gapIndicator(id: string, label: string, group: string, other: string, unit: IndicatorUnit): IndicatorDefinition {
  return {
    id,
    label,
    unit,
    higherIsBetter: true,
    definition: `Disadvantaged pupils (${group}) minus other pupils (${other}), each a pupil-weighted mean over the schools publishing both in the latest year; negative means disadvantaged pupils do worse. England from the same file.`,
    compute(rows, ctx) {
      const year = latestYear(rows, group);
      // Only schools with both groups published, so the two means cover the same schools.
      const both = year ? rows.filter((r) => latestValue(r, group, year) && latestValue(r, other, year)) : [];
      const g = weightedMean(both, group, year);
      const o = weightedMean(both, other, year);
      const value = g.value !== null && o.value !== null ? (unit === 'progress' ? round2(g.value - o.value) : round1(g.value - o.value)) : null;
      const eg = england(ctx, group, year);
      const eo = england(ctx, other, year);
      const eng = eg !== null && eo !== null ? (unit === 'progress' ? round2(eg - eo) : round1(eg - eo)) : null;
      return { value, schools: g.schools, pupils: g.weighted && o.weighted ? g.pupils + o.pupils : g.pupils, year, england: eng, vsEngland: value !== null && eng !== null ? round1(value - eng) : null };
    },
  };
}

/** Schools with a reading, and the pupils on roll of those schools. */
function goodOrBetterCounts(rows: readonly EvidenceRow[], ctx: IndicatorContext) {
  let schools = 0;
  let good = 0;
  let pupils = 0;
  let goodPupils = 0;
  let withPupils = 0;
  for (const r of rows) {
    const reading = readGoodOrBetter(r, ctx);
    if (reading.goodOrBetter === null) continue;
    schools += 1;
    if (reading.goodOrBetter) good += 1;
    const p = pupilsOnRoll(r);
    if (p !== null) {
      withPupils += 1;
      pupils += p;
      if (reading.goodOrBetter) goodPupils += p;
    }
  }
  return { schools, good, pupils, goodPupils, withPupils };
}

/** The policy's highest-concern category (highest order), or null. */
export function highestConcern(policy: Policy | null): string | null {
  if (!policy || policy.categories.length === 0) return null;
  return [...policy.categories].sort((a, b) => b.order - a.order)[0]!.code;
}

/** Since when the school has been in the highest category without a break, or null if it is not now. */
export function highConcernSince(row: EvidenceRow, code: string | null): string | null {
  if (!code || row.categories.length === 0) return null;
  const cats = row.categories;
  if (cats[cats.length - 1]!.code !== code) return null;
  let i = cats.length - 1;
  while (i > 0 && cats[i - 1]!.code === code) i -= 1;
  return cats[i]!.roundAsOf;
}

export function monthsBetween(from: string, to: string): number {
  const a = new Date(`${from}T00:00:00Z`);
  const b = new Date(`${to}T00:00:00Z`);
  return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth()) - (b.getUTCDate() < a.getUTCDate() ? 1 : 0);
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function sumPupils(rows: readonly EvidenceRow[]): number {
  return rows.reduce((a, r) => a + (pupilsOnRoll(r) ?? 0), 0);
}

// ---------------------------------------------------------------------------------------------------
// The registry

export const INDICATORS: readonly IndicatorDefinition[] = [
  {
    id: 'pupils-good-or-better',
    label: 'Pupils in good or better schools',
    unit: '%',
    higherIsBetter: true,
    definition: 'Pupils on roll (latest census published by the day) in schools whose latest graded inspection reads good or better under the LA’s setting, as a share of pupils in schools with a reading.',
    compute(rows, ctx) {
      const c = goodOrBetterCounts(rows, ctx);
      return { value: c.pupils ? round1((100 * c.goodPupils) / c.pupils) : null, schools: c.withPupils, pupils: c.pupils, note: describeGoodOrBetter(ctx.goodOrBetter) };
    },
  },
  {
    id: 'schools-good-or-better',
    label: 'Schools that are good or better',
    unit: '%',
    higherIsBetter: true,
    definition: 'Schools whose latest graded inspection reads good or better under the LA’s setting, as a share of schools with a reading.',
    compute(rows, ctx) {
      const c = goodOrBetterCounts(rows, ctx);
      return { value: c.schools ? round1((100 * c.good) / c.schools) : null, schools: c.schools, pupils: c.pupils, note: describeGoodOrBetter(ctx.goodOrBetter) };
    },
  },
  {
    id: 'schools-ofsted-concern',
    label: 'Schools in an Ofsted category of concern',
    unit: '%',
    higherIsBetter: false,
    definition: 'Schools whose latest graded inspection was Inadequate or placed them in special measures, serious weaknesses or notice to improve, as a share of schools with a graded inspection; the count is in `distribution.count`.',
    compute(rows) {
      const graded = rows.filter((r) => latestGraded(r));
      const concern = graded.filter((r) => ofstedConcern(r).inConcern);
      return {
        value: graded.length ? round1((100 * concern.length) / graded.length) : null,
        schools: graded.length,
        pupils: sumPupils(graded),
        distribution: { count: concern.length },
      };
    },
  },
  {
    id: 'ofsted-concern-months',
    label: 'Time in an Ofsted category of concern (median months)',
    unit: 'months',
    higherIsBetter: false,
    definition: 'For schools now in an Ofsted category of concern, the median number of whole months since the inspection that placed them there (the source frameworks expect improvement within 8 to 12 months).',
    compute(rows, ctx) {
      const inConcern = rows.map((r) => ({ r, c: ofstedConcern(r) })).filter((x) => x.c.inConcern && x.c.since);
      const months = inConcern.map((x) => monthsBetween(x.c.since!, ctx.asOf));
      return { value: median(months), schools: inConcern.length, pupils: sumPupils(inConcern.map((x) => x.r)) };
    },
  },
  measureIndicator('ks2-rwm-expected', 'KS2 reading, writing and maths: % meeting the expected standard', 'ks2.rwm_expected_pct', '%'),
  measureIndicator('ks2-reading-progress', 'KS2 reading progress', 'ks2.read_progress', 'progress'),
  measureIndicator('ks2-writing-progress', 'KS2 writing progress', 'ks2.writ_progress', 'progress'),
  measureIndicator('ks2-maths-progress', 'KS2 maths progress', 'ks2.mat_progress', 'progress'),
  measureIndicator('ks4-attainment8', 'KS4 Attainment 8', 'ks4.attainment8', 'score'),
  measureIndicator('ks4-progress8', 'KS4 Progress 8', 'ks4.progress8', 'progress'),
  gapIndicator('ks2-disadvantaged-gap', 'KS2 disadvantaged gap (RWM expected standard, percentage points)', 'ks2.rwm_expected_pct_disadv', 'ks2.rwm_expected_pct_non_disadv', 'points'),
  gapIndicator('ks4-disadvantaged-gap', 'KS4 disadvantaged gap (Attainment 8 points)', 'ks4.attainment8_disadv', 'ks4.attainment8_non_disadv', 'points'),
  measureIndicator('overall-absence', 'Overall absence rate', 'absence.overall_pct', '%'),
  measureIndicator('persistent-absence', 'Persistent absence (10% or more sessions missed)', 'absence.persistent_10_pct', '%'),
  {
    id: 'la-category-distribution',
    label: 'Schools in the LA’s highest category of concern',
    unit: '%',
    higherIsBetter: false,
    definition: 'The LA’s own categories from the latest confirmed round by the day: the count of schools in each (`distribution`), and the share in the policy’s highest-concern category.',
    compute(rows, ctx) {
      const top = highestConcern(ctx.policy);
      const placed = rows.filter((r) => r.categories.length > 0 && r.categories[r.categories.length - 1]!.code);
      const distribution: Record<string, number> = {};
      for (const c of ctx.policy?.categories ?? []) distribution[c.code] = 0;
      for (const r of placed) {
        const code = r.categories[r.categories.length - 1]!.code!;
        distribution[code] = (distribution[code] ?? 0) + 1;
      }
      const inTop = top ? (distribution[top] ?? 0) : 0;
      return { value: placed.length ? round1((100 * inTop) / placed.length) : null, schools: placed.length, pupils: sumPupils(placed), distribution, ...(top ? { note: `highest category: ${top}` } : {}) };
    },
  },
  {
    id: 'high-concern-months',
    label: 'Time in the LA’s highest category (median months)',
    unit: 'months',
    higherIsBetter: false,
    definition: 'For schools in the policy’s highest-concern category in the latest confirmed round, the median whole months since the first round of their unbroken run in it.',
    compute(rows, ctx) {
      const top = highestConcern(ctx.policy);
      const inTop = rows.map((r) => ({ r, since: highConcernSince(r, top) })).filter((x) => x.since);
      return { value: median(inTop.map((x) => monthsBetween(x.since!, ctx.asOf))), schools: inTop.length, pupils: sumPupils(inTop.map((x) => x.r)) };
    },
  },
];

export const INDICATOR_BY_ID: ReadonlyMap<string, IndicatorDefinition> = new Map(INDICATORS.map((i) => [i.id, i]));

export function getIndicator(id: string): IndicatorDefinition {
  const i = INDICATOR_BY_ID.get(id);
  if (!i) throw new Error(`unknown indicator "${id}"; known: ${INDICATORS.map((x) => x.id).join(', ')}`);
  return i;
}

/** Compute one indicator over evidence rows (pure). */
export function compute(id: string, rows: readonly EvidenceRow[], ctx: IndicatorContext): Figure {
  return getIndicator(id).compute(rows, ctx);
}

// ---------------------------------------------------------------------------------------------------
// Scopes

export type Scope = { kind: 'la' } | { kind: 'district'; name: string } | { kind: 'phase'; phase: Phase } | { kind: 'type'; type: SchoolType };

export function scopeKey(s: Scope): string {
  return s.kind === 'la' ? 'la' : s.kind === 'district' ? `district:${s.name}` : s.kind === 'phase' ? `phase:${s.phase}` : `type:${s.type}`;
}

export function scopeLabel(s: Scope): string {
  return s.kind === 'la' ? 'Whole LA' : s.kind === 'district' ? s.name : s.kind === 'phase' ? `${s.phase[0]!.toUpperCase()}${s.phase.slice(1)} schools` : s.type === 'maintained' ? 'Maintained schools' : s.type === 'academy' ? 'Academies' : 'Other schools';
}

export function inScope(row: EvidenceRow, s: Scope): boolean {
  return s.kind === 'la' || (s.kind === 'district' ? row.district === s.name : s.kind === 'phase' ? row.phase === s.phase : row.type === s.type);
}

/** The LA, each district, each phase and each type present in the rows. */
export function standardScopes(rows: readonly EvidenceRow[]): Scope[] {
  const districts = [...new Set(rows.map((r) => r.district).filter((d): d is string => !!d))].sort();
  const phases = (['primary', 'secondary', 'special'] as const).filter((p) => rows.some((r) => r.phase === p));
  const types = (['maintained', 'academy'] as const).filter((t) => rows.some((r) => r.type === t));
  return [{ kind: 'la' }, ...districts.map((name) => ({ kind: 'district' as const, name })), ...phases.map((phase) => ({ kind: 'phase' as const, phase })), ...types.map((type) => ({ kind: 'type' as const, type }))];
}

export interface ScopeFigures {
  scope: string;
  label: string;
  schools: number;
  figures: Record<string, Figure>;
}

/** Every indicator (or those named) for each scope. Rows are split into scopes in one pass. */
export function computeAll(rows: readonly EvidenceRow[], ctx: IndicatorContext, scopes = standardScopes(rows), ids?: readonly string[]): ScopeFigures[] {
  const defs = ids ? ids.map(getIndicator) : INDICATORS;
  const groups = new Map<string, EvidenceRow[]>(scopes.map((s) => [scopeKey(s), []]));
  for (const r of rows) {
    groups.get('la')?.push(r);
    if (r.district) groups.get(`district:${r.district}`)?.push(r);
    groups.get(`phase:${r.phase}`)?.push(r);
    groups.get(`type:${r.type}`)?.push(r);
  }
  return scopes.map((s) => {
    const mine = groups.get(scopeKey(s))!;
    const figures: Record<string, Figure> = {};
    for (const d of defs) figures[d.id] = d.compute(mine, ctx);
    return { scope: scopeKey(s), label: scopeLabel(s), schools: mine.length, figures };
  });
}

// ---------------------------------------------------------------------------------------------------
// The schools that move a figure most (officers only: never shown to elected members)

export interface Mover {
  urn: number;
  name: string;
  district: string | null;
  /** How much the school pulls the figure the wrong way (bigger is more). */
  weight: number;
  why: string;
}

const MEASURE_OF: Record<string, string> = {
  'ks2-rwm-expected': 'ks2.rwm_expected_pct',
  'ks2-reading-progress': 'ks2.read_progress',
  'ks2-writing-progress': 'ks2.writ_progress',
  'ks2-maths-progress': 'ks2.mat_progress',
  'ks4-attainment8': 'ks4.attainment8',
  'ks4-progress8': 'ks4.progress8',
  'overall-absence': 'absence.overall_pct',
  'persistent-absence': 'absence.persistent_10_pct',
};

/**
 * The schools that hold the indicator back most, worst first: for good or better, the largest schools
 * below good; for a published measure, the schools furthest on the wrong side of England (or of the
 * scope's own figure where England is not held), weighted by their pupils.
 */
export function movers(id: string, rows: readonly EvidenceRow[], ctx: IndicatorContext, limit = 5): Mover[] {
  const def = getIndicator(id);
  const out: Mover[] = [];
  if (id === 'pupils-good-or-better' || id === 'schools-good-or-better') {
    for (const r of rows) {
      const g = readGoodOrBetter(r, ctx);
      if (g.goodOrBetter !== false) continue;
      const p = pupilsOnRoll(r) ?? 0;
      out.push({ urn: r.urn, name: r.name, district: r.district, weight: id === 'pupils-good-or-better' ? p : 1 + p / 1e6, why: `${p} pupils on roll; ${g.basis}` });
    }
  } else if (id === 'schools-ofsted-concern' || id === 'ofsted-concern-months') {
    for (const r of rows) {
      const c = ofstedConcern(r);
      if (c.inConcern && c.since) out.push({ urn: r.urn, name: r.name, district: r.district, weight: monthsBetween(c.since, ctx.asOf), why: `in a category of concern since ${c.since}` });
    }
  } else if (id === 'la-category-distribution' || id === 'high-concern-months') {
    const top = highestConcern(ctx.policy);
    for (const r of rows) {
      const since = highConcernSince(r, top);
      if (since) out.push({ urn: r.urn, name: r.name, district: r.district, weight: monthsBetween(since, ctx.asOf) + 1, why: `category ${top} since the round of ${since}` });
    }
  } else if (MEASURE_OF[id]) {
    const measure = MEASURE_OF[id]!;
    const f = def.compute(rows, ctx);
    const ref = f.england ?? f.value;
    if (ref !== null && ref !== undefined && f.year) {
      for (const r of rows) {
        const o = latestValue(r, measure, f.year);
        if (!o || o.value === null) continue;
        const shortfall = def.higherIsBetter === false ? o.value - ref : ref - o.value;
        if (shortfall <= 0) continue;
        const w = o.cohort ?? pupilsOnRoll(r) ?? 1;
        out.push({ urn: r.urn, name: r.name, district: r.district, weight: shortfall * w, why: `${o.value} in ${f.year} against ${f.england != null ? 'England' : 'the area'} ${ref}, ${w} pupils` });
      }
    }
  }
  return out.sort((a, b) => b.weight - a.weight || a.name.localeCompare(b.name)).slice(0, limit);
}
