// Imports uploaded through the page run as jobs (issue 11): the upload is saved in the upload folder
// (config.uploadDir, so it survives a restart until its job has run), queued, and the job runs the same
// importer as `lodestar import` through runImport, so a refusal is audited as before. Imports are all or
// nothing, so a job whose runner died simply runs the whole file again.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/client.js';
import { ImportRefused, type ImportProblem } from '../importers/problems.js';
import { findImporter } from '../importers/registry.js';
import { getImport } from '../repositories/imports.js';
import { activeJob, activePayloads, enqueueJob, type JobRow } from '../repositories/jobs.js';
import { getOrganisation } from '../repositories/organisations.js';
import type { Actor } from './audit.js';
import { runImport } from './importRuns.js';

export const IMPORT_JOB = 'import';
/** One import at a time per organisation: each is one transaction over the same tables. */
export const IMPORT_JOB_KEY = 'import';

export interface ImportJobPayload {
  kind: string;
  /** Absolute path of the saved upload, deleted once the job has finished. */
  file: string;
  fileName: string;
  academicYear?: string;
  actor: Actor;
}

export interface ImportRefusal {
  file: string;
  problems: ImportProblem[];
  more: number;
  total: number;
}

export interface ImportJobResult {
  file: string;
  importId: number;
  rowsRead: number;
  rowsAccepted: number | null;
  rowsSkipped: number | null;
  summary: string[];
}

/** A fresh path in the upload folder for one upload. */
export function newUploadPath(uploadDir: string): string {
  fs.mkdirSync(uploadDir, { recursive: true, mode: 0o700 });
  return path.join(uploadDir, `upload-${crypto.randomUUID()}.csv`);
}

export function removeUpload(file: string): void {
  fs.rmSync(file, { force: true });
}

export function activeImportJob(db: Db, organisationId: number): Promise<JobRow | undefined> {
  return activeJob(db, organisationId, IMPORT_JOB_KEY);
}

/**
 * Queues the import of a saved upload. When another import is queued or running nothing is queued:
 * the caller gets that job back (`created: false`) and still owns its file.
 */
export async function enqueueImportJob(db: Db, organisationId: number, payload: ImportJobPayload, createdBy: string): Promise<{ job: JobRow; created: boolean }> {
  return enqueueJob(db, {
    organisationId,
    kind: IMPORT_JOB,
    payload: payload as unknown as Record<string, unknown>,
    createdBy,
    dedupeKey: IMPORT_JOB_KEY,
    maxAttempts: 2,
  });
}

/**
 * Deletes uploads no queued or running import job names, older than an hour (younger ones may be an
 * upload still being received): the files of jobs that failed when a dead runner's job ran out of attempts.
 */
export async function sweepUploads(db: Db, uploadDir: string, now = Date.now()): Promise<number> {
  if (!fs.existsSync(uploadDir)) return 0;
  const wanted = new Set((await activePayloads(db, IMPORT_JOB)).map((p) => p.file));
  let removed = 0;
  for (const name of fs.readdirSync(uploadDir)) {
    if (!/^upload-[0-9a-f-]+\.csv$/.test(name)) continue;
    const file = path.join(uploadDir, name);
    if (wanted.has(file)) continue;
    try {
      if (now - fs.statSync(file).mtimeMs < 60 * 60_000) continue;
      removeUpload(file);
      removed++;
    } catch {
      // Gone meanwhile: nothing to do.
    }
  }
  return removed;
}

export class ImportJobFailure extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly result?: { refused: ImportRefusal },
  ) {
    super(message);
  }
}

/**
 * Runs one queued import. Throws ImportJobFailure for what retrying cannot mend (a refusal, with its
 * problems; a missing file); other errors may pass. `lastAttempt` says whether the file may go.
 */
export async function runImportJob(
  db: Db,
  organisationId: number,
  p: ImportJobPayload,
  opts: { lastAttempt: boolean; onProgress?: (rowsRead: number) => void },
): Promise<ImportJobResult> {
  const importer = findImporter(p.kind);
  if (!importer || typeof p.file !== 'string') {
    if (typeof p.file === 'string') removeUpload(p.file);
    throw new ImportJobFailure(`The job names no kind of file Lodestar can import (${String(p.kind)})`, true);
  }
  if (!fs.existsSync(p.file)) {
    throw new ImportJobFailure(`The uploaded file ${p.fileName} is no longer in the upload folder (was it cleared, or is this another server?); upload it again`, true);
  }
  const organisation = await getOrganisation(db, organisationId);
  if (!organisation) throw new ImportJobFailure('The organisation of this job no longer exists', true);
  try {
    const outcome = await runImport(
      db,
      importer,
      { file: p.file, fileName: p.fileName, organisation, importedBy: p.actor.label, academicYear: p.academicYear || undefined, onProgress: opts.onProgress },
      p.actor,
      p.fileName,
    );
    removeUpload(p.file);
    const record = await getImport(db, organisationId, outcome.importId);
    return {
      file: p.fileName,
      importId: outcome.importId,
      rowsRead: outcome.rowsRead,
      rowsAccepted: record?.rowsAccepted ?? null,
      rowsSkipped: record?.rowsSkipped ?? null,
      summary: outcome.summary,
    };
  } catch (e) {
    if (e instanceof ImportRefused) {
      removeUpload(p.file);
      throw new ImportJobFailure(`${p.fileName} was not imported: ${e.total} problem${e.total === 1 ? '' : 's'} found`, true, {
        refused: { file: p.fileName, problems: e.problems, more: e.more, total: e.total },
      });
    }
    if (opts.lastAttempt) removeUpload(p.file);
    throw e;
  }
}
