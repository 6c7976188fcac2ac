// Category movement between confirmed rounds (issue 17): how many schools went from each category to
// each other one, per district, and how the highest category's share changed. Pure over the rounds'
// entries; schools new to a round or missing from it are counted apart, never dropped silently.
export interface RoundEntries {
  id: number;
  label: string;
  asOf: string;
  /** URN → category code (null: no category, e.g. excluded). */
  categories: ReadonlyMap<number, string | null>;
}

export interface Transition {
  from: string;
  to: string;
  schools: number;
}

export interface MovementTable {
  fromRound: string;
  toRound: string;
  codes: string[];
  /** counts[from][to]; 'none' where a school was not in one of the rounds. */
  counts: Record<string, Record<string, number>>;
  improved: number;
  declined: number;
  same: number;
  /** Schools in only one of the two rounds. */
  joined: number;
  left: number;
}

/**
 * The transition table between two rounds over the given schools. `order` is the policy's category
 * order (higher is more concern), so a move to a lower order is an improvement.
 */
export function movement(a: RoundEntries, b: RoundEntries, urns: Iterable<number>, order: ReadonlyMap<string, number>): MovementTable {
  const codes = [...order.keys()].sort((x, y) => order.get(x)! - order.get(y)!);
  const counts: Record<string, Record<string, number>> = {};
  for (const f of [...codes, 'none']) counts[f] = Object.fromEntries([...codes, 'none'].map((t) => [t, 0]));
  const out: MovementTable = { fromRound: a.label, toRound: b.label, codes, counts, improved: 0, declined: 0, same: 0, joined: 0, left: 0 };
  for (const urn of urns) {
    const inA = a.categories.has(urn);
    const inB = b.categories.has(urn);
    if (!inA && !inB) continue;
    const from = (inA ? a.categories.get(urn) : null) ?? 'none';
    const to = (inB ? b.categories.get(urn) : null) ?? 'none';
    counts[from] ??= {};
    counts[from]![to] = (counts[from]![to] ?? 0) + 1;
    if (!inA) out.joined += 1;
    else if (!inB) out.left += 1;
    else if (from !== 'none' && to !== 'none') {
      const d = order.get(to)! - order.get(from)!;
      if (d < 0) out.improved += 1;
      else if (d > 0) out.declined += 1;
      else out.same += 1;
    }
  }
  return out;
}

/** Schools in the highest category in each round, for the trend of high concern. */
export function highConcernByRound(rounds: readonly RoundEntries[], urns: ReadonlySet<number>, highest: string): { round: string; asOf: string; schools: number; of: number }[] {
  return rounds.map((r) => {
    let n = 0;
    let of = 0;
    for (const [urn, code] of r.categories) {
      if (!urns.has(urn)) continue;
      of += 1;
      if (code === highest) n += 1;
    }
    return { round: r.label, asOf: r.asOf, schools: n, of };
  });
}
