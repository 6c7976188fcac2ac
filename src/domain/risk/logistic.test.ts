import { describe, expect, it } from 'vitest';
import { logit } from './calibration.js';
import { restoreLogistic, trainLogistic } from './logistic.js';
import { seededRandom } from './random.js';
import { MISSING } from './xgb.js';

// A known generating process, so the fit can be checked against the truth: risk rises with the first
// column, falls with the second, ignores the third; the second is missing for a fifth of rows.
function simulate(n: number, seed: number) {
  const rand = seededRandom(seed);
  const X: number[][] = [];
  const y: (0 | 1)[] = [];
  for (let i = 0; i < n; i++) {
    const a = rand() * 10;
    const b = rand() * 4;
    const c = rand();
    const p = 1 / (1 + Math.exp(-(-1 + 0.4 * (a - 5) - 0.8 * (b - 2))));
    y.push(rand() < p ? 1 : 0);
    X.push([a, rand() < 0.2 ? MISSING : b, c]);
  }
  return { X, y };
}

describe('L2-regularised logistic regression', () => {
  it('recovers the direction and size of known effects, on the scale of standardised inputs', () => {
    const { X, y } = simulate(6000, 3);
    const m = trainLogistic(X, y, { lambda: 1 });
    const s = m.serialize();
    // Weight per standard deviation: 0.4 × sd(a) ≈ 0.4 × 2.89; −0.8 × sd(b) ≈ −0.8 × 1.15 (diluted by imputation).
    expect(s.weights[1]).toBeGreaterThan(0.9);
    expect(s.weights[1]).toBeLessThan(1.4);
    expect(s.weights[2]).toBeLessThan(-0.6);
    expect(Math.abs(s.weights[3]!)).toBeLessThan(0.15);
    expect(s.missingTerms).toEqual([1]);
  });

  it('predicts higher risk where the truth is higher, and treats a missing value as the typical one', () => {
    const { X, y } = simulate(6000, 4);
    const m = trainLogistic(X, y, { lambda: 1 });
    const [low, high, missing] = m.predict([
      [2, 3, 0.5],
      [8, 1, 0.5],
      [5, MISSING, 0.5],
    ]);
    expect(high).toBeGreaterThan(0.5);
    expect(low).toBeLessThan(0.15);
    // b is missing at random, so its imputed median (≈2) gives about the truth at b = 2.
    expect(logit(missing!)).toBeCloseTo(-1, 0);
  });

  it('shrinks weights toward zero as the penalty grows, and restores identically from its saved form', () => {
    const { X, y } = simulate(2000, 5);
    const light = trainLogistic(X, y, { lambda: 1 }).serialize();
    const heavy = trainLogistic(X, y, { lambda: 5000 }).serialize();
    expect(Math.abs(heavy.weights[1]!)).toBeLessThan(Math.abs(light.weights[1]!) / 2);
    const again = restoreLogistic(JSON.parse(JSON.stringify(light)));
    expect(again.predict([[7, 2, 0.1]])).toEqual(trainLogistic(X, y, { lambda: 1 }).predict([[7, 2, 0.1]]));
  });

  it('holds an input far beyond its training range at the edge of that range instead of extrapolating', () => {
    // Synthetic: a is drawn from 0–10 in training; 1,000 is nowhere near it.
    const { X, y } = simulate(3000, 6);
    const m = trainLogistic(X, y, { lambda: 1 });
    const s = m.serialize();
    expect(s.upper![0]!).toBeGreaterThan(9.9);
    expect(s.upper![0]!).toBeLessThan(10);
    const [edge, far] = m.predict([
      [s.upper![0]!, 2, 0.5],
      [1000, 2, 0.5],
    ]);
    expect(far).toBe(edge);
    expect(far!).toBeLessThan(0.99);
    // A model saved before clipping existed still restores and predicts (no bounds: inputs used as given).
    const { lower: _l, upper: _u, ...old } = s;
    void _l;
    void _u;
    expect(restoreLogistic(old).predict([[1000, 2, 0.5]])[0]!).toBeGreaterThan(far!);
  });
});
