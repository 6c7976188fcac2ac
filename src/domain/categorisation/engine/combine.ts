// Turns dimension values into the category: the highest concern, a one-dimension map, or a matrix
// (Wales: standards group × capacity to improve). A missing side of a matrix leaves the category open
// and says which categories are still possible.
import { dimensionCodes } from '../policy/parse.js';
import type { Combination, Policy } from '../policy/schema.js';

export interface Combined {
  category: string | null;
  possible: string[];
  notes: string[];
  /** Set when the combination itself could not be completed. */
  incomplete: boolean;
}

const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => x !== null))];

export function combine(policy: Policy, combination: Combination, values: Map<string, string>): Combined {
  if (combination.kind === 'highest-concern') {
    const lowest = dimensionCodes(policy, 'category')?.[0] ?? null;
    return { category: values.get('category') ?? lowest, possible: [], notes: [], incomplete: false };
  }
  if (combination.kind === 'best-fit') throw new Error('best-fit is combined by bestFit(), which needs each rule\'s answer');
  if (combination.kind === 'map') {
    const v = values.get(combination.dimension);
    if (v === undefined)
      return { category: null, possible: uniq(Object.values(combination.map)), notes: [`${label(policy, combination.dimension)} not determined.`], incomplete: true };
    return { category: combination.map[v], possible: [], notes: [`${label(policy, combination.dimension)} ${v} → ${combination.map[v]}.`], incomplete: false };
  }
  const row = values.get(combination.rows);
  const col = values.get(combination.columns);
  const rows = dimensionCodes(policy, combination.rows) ?? [];
  const cols = dimensionCodes(policy, combination.columns) ?? [];
  const rowName = label(policy, combination.rows);
  const colName = label(policy, combination.columns);
  if (row !== undefined && col !== undefined) {
    const cell = combination.cells[row]?.[col] ?? null;
    if (cell === null)
      return {
        category: null,
        possible: uniq([...cols.map((c) => combination.cells[row]?.[c] ?? null), ...rows.map((r) => combination.cells[r]?.[col] ?? null)]),
        notes: [`${rowName} ${row} with ${colName} ${col} is not an expected combination: the category must be moderated.`],
        incomplete: true,
      };
    return { category: cell, possible: [], notes: [`${rowName} ${row} × ${colName} ${col} → ${cell}.`], incomplete: false };
  }
  const possible =
    row !== undefined
      ? uniq(cols.map((c) => combination.cells[row]?.[c] ?? null))
      : col !== undefined
        ? uniq(rows.map((r) => combination.cells[r]?.[col] ?? null))
        : uniq(rows.flatMap((r) => cols.map((c) => combination.cells[r]?.[c] ?? null)));
  const missing = [row === undefined ? rowName : null, col === undefined ? colName : null].filter(Boolean).join(' and ');
  return {
    category: null,
    possible,
    notes: [`${missing} not determined: the category is provisional until it is.`],
    incomplete: true,
  };
}

function label(policy: Policy, dim: string): string {
  return dim === 'category' ? 'Category' : (policy.dimensions.find((d) => d.id === dim)?.label ?? dim);
}
