// An L2-regularised logistic regression, the other learner the early-warning model may choose. On a
// dozen weak, partly missing measures it generalises forward in time better than trees can (see the
// backtest), and its weights read directly as "this measure pushes risk up". Fitted by Newton's method
// (iteratively reweighted least squares); ml-matrix does the linear algebra.
import { Matrix, solve } from 'ml-matrix';
import { quantile } from './metrics.js';
import type { Booster } from './xgb.js';
import { MISSING } from './xgb.js';

export interface SerializedLogistic {
  name: 'lodestar-logistic';
  options: { lambda: number };
  /** Per input column: the training median used in place of a missing value, and the scaling. */
  medians: number[];
  means: number[];
  sds: number[];
  /** Input columns that were missing for some but not all training rows get a 0/1 "missing" term. */
  missingTerms: number[];
  /**
   * Per input column, the 0.5th and 99.5th percentiles of training values: inputs are held inside them, so
   * a value far beyond anything seen in training (a special school's 45% absence) cannot drive a straight
   * line to certainty. Absent in models saved before clipping existed.
   */
  lower?: number[];
  upper?: number[];
  /** Intercept first, then one weight per scaled column, then one per missing term. */
  weights: number[];
}

const isMissing = (x: number) => x === MISSING || !Number.isFinite(x);

/** A column with no values at all imputes 0 (it is constant, so its weight is shrunk to nothing). */
const median = (xs: number[]): number => (xs.length === 0 ? 0 : quantile([...xs].sort((a, b) => a - b), 0.5));

function clip(s: Omit<SerializedLogistic, 'weights'>, x: number, j: number): number {
  if (!s.lower || !s.upper) return x;
  return Math.min(Math.max(x, s.lower[j]!), s.upper[j]!);
}

function design(s: Omit<SerializedLogistic, 'weights'>, row: readonly number[]): number[] {
  const scaled = row.map((x, j) => ((isMissing(x) ? s.medians[j]! : clip(s, x, j)) - s.means[j]!) / s.sds[j]!);
  return [1, ...scaled, ...s.missingTerms.map((j) => (isMissing(row[j]!) ? 1 : 0))];
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function predictWith(s: SerializedLogistic, rows: number[][]): number[] {
  return rows.map((r) => sigmoid(design(s, r).reduce((a, x, k) => a + x * s.weights[k]!, 0)));
}

function wrap(s: SerializedLogistic): Booster<SerializedLogistic> {
  return {
    predict: (rows) => predictWith(s, rows),
    serialize: () => s,
    free: () => undefined,
  };
}

/**
 * Fit on rows that use the trees' MISSING sentinel. Missing values take the column median plus a
 * "missing" indicator, columns are standardised, and the intercept is not penalised.
 */
export function trainLogistic(X: number[][], y: readonly (0 | 1)[], opts: { lambda: number; iterations?: number }): Booster<SerializedLogistic> {
  if (X.length === 0) throw new Error('cannot fit a logistic regression on no rows');
  const cols = X[0]!.length;
  const medians: number[] = [];
  const means: number[] = [];
  const sds: number[] = [];
  const missingTerms: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  for (let j = 0; j < cols; j++) {
    const present = X.map((r) => r[j]!).filter((x) => !isMissing(x));
    const sorted = [...present].sort((a, b) => a - b);
    const lo = sorted.length ? quantile(sorted, 0.005) : 0;
    const hi = sorted.length ? quantile(sorted, 0.995) : 0;
    lower.push(lo);
    upper.push(hi);
    const med = median(present);
    const filled = X.map((r) => (isMissing(r[j]!) ? med : Math.min(Math.max(r[j]!, lo), hi)));
    const mean = filled.reduce((a, b) => a + b, 0) / filled.length;
    const sd = Math.sqrt(filled.reduce((a, b) => a + (b - mean) ** 2, 0) / filled.length);
    medians.push(med);
    means.push(mean);
    sds.push(sd > 0 ? sd : 1);
    if (present.length > 0 && present.length < X.length) missingTerms.push(j);
  }
  const shape = { name: 'lodestar-logistic' as const, options: { lambda: opts.lambda }, medians, means, sds, missingTerms, lower, upper };
  const A = X.map((r) => design(shape, r));
  const p = A[0]!.length;
  let w = new Array<number>(p).fill(0);
  for (let it = 0; it < (opts.iterations ?? 50); it++) {
    const mu = A.map((a) => sigmoid(a.reduce((s, x, k) => s + x * w[k]!, 0)));
    const grad = new Array<number>(p).fill(0);
    const hess = Matrix.zeros(p, p);
    A.forEach((a, i) => {
      const r = mu[i]! - y[i]!;
      const v = mu[i]! * (1 - mu[i]!);
      for (let k = 0; k < p; k++) {
        grad[k]! += a[k]! * r;
        for (let l = k; l < p; l++) hess.set(k, l, hess.get(k, l) + v * a[k]! * a[l]!);
      }
    });
    for (let k = 0; k < p; k++) {
      for (let l = 0; l < k; l++) hess.set(k, l, hess.get(l, k));
      if (k > 0) {
        grad[k]! += opts.lambda * w[k]!;
        hess.set(k, k, hess.get(k, k) + opts.lambda);
      }
    }
    const step = solve(hess, Matrix.columnVector(grad)).to1DArray();
    w = w.map((x, k) => x - step[k]!);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return wrap({ ...shape, weights: w });
}

export function restoreLogistic(s: SerializedLogistic): Booster<SerializedLogistic> {
  return wrap(s);
}
