// Seeded bootstrap confidence intervals for the backtest's ranking figures. Schools are resampled with
// replacement and every scorer is measured on the *same* resample, so the interval of a difference
// (model minus baseline) is paired: it says whether the model's lead survives sampling noise.
import { auc, quantile, topK } from './metrics.js';
import { seededRandom } from './random.js';

export type Interval = [number, number];

export interface BootstrapResult {
  draws: number;
  /** Per scorer, in the order given. Null where a resample left one outcome class empty every time. */
  scorers: { auc: Interval | null; precision10: Interval | null; recall10: Interval | null }[];
  /** Per scorer, the paired interval of (first scorer − this scorer); null for the first scorer itself. */
  diffVsFirst: ({ auc: Interval | null; recall10: Interval | null } | null)[];
}

function interval(xs: number[], level: number): Interval | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return [quantile(s, tail), quantile(s, 1 - tail)];
}

/**
 * Percentile intervals (default 95%) of AUC and of precision and capture in the riskiest 10%, for each of
 * several scorers over the same outcomes. Every scorer must score every outcome (fill gaps first).
 */
export function bootstrapRanking(
  scorers: readonly (readonly number[])[],
  labels: readonly (0 | 1)[],
  opts: { draws?: number; seed: number; level?: number },
): BootstrapResult {
  const draws = opts.draws ?? 200;
  const level = opts.level ?? 0.95;
  const n = labels.length;
  for (const s of scorers) if (s.length !== n) throw new Error('every scorer must score every outcome');
  const rand = seededRandom(opts.seed);
  const acc = scorers.map(() => ({ auc: [] as number[], p10: [] as number[], r10: [] as number[] }));
  const diff = scorers.map(() => ({ auc: [] as number[], r10: [] as number[] }));
  const idx = new Array<number>(n);
  for (let d = 0; d < draws; d++) {
    for (let i = 0; i < n; i++) idx[i] = Math.floor(rand() * n);
    const y = idx.map((i) => labels[i]!);
    const per = scorers.map((s) => {
      const x = idx.map((i) => s[i]!);
      const t = topK(x, y, 0.1);
      return { auc: auc(x, y), p10: t.precision, r10: t.recall };
    });
    per.forEach((m, k) => {
      if (m.auc != null) acc[k]!.auc.push(m.auc);
      if (m.p10 != null) acc[k]!.p10.push(m.p10);
      if (m.r10 != null) acc[k]!.r10.push(m.r10);
      const first = per[0]!;
      if (k > 0 && first.auc != null && m.auc != null) diff[k]!.auc.push(first.auc - m.auc);
      if (k > 0 && first.r10 != null && m.r10 != null) diff[k]!.r10.push(first.r10 - m.r10);
    });
  }
  return {
    draws,
    scorers: acc.map((a) => ({ auc: interval(a.auc, level), precision10: interval(a.p10, level), recall10: interval(a.r10, level) })),
    diffVsFirst: diff.map((dd, k) => (k === 0 ? null : { auc: interval(dd.auc, level), recall10: interval(dd.r10, level) })),
  };
}
