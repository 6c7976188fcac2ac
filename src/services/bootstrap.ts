// First start: make sure the configured organisation exists and, when its register is empty,
// load the bundled real data the same way an officer's import would.
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { ensureOrganisation, findOrganisation, type Organisation } from '../repositories/organisations.js';
import { countSchools } from '../repositories/schools.js';

export async function ensureLocalAuthority(db: Db, config: Config): Promise<Organisation> {
  // Read first: every open after the first finds it, and an insert (even one that conflicts) would move
  // the data version, so each CLI command would empty a running app's page cache.
  const found = await findOrganisation(db, 'local_authority', config.laCode);
  if (found) return found;
  const { readBundle } = await import('./bundle.js');
  const bundle = readBundle(config.datasetsDir, config.laCode);
  return ensureOrganisation(db, {
    kind: 'local_authority',
    code: config.laCode,
    name: bundle?.name ?? `Local authority ${config.laCode}`,
  });
}

export async function loadBundledDataIfEmpty(db: Db, config: Config, org: Organisation, log: Logger): Promise<boolean> {
  if ((await countSchools(db, org.id)) > 0) return false;
  // The bundle's schema (and the validation library) is loaded only when there is something to load.
  const { readBundle } = await import('./bundle.js');
  const bundle = readBundle(config.datasetsDir, config.laCode);
  if (!bundle) {
    log.warn({ laCode: config.laCode }, 'no bundled data for this LA; import a GIAS or school information file');
    return false;
  }
  // The importers (parsers of every source format) are loaded only for the first start.
  const { findImporter } = await import('../importers/registry.js');
  for (const f of bundle.files) {
    const importer = findImporter(f.kind);
    if (!importer) throw new Error(`bundle for ${bundle.laCode} names unknown import kind "${f.kind}"`);
    const started = Date.now();
    const outcome = await importer.run(db, {
      file: f.path,
      organisation: org,
      importedBy: 'lodestar (bundled data)',
      asAt: f.asAt,
      academicYear: f.academicYear,
      rescore: false,
    });
    log.info({ kind: f.kind, file: f.path, ms: Date.now() - started, summary: outcome.summary }, 'bundled data loaded');
  }
  // One early-warning scoring once everything is in (not one per file), so a fresh install has scores.
  const started = Date.now();
  const { rescoreSafely } = await import('./riskAlerts.js');
  const summary = await rescoreSafely(db, org.id, 'first start: bundled data', log);
  log.info({ ms: Date.now() - started, summary }, 'early-warning risk scored');
  // PGlite has no autovacuum: without statistics the planner takes every table for tiny (see repositories/distributions.ts).
  await db.execute(sql`analyze`);
  return true;
}
