// Imports one published evidence file (KS2, KS4, census, absence, Ofsted) into one organisation, with
// the register import's guarantees: streamed, all-or-nothing, idempotent, every bad row reported with
// its line and reason. The layout is detected from the header (an unknown layout is refused with the
// columns the nearest known layout lacks). Rows are checked while the file streams and only the
// organisation's records are held; nothing is written unless the whole file is good, and then in one
// transaction. LA percentiles are recomputed in the same transaction (see repositories/evidence.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { schools } from '../db/schema.js';
import { RowError, type EvidenceKind, type FileLayout } from '../domain/evidence/layout.js';
import { academicYearOf } from '../domain/calendar/academic-year.js';
import { yearProblem } from '../domain/evidence/layouts/common.js';
import { detectLayout } from '../domain/evidence/layouts/index.js';
import { startYear } from '../domain/evidence/measures.js';
import { recomputeDistributions } from '../repositories/distributions.js';
import { rankWithinOrganisation, upsertComparators, upsertInspections, upsertObservations } from '../repositories/evidence.js';
import { insertImport, type ImportRecord } from '../repositories/imports.js';
import type { Organisation } from '../repositories/organisations.js';
import { openCsv } from './csv.js';
import { EvidenceCollector, type CollectCounts } from './evidenceCollect.js';
import { sha256File } from './fileInfo.js';
import { ImportRefused, ProblemList } from './problems.js';

export interface EvidenceImportOptions {
  kind: Exclude<EvidenceKind, 'destinations'>;
  file: string;
  fileName?: string;
  organisation: Organisation;
  importedBy: string;
  /** For layouts whose file does not say its year (absence since 2015/16); checked against layouts that do. */
  academicYear?: string;
  /** Today, for the latest year a file can hold (tests pin it); defaults to the clock. */
  today?: string;
  onProgress?: (rowsRead: number) => void;
}

export interface EvidenceImportResult {
  import: ImportRecord;
  layout: FileLayout;
  rowsRead: number;
  counts: CollectCounts;
  observations: number;
  comparators: number;
  inspections: number;
  years: string[];
  coverage: 'england' | 'local';
  /** The release the file is (KS2, KS4), and how many figures another release of the same year set aside. */
  release: 'provisional' | 'final' | null;
  superseded: number;
}

/**
 * Ofsted MI downloads open with a title line ("Management information - ... as at ...") above the header.
 * A first line with fewer than three filled cells followed by a wider line is that title; we skip it and
 * keep reporting the file's own line numbers.
 */
