// Bulk letters for a confirmed round. One school at a time, so memory stays flat for a whole LA and
// progress can be shown; a failure for one school is reported and the rest still go out.
import { createHash } from 'node:crypto';
import { composeLetter } from './compose.js';
import { buildLetterDocx } from './docx.js';
import { letterFileName } from './files.js';
import { renderLetterDocumentPdf, type PdfOptions } from './pdf.js';
import { Packer } from 'docx';
import type { LetterTemplate } from './template.js';
import type { LetterData } from './types.js';

export type LetterFormat = 'docx' | 'pdf';

/** What the lead stores as the record that a letter was produced (and, once sent, issued). */
export interface LetterRecord {
  urn: number;
  roundLabel: string;
  categoryCode: string;
  format: LetterFormat;
  fileName: string;
  bytes: number;
  sha256: string;
  generatedAt: string;
}

export type BatchItemResult =
  | { ok: true; urn: number; files: { record: LetterRecord; buffer: Buffer }[] }
  | { ok: false; urn: number; schoolName: string; error: string };

export interface BatchProgress {
  done: number;
  total: number;
  urn: number;
  ok: boolean;
}

export interface BatchOptions {
  formats?: LetterFormat[];
  pdf?: PdfOptions;
  /** Clock for generatedAt; injected so tests and re-runs are reproducible. */
  now?: () => string;
  onProgress?: (p: BatchProgress) => void;
}

/** One school's letter in each format, with the record that it was produced. */
export async function renderLetterFiles(data: LetterData, template: LetterTemplate, formats: readonly LetterFormat[], now: () => string, pdf?: PdfOptions): Promise<{ record: LetterRecord; buffer: Buffer }[]> {
  const letter = composeLetter(data, template);
  const files: { record: LetterRecord; buffer: Buffer }[] = [];
  for (const format of formats) {
    const buffer = format === 'docx' ? await Packer.toBuffer(buildLetterDocx(letter)) : await renderLetterDocumentPdf(letter, pdf);
    files.push({
      buffer,
      record: {
        urn: data.school.urn,
        roundLabel: data.round.label,
        categoryCode: data.category.code,
        format,
        fileName: letterFileName(data, format),
        bytes: buffer.length,
        sha256: createHash('sha256').update(buffer).digest('hex'),
        generatedAt: now(),
      },
    });
  }
  return files;
}

export async function* generateLetters(items: readonly LetterData[], template: LetterTemplate, options: BatchOptions = {}): AsyncGenerator<BatchItemResult> {
  const formats = options.formats ?? ['docx', 'pdf'];
  const now = options.now ?? (() => new Date().toISOString());
  let done = 0;
  for (const data of items) {
    let result: BatchItemResult;
    try {
      result = { ok: true, urn: data.school.urn, files: await renderLetterFiles(data, template, formats, now, options.pdf) };
    } catch (e) {
      result = { ok: false, urn: data.school.urn, schoolName: data.school.name, error: e instanceof Error ? e.message : String(e) };
    }
    done += 1;
    options.onProgress?.({ done, total: items.length, urn: data.school.urn, ok: result.ok });
    yield result;
  }
}

/** Collects the whole batch; callers writing to disk as they go should iterate generateLetters instead. */
export async function renderLetterBatch(items: readonly LetterData[], template: LetterTemplate, options: BatchOptions = {}) {
  const files: { record: LetterRecord; buffer: Buffer }[] = [];
  const failures: Extract<BatchItemResult, { ok: false }>[] = [];
  for await (const r of generateLetters(items, template, options)) {
    if (r.ok) files.push(...r.files);
    else failures.push(r);
  }
  return { files, records: files.map((f) => f.record), failures };
}
