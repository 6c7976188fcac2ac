import { describe, expect, it } from 'vitest';
import { orientedPercentile, percentileRank, quantile, quartile, quintile, sortValues } from './ranking.js';

describe('percentile ranks', () => {
  const sorted = sortValues([5, 1, 3, 3, 9, Number.NaN]);

  it('drops non-numbers and sorts', () => {
    expect(sorted).toEqual([1, 3, 3, 5, 9]);
  });

  it('gives tied values one mid-rank', () => {
    // below 3: one value; equal: two → (1 + 1) / 5
    expect(percentileRank(sorted, 3)).toBeCloseTo(40);
    expect(percentileRank(sorted, 1)).toBeCloseTo(10);
    expect(percentileRank(sorted, 9)).toBeCloseTo(90);
    expect(percentileRank(sorted, 100)).toBe(100);
    expect(percentileRank([], 1)).toBeNull();
  });

  it('maps percentiles to quintiles and quartiles at the boundaries', () => {
    expect([0, 19.9, 20, 59.9, 80, 100].map(quintile)).toEqual([1, 1, 2, 3, 5, 5]);
    expect([0, 24.9, 25, 74.9, 75, 100].map(quartile)).toEqual([1, 1, 2, 3, 4, 4]);
  });

  it('interpolates quantiles and orients percentiles to "higher is better"', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([], 0.5)).toBeNull();
    expect(orientedPercentile(30, false)).toBe(70);
    expect(orientedPercentile(30, true)).toBe(30);
    expect(orientedPercentile(30, null)).toBe(30);
  });
});