async function skipTitleLine(file: string): Promise<{ file: string; lineOffset: number; cleanup: () => void }> {
  const none = { file, lineOffset: 0, cleanup: () => {} };
  const handle = await fs.promises.open(file, 'r');
  const head = Buffer.alloc(64 * 1024);
  const { bytesRead } = await handle.read(head, 0, head.length, 0);
  await handle.close();
  const text = head.subarray(0, bytesRead).toString('latin1');
  const lines = text.split(/\r?\n/, 3);
  if (lines.length < 3) return none;
  const filled = (l: string) => {
    try {
      return ((parse(l, { relax_quotes: true }) as string[][])[0] ?? []).filter((c) => c.trim() !== '').length;
    } catch {
      return 0;
    }
  };
  if (filled(lines[0]) >= 3 || filled(lines[1]) < 3) return none;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-evidence-'));
  const copy = path.join(dir, path.basename(file));
  const skip = head.indexOf(0x0a) + 1;
  await pipeline(fs.createReadStream(file, { start: skip }), fs.createWriteStream(copy));
  return { file: copy, lineOffset: 1, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

function checkYear(year: string | undefined, fileName: string): void {
  if (year === undefined) return;
  try {
    startYear(year);
  } catch {
    throw new ImportRefused(fileName, [{ line: null, field: 'academicYear', reason: `academic year "${year}" is not of the form 2018/19` }]);
  }
}

export async function importEvidence(db: Db, opts: EvidenceImportOptions): Promise<EvidenceImportResult> {
  const fileName = opts.fileName ?? path.basename(opts.file);
  checkYear(opts.academicYear, fileName);
  const startedAt = new Date();
  const sha256 = await sha256File(opts.file);
  const source = await skipTitleLine(opts.file);
  try {
    const problems = new ProblemList();
    const csv = await openCsv(source.file, { fileName, problems, lineOffset: source.lineOffset });
    let layout: FileLayout;
    try {
      layout = detectLayout(csv.header, opts.kind);
    } catch (e) {
      throw new ImportRefused(fileName, [{ line: 1 + source.lineOffset, reason: (e as Error).message }]);
    }
    if (opts.kind !== 'ofsted' && !layout.defaultAcademicYear && !opts.academicYear) {
      throw new ImportRefused(fileName, [
        { line: null, field: 'academicYear', reason: `layout ${layout.id} (${layout.description}) does not say which academic year it covers: give the year (e.g. --year 2023/24)` },
      ]);
    }
    if (opts.academicYear !== undefined && opts.kind !== 'ofsted') {
      const problem = yearProblem(layout, opts.academicYear, academicYearOf(opts.today ?? new Date().toISOString().slice(0, 10)));
      if (problem) throw new ImportRefused(fileName, [{ line: null, field: 'academicYear', reason: problem }]);
    }

    const held = await db.select({ urn: schools.urn }).from(schools).where(eq(schools.organisationId, opts.organisation.id));
    const laCode = opts.organisation.kind === 'local_authority' ? opts.organisation.code : null;
    const collector = new EvidenceCollector(new Set(held.map((s) => s.urn)), laCode, layout.rowsPer);
    const ctx = { source: fileName, academicYear: opts.academicYear };
    let rowsRead = 0;
    for await (const { line, cells } of csv.rows(layout.raggedRows ?? 'exact')) {
      rowsRead++;
      if (rowsRead % 5000 === 0) opts.onProgress?.(rowsRead);
      try {
        collector.add(line, cells, layout.mapRow(cells, line, ctx), problems);
      } catch (e) {
        if (!(e instanceof RowError)) throw e;
        for (const reason of e.reasons) problems.add({ line, reason });
      }
    }
    if (rowsRead === 0 && !problems.count) problems.add({ line: 2 + source.lineOffset, reason: 'the file has a header but no rows' });
    if (problems.count) throw ImportRefused.from(fileName, problems, rowsRead);

    const observations = collector.ranked();
    const comparatorList = collector.comparatorList();
    const inspectionList = [...collector.inspections.values()];
    const years = collector.years();
    const { counts } = collector;
    return await db.transaction(async (tx) => {
      const record = await insertImport(tx, {
        organisationId: opts.organisation.id,
        kind: opts.kind,
        layout: layout.id,
        fileName,
        sha256,
        encoding: csv.encoding.encoding + (csv.encoding.bom ? ' (BOM)' : ''),
        rowsRead,
        rowsAccepted: counts.schoolRows - counts.outsideOrganisation + counts.summaryRows,
        rowsSkipped: counts.outsideOrganisation + counts.otherLaSummaryRows + counts.emptyRows,
        summary: {
          ...counts,
          layout: layout.id,
          release: layout.release ?? null,
          academicYear: years.join(', '),
          assumedAcademicYear: opts.academicYear ?? layout.defaultAcademicYear ?? null,
          coverage: collector.coverage,
          nationalSchools: collector.nationalSchools(),
          observations: observations.length,
          comparators: comparatorList.length,
          inspections: inspectionList.length,
        },
        importedBy: opts.importedBy,
        startedAt,
      });
      const { superseded } = await upsertObservations(tx, opts.organisation.id, record.id, observations, layout.release ?? null);
      await upsertComparators(tx, opts.organisation.id, record.id, comparatorList, layout.release ?? null);
      await upsertInspections(tx, opts.organisation.id, record.id, inspectionList);
      const pairs = new Map(observations.map((o) => [`${o.measure}|${o.academicYear}`, { measure: o.measure, year: o.academicYear }]));
      await rankWithinOrganisation(tx, opts.organisation.id, [...pairs.values()]);
      await recomputeDistributions(tx, opts.organisation.id, [...pairs.values()], record.id);
      return {
        import: record,
        layout,
        rowsRead,
        counts,
        observations: observations.length,
        comparators: comparatorList.length,
        inspections: inspectionList.length,
        years,
        coverage: collector.coverage,
        release: layout.release ?? null,
        superseded,
      };
    });
  } finally {
    source.cleanup();
  }
}
