// Measure conditions. A year that is missing, suppressed or not published is unknown, never zero and
// never the old measure; significance means the whole confidence interval is below zero.
import { getMeasure, isPublished, shiftYear, startYear } from '../../evidence/measures.js';
import type { Observation } from '../../evidence/types.js';
import type { Condition, FloorThreshold, Quartile } from '../policy/condition-schema.js';
import type { EvidenceView } from '../engine/evidence-view.js';
import { standingWords } from '../../words/ordinal.js';
import { and, measureEvidence, or, outcome, statusWords, truthOf, type Outcome, type Truth } from './outcome.js';

type MeasureCondition = Extract<
  Condition,
  { kind: 'measureQuartile' | 'significantlyBelowNational' | 'belowFloorStandard' | 'worseThanComparator' | 'trendDeclining' }
>;

const notApplicable = (measure: string, view: EvidenceView): Outcome =>
  outcome('false', { notes: [`${measure} does not apply to a ${view.evidence.school.phase} school.`] });

/** The latest `n` years the school has rows for; a short series is itself a gap. */
function latestYears(view: EvidenceView, measure: string, n: number): { rows: Observation[]; gap?: Outcome } {
  const rows = view.series(measure).slice(0, n);
  if (rows.length === 0)
    return { rows, gap: outcome('unknown', { gaps: [{ what: measure, measure, reason: `no published value on or before ${view.asOf}` }] }) };
  return { rows };
}

function usable(o: Observation): boolean {
  return o.status === 'ok' && o.value !== null && Number.isFinite(o.value);
}

/**
 * The latest `n` years in which the DfE published the measure at all, counting back from the school's
 * latest row: years it did not publish are passed over and named in a note, while a published year with
 * no row is a gap (a file not imported is never mistaken for a year that does not exist).
 */
function latestPublishedYears(view: EvidenceView, measure: string, n: number): { rows: Observation[]; gaps: Outcome['gaps']; note?: string } {
  const series = view.series(measure);
  if (series.length === 0) return { rows: [], gaps: [{ what: measure, measure, reason: `no published value on or before ${view.asOf}` }] };
  const first = getMeasure(measure).firstYear;
  const rows: Observation[] = [];
  const gaps: Outcome['gaps'] = [];
  const skipped: string[] = [];
  let year = series[0].academicYear;
  let found = 0;
  while (found < n && (!first || startYear(year) >= startYear(first)) && startYear(series[0].academicYear) - startYear(year) < 15) {
    if (!isPublished(measure, year)) skipped.push(year);
    else {
      const row = series.find((o) => o.academicYear === year);
      if (row) rows.push(row);
      else gaps.push({ what: `${measure} ${year}`, measure, academicYear: year, reason: 'published by the DfE, but no file for that year has been imported' });
      found++;
    }
    year = shiftYear(year, -1);
  }
  if (found < n) gaps.push({ what: measure, measure, reason: `only ${found} of the ${n} years the rule needs were published` });
  const label = view.spec(measure)?.label ?? getMeasure(measure).label;
  const note = skipped.length ? `${label}: not published by the DfE for ${skipped.join(', ')}; the latest published years are read instead.` : undefined;
  return { rows, gaps, ...(note ? { note } : {}) };
}

const rowGap = (o: Observation) => ({ what: `${o.measure} ${o.academicYear}`, measure: o.measure, academicYear: o.academicYear, reason: statusWords(o) });

function better(view: EvidenceView, measure: string): 'higher' | 'lower' {
  return view.spec(measure)?.better ?? 'higher';
}

// The LA's distribution of a measure-year is one array shared by every school's evaluation: sorted once,
// each school's standing is two binary searches instead of two passes over the whole distribution (a
// pass per school made a national run quadratic: 22,000 schools × 22,000 values).
const sortedCopies = new WeakMap<readonly number[], Float64Array>();

function sortedOf(all: readonly number[]): Float64Array {
  let sorted = sortedCopies.get(all);
  if (!sorted || sorted.length !== all.length) {
    sorted = Float64Array.from(all).sort();
    sortedCopies.set(all, sorted);
  }
  return sorted;
}

