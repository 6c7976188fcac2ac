// Many rows as one statement: each column travels as one array parameter and `unnest` turns the arrays
// back into rows, so a statement's text and parameter count stay the same however many rows it writes.
// Building a multi-row VALUES list cost drizzle a check per value and the database a parse of thousands of
// parameters; this costs neither, on PGlite and on PostgreSQL alike.
import { sql, type SQL } from 'drizzle-orm';

/** A column: its values in row order, and the PostgreSQL type of one element ('int', 'text', 'float8'…). */
export type UnnestColumn = readonly [values: readonly unknown[], elementType: string];

/**
 * `unnest($1::int[], $2::text[], …) as alias(name, …)`, for `insert … select … from` or a join; with `ordinal`,
 * also a column of that name numbering the rows from 1 (to keep the caller's order through joins).
 */
export function unnestRows(alias: string, columns: Record<string, UnnestColumn>, ordinal?: string): SQL {
  const names = Object.keys(columns);
  const arrays = names.map((n) => {
    const [values, type] = columns[n];
    return sql`${sql.param(values)}::${sql.raw(type)}[]`;
  });
  const ordinality = ordinal ? sql.raw(' with ordinality') : sql``;
  return sql`unnest(${sql.join(arrays, sql`, `)})${ordinality} as ${sql.raw(alias)}(${sql.raw([...names, ...(ordinal ? [ordinal] : [])].join(', '))})`;
}

/** Slices of at most `size` items: a national organisation's file stays a handful of statements. */
export function* chunks<T>(rows: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}
