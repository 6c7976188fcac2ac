// Where a value sits among others: mid-rank percentiles, quintiles and quartiles. One definition for
// the importer (England, from the whole national file), the database (LA, recomputed after each import)
// and the LA comparison page, so the numbers never disagree.

/** Values sorted ascending, ready for repeated percentile look-ups. */
export type SortedValues = readonly number[];

export function sortValues(values: Iterable<number>): number[] {
  return [...values].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
}

/** First index whose value is >= x (or > x when `strict`). */
function bound(sorted: SortedValues, x: number, strict: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (strict ? sorted[mid] <= x : sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Mid-rank percentile, 0–100: the share of values below x plus half the share equal to it. Ties share
 * one rank, so a suppressed-to-the-same-value cluster does not split arbitrarily. Null for an empty set.
 */
export function percentileRank(sorted: SortedValues, x: number): number | null {
  if (sorted.length === 0) return null;
  const below = bound(sorted, x, false);
  const equal = bound(sorted, x, true) - below;
  return (100 * (below + equal / 2)) / sorted.length;
}

/** 1 (lowest fifth of values) … 5 (highest fifth), in the value's own direction. */
export function quintile(percentile: number): 1 | 2 | 3 | 4 | 5 {
  return Math.min(5, Math.floor(percentile / 20) + 1) as 1 | 2 | 3 | 4 | 5;
}

/** 1 (lowest quarter) … 4 (highest quarter). */
export function quartile(percentile: number): 1 | 2 | 3 | 4 {
  return Math.min(4, Math.floor(percentile / 25) + 1) as 1 | 2 | 3 | 4;
}

/** Linear-interpolated quantile (the definition spreadsheets use), for quartile boundaries. */
export function quantile(sorted: SortedValues, q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Percentile re-expressed so that 100 is always best; context measures (no better direction) stay as they are. */
export function orientedPercentile(percentile: number, higherIsBetter: boolean | null): number {
  return higherIsBetter === false ? 100 - percentile : percentile;
}
