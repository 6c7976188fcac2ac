import { describe, expect, it } from 'vitest';
import { auc, brier, calibrationBins, captureInSubset, expectedCalibrationError, topK } from './metrics.js';

describe('auc', () => {
  const labels: (0 | 1)[] = [1, 1, 0, 0, 0];
  it('is 1 for a perfect ranking, 0 for a reversed one, 0.5 when every score ties', () => {
    expect(auc([5, 4, 3, 2, 1], labels)).toBe(1);
    expect(auc([1, 2, 3, 4, 5], labels)).toBe(0);
    expect(auc([1, 1, 1, 1, 1], labels)).toBe(0.5);
  });
  it('counts pairs by hand: positives at ranks 1 and 3 of 4 → 3 of 4 pairs ordered', () => {
    expect(auc([4, 3, 2, 1], [1, 0, 1, 0])).toBe(0.75);
  });
  it('is null when one class is missing', () => {
    expect(auc([1, 2], [1, 1])).toBeNull();
  });
});

describe('topK', () => {
  it('precision at 10% of 20 schools = positives among the riskiest 2', () => {
    const scores = Array.from({ length: 20 }, (_, i) => 20 - i);
    const labels = scores.map((_, i) => (i === 0 || i === 5 ? 1 : 0)) as (0 | 1)[];
    const r = topK(scores, labels, 0.1);
    expect(r.flagged).toBe(2);
    expect(r.precision).toBe(0.5);
    expect(r.recall).toBe(0.5);
  });
  it('splits a tie that straddles the cut pro rata (expected value over random tie-breaks)', () => {
    // 10 schools, one tie group of 4 at the top holding 2 positives; flag 2 → expect 1 positive.
    const r = topK([9, 9, 9, 9, 1, 1, 1, 1, 1, 1], [1, 1, 0, 0, 0, 0, 0, 0, 0, 0], 0.2);
    expect(r.truePositives).toBeCloseTo(1);
    expect(r.precision).toBeCloseTo(0.5);
  });
});

describe('captureInSubset', () => {
  it('counts subset positives that fall in the riskiest share', () => {
    const scores = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    const labels: (0 | 1)[] = [1, 0, 0, 0, 1, 0, 0, 0, 0, 1];
    const subset = [true, false, false, false, true, false, false, false, false, true];
    const r = captureInSubset(scores, labels, subset, 0.1);
    expect(r.positives).toBe(3);
    expect(r.captured).toBeCloseTo(1 / 3);
  });
});

describe('calibration', () => {
  it('Brier is 0 for certain correct forecasts and 0.25 for coin flips', () => {
    expect(brier([1, 0], [1, 0])).toBe(0);
    expect(brier([0.5, 0.5], [1, 0])).toBe(0.25);
  });
  it('bins hold equal counts and a perfectly calibrated forecaster has no error', () => {
    const probs = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
    const labels = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0] as (0 | 1)[];
    const bins = calibrationBins(probs, labels, 2);
    expect(bins.map((b) => b.n)).toEqual([10, 10]);
    expect(bins[0]!.observedRate).toBeCloseTo(0.1);
    expect(bins[1]!.observedRate).toBeCloseTo(0.5);
    expect(expectedCalibrationError(bins)).toBeCloseTo(0);
  });
});
