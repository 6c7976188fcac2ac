import { describe, expect, it } from 'vitest';
import { bootstrapRanking } from './bootstrap.js';
import { seededRandom } from './random.js';

// Synthetic outcomes (a fuzz-style check of the interval maths, not a claim about schools).
function synthetic(n: number, seed: number) {
  const rand = seededRandom(seed);
  const labels: (0 | 1)[] = [];
  const strong: number[] = [];
  const noise: number[] = [];
  for (let i = 0; i < n; i++) {
    const y = rand() < 0.2 ? 1 : 0;
    labels.push(y);
    strong.push(y + rand() * 1.2);
    noise.push(rand());
  }
  return { labels, strong, noise };
}

describe('bootstrapRanking', () => {
  it('gives intervals that contain the full-sample AUC and a paired difference that excludes zero for a real lead', () => {
    const { labels, strong, noise } = synthetic(600, 3);
    const r = bootstrapRanking([strong, noise], labels, { seed: 1, draws: 150 });
    const [lo, hi] = r.scorers[0]!.auc!;
    expect(lo).toBeLessThan(hi);
    expect(lo).toBeGreaterThan(0.75);
    const [nlo, nhi] = r.scorers[1]!.auc!;
    expect(nlo).toBeLessThan(0.5);
    expect(nhi).toBeGreaterThan(0.5);
    expect(r.diffVsFirst[0]).toBeNull();
    expect(r.diffVsFirst[1]!.auc![0]).toBeGreaterThan(0);
    expect(r.scorers[0]!.recall10![1]).toBeLessThanOrEqual(1);
  });

  it('is repeatable with the same seed and the paired difference of a scorer with itself is zero', () => {
    const { labels, strong } = synthetic(300, 9);
    const a = bootstrapRanking([strong, strong], labels, { seed: 5, draws: 50 });
    const b = bootstrapRanking([strong, strong], labels, { seed: 5, draws: 50 });
    expect(a).toEqual(b);
    expect(a.diffVsFirst[1]!.auc).toEqual([0, 0]);
  });

  it('refuses scorers that leave outcomes unscored', () => {
    expect(() => bootstrapRanking([[1, 2]], [1, 0, 1], { seed: 1 })).toThrow(/every outcome/);
  });
});
