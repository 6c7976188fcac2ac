// Platt scaling: turn the booster's raw scores into probabilities that match observed rates, fitted on
// a fold the booster never trained on (trees over-fit their own training rows, so calibrating on them
// would make the probabilities over-confident).

export interface PlattParams {
  a: number;
  b: number;
}

const EPS = 1e-6;

export function logit(p: number): number {
  const q = Math.min(1 - EPS, Math.max(EPS, p));
  return Math.log(q / (1 - q));
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Calibrated probability for a raw model probability. */
export function applyPlatt(params: PlattParams, rawProb: number): number {
  return sigmoid(params.a * logit(rawProb) + params.b);
}

/**
 * Fit p = sigmoid(a·logit(raw) + b) by Newton's method on the log-loss, with Platt's smoothed targets
 * ((N+ + 1)/(N+ + 2) and 1/(N− + 2)) so a small fold cannot push probabilities to exactly 0 or 1.
 */
export function fitPlatt(rawProbs: readonly number[], labels: readonly (0 | 1)[]): PlattParams {
  if (rawProbs.length !== labels.length) throw new Error('rawProbs and labels differ in length');
  const pos = labels.filter((l) => l === 1).length;
  const neg = labels.length - pos;
  if (pos === 0 || neg === 0) throw new Error('Platt scaling needs both outcomes in the calibration fold');
  const tPos = (pos + 1) / (pos + 2);
  const tNeg = 1 / (neg + 2);
  const x = rawProbs.map(logit);
  const t = labels.map((l) => (l === 1 ? tPos : tNeg));
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 100; iter++) {
    let g1 = 0;
    let g2 = 0;
    let h11 = 1e-9;
    let h12 = 0;
    let h22 = 1e-9;
    for (let i = 0; i < x.length; i++) {
      const p = sigmoid(a * x[i]! + b);
      const d = p - t[i]!;
      const w = p * (1 - p);
      g1 += d * x[i]!;
      g2 += d;
      h11 += w * x[i]! * x[i]!;
      h12 += w * x[i]!;
      h22 += w;
    }
    const det = h11 * h22 - h12 * h12;
    if (Math.abs(det) < 1e-12) break;
    const da = (h22 * g1 - h12 * g2) / det;
    const db = (h11 * g2 - h12 * g1) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-9 && Math.abs(db) < 1e-9) break;
  }
  return { a, b };
}
