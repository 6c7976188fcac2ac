import { describe, expect, it } from 'vitest';
import { applyPlatt, fitPlatt, logit, sigmoid } from './calibration.js';
import { seededRandom } from './random.js';

describe('Platt scaling', () => {
  it('recovers an over-confident score: true p = sigmoid(0.5·logit(raw))', () => {
    const rand = seededRandom(7);
    const raw: number[] = [];
    const labels: (0 | 1)[] = [];
    for (let i = 0; i < 20000; i++) {
      const r = 0.02 + 0.96 * rand();
      raw.push(r);
      labels.push(rand() < sigmoid(0.5 * logit(r)) ? 1 : 0);
    }
    const p = fitPlatt(raw, labels);
    expect(p.a).toBeCloseTo(0.5, 1);
    expect(p.b).toBeCloseTo(0, 1);
    expect(applyPlatt(p, 0.9)).toBeLessThan(0.9);
  });
  it('refuses a fold with one outcome only', () => {
    expect(() => fitPlatt([0.2, 0.4], [0, 0])).toThrow();
  });
});
