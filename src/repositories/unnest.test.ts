import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { chunks, unnestRows } from './unnest.js';

const render = (q: ReturnType<typeof sql>) => new PgDialect().sqlToQuery(q);

describe('unnestRows', () => {
  it('sends each column as one array parameter, however many rows', () => {
    const q = render(sql`select * from ${unnestRows('r', { urn: [[1, 2, 3], 'int'], raw: [['x', null, 'NULL'], 'text'] })}`);
    expect(q.sql).toBe('select * from unnest($1::int[], $2::text[]) as r(urn, raw)');
    expect(q.params).toEqual([
      [1, 2, 3],
      ['x', null, 'NULL'],
    ]);
  });

  it('numbers the rows when asked, to keep their order through a join', () => {
    const q = render(sql`${unnestRows('r', { urn: [[7], 'int'] }, 'n')}`);
    expect(q.sql).toBe('unnest($1::int[]) with ordinality as r(urn, n)');
  });
});

describe('chunks', () => {
  it('slices in order, the last slice shorter, nothing lost', () => {
    expect([...chunks([1, 2, 3, 4, 5], 2)]).toEqual([[1, 2], [3, 4], [5]]);
    expect([...chunks([], 2)]).toEqual([]);
  });
});
