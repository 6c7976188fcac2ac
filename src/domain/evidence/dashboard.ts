// The school dashboard's view model, built from stored evidence without I/O: each measure's trend over
// the years held against the LA and England, significance from published confidence intervals, ranks,
// floor standards, disadvantaged gaps and data freshness. Groups under 11 pupils are never shown.
import { FLOOR_STANDARDS, MEASURES, getMeasure, startYear, type MeasureArea, type MeasureDefinition } from './measures.js';
import type { AcademicYear, Comparator, Observation, ValueStatus } from './types.js';

export const MIN_GROUP = 11;

export interface StoredObservation extends Observation {
  /** The release the figure is from (KS2, KS4): a provisional figure is replaced when the final one is imported. */
  release?: 'provisional' | 'final' | null;
  englandPercentile?: number | null;
  englandQuintile?: number | null;
  laPercentile?: number | null;
  laQuintile?: number | null;
}

export type Significance = 'above' | 'below' | 'not_significant' | null;
export type ComparatorPhase = 'primary' | 'secondary' | 'special' | null;

export interface TrendRow {
  year: AcademicYear;
  value: number | null;
  display: string;
  status: ValueStatus;
  /** Hidden because fewer than 11 pupils: the value and ranks are withheld. */
  smallGroup: boolean;
  cohort: number | null;
  ci: string | null;
  significance: Significance;
  la: number | null;
  laDisplay: string;
  england: number | null;
  englandDisplay: string;
  laPercentile: number | null;
  laQuintile: number | null;
  englandPercentile: number | null;
  englandQuintile: number | null;
  source: string;
  release: 'provisional' | 'final' | null;
}

export interface MeasureTrend {
  code: string;
  label: string;
  unit: MeasureDefinition['unit'];
  area: MeasureArea;
  higherIsBetter: boolean | null;
  rows: TrendRow[];
  latest: TrendRow | null;
  /** Latest shown value minus the one before it (years apart may differ: say which). */
  change: { from: AcademicYear; to: AcademicYear; delta: number; better: boolean | null } | null;
  /** 3:2:1 weighted mean of the three latest shown values, latest weighted most; null below two values. */
  weighted: number | null;
  floor: string | null;
  note?: string;
}

export interface FloorResult {
  standard: string;
  year: AcademicYear;
  status: 'below' | 'not_below' | 'not_assessable';
  reason: string;
}

export interface GapRow {
  year: AcademicYear;
  group: string;
  other: string;
  gap: string | null;
}

export interface Gap {
  label: string;
  rows: GapRow[];
}

export const STATUS_TEXT: Record<ValueStatus, string> = {
  ok: '',
  suppressed: 'Suppressed (small numbers)',
  not_applicable: 'Not applicable',
  no_entries: 'No pupils entered',
  low_coverage: 'Low coverage of prior attainment',
  not_published: 'Not published that year',
  missing: 'Not given',
};

export function formatValue(value: number | null, unit: MeasureDefinition['unit']): string {
  if (value === null) return '';
  switch (unit) {
    case '%':
      return `${Number.isInteger(value) ? value : value.toFixed(1)}%`;
    case 'progress':
      return `${value > 0 ? '+' : ''}${value.toFixed(2)}`;
    case 'count':
      return Math.round(value).toLocaleString('en-GB');
    default:
      return Number.isInteger(value) ? String(value) : value.toFixed(1);
  }
}

/** A progress score's 95% interval: significant only when the whole interval is on one side of zero. */
export function significance(ciLower: number | null | undefined, ciUpper: number | null | undefined): Significance {
  if (ciLower === null || ciLower === undefined || ciUpper === null || ciUpper === undefined) return null;
  if (ciLower > 0) return 'above';
  if (ciUpper < 0) return 'below';
  return 'not_significant';
}

/**
 * Comparator for the school's phase where the file splits by phase, else the all-phase row. Count
 * measures have none: their LA and England rows are totals (4.7 million pupils), not a school average.
 */
export function pickComparator(list: readonly Comparator[], scope: 'la' | 'england', measure: string, year: string, phase: ComparatorPhase): number | null {
  if (getMeasure(measure).unit === 'count') return null;
  const rows = list.filter((c) => c.scope === scope && c.measure === measure && c.academicYear === year);
  const exact = rows.find((c) => (c.phase ?? null) === phase && phase !== null);
  return (exact ?? rows.find((c) => (c.phase ?? null) === null))?.value ?? null;
}

