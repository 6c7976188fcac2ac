import { describe, expect, it } from 'vitest';
import { distribution, EXCLUDED, LEFT, movement, NEW, NO_DISTRICT, NOT_SET, transitions } from './overview.js';
import { entry, school } from './test-fixtures.js';
import type { RoundEntry } from './types.js';

const e = (urn: number, category: string | null, over: Partial<RoundEntry> & { district?: string | null; phase?: string } = {}) => {
  const { district = 'North', phase = 'primary', ...rest } = over;
  return entry({ state: 'confirmed', category, school: school({ urn, name: `School ${urn}`, district, phase }), ...rest });
};

describe('distribution', () => {
  const entries = [e(1, 'A'), e(2, 'B'), e(3, 'B', { district: 'South', phase: 'secondary' }), e(4, null, { district: null }), e(5, 'D', { state: 'excluded', reason: 'Closed', district: 'South' })];

  it('counts categories by district in policy order, with unplaced and excluded schools shown', () => {
    const d = distribution(entries, 'district');
    expect(d.columns).toEqual(['A', 'B', 'C', 'D', NOT_SET, EXCLUDED]);
    expect(d.rows.map((r) => r.group)).toEqual(['North', 'South', NO_DISTRICT]);
    expect(d.rows[0].counts).toEqual({ A: 1, B: 1, C: 0, D: 0, [NOT_SET]: 0, [EXCLUDED]: 0 });
    expect(d.rows[1]).toMatchObject({ total: 2, counts: { B: 1, [EXCLUDED]: 1, D: 0 } });
    expect(d.totals).toMatchObject({ A: 1, B: 2, [NOT_SET]: 1, [EXCLUDED]: 1 });
    expect(d.total).toBe(5);
  });

  it('counts by phase', () => {
    const d = distribution(entries, 'phase');
    expect(d.rows.map((r) => [r.group, r.total])).toEqual([['primary', 4], ['secondary', 1]]);
  });

  it('is empty for no entries', () => {
    expect(distribution([], 'phase')).toEqual({ by: 'phase', columns: [], rows: [], totals: {}, total: 0 });
  });
});

describe('transitions and movement', () => {
  const previous = [e(1, 'A'), e(2, 'B'), e(3, 'C'), e(4, 'D'), e(9, 'B')];
  const current = [e(1, 'A'), e(2, 'C'), e(3, 'B'), e(4, 'D'), e(5, 'B')];

  it('builds the A→B matrix including new and departed schools', () => {
    const t = transitions(previous, current);
    expect(t.from).toEqual(['A', 'B', 'C', 'D', NEW]);
    expect(t.to).toEqual(['A', 'B', 'C', 'D', LEFT]);
    expect(t.counts.B.C).toBe(1);
    expect(t.counts.C.B).toBe(1);
    expect(t.counts.A.A).toBe(1);
    expect(t.counts[NEW].B).toBe(1);
    expect(t.counts.B[LEFT]).toBe(1);
    expect(t.total).toBe(6);
    const sum = t.from.reduce((s, f) => s + t.to.reduce((x, c) => x + t.counts[f][c], 0), 0);
    expect(sum).toBe(6);
  });

  it('summarises movement up and down the policy order', () => {
    const m = movement(previous, current);
    expect(m.counts).toEqual({ 'more-concern': 1, 'less-concern': 1, same: 2, new: 1, left: 1, 'not-comparable': 0 });
    expect(m.schools.find((s) => s.urn === 2)).toMatchObject({ from: 'B', to: 'C', direction: 'more-concern' });
  });

  it('a change of policy or a missing category is not comparable, and shows its own codes', () => {
    const wales = [entry({ state: 'confirmed', category: 'amber', categoryCodes: ['green', 'yellow', 'amber', 'red'], school: school({ urn: 1, name: 'School 1' }) })];
    const m = movement([e(1, 'B'), e(2, null)], [...wales, e(2, 'B')]);
    expect(m.counts['not-comparable']).toBe(2);
    const t = transitions([e(1, 'B')], wales);
    expect(t.from).toEqual(['A', 'B', 'C', 'D']);
    expect(t.to).toEqual(['green', 'yellow', 'amber', 'red']);
    expect(t.counts.B.amber).toBe(1);
  });
});
