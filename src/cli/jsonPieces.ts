// A pretty-printed JSON document whose last member is a long list, as pieces that concatenate to exactly
// `JSON.stringify({ ...head, [key]: items }, null, 2)`. Each item is stringified on its own at the depth
// it has in the document: V8 builds a long stringify result as a tree of parts, and flattening one of
// many megabytes (to encode and write it) costs more than the stringify itself; an item's text is small.

const OPEN = '{\n  "x": [\n'.length;
const CLOSE = '\n  ]\n}'.length;

/** One item as it reads inside the document's list (indented two levels), without its separator. */
export function listItemJson(item: unknown): string {
  const text = JSON.stringify({ x: [item] }, null, 2);
  return text.slice(OPEN, text.length - CLOSE);
}

export async function* jsonListDocumentPieces(head: Record<string, unknown>, key: string, items: AsyncIterable<unknown> | Iterable<unknown>): AsyncGenerator<string> {
  let first = true;
  for await (const item of items) {
    const piece = listItemJson(item);
    if (!first) {
      yield ',\n' + piece;
      continue;
    }
    first = false;
    // The document up to the first item: stringified with a one-item list, cut before the item.
    const marker = '\n    0\n  ]\n}';
    const whole = JSON.stringify({ ...head, [key]: [0] }, null, 2);
    yield whole.slice(0, whole.length - marker.length + 1) + piece;
  }
  yield first ? JSON.stringify({ ...head, [key]: [] }, null, 2) : '\n  ]\n}';
}

/**
 * A whole object document in pieces that concatenate to exactly `JSON.stringify(doc, null, 2)`: each
 * list member an item at a time, each other member on its own. For a document with several long lists
 * (the visit programme's contacts), where no single list comes last.
 */
export function* jsonDocumentPieces(doc: Record<string, unknown>): Generator<string> {
  // Members JSON.stringify leaves out of an object.
  const members = Object.entries(doc).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  if (members.length === 0) return yield '{}';
  yield '{\n';
  for (let m = 0; m < members.length; m++) {
    const [key, value] = members[m]!;
    if (Array.isArray(value) && value.length > 0) {
      yield `  ${JSON.stringify(key)}: [\n`;
      for (let i = 0; i < value.length; i++) yield (i ? ',\n' : '') + listItemJson(value[i]);
      yield '\n  ]';
    } else {
      const text = JSON.stringify({ [key]: value }, null, 2);
      yield text.slice(0, text.length - 2).slice(2);
    }
    yield m < members.length - 1 ? ',\n' : '\n';
  }
  yield '}';
}