function trendRow(o: StoredObservation, def: MeasureDefinition, comparators: readonly Comparator[], phase: ComparatorPhase): TrendRow {
  const cohort = o.cohort ?? null;
  const smallGroup = cohort !== null && cohort < MIN_GROUP && o.status === 'ok';
  const shown = o.status === 'ok' && !smallGroup;
  const la = pickComparator(comparators, 'la', o.measure, o.academicYear, phase);
  const england = pickComparator(comparators, 'england', o.measure, o.academicYear, phase);
  const hasCi = shown && o.ciLower != null && o.ciUpper != null;
  return {
    year: o.academicYear,
    value: shown ? o.value : null,
    display: shown ? formatValue(o.value, def.unit) : smallGroup ? `Fewer than ${MIN_GROUP} pupils` : STATUS_TEXT[o.status],
    status: o.status,
    smallGroup,
    cohort: shown ? cohort : null,
    ci: hasCi ? `${formatValue(o.ciLower!, def.unit)} to ${formatValue(o.ciUpper!, def.unit)}` : null,
    significance: shown ? significance(o.ciLower, o.ciUpper) : null,
    la,
    laDisplay: formatValue(la, def.unit),
    england,
    englandDisplay: formatValue(england, def.unit),
    laPercentile: shown ? (o.laPercentile ?? null) : null,
    laQuintile: shown ? (o.laQuintile ?? null) : null,
    englandPercentile: shown ? (o.englandPercentile ?? null) : null,
    englandQuintile: shown ? (o.englandQuintile ?? null) : null,
    source: o.source,
    release: o.release ?? null,
  };
}

export function weightedTrend(values: readonly number[]): number | null {
  const last = values.slice(-3);
  if (last.length < 2) return null;
  const weights = [1, 2, 3].slice(-last.length);
  const total = weights.reduce((a, b) => a + b, 0);
  return last.reduce((s, v, i) => s + v * weights[i], 0) / total;
}

function floorText(def: MeasureDefinition): string | null {
  if (!def.floor) return null;
  const std = FLOOR_STANDARDS.find((s) => s.id === def.floor!.standard);
  const t = def.floor.threshold === 'national_median' ? 'the national median' : formatValue(def.floor.threshold, def.unit);
  return `Floor ${t} (${std?.years[0]} to ${std?.years[std.years.length - 1]}; part of: ${std?.rule})`;
}

export function measureTrend(code: string, obs: readonly StoredObservation[], comparators: readonly Comparator[], phase: ComparatorPhase): MeasureTrend {
  const def = getMeasure(code);
  const rows = obs
    .filter((o) => o.measure === code)
    .sort((a, b) => startYear(a.academicYear) - startYear(b.academicYear))
    .map((o) => trendRow(o, def, comparators, phase));
  const shown = rows.filter((r) => r.value !== null);
  const latest = rows.length ? rows[rows.length - 1] : null;
  let change: MeasureTrend['change'] = null;
  if (shown.length >= 2) {
    const [a, b] = shown.slice(-2);
    const delta = (b.value as number) - (a.value as number);
    change = { from: a.year, to: b.year, delta, better: def.higherIsBetter === null || delta === 0 ? null : delta > 0 === def.higherIsBetter };
  }
  return {
    code,
    label: def.label,
    unit: def.unit,
    area: def.area,
    higherIsBetter: def.higherIsBetter,
    rows,
    latest,
    change,
    weighted: weightedTrend(shown.map((r) => r.value as number)),
    floor: floorText(def),
    note: def.note ?? def.derivation,
  };
}

/** Every measure the school has any record of, in catalogue order, grouped by area. */
export function measureTrends(obs: readonly StoredObservation[], comparators: readonly Comparator[], phase: ComparatorPhase): MeasureTrend[] {
  const held = new Set(obs.map((o) => o.measure));
  return MEASURES.filter((m) => held.has(m.code)).map((m) => measureTrend(m.code, obs, comparators, phase));
}

const GAP_PAIRS: readonly { label: string; group: string; other: string }[] = [
  { label: 'KS2 reading, writing and maths expected standard: disadvantaged pupils against other pupils', group: 'ks2.rwm_expected_pct_disadv', other: 'ks2.rwm_expected_pct_non_disadv' },
  { label: 'KS4 Progress 8: disadvantaged pupils against other pupils', group: 'ks4.progress8_disadv', other: 'ks4.progress8_non_disadv' },
  { label: 'KS4 Attainment 8: disadvantaged pupils against other pupils', group: 'ks4.attainment8_disadv', other: 'ks4.attainment8_non_disadv' },
];

/** Disadvantaged gaps by year; a year where either group is hidden (small, suppressed) shows no gap. */
export function disadvantagedGaps(trends: readonly MeasureTrend[]): Gap[] {
  const byCode = new Map(trends.map((t) => [t.code, t]));
  const gaps: Gap[] = [];
  for (const pair of GAP_PAIRS) {
    const g = byCode.get(pair.group);
    const o = byCode.get(pair.other);
    if (!g || !o) continue;
    const unit = g.unit;
    const rows = g.rows.map((gr) => {
      const or = o.rows.find((r) => r.year === gr.year);
      const gap = gr.value !== null && or?.value != null ? formatValue(gr.value - or.value, unit === '%' ? 'score' : unit) : null;
      return { year: gr.year, group: gr.display, other: or?.display ?? 'Not held', gap: gap === null ? null : unit === '%' ? `${gap} points` : gap };
    });
    gaps.push({ label: pair.label, rows });
  }
  return gaps;
}

