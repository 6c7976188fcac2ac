import { describe, expect, it } from 'vitest';
import { jsonDocumentPieces, jsonListDocumentPieces, listItemJson } from './jsonPieces.js';

async function whole(head: Record<string, unknown>, key: string, items: unknown[]): Promise<{ text: string; pieces: number }> {
  const pieces: string[] = [];
  for await (const p of jsonListDocumentPieces(head, key, items)) pieces.push(p);
  return { text: pieces.join(''), pieces: pieces.length };
}

// Items shaped like a school's explanation: nesting, empty lists and objects, nulls, non-ASCII text,
// characters JSON escapes, and values JSON.stringify writes as null or leaves out.
const item = (i: number) => ({
  urn: 100000 + i,
  name: `School ${i} – “quoted” \\ "and" \n ${'é'.repeat(i % 3)}`,
  district: i % 2 ? null : 'Three Rivers',
  firedRules: i % 3 ? [] : [{ ruleId: 'r', evidence: [{ measure: 'ks2', value: i / 7, ok: true }], notes: {} }],
  gone: undefined,
  list: [undefined, () => 1, NaN, -0, 1e21],
  nested: { a: [[], [[i]]], b: { c: { d: 'deep' } } },
});

describe('a pretty-printed document written a list item at a time', () => {
  it('is exactly JSON.stringify of the whole document, for no, one and many items', async () => {
    const head = { policy: { id: 'p', version: 4, title: 'Levels of concern (A–D)' }, asOf: '2020-01-31' };
    for (const n of [0, 1, 2, 17]) {
      const items = Array.from({ length: n }, (_, i) => item(i));
      const { text, pieces } = await whole(head, 'schools', items);
      expect(text, `${n} items`).toBe(JSON.stringify({ ...head, schools: items }, null, 2));
      // One piece per item and the end: the items were not joined first.
      expect(pieces).toBe(n + 1);
    }
  });

  it('takes items from an async source, and a head with no other member', async () => {
    async function* source() {
      for (let i = 0; i < 5; i++) yield item(i);
    }
    const pieces: string[] = [];
    for await (const p of jsonListDocumentPieces({}, 'rows', source())) pieces.push(p);
    expect(pieces.join('')).toBe(JSON.stringify({ rows: Array.from({ length: 5 }, (_, i) => item(i)) }, null, 2));
  });

  it('indents one item as it sits two levels deep', () => {
    expect(listItemJson({ a: [1] })).toBe('    {\n      "a": [\n        1\n      ]\n    }');
    expect(listItemJson('x')).toBe('    "x"');
  });
});

describe('a pretty-printed object document written member by member', () => {
  it('is exactly JSON.stringify of the document, lists an item at a time', () => {
    const docs: Record<string, unknown>[] = [
      {},
      { only: undefined, fn: () => 1 },
      { year: '2026/27', n: 3, none: null, flag: false, categories: { kind: 'live', note: 'as of – “today”' }, empty: [], emptyObject: {} },
      { contacts: Array.from({ length: 9 }, (_, i) => item(i)), officers: [{ id: 1, name: 'A' }], gone: undefined, unassigned: [1, 2, undefined], last: 'x' },
      { contacts: [[[]], { a: [{}] }] },
    ];
    for (const doc of docs) {
      const pieces = [...jsonDocumentPieces(doc)];
      expect(pieces.join(''), JSON.stringify(Object.keys(doc))).toBe(JSON.stringify(doc, null, 2));
    }
    // The nine contacts were stringified one by one.
    expect([...jsonDocumentPieces(docs[3]!)].length).toBeGreaterThan(9);
  });
});
