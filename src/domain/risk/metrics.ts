// Ranking and probability metrics for the early-warning backtest. Pure functions over parallel arrays
// of scores (higher = riskier) and 0/1 outcomes. Ties are treated as "order unknown": every metric
// gives the expected value over random tie-breaking, so a baseline that puts many schools on the same
// score (previous grade, a trigger count) is neither flattered nor penalised by an arbitrary sort.

export interface ScoredOutcome {
  score: number;
  label: 0 | 1;
}

function check(scores: readonly number[], labels: readonly (0 | 1)[]): void {
  if (scores.length !== labels.length) throw new Error('scores and labels differ in length');
}

/** Groups of equal score, riskiest first, with how many outcomes and positives each holds. */
function tiedGroups(scores: readonly number[], labels: readonly (0 | 1)[]): { n: number; pos: number }[] {
  const order = scores.map((s, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const groups: { n: number; pos: number }[] = [];
  let prev: number | undefined;
  for (const i of order) {
    const s = scores[i]!;
    if (prev === undefined || s !== prev) groups.push({ n: 0, pos: 0 });
    const g = groups[groups.length - 1]!;
    g.n += 1;
    g.pos += labels[i]!;
    prev = s;
  }
  return groups;
}

/** Area under the ROC curve (Mann–Whitney, ties count a half). null when one class is absent. */
export function auc(scores: readonly number[], labels: readonly (0 | 1)[]): number | null {
  check(scores, labels);
  const groups = tiedGroups(scores, labels);
  const P = groups.reduce((a, g) => a + g.pos, 0);
  const N = groups.reduce((a, g) => a + g.n - g.pos, 0);
  if (P === 0 || N === 0) return null;
  // Walk from the riskiest end: each negative is out-ranked by the positives already passed.
  let posAbove = 0;
  let sum = 0;
  for (const g of groups) {
    const neg = g.n - g.pos;
    sum += neg * posAbove + (neg * g.pos) / 2;
    posAbove += g.pos;
  }
  return sum / (P * N);
}

export interface TopKResult {
  /** Share of all outcomes flagged (the k in "riskiest k%"). */
  fraction: number;
  /** Schools flagged: round(fraction × n), at least 1. */
  flagged: number;
  /** Expected positives among the flagged (fractional when a tie straddles the cut). */
  truePositives: number;
  precision: number | null;
  recall: number | null;
}

/** Expected positives captured when the riskiest `flagged` schools are taken, ties split pro rata. */
function positivesInTop(groups: readonly { n: number; pos: number }[], flagged: number): number {
  let left = flagged;
  let tp = 0;
  for (const g of groups) {
    if (left <= 0) break;
    if (g.n <= left) {
      tp += g.pos;
      left -= g.n;
    } else {
      tp += (g.pos * left) / g.n;
      left = 0;
    }
  }
  return tp;
}

/** Precision and recall when the riskiest `fraction` of schools are flagged. */
export function topK(scores: readonly number[], labels: readonly (0 | 1)[], fraction: number): TopKResult {
  check(scores, labels);
  const n = scores.length;
  if (n === 0) return { fraction, flagged: 0, truePositives: 0, precision: null, recall: null };
  const flagged = Math.max(1, Math.round(fraction * n));
  const groups = tiedGroups(scores, labels);
  const P = groups.reduce((a, g) => a + g.pos, 0);
  const tp = positivesInTop(groups, flagged);
  return { fraction, flagged, truePositives: tp, precision: tp / flagged, recall: P === 0 ? null : tp / P };
}

/**
 * Of the positives inside `subset` (e.g. below-good outcomes at schools previously good or better), the
 * expected share that fall in the riskiest `fraction` of the whole ranking.
 */
export function captureInSubset(
  scores: readonly number[],
  labels: readonly (0 | 1)[],
  subset: readonly boolean[],
  fraction: number,
): { captured: number | null; positives: number } {
  check(scores, labels);
  const n = scores.length;
  const flagged = Math.max(1, Math.round(fraction * n));
  const order = scores.map((s, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  // The cut score and how much of its tie group is taken decide each school's chance of being flagged.
  const cutScore = scores[order[flagged - 1]!]!;
  const above = order.filter((i) => scores[i]! > cutScore).length;
  const tied = order.filter((i) => scores[i] === cutScore).length;
  const tieShare = (flagged - above) / tied;
  let positives = 0;
  let captured = 0;
  for (let i = 0; i < n; i++) {
    if (!subset[i] || labels[i] !== 1) continue;
    positives += 1;
    const s = scores[i]!;
    captured += s > cutScore ? 1 : s === cutScore ? tieShare : 0;
  }
  return { captured: positives === 0 ? null : captured / positives, positives };
}

export interface CalibrationBin {
  lower: number;
  upper: number;
  n: number;
  meanPredicted: number;
  observedRate: number;
}

/** Equal-count bins of predicted probability, riskiest last, with the observed rate in each. */
export function calibrationBins(probs: readonly number[], labels: readonly (0 | 1)[], bins = 10): CalibrationBin[] {
  check(probs, labels);
  const order = probs.map((p, i) => i).sort((a, b) => probs[a]! - probs[b]!);
  const out: CalibrationBin[] = [];
  const n = order.length;
  for (let b = 0; b < bins; b++) {
    const slice = order.slice(Math.floor((b * n) / bins), Math.floor(((b + 1) * n) / bins));
    if (slice.length === 0) continue;
    const ps = slice.map((i) => probs[i]!);
    out.push({
      lower: ps[0]!,
      upper: ps[ps.length - 1]!,
      n: slice.length,
      meanPredicted: mean(ps),
      observedRate: mean(slice.map((i) => labels[i]!)),
    });
  }
  return out;
}

/** Mean squared error of probabilities against outcomes (lower is better; prevalence×(1−prevalence) is "no skill"). */
export function brier(probs: readonly number[], labels: readonly (0 | 1)[]): number | null {
  check(probs, labels);
  if (probs.length === 0) return null;
  return mean(probs.map((p, i) => (p - labels[i]!) ** 2));
}

/** Expected calibration error: count-weighted mean gap between predicted and observed across bins. */
export function expectedCalibrationError(bins: readonly CalibrationBin[]): number | null {
  const n = bins.reduce((a, b) => a + b.n, 0);
  if (n === 0) return null;
  return bins.reduce((a, b) => a + (b.n / n) * Math.abs(b.meanPredicted - b.observedRate), 0);
}

/** ROC curve points (false-positive rate, true-positive rate), one per distinct score, from (0,0) to (1,1). */
export function rocCurve(scores: readonly number[], labels: readonly (0 | 1)[]): { fpr: number; tpr: number }[] {
  const groups = tiedGroups(scores, labels);
  const P = groups.reduce((a, g) => a + g.pos, 0);
  const N = groups.reduce((a, g) => a + g.n - g.pos, 0);
  const pts = [{ fpr: 0, tpr: 0 }];
  if (P === 0 || N === 0) return pts;
  let tp = 0;
  let fp = 0;
  for (const g of groups) {
    tp += g.pos;
    fp += g.n - g.pos;
    pts.push({ fpr: fp / N, tpr: tp / P });
  }
  return pts;
}

/** Thin a curve to at most `max` points so charts and JSON stay small. */
export function thin<T>(points: readonly T[], max = 101): T[] {
  if (points.length <= max) return [...points];
  const out: T[] = [];
  for (let k = 0; k < max; k++) out.push(points[Math.round((k * (points.length - 1)) / (max - 1))]!);
  return out;
}

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