/** The first index whose value is not below `value` (strictly: `orEqual` false) or above it (`orEqual` true). */
function bound(sorted: Float64Array, value: number, orEqual: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value || (orEqual && sorted[mid] === value)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function worseShare(value: number, all: readonly number[], direction: 'higher' | 'lower'): number {
  const sorted = sortedOf(all);
  const below = bound(sorted, value, false);
  const upTo = bound(sorted, value, true);
  const worse = direction === 'higher' ? below : sorted.length - upTo;
  return (worse + 0.5 * (upTo - below)) / sorted.length;
}

export function quartileOf(value: number, all: number[], direction: 'higher' | 'lower'): { quartile: Quartile; percentile: number } {
  const p = worseShare(value, all, direction);
  const quartile: Quartile = p < 0.25 ? 'lower' : p < 0.5 ? 'lower-middle' : p < 0.75 ? 'upper-middle' : 'upper';
  return { quartile, percentile: Math.round(p * 100) };
}

function quartile(c: Extract<MeasureCondition, { kind: 'measureQuartile' }>, view: EvidenceView): Outcome {
  const { rows, gap } = latestYears(view, c.measure, c.consecutiveYears);
  if (gap) return gap;
  const res = outcome('unknown');
  const truths: Truth[] = rows.map((o) => {
    if (!usable(o)) return res.gaps.push(rowGap(o)), 'unknown';
    const dist = view.la.distributions[c.measure]?.[o.academicYear];
    if (!dist || dist.length < 4) {
      res.gaps.push({ what: `LA distribution of ${c.measure} ${o.academicYear}`, measure: c.measure, academicYear: o.academicYear, reason: 'not supplied (needs at least 4 schools)' });
      return 'unknown';
    }
    const direction = better(view, c.measure);
    const q = quartileOf(o.value as number, dist, direction);
    res.evidence.push(measureEvidence(o, `${o.raw} is ${standingWords(worseShare(o.value as number, dist, direction), direction, dist.length)}`));
    return truthOf(c.quartiles.includes(q.quartile));
  });
  if (rows.length < c.consecutiveYears) {
    truths.push('unknown');
    res.gaps.push({ what: c.measure, measure: c.measure, reason: `only ${rows.length} of the ${c.consecutiveYears} years the rule needs` });
  }
  return { ...res, truth: and(truths) };
}

/** One year's answer: significantly below national when the whole confidence interval is below zero. */
function yearTruth(o: Observation, m: string, res: Outcome): Truth {
  if (!usable(o)) return res.gaps.push(rowGap(o)), 'unknown';
  if (o.ciUpper == null || o.ciLower == null) {
    res.gaps.push({ what: `${m} ${o.academicYear} confidence interval`, measure: m, academicYear: o.academicYear, reason: 'not published with the value' });
    return 'unknown';
  }
  const below = o.ciUpper < 0;
  const ci = `${o.raw} (95% CI ${o.ciLower} to ${o.ciUpper})`;
  res.evidence.push(measureEvidence(o, below ? `${ci}: significantly below national` : `${ci}: not significantly below national`));
  return truthOf(below);
}

function significant(c: Extract<MeasureCondition, { kind: 'significantlyBelowNational' }>, view: EvidenceView): Outcome {
  const res = outcome('unknown');
  const applicable = c.measures.filter((m) => view.applies(m));
  if (applicable.length === 0) return notApplicable(c.measures.join(', '), view);
  const perMeasure = applicable.map((m): Truth => {
    if (c.unpublishedYears === 'skip') {
      const p = latestPublishedYears(view, m, c.consecutiveYears);
      if (p.note) res.notes.push(p.note);
      res.gaps.push(...p.gaps);
      if (p.rows.length === 0) return 'unknown';
      const years = p.rows.map((o) => yearTruth(o, m, res));
      return and(p.gaps.length ? [...years, 'unknown'] : years);
    }
    const { rows, gap } = latestYears(view, m, c.consecutiveYears);
    if (gap) return res.gaps.push(...gap.gaps), 'unknown';
    const years = rows.map((o) => yearTruth(o, m, res));
    if (rows.length < c.consecutiveYears) {
      years.push('unknown');
      res.gaps.push({ what: m, measure: m, reason: `only ${rows.length} of the ${c.consecutiveYears} years the rule needs` });
    }
    return and(years);
  });
  return { ...res, truth: c.match === 'any' ? or(perMeasure) : and(perMeasure) };
}

function floor(c: Extract<MeasureCondition, { kind: 'belowFloorStandard' }>, view: EvidenceView): Outcome {
  const all = [...c.allOf, ...c.anyOf];
  if (!all.some((t) => view.applies(t.measure))) return notApplicable(c.label, view);
  const year = all.map((t) => view.series(t.measure)[0]?.academicYear).filter((y): y is string => !!y).sort().pop();
  if (!year) return outcome('unknown', { gaps: [{ what: c.label, reason: `no published values on or before ${view.asOf}` }] });
  if (!c.yearsInForce.includes(year))
    return outcome('false', { notes: [`The ${c.label} was not in force for ${year}, the latest year published; the rule does not apply.`] });
  const res = outcome('unknown');
  const test = (t: FloorThreshold): Truth => {
    const o = view.series(t.measure).find((r) => r.academicYear === year);
    if (!o) return res.gaps.push({ what: `${t.measure} ${year}`, measure: t.measure, academicYear: year, reason: 'no row for that year' }), 'unknown';
    if (!usable(o)) return res.gaps.push(rowGap(o)), 'unknown';
    let below = (o.value as number) < t.below;
    let detail = `${o.raw} against floor ${t.below}`;
    if (t.ciUpperBelow !== undefined) {
      if (o.ciUpper == null) return res.gaps.push({ what: `${t.measure} ${year} confidence interval`, measure: t.measure, academicYear: year, reason: 'not published' }), 'unknown';
      below = below && o.ciUpper < t.ciUpperBelow;
      detail += ` (CI upper ${o.ciUpper}, must be below ${t.ciUpperBelow})`;
    }
    res.evidence.push(measureEvidence(o, `${detail}: ${below ? 'below' : 'not below'}`));
    return truthOf(below);
  };
  const truth = and([and(c.allOf.map(test)), c.anyOf.length ? or(c.anyOf.map(test)) : 'true']);
  return { ...res, truth, notes: [`${c.label}, ${year}`] };
}

function comparator(c: Extract<MeasureCondition, { kind: 'worseThanComparator' }>, view: EvidenceView): Outcome {
  const { rows, gap } = latestYears(view, c.measure, 1);
  if (gap) return gap;
  const o = rows[0];
  if (!usable(o)) return outcome('unknown', { gaps: [rowGap(o)] });
  const la = view.evidence.school.laCode;
  const comp = view.la.comparators.find(
    (k) => k.scope === c.comparator && k.measure === c.measure && k.academicYear === o.academicYear && (c.comparator === 'england' || !k.laCode || k.laCode === la),
  );
  const name = c.comparator === 'la' ? 'LA average' : 'England average';
  if (!comp || comp.value === null)
    return outcome('unknown', { gaps: [{ what: `${name} for ${c.measure} ${o.academicYear}`, measure: c.measure, academicYear: o.academicYear, reason: 'comparator not supplied' }] });
  const gapSize = better(view, c.measure) === 'higher' ? comp.value - (o.value as number) : (o.value as number) - comp.value;
  const worse = gapSize > c.by;
  return outcome(truthOf(worse), {
    evidence: [
      measureEvidence(o, `${o.raw} against ${name} ${comp.value} (${comp.source}): ${Math.abs(gapSize).toFixed(1)} ${gapSize > 0 ? 'worse' : 'better or equal'}; rule threshold ${c.by}`),
    ],
  });
}

function trend(c: Extract<MeasureCondition, { kind: 'trendDeclining' }>, view: EvidenceView): Outcome {
  const { rows, gap } = latestYears(view, c.measure, c.years);
  if (gap) return gap;
  const missing = rows.filter((o) => !usable(o));
  if (missing.length || rows.length < c.years)
    return outcome('unknown', {
      gaps: [...missing.map(rowGap), ...(rows.length < c.years ? [{ what: c.measure, measure: c.measure, reason: `only ${rows.length} of the ${c.years} years the rule needs` }] : [])],
    });
  const chron = [...rows].reverse();
  const sign = better(view, c.measure) === 'higher' ? 1 : -1;
  const steps = chron.slice(1).map((o, k) => sign * ((o.value as number) - (chron[k].value as number)));
  const total = -steps.reduce((a, b) => a + b, 0);
  const declining = steps.every((s) => s < 0) && total >= c.minTotalChange;
  return outcome(truthOf(declining), {
    evidence: chron.map((o) => measureEvidence(o, `${o.academicYear}: ${o.raw}`)),
    notes: [`${c.measure} over ${chron.map((o) => o.academicYear).join(', ')}: ${declining ? 'worse every year' : 'not worse every year'} (total change ${total.toFixed(1)})`],
  });
}

export function evaluateMeasure(c: MeasureCondition, view: EvidenceView): Outcome {
  if (c.kind !== 'significantlyBelowNational' && c.kind !== 'belowFloorStandard' && !view.applies(c.measure)) return notApplicable(c.measure, view);
  switch (c.kind) {
    case 'measureQuartile':
      return quartile(c, view);
    case 'significantlyBelowNational':
      return significant(c, view);
    case 'belowFloorStandard':
      return floor(c, view);
    case 'worseThanComparator':
      return comparator(c, view);
    case 'trendDeclining':
      return trend(c, view);
  }
}
