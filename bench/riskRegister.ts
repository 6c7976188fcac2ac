// `lodestar risk --as-of` on a national-size register (issue 16): a SYNTHETIC GIAS file of BENCH_ROWS
// schools (default 50,000), every row in one LA, imported as the register; each school then gets the
// measures the live model reads (overall absence 2014/15 and the disadvantaged share of the KS2 year
// group), copied in turn from the real national 2014/15 files onto the synthetic URNs (labelled
// SYNTHETIC in their source), and one school in fifty an LA record (a Core Group meeting, a stage of
// concern), so the whole path runs: bulk evidence reads, LA signals, scoring and explanations, as the CLI
// does it. Prints times; asserts nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { riskOutput } from '../src/cli/commands/risk.js';
import { loadConfig } from '../src/config.js';
import { openDatabase, type Db } from '../src/db/client.js';
import { coreGroupMeetings, coreGroups } from '../src/db/schema-engagement.js';
import { observations } from '../src/db/schema-evidence.js';
import { schoolInterventions } from '../src/db/schema-intervention.js';
import { imports } from '../src/db/schema.js';
import { importRegister } from '../src/importers/registerImport.js';
import { ensureOrganisation } from '../src/repositories/organisations.js';
import { searchSchools } from '../src/repositories/schools.js';
import { readDistrictConfig } from '../src/services/laConfig.js';
import { writeSyntheticGias } from './synthetic.js';

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

function realValues(file: string, column: string): number[] {
  const rows = parse(fs.readFileSync(file), { columns: true, bom: true, relax_column_count: true }) as Record<string, string>[];
  return rows.map((r) => Number(String(r[column] ?? '').replace('%', ''))).filter((x) => Number.isFinite(x) && x > 0);
}

/**
 * The SYNTHETIC national-size register described above, built into `db`: the GIAS `file` imported as
 * one LA's register, the two measures on every open state-funded school, one in fifty with an LA record.
 * Shared with the watch-list stage.
 */
export async function buildSyntheticRiskRegister(db: Db, file: string) {
  const org = await ensureOrganisation(db, { kind: 'local_authority', code: '919', name: 'Hertfordshire' });
  const reg = await time(() => importRegister(db, { format: 'gias', file, organisation: org, districtConfig: readDistrictConfig('919'), importedBy: 'bench' }));
  console.log(`  register import: ${reg.ms.toFixed(0)} ms`);
  const { rows: open } = await searchSchools(db, org.id, { scope: { kind: 'all' }, status: 'open', stateFundedOnly: true }, null);

  const datasets = loadConfig().datasetsDir;
  const absence = realValues(path.join(datasets, 'england-2015/england_abs.csv'), 'PERCTOT');
  const disadvantaged = realValues(path.join(datasets, 'england-2015/england_ks2final_selected_columns.csv'), 'PTFSMCLA');
  const [imp] = await db
    .insert(imports)
    .values({ organisationId: org.id, kind: 'bench', fileName: 'SYNTHETIC-copies-of-2014-15', sha256: '-', encoding: 'utf-8', rowsRead: 0, rowsAccepted: 0, rowsSkipped: 0, importedBy: 'bench', startedAt: new Date() })
    .returning();
  const obs = open.flatMap((s, i) => [
    { organisationId: org.id, urn: s.urn, measure: 'absence.overall_pct', academicYear: '2014/15', value: absence[i % absence.length]!, status: 'ok', raw: 'SYNTHETIC', source: 'SYNTHETIC copy of england_abs.csv', importId: imp!.id },
    { organisationId: org.id, urn: s.urn, measure: 'ks2.disadvantaged_cohort_pct', academicYear: '2014/15', value: disadvantaged[i % disadvantaged.length]!, status: 'ok', raw: 'SYNTHETIC', source: 'SYNTHETIC copy of england_ks2final_selected_columns.csv', importId: imp!.id },
  ]);
  for (let i = 0; i < obs.length; i += 5000) await db.insert(observations).values(obs.slice(i, i + 5000));
  const some = open.filter((_, i) => i % 50 === 0);
  if (some.length) {
    const groups = await db
      .insert(coreGroups)
      .values(some.map((s) => ({ organisationId: org.id, urn: s.urn, establishedOn: '2016-01-10', createdBy: 'bench' })))
      .returning();
    await db.insert(coreGroupMeetings).values(
      groups.map((g) => ({ organisationId: org.id, coreGroupId: g.id, urn: g.urn, meetingDate: '2016-06-01', evaluationForm: { kpis: [], schoolCommentary: '' }, judgement: 'no_evidence_of_impact' as const, recordedBy: 'bench' })),
    );
    await db.insert(schoolInterventions).values(some.map((s) => ({ organisationId: org.id, urn: s.urn, stage: 2, startedOn: '2016-02-01', reason: 'SYNTHETIC', recordedBy: 'bench' })));
  }
  return { org, open, registerImportMs: reg.ms };
}

export async function riskRegisterBench(rows: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-bench-'));
  const file = writeSyntheticGias(rows, path.join(dir, `SYNTHETIC-edubasealldata-all-in-919-${rows}.csv`), { allInLa: '919' });
  console.log(`\nlodestar risk --as-of on a national-size register (SYNTHETIC GIAS file, ${rows.toLocaleString('en-GB')} rows, all in one LA; ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite in memory'})`);
  const database = await openDatabase(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL, dataDir: '' } : { dataDir: 'memory://' });
  try {
    const db = database.db;
    const { org } = await buildSyntheticRiskRegister(db, file);
    // Twice: the first run includes the model's load and the engine's first plans.
    for (const run of ['first', 'second']) {
      const scored = await time(() => riskOutput(db, org.id, { asOf: '2016-09-01', format: 'json', includeConfidential: true }));
      const n = (JSON.parse(scored.value) as { schools: unknown[] }).schools.length;
      console.log(`  risk --as-of 2016-09-01 (${run} run): ${n.toLocaleString('en-GB')} open state-funded schools scored with explanations in ${scored.ms.toFixed(0)} ms (${Math.round(n / (scored.ms / 1000)).toLocaleString('en-GB')} schools/s)`);
    }
  } finally {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
