// The round overview: categories by district or phase, and movement since the last round.
import type { RoundEntry } from './types.js';

/** Column keys for schools without a category, so totals always add up to the number of schools. */
export const NOT_SET = 'not set';
export const EXCLUDED = 'excluded';
/** Transition keys for schools only in one of the two rounds (opened, closed, converted away). */
export const NEW = 'new';
export const LEFT = 'left';
export const NO_DISTRICT = 'No district';

const key = (e: RoundEntry) => (e.state === 'excluded' ? EXCLUDED : (e.category ?? NOT_SET));

/** Policy order first, then any other codes seen (a previous policy's), then the special keys. */
function orderedKeys(entries: readonly RoundEntry[], seen: Set<string>, specials: string[]): string[] {
  const codes: string[] = [];
  for (const e of entries) for (const c of e.categoryCodes) if (!codes.includes(c)) codes.push(c);
  const extra = [...seen].filter((k) => !codes.includes(k) && !specials.includes(k)).sort();
  return [...codes, ...extra, ...specials.filter((k) => seen.has(k))];
}

export interface DistributionRow {
  group: string;
  counts: Record<string, number>;
  total: number;
}

export interface Distribution {
  by: 'district' | 'phase';
  columns: string[];
  rows: DistributionRow[];
  totals: Record<string, number>;
  total: number;
}

export function distribution(entries: readonly RoundEntry[], by: 'district' | 'phase'): Distribution {
  const seen = new Set(entries.map(key));
  const columns = orderedKeys(entries, seen, [NOT_SET, EXCLUDED]);
  const zero = () => Object.fromEntries(columns.map((c) => [c, 0])) as Record<string, number>;
  const groups = new Map<string, DistributionRow>();
  const totals = zero();
  for (const e of entries) {
    const g = by === 'district' ? (e.school.district ?? NO_DISTRICT) : e.school.phase;
    const row = groups.get(g) ?? { group: g, counts: zero(), total: 0 };
    row.counts[key(e)] += 1;
    row.total += 1;
    totals[key(e)] += 1;
    groups.set(g, row);
  }
  const rows = [...groups.values()].sort((a, b) => Number(a.group === NO_DISTRICT) - Number(b.group === NO_DISTRICT) || a.group.localeCompare(b.group));
  return { by, columns, rows, totals, total: entries.length };
}

export interface TransitionMatrix {
  /** Row keys: the previous round's categories, then NEW for schools not in it. */
  from: string[];
  /** Column keys: the current round's categories, then LEFT for schools no longer in it. */
  to: string[];
  counts: Record<string, Record<string, number>>;
  total: number;
}

function pairs(previous: readonly RoundEntry[], current: readonly RoundEntry[]) {
  const prev = new Map(previous.map((e) => [e.school.urn, e]));
  const cur = new Map(current.map((e) => [e.school.urn, e]));
  const out: { urn: number; name: string; from: string; to: string; prev?: RoundEntry; cur?: RoundEntry }[] = [];
  for (const e of current) {
    const p = prev.get(e.school.urn);
    out.push({ urn: e.school.urn, name: e.school.name, from: p ? key(p) : NEW, to: key(e), prev: p, cur: e });
  }
  for (const p of previous) if (!cur.has(p.school.urn)) out.push({ urn: p.school.urn, name: p.school.name, from: key(p), to: LEFT, prev: p });
  return out;
}

export function transitions(previous: readonly RoundEntry[], current: readonly RoundEntry[]): TransitionMatrix {
  const all = pairs(previous, current);
  const from = orderedKeys(previous, new Set(all.map((p) => p.from)), [NOT_SET, EXCLUDED, NEW]);
  const to = orderedKeys(current, new Set(all.map((p) => p.to)), [NOT_SET, EXCLUDED, LEFT]);
  const counts: TransitionMatrix['counts'] = Object.fromEntries(from.map((f) => [f, Object.fromEntries(to.map((t) => [t, 0]))]));
  for (const p of all) counts[p.from][p.to] += 1;
  return { from, to, counts, total: all.length };
}

export type Direction = 'more-concern' | 'less-concern' | 'same' | 'new' | 'left' | 'not-comparable';

export interface Movement {
  counts: Record<Direction, number>;
  schools: { urn: number; name: string; from: string; to: string; direction: Direction }[];
}

/**
 * Direction is read on the current policy's order. A code the current policy does not have (a round
 * under another policy) or a school without a category cannot be said to have moved up or down.
 */
export function movement(previous: readonly RoundEntry[], current: readonly RoundEntry[]): Movement {
  const counts: Record<Direction, number> = { 'more-concern': 0, 'less-concern': 0, same: 0, new: 0, left: 0, 'not-comparable': 0 };
  const schools: Movement['schools'] = [];
  for (const p of pairs(previous, current)) {
    let direction: Direction;
    if (p.from === NEW) direction = 'new';
    else if (p.to === LEFT) direction = 'left';
    else {
      const codes = p.cur?.categoryCodes ?? [];
      const a = codes.indexOf(p.from);
      const b = codes.indexOf(p.to);
      direction = a < 0 || b < 0 ? 'not-comparable' : b > a ? 'more-concern' : b < a ? 'less-concern' : 'same';
    }
    counts[direction] += 1;
    schools.push({ urn: p.urn, name: p.name, from: p.from, to: p.to, direction });
  }
  schools.sort((a, b) => a.name.localeCompare(b.name) || a.urn - b.urn);
  return { counts, schools };
}