const valueOf = (obs: readonly StoredObservation[], code: string, year: string) => obs.find((o) => o.measure === code && o.academicYear === year && o.status === 'ok');

/** The government floor standards, year by year, with the evidence and any reason they cannot be judged. */
export function floorStandards(obs: readonly StoredObservation[]): FloorResult[] {
  const out: FloorResult[] = [];
  const years = [...new Set(obs.map((o) => o.academicYear))].sort();
  for (const year of years) {
    for (const s of FLOOR_STANDARDS.filter((f) => f.years.includes(year))) {
      // Only standards the school has measures for: a primary is not judged against the KS4 floor.
      if (obs.some((o) => o.academicYear === year && getMeasure(o.measure).floor?.standard === s.id)) out.push(judgeFloor(s.id, year, obs));
    }
  }
  return out;
}

function judgeFloor(id: string, year: string, obs: readonly StoredObservation[]): FloorResult {
  const base = { standard: id, year };
  if (id === 'ks2-levels') return { ...base, status: 'not_assessable', reason: 'Needs the national median progress for the year, which the files held do not give' };
  if (id === 'ks4-p8') {
    const p8 = valueOf(obs, 'ks4.progress8', year);
    if (!p8 || p8.value === null) return { ...base, status: 'not_assessable', reason: 'No published Progress 8 score' };
    if (p8.value >= -0.5) return { ...base, status: 'not_below', reason: `Progress 8 ${formatValue(p8.value, 'progress')} is not below -0.5` };
    if (p8.ciUpper == null) return { ...base, status: 'not_assessable', reason: `Progress 8 ${formatValue(p8.value, 'progress')} is below -0.5 but no confidence interval is held` };
    return p8.ciUpper < 0
      ? { ...base, status: 'below', reason: `Progress 8 ${formatValue(p8.value, 'progress')} with upper confidence limit ${formatValue(p8.ciUpper, 'progress')} below zero` }
      : { ...base, status: 'not_below', reason: `Progress 8 ${formatValue(p8.value, 'progress')} but its confidence interval reaches zero` };
  }
  const rwm = valueOf(obs, 'ks2.rwm_expected_pct', year);
  const parts = [
    ['reading', valueOf(obs, 'ks2.read_progress', year), -5],
    ['writing', valueOf(obs, 'ks2.writ_progress', year), -7],
    ['maths', valueOf(obs, 'ks2.mat_progress', year), -5],
  ] as const;
  if (rwm && rwm.value !== null && rwm.value >= 65) return { ...base, status: 'not_below', reason: `${formatValue(rwm.value, '%')} met the expected standard in RWM (floor 65%)` };
  const low = parts.filter(([, o, t]) => o && o.value !== null && o.value < t);
  if (!rwm || parts.some(([, o]) => !o)) {
    const missing = [!rwm ? 'RWM expected standard' : null, ...parts.filter(([, o]) => !o).map(([n]) => `${n} progress`)].filter(Boolean);
    return { ...base, status: 'not_assessable', reason: `Missing ${missing.join(', ')}` };
  }
  return low.length
    ? { ...base, status: 'below', reason: `${formatValue(rwm.value, '%')} in RWM and progress below the floor in ${low.map(([n]) => n).join(', ')}` }
    : { ...base, status: 'not_below', reason: `${formatValue(rwm.value, '%')} in RWM but progress above the floor in every subject` };
}

export interface ImportForFreshness {
  kind: string;
  fileName: string;
  finishedAt: Date;
  years: string[];
}

const KIND_LABEL: Record<string, string> = { ks2: 'KS2', ks4: 'KS4', census: 'Census', absence: 'Absence', ofsted: 'Ofsted' };
const shortDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/London' });

/** "KS2 2024/25, imported 3 Dec 2025": per kind, the import holding the latest academic year. */
export function freshness(imports: readonly ImportForFreshness[]): string[] {
  const best = new Map<string, { year: string; imp: ImportForFreshness }>();
  for (const imp of imports) {
    const year = [...imp.years].sort((a, b) => startYear(a) - startYear(b)).pop() ?? '';
    const held = best.get(imp.kind);
    if (!held || (year && (!held.year || startYear(year) > startYear(held.year))) || (year === held.year && imp.finishedAt > held.imp.finishedAt)) {
      best.set(imp.kind, { year, imp });
    }
  }
  return ['ks2', 'ks4', 'census', 'absence', 'ofsted']
    .filter((k) => best.has(k))
    .map((k) => {
      const { year, imp } = best.get(k)!;
      return `${KIND_LABEL[k]}${year ? ` ${year}` : ''}, imported ${shortDate.format(imp.finishedAt)} (${imp.fileName})`;
    });
}
