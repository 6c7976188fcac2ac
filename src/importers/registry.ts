// Every kind of file Lodestar can import, behind one signature, so the CLI, the upload page and
// the first-start loader all go through the same code.
import type { Db } from '../db/client.js';
import type { Organisation } from '../repositories/organisations.js';
import { readDistrictConfig } from '../services/laConfig.js';
import { evidenceImporters } from './evidenceImporters.js';
import { importRegister } from './registerImport.js';

export interface ImportRequest {
  file: string;
  fileName?: string;
  organisation: Organisation;
  importedBy: string;
  asAt?: string;
  academicYear?: string;
  onProgress?: (rowsRead: number) => void;
  /** false skips the early-warning rescoring after an evidence import (first start rescores once, at the end). */
  rescore?: boolean;
}

export interface ImportOutcome {
  importId: number;
  rowsRead: number;
  /** Human-readable lines for the CLI and the upload page. */
  summary: string[];
}

export interface Importer {
  kind: string;
  title: string;
  run(db: Db, req: ImportRequest): Promise<ImportOutcome>;
}

function registerImporter(kind: 'school-information' | 'gias', title: string): Importer {
  return {
    kind,
    title,
    async run(db, req) {
      const r = await importRegister(db, {
        format: kind,
        file: req.file,
        fileName: req.fileName,
        organisation: req.organisation,
        districtConfig: req.organisation.kind === 'local_authority' ? readDistrictConfig(req.organisation.code) : null,
        importedBy: req.importedBy,
        asAt: req.asAt,
        onProgress: req.onProgress,
      });
      return {
        importId: r.import.id,
        rowsRead: r.rowsRead,
        summary: [
          `${r.rowsRead} rows read: ${r.added} schools added, ${r.updated} updated, ${r.unchanged} unchanged`,
          `${r.outOfScope} rows for other organisations skipped; ${r.olderThanHeld} older than the facts held skipped`,
          `${r.events} history events recorded`,
        ],
      };
    },
  };
}

/**
 * New evidence can move a school's early-warning risk: rescore once the import has committed. Loaded
 * lazily (the model is only needed here); a rescoring failure is logged and never undoes the import.
 */
function withRiskRescoring(importer: Importer): Importer {
  return {
    ...importer,
    async run(db, req) {
      const outcome = await importer.run(db, req);
      if (req.rescore === false) return outcome;
      const { rescoreSafely } = await import('../services/riskAlerts.js');
      outcome.summary.push(await rescoreSafely(db, req.organisation.id, `import ${importer.kind} #${outcome.importId}`));
      return outcome;
    },
  };
}

const importers: Importer[] = [
  registerImporter('school-information', 'DfE school information (performance tables)'),
  registerImporter('gias', 'Get Information About Schools establishment file'),
  ...evidenceImporters.map(withRiskRescoring),
];

export function registerImporterKind(importer: Importer): void {
  if (!importers.some((i) => i.kind === importer.kind)) importers.push(importer);
}

export function listImporters(): readonly Importer[] {
  return importers;
}

export function findImporter(kind: string): Importer | undefined {
  return importers.find((i) => i.kind === kind);
}
