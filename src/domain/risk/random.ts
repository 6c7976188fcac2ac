// Seeded randomness so a backtest is repeatable: the same seed gives the same folds and the same report.

/** mulberry32: small, fast, good enough for shuffling folds (not for cryptography). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: readonly T[], rand: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Assign each item to one of k folds, stratified by `stratum` (e.g. outcome × phase) so every fold has a
 * similar mix. Items are schools, one row each, so the split is grouped by school by construction.
 */
export function stratifiedFolds<T>(items: readonly T[], k: number, stratum: (t: T) => string, seed: number): number[] {
  const rand = seededRandom(seed);
  const byStratum = new Map<string, number[]>();
  items.forEach((it, i) => {
    const key = stratum(it);
    const list = byStratum.get(key) ?? [];
    list.push(i);
    byStratum.set(key, list);
  });
  const fold = new Array<number>(items.length).fill(0);
  let offset = 0;
  for (const key of [...byStratum.keys()].sort()) {
    shuffle(byStratum.get(key)!, rand).forEach((idx, j) => {
      fold[idx] = (j + offset) % k;
    });
    offset += byStratum.get(key)!.length;
  }
  return fold;
}
