// Streams a published CSV as header-keyed rows with their line numbers, applying the structural
// checks every importer needs: duplicate or missing columns, rows wider or narrower than the layout's
// real files allow, stray BOMs, unbalanced quotes, runaway records, and a file that stops part-way
// through its last record (a cut download).
import fs from 'node:fs';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import type { RaggedRows } from '../domain/evidence/layout.js';
import { detectEncoding, type EncodingInfo } from './encoding.js';
import { ImportRefused, type ImportProblem, type ProblemList } from './problems.js';

export interface CsvRow {
  line: number;
  cells: Record<string, string>;
}

export type { RaggedRows };

export interface CsvReadOptions {
  fileName: string;
  /** Columns that must all appear in the header. */
  requiredColumns?: readonly string[];
  /** Structural problems in rows are added here and the row is skipped; the caller refuses the import. */
  problems: ProblemList;
  /** Lines above the header that the caller removed (Ofsted's title line): added to every line reported. */
  lineOffset?: number;
}

export interface CsvFile {
  encoding: EncodingInfo;
  header: string[];
  /** The data rows, checked against the layout's row-width rule (known only once the header is read). */
  rows(raggedRows: RaggedRows): AsyncGenerator<CsvRow>;
}

/**
 * No real row is anywhere near this long (the widest, KS4 2024/25, is under 4 KB); an unclosed quote or a
 * binary file would otherwise make the parser hold the rest of the file as one field.
 */
export const MAX_RECORD_CHARS = 1_000_000;

export function missingColumns(header: string[], required: readonly string[]): string[] {
  const have = new Set(header);
  return required.filter((c) => !have.has(c));
}

async function endsWithLineBreak(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] === 0x0a || last[0] === 0x0d;
  } finally {
    await handle.close();
  }
}

type Parsed = { record: string[]; info: { lines: number } };

/**
 * The parser's records in order, then its error if it stopped on one. (A stream's own async iterator
 * rejects as soon as the error is emitted, dropping records parsed before it but not yet read — and then
 * the line of a broken quote depends on timing.) At most HIGH_WATER records are held before the parser is
 * paused, so memory stays bounded.
 */
