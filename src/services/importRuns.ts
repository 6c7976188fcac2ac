// Runs one import for a person (page, command line or a background job) and records it in the audit log
// either way: an import that went in, and an import that was refused — who tried, which file, what
// kind and how many problems — so a refused upload leaves a trace too.
import type { Db } from '../db/client.js';
import { ImportRefused } from '../importers/problems.js';
import type { ImportOutcome, Importer, ImportRequest } from '../importers/registry.js';
import { audit, type Actor } from './audit.js';

/** How many of a refusal's problems the audit entry keeps (the rest are counted). */
const PROBLEMS_AUDITED = 5;

export async function runImport(db: Db, importer: Importer, req: ImportRequest, actor: Actor, fileLabel: string): Promise<ImportOutcome> {
  let outcome: ImportOutcome;
  try {
    outcome = await importer.run(db, req);
  } catch (err) {
    if (err instanceof ImportRefused) {
      await audit(db, actor, 'import.refused', { type: 'import', id: null }, {
        after: {
          kind: importer.kind,
          file: fileLabel,
          problems: err.total,
          first: err.problems.slice(0, PROBLEMS_AUDITED).map((p) => ({ line: p.line, reason: p.reason.slice(0, 300) })),
          ...(req.academicYear ? { academicYear: req.academicYear } : {}),
          ...(req.asAt ? { asAt: req.asAt } : {}),
        },
      });
    }
    throw err;
  }
  await audit(db, actor, 'import.run', { type: 'import', id: outcome.importId }, { after: { kind: importer.kind, file: fileLabel, summary: outcome.summary } });
  return outcome;
}
