// Streams a published CSV as header-keyed rows with their line numbers, applying the structural
// checks every importer needs (duplicate or missing columns, ragged and over-long rows, stray BOMs).
import fs from 'node:fs';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { detectEncoding, type EncodingInfo } from './encoding.js';
import { ImportRefused, type ImportProblem } from './problems.js';

export interface CsvRow {
  line: number;
  cells: Record<string, string>;
}

export interface CsvReadOptions {
  fileName: string;
  /** Columns that must all appear in the header. */
  requiredColumns?: readonly string[];
  /** Rows may omit trailing empty fields (the DfE performance-tables export does). */
  allowShortRows: boolean;
  /** Structural problems in rows are reported here and the row is skipped; the caller refuses the import. */
  onProblem: (p: ImportProblem) => void;
}

export interface CsvFile {
  encoding: EncodingInfo;
  header: string[];
  rows: AsyncGenerator<CsvRow>;
}

export function missingColumns(header: string[], required: readonly string[]): string[] {
  const have = new Set(header);
  return required.filter((c) => !have.has(c));
}

export async function openCsv(file: string, opts: CsvReadOptions): Promise<CsvFile> {
  const encoding = await detectEncoding(file, opts.fileName);
  const source = fs.createReadStream(file).pipe(iconv.decodeStream(encoding.encoding, { stripBOM: true }));
  const parser = source.pipe(
    parse({ relax_column_count: true, info: true, skip_empty_lines: true, trim: false }),
  ) as AsyncIterable<{ record: string[]; info: { lines: number } }>;
  const iterator = parser[Symbol.asyncIterator]();

  let first: IteratorResult<{ record: string[]; info: { lines: number } }>;
  try {
    first = await iterator.next();
  } catch (e) {
    throw new ImportRefused(opts.fileName, [{ line: 1, reason: `cannot read the header: ${(e as Error).message}` }]);
  }
  if (first.done) throw new ImportRefused(opts.fileName, [{ line: null, reason: 'the file is empty' }]);
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
  if (headerProblems.length) throw new ImportRefused(opts.fileName, headerProblems);

  async function* rows(): AsyncGenerator<CsvRow> {
    let lastLine = 1;
    while (true) {
      let next: IteratorResult<{ record: string[]; info: { lines: number } }>;
      try {
        next = await iterator.next();
      } catch (e) {
        // csv-parse stops at an unclosed quote: the usual sign of a truncated download.
        const err = e as Error & { lines?: number };
        opts.onProblem({ line: err.lines ?? lastLine + 1, reason: `the file ends inside a quoted field or is malformed (${err.message}); was it truncated?` });
        return;
      }
      if (next.done) return;
      const { record, info } = next.value;
      const line = info.lines;
      lastLine = line;
      if (record.length > header.length) {
        opts.onProblem({ line, reason: `row has ${record.length} fields but the header has ${header.length}` });
        continue;
      }
      if (record.length < header.length && !opts.allowShortRows) {
        opts.onProblem({ line, reason: `row has ${record.length} fields but the header has ${header.length} (truncated row?)` });
        continue;
      }
      if (record.some((c) => c.includes('\uFEFF'))) {
        opts.onProblem({ line, reason: 'row contains a byte order mark: two files pasted together?' });
        continue;
      }
      const cells: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) cells[header[i]] = record[i] ?? '';
      yield { line, cells };
    }
  }
  return { encoding, header, rows: rows() };
}