function orderedRecords(parser: NodeJS.ReadableStream): { next(): Promise<IteratorResult<Parsed>> } {
  const HIGH_WATER = 1000;
  const queue: Parsed[] = [];
  let head = 0;
  let failure: { error: unknown } | null = null;
  let ended = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  parser.on('data', (r: Parsed) => {
    queue.push(r);
    if (queue.length - head >= HIGH_WATER) parser.pause();
    notify();
  });
  parser.on('error', (error: unknown) => {
    failure = { error };
    notify();
  });
  parser.on('end', () => {
    ended = true;
    notify();
  });
  return {
    async next(): Promise<IteratorResult<Parsed>> {
      while (true) {
        if (head < queue.length) {
          const value = queue[head++];
          if (head > HIGH_WATER) {
            queue.splice(0, head);
            head = 0;
          }
          if (parser.isPaused() && queue.length - head < HIGH_WATER / 2) parser.resume();
          return { value, done: false };
        }
        if (failure) throw (failure as { error: unknown }).error;
        if (ended) return { value: undefined, done: true };
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}

function parseFailure(e: unknown, startLine: number): ImportProblem {
  const err = e as Error & { code?: string; lines?: number };
  if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
    return {
      line: startLine,
      reason: `a quoted field that opens in the record starting on line ${startLine} is never closed (the file ends inside it${err.lines ? ` at line ${err.lines}` : ''}): an unbalanced quote, or was the file truncated?`,
    };
  }
  if (err.code === 'CSV_MAX_RECORD_SIZE') {
    return {
      line: startLine,
      reason: `the record starting on line ${startLine} runs past ${MAX_RECORD_CHARS.toLocaleString('en-GB')} characters: an unbalanced quote, or not a CSV file`,
    };
  }
  const line = err.lines ?? startLine;
  return { line, reason: `line ${line} cannot be read as CSV (${err.message.replace(/ at line \d+/, '')}); reading stopped here` };
}

export async function openCsv(file: string, opts: CsvReadOptions): Promise<CsvFile> {
  const offset = opts.lineOffset ?? 0;
  const at = (p: ImportProblem): ImportProblem => (p.line === null || offset === 0 ? p : { ...p, line: p.line + offset });
  const encoding = await detectEncoding(file, opts.fileName);
  const finalLineBreak = await endsWithLineBreak(file);
  const input = fs.createReadStream(file);
  const source = input.pipe(iconv.decodeStream(encoding.encoding, { stripBOM: true }));
  const parser = source.pipe(
    parse({ relax_column_count: true, info: true, skip_empty_lines: true, trim: false, max_record_size: MAX_RECORD_CHARS }),
  );
  const iterator = orderedRecords(parser);

  let first: IteratorResult<Parsed>;
  try {
    first = await iterator.next();
  } catch (e) {
    input.destroy();
    const failure = parseFailure(e, 1);
    throw new ImportRefused(opts.fileName, [at({ ...failure, reason: `cannot read the header: ${failure.reason}` })]);
  }
  if (first.done) {
    input.destroy();
    throw new ImportRefused(opts.fileName, [{ line: null, reason: 'the file is empty' }]);
  }
  const header = first.value.record.map((h) => h.trim());
  const headerProblems: ImportProblem[] = [];
  const seen = new Set<string>();
  for (const h of header) {
    if (h.includes('\uFEFF')) headerProblems.push({ line: 1, reason: `column "${h.replace('\uFEFF', '')}" has a byte order mark inside it` });
    if (seen.has(h)) headerProblems.push({ line: 1, reason: `column "${h}" appears twice` });
    seen.add(h);
  }
  const missing = missingColumns(header, opts.requiredColumns ?? []);
  if (missing.length) headerProblems.push({ line: 1, reason: `missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}` });
  if (headerProblems.length) {
    input.destroy(); // nothing more will be read
    throw new ImportRefused(opts.fileName, headerProblems.map(at));
  }
  const headerLine = first.value.info.lines;

  async function* rows(raggedRows: RaggedRows): AsyncGenerator<CsvRow> {
    const problems = { add: (p: ImportProblem) => opts.problems.add(at(p)) };
    let widest = 0;

    /** The row's problem, or null when its width is one the layout's real files have. */
    function widthProblem(record: string[], line: number, isLast: boolean): string | null {
      const n = record.length;
      const h = header.length;
      if (n > h) return `row has ${n} fields but the header has ${h}`;
      // Without a line break after it, the last row may be a cut one: its defects are named as such.
      const cutShort = isLast && !finalLineBreak;
      const cut = (detail: string) => (cutShort ? `the file was cut short on line ${line}: ${detail}, and the file has no line break after it` : detail);
      if (n < h && raggedRows === 'exact') return cut(`row has ${n} fields but the header has ${h}${cutShort ? '' : ' (truncated row?)'}`);
      if (raggedRows === 'trailing-empties-omitted') {
        const endsEmpty = record[n - 1] === '';
        if (n < h && endsEmpty) {
          return cut(`row has ${n} fields and its last one is empty: this file leaves out trailing empty fields, so fields are missing from the row`);
        }
        if (cutShort && endsEmpty) return cut('the last row ends with an empty field, which this file never does');
        // A cut row and a short real row look alike: without a final line break the last row must be as
        // wide as the file's other rows (or the header, when it is the only row).
        const expected = widest || h;
        if (cutShort && n < expected) {
          return cut(`the last row has ${n} fields where the file's rows have ${expected} (if the row really is complete, end the file with a line break)`);
        }
      }
      return null;
    }

    function check(p: Parsed, isLast: boolean): CsvRow | null {
      const { record, info } = p;
      const line = info.lines;
      const width = widthProblem(record, line + offset, isLast);
      if (!isLast && record.length <= header.length) widest = Math.max(widest, record.length);
      if (width) {
        problems.add({ line, reason: width });
        return null;
      }
      if (record.some((c) => c.includes('\uFEFF'))) {
        problems.add({ line, reason: 'row contains a byte order mark: two files pasted together?' });
        return null;
      }
      const cells: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) cells[header[i]] = record[i] ?? '';
      return { line: line + offset, cells };
    }

    // One record of look-ahead: only the last record can have been cut by a short file.
    let pending: Parsed | null = null;
    let lastLine = headerLine;
    while (true) {
      let next: IteratorResult<Parsed>;
      try {
        next = await iterator.next();
      } catch (e) {
        // The pending record was followed by a record delimiter, so it is whole.
        if (pending) {
          const row = check(pending, false);
          if (row) yield row;
          lastLine = pending.info.lines;
        }
        problems.add(parseFailure(e, lastLine + 1));
        return;
      }
      if (next.done) break;
      if (pending) {
        const row = check(pending, false);
        if (row) yield row;
        lastLine = pending.info.lines;
      }
      pending = next.value;
    }
    if (pending) {
      const row = check(pending, true);
      if (row) yield row;
    }
  }
  return { encoding, header, rows };
}
