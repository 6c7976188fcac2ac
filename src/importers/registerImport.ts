// Imports a school register file (DfE school information or GIAS) into one organisation:
// streamed, all-or-nothing, idempotent. Rows are checked as they stream; the first problem stops
// all writing, the rest of the file is still read so every bad row is reported, and the
// transaction is rolled back. A newer file updates schools in place and records history.
import path from 'node:path';
import type { Db, Tx } from '../db/client.js';
import { recomputeDistributions } from '../repositories/distributions.js';
import { defaultDistrict, type DistrictConfig } from '../domain/register/districts.js';
import { RowProblems } from '../domain/register/fields.js';
import { registerFormats, type RegisterFormat } from '../domain/register/formats/index.js';
import { fieldChanges, schoolEvents, successionEvents, type RegisterEvent } from '../domain/register/history.js';
import type { SchoolRecord } from '../domain/register/record.js';
import { ensureDistricts } from '../repositories/districts.js';
import { insertImport, type ImportRecord } from '../repositories/imports.js';
import type { Organisation } from '../repositories/organisations.js';
import { insertEvents, loadHeldSchools, upsertSchools, type SchoolWrite } from '../repositories/schools.js';
import { openCsv } from './csv.js';
import { asAtFromFileName, sha256File } from './fileInfo.js';
import { isIsoDate } from '../domain/calendar/dates.js';
import { ImportRefused, ProblemList } from './problems.js';

export interface RegisterImportOptions {
  format: RegisterFormat['id'];
  file: string;
  /** Name to record (an uploaded file's original name); defaults to the file's base name. */
  fileName?: string;
  organisation: Organisation;
  districtConfig: DistrictConfig | null;
  importedBy: string;
  /** The date the file's facts are true at; defaults to the date in a GIAS file name, else today. */
  asAt?: string;
  onProgress?: (rowsRead: number) => void;
}

export interface RegisterImportResult {
  import: ImportRecord;
  rowsRead: number;
  added: number;
  updated: number;
  unchanged: number;
  outOfScope: number;
  olderThanHeld: number;
  events: number;
}

function keepUncarried(format: RegisterFormat, held: SchoolRecord, incoming: SchoolRecord): SchoolRecord {
  const merged: Record<string, unknown> = { ...incoming };
  for (const f of format.notCarried) merged[f] = held[f];
  return merged as unknown as SchoolRecord;
}

function inScope(org: Organisation, r: SchoolRecord): boolean {
  return org.kind === 'local_authority' ? r.laCode === org.code : r.trustName === org.name;
}

export async function importRegister(db: Db, opts: RegisterImportOptions): Promise<RegisterImportResult> {
  const format = registerFormats[opts.format];
  const fileName = opts.fileName ?? path.basename(opts.file);
  if (opts.asAt !== undefined && !isIsoDate(opts.asAt)) {
    throw new ImportRefused(fileName, [{ line: null, field: 'asAt', reason: `the "as at" date ${JSON.stringify(opts.asAt)} is not a real date written yyyy-mm-dd` }]);
  }
  const asAt = opts.asAt ?? asAtFromFileName(fileName) ?? new Date().toISOString().slice(0, 10);
  const startedAt = new Date();
  const sha256 = await sha256File(opts.file);
  const problems = new ProblemList();
  const csv = await openCsv(opts.file, { fileName, requiredColumns: format.requiredColumns, problems });

  const orgId = opts.organisation.id;
  const counts = { rowsRead: 0, added: 0, updated: 0, unchanged: 0, outOfScope: 0, olderThanHeld: 0, events: 0 };
  const rollback = new Error('rollback');

  try {
    return await db.transaction(async (tx) => {
      const held = await loadHeldSchools(tx, orgId);
      const districtIds = await ensureDistricts(tx, orgId, opts.districtConfig?.districts ?? []);
      const seenUrns = new Map<number, number>();
      const newcomers: SchoolRecord[] = [];
      const incoming: SchoolRecord[] = [];
      let writes: SchoolWrite[] = [];
      let events: RegisterEvent[] = [];

      const flush = async (t: Tx) => {
        if (problems.count) return; // once refused, nothing more is written
        await upsertSchools(t, orgId, writes);
        await insertEvents(t, orgId, events, null);
        writes = [];
        events = [];
      };

      for await (const { line, cells } of csv.rows(format.allowShortRows ? 'trailing-empties-omitted' : 'exact')) {
        counts.rowsRead++;
        if (counts.rowsRead % 5000 === 0) opts.onProgress?.(counts.rowsRead);
        const p = new RowProblems();
        let record = format.mapRow(cells, p);
        if (!p.ok) {
          problems.add({ line, reason: p.reasons.join('; ') });
          continue;
        }
        const dup = seenUrns.get(record.urn);
        if (dup !== undefined) {
          problems.add({ line, reason: `URN ${record.urn} appears again (first on line ${dup})` });
          continue;
        }
        seenUrns.set(record.urn, line);
        if (!inScope(opts.organisation, record)) {
          counts.outOfScope++;
          continue;
        }
        incoming.push(record);
        const before = held.get(record.urn);
        if (before) record = keepUncarried(format, before.record, record);
        if (before && before.sourceDate > asAt) {
          counts.olderThanHeld++;
          continue;
        }
        const changed = !before || Object.keys(fieldChanges(before.record, record)).length > 0 ||
          before.record.constituency !== record.constituency || before.record.isStateFunded !== record.isStateFunded;
        if (!changed) {
          counts.unchanged++;
          continue;
        }
        let districtId = before?.districtId ?? null;
        let districtSource = before?.districtSource ?? null;
        if (districtSource !== 'manual' && opts.districtConfig) {
          const d = defaultDistrict(opts.districtConfig, record).district;
          districtId = d ? (districtIds.get(d) ?? null) : null;
          districtSource = 'default';
        }
        if (before) counts.updated++;
        else {
          counts.added++;
          newcomers.push(record);
        }
        writes.push({ record, sourceDate: asAt, districtId, districtSource, importId: null });
        const evs = schoolEvents(before?.record, record, asAt);
        events.push(...evs);
        counts.events += evs.length;
        if (writes.length >= 1000) await flush(tx);
      }
      if (counts.rowsRead === 0 && !problems.count) problems.add({ line: 2, reason: 'the file has a header but no rows' });
      if (problems.count) throw rollback;

      const known = [...[...held.values()].map((h) => h.record), ...incoming];
      const links = successionEvents(newcomers, known);
      events.push(...links);
      counts.events += links.length;
      await flush(tx);

      const record = await insertImport(tx, {
        organisationId: orgId,
        kind: format.id,
        layout: format.id,
        fileName,
        sha256,
        encoding: csv.encoding.encoding + (csv.encoding.bom ? ' (BOM)' : ''),
        rowsRead: counts.rowsRead,
        rowsAccepted: counts.added + counts.updated + counts.unchanged,
        rowsSkipped: counts.outOfScope + counts.olderThanHeld,
        summary: { ...counts, asAt },
        importedBy: opts.importedBy,
        startedAt,
      });
      // Schools that changed district or phase move between the stored district and phase distributions.
      if (counts.added + counts.updated > 0) await recomputeDistributions(tx, orgId, 'all', record.id);
      return { import: record, ...counts };
    });
  } catch (e) {
    if (e === rollback) throw ImportRefused.from(fileName, problems, counts.rowsRead);
    throw e;
  }
}
