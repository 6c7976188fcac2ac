// Evidence gaps as an officer reads them: the measure's label, its year once, and one row per gap however
// many rules share it (the same missing measure used to be listed once for every rule that reads it).
import type { MissingEvidence } from '../categorisation/result-types.js';

export interface GapRow {
  what: string;
  reason: string;
  rules: string[];
  actions: string[];
}

export function gapRows(missing: readonly MissingEvidence[], label: (code: string) => string): GapRow[] {
  const rows = new Map<string, GapRow>();
  for (const m of missing) {
    const action = `${m.policyAction}${m.heldAt ? ` (held at least ${m.heldAt})` : ''}`;
    for (const g of m.gaps) {
      // A gap's own text may already carry the code and the year ("ks2.rwm_expected_pct 2023/24").
      const base = g.measure ? g.what.replace(g.measure, label(g.measure)) : g.what;
      const what = g.academicYear && !base.includes(g.academicYear) ? `${base}, ${g.academicYear}` : base;
      const key = `${what}\u0000${g.reason}`;
      const row = rows.get(key) ?? { what, reason: g.reason, rules: [], actions: [] };
      const rule = m.ruleId ?? 'General';
      if (!row.rules.includes(rule)) row.rules.push(rule);
      if (!row.actions.includes(action)) row.actions.push(action);
      rows.set(key, row);
    }
  }
  return [...rows.values()];
}
