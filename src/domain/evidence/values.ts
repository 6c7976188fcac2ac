// Reading one published cell. DfE and Ofsted files mix numbers with status tokens; a token says *why*
// a value is absent, and that reason must survive (a suppressed figure is not a zero, and a measure
// that did not exist that year is not a missing return).
import { RowError } from './layout.js';
import type { ValueStatus } from './types.js';

export interface ParsedCell {
  value: number | null;
  status: ValueStatus;
}

export interface CellToken {
  token: string;
  status: Exclude<ValueStatus, 'ok' | 'missing'>;
  /** Where the token occurs, so a reviewer can check the mapping against the publisher's guidance. */
  where: string;
}

/**
 * Every non-numeric token we accept. Matching is exact (after trimming): the publishers use case to
 * distinguish conventions (EES lower-case `c`/`x`/`z`/`u` versus performance-tables upper-case codes).
 */
export const CELL_TOKENS: readonly CellToken[] = [
  // Performance tables (KS2, KS4, absence, destinations): small cohorts withheld; seen throughout datasets/.
  { token: 'SUPP', status: 'suppressed', where: 'DfE performance tables: value withheld because the group is small' },
  // Explore Education Statistics (EES) and newer DfE CSVs: confidential / disclosive.
  { token: 'c', status: 'suppressed', where: 'EES open data: confidential (disclosure control)' },
  // Older DfE statistical-release CSVs and some EES tables: not shown for disclosure reasons.
  { token: 'x', status: 'suppressed', where: 'DfE statistical releases (pre-EES): not shown to protect confidentiality' },
  // KS4 destinations: "small percentage" — a non-zero share below 0.5%, shown as SP instead of a number.
  { token: 'SP', status: 'suppressed', where: 'KS4/16-18 destination measures: small percentage (below 0.5%)' },
  // Performance tables: no pupils entered / no eligible pupils (e.g. KS4 special schools with no GCSE entries).
  { token: 'NE', status: 'no_entries', where: 'DfE performance tables: no entries / no eligible pupils' },
  // Performance tables and census: measure does not apply to this school (independent schools, nurseries, P8 in 2024/25 files).
  { token: 'NA', status: 'not_applicable', where: 'DfE performance tables and census: not applicable to this school or year' },
  // EES: not applicable (the cell cannot logically hold a value).
  { token: 'z', status: 'not_applicable', where: 'EES open data: not applicable' },
  // Performance tables: progress measure not shown because fewer than half the pupils have prior attainment.
  { token: 'LOWCOV', status: 'low_coverage', where: 'KS2 progress / KS4 Progress 8: low coverage of prior attainment' },
  // EES: estimate of low reliability.
  { token: 'u', status: 'low_coverage', where: 'EES open data: low reliability' },
  // Performance tables: not published (e.g. P8 for independent schools, groups not reported for the school type).
  { token: 'NP', status: 'not_published', where: 'DfE performance tables: not published' },
  // Performance tables: school did not submit data (e.g. teacher assessments, census returns).
  { token: 'DNS', status: 'not_published', where: 'DfE performance tables: did not submit' },
  // EES: not available (the figure was not collected or not published for that period).
  { token: ':', status: 'not_published', where: 'EES open data: not available' },
];

const TOKEN_STATUS: ReadonlyMap<string, CellToken['status']> = new Map(CELL_TOKENS.map((t) => [t.token, t.status]));

// Thousands separators are only accepted in proper groups of three, so "1,5" (a European decimal) is
// rejected rather than read as 15.
// A trailing point ("5.") is never published: it is what a value cut short ("5.3") leaves.
const PLAIN = /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)$/;
const GROUPED = /^[+-]?\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?$/;

/** Parse one published cell. Throws RowError naming the value when it is neither a number nor a known token. */
export function parseCell(raw: string): ParsedCell {
  const text = raw.trim();
  if (text === '') return { value: null, status: 'missing' };
  const status = TOKEN_STATUS.get(text);
  if (status) return { value: null, status };

  // Percentages are published as "87%" in some years and "87" in others; the measure's unit says what it is.
  const body = text.endsWith('%') ? text.slice(0, -1).trimEnd() : text;
  let digits: string | null = null;
  if (PLAIN.test(body)) digits = body;
  else if (GROUPED.test(body)) digits = body.replace(/[, ]/g, '');
  if (digits !== null) {
    const value = Number(digits);
    if (Number.isFinite(value)) return { value, status: 'ok' };
  }
  throw new RowError(`unrecognised value ${JSON.stringify(raw)}`);
}

/** parseCell for a named column: the error names the column as well as the value. */
export function parseColumn(row: Record<string, string>, column: string): ParsedCell & { raw: string } {
  const raw = row[column] ?? '';
  try {
    return { ...parseCell(raw), raw };
  } catch (err) {
    if (err instanceof RowError) throw new RowError(`column ${column}: ${err.message}`);
    throw err;
  }
}
