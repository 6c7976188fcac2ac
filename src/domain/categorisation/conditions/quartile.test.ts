// quartileOf counts a school's standing by binary search over a sorted copy of the LA distribution
// (cached per distribution array); it must give exactly what counting over the whole array gives.
// SYNTHETIC distributions (fuzz): unsorted, with ties, negatives and repeated calls on one array.
import { describe, expect, it } from 'vitest';
import { quartileOf } from './measures.js';

function naive(value: number, all: number[], direction: 'higher' | 'lower') {
  const worse = all.filter((v) => (direction === 'higher' ? v < value : v > value)).length;
  const equal = all.filter((v) => v === value).length;
  const p = (worse + 0.5 * equal) / all.length;
  return { quartile: p < 0.25 ? 'lower' : p < 0.5 ? 'lower-middle' : p < 0.75 ? 'upper-middle' : 'upper', percentile: Math.round(p * 100) };
}

describe('quartileOf', () => {
  it('matches a full count for values in, between and outside unsorted distributions with ties', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 200; trial++) {
      const n = 4 + Math.floor(random() * 60);
      const all = Array.from({ length: n }, () => Math.round((random() * 20 - 5) * 2) / 2);
      for (const value of [...all, -10, 30, 0.25, all[0]! + 0.1]) {
        for (const direction of ['higher', 'lower'] as const) expect(quartileOf(value, all, direction)).toEqual(naive(value, all, direction));
      }
    }
  });

  it('reads the distribution as given, not as it was sorted on an earlier call', () => {
    const all = [5, 1, 4, 2, 3];
    expect(quartileOf(2, all, 'higher')).toEqual(naive(2, all, 'higher'));
    all.push(0, 0, 0);
    expect(quartileOf(2, all, 'higher')).toEqual(naive(2, all, 'higher'));
  });
});
