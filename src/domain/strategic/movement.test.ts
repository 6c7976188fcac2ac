import { describe, expect, it } from 'vitest';
import { highConcernByRound, movement, type RoundEntries } from './movement.js';

// Real Hertfordshire URNs; the categories stand for two confirmed rounds of the Staffordshire 2014 policy (A–D).
const order = new Map([['A', 0], ['B', 1], ['C', 2], ['D', 3]]);
const autumn: RoundEntries = { id: 1, label: '2025/26 autumn', asOf: '2025-09-01', categories: new Map<number, string | null>([[117091, 'D'], [117092, 'C'], [117180, 'B'], [117552, 'D']]) };
const spring: RoundEntries = { id: 2, label: '2025/26 spring', asOf: '2026-01-05', categories: new Map<number, string | null>([[117091, 'C'], [117092, 'C'], [117180, 'D'], [117578, 'A']]) };

describe('category movement', () => {
  it('counts each transition, improvements, declines and schools joining or leaving', () => {
    const m = movement(autumn, spring, [117091, 117092, 117180, 117552, 117578], order);
    expect(m.counts.D!.C).toBe(1);
    expect(m.counts.C!.C).toBe(1);
    expect(m.counts.B!.D).toBe(1);
    expect(m.counts.D!.none).toBe(1);
    expect(m.counts.none!.A).toBe(1);
    expect(m).toMatchObject({ improved: 1, declined: 1, same: 1, joined: 1, left: 1 });
  });

  it('limits to a district’s schools', () => {
    const m = movement(autumn, spring, [117091], order);
    expect(m).toMatchObject({ improved: 1, declined: 0, same: 0 });
  });

  it('tracks the highest category round by round', () => {
    expect(highConcernByRound([autumn, spring], new Set([117091, 117092, 117180, 117552, 117578]), 'D')).toEqual([
      { round: '2025/26 autumn', asOf: '2025-09-01', schools: 2, of: 4 },
      { round: '2025/26 spring', asOf: '2026-01-05', schools: 1, of: 4 },
    ]);
  });
});
