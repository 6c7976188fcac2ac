// Issue 15: "Import of each real file at ≥50% of a bare csv-parse pass over the same file (print each
// ratio)". For every file of the bundled LA's bundle, in the bundle's order (the register first: evidence
// needs schools), times a bare csv-parse pass over the file and the product's import of it into a fresh
// in-memory PGlite — and into a fresh database on DATABASE_URL when set — and prints rows, both times,
// rows per second and the ratio parse time ÷ import time (1.00 = the import costs no more than parsing).
// Wall time is noisy on a shared machine, so CPU time (user + system of this process) is printed too; with
// PGlite the database runs in this process, so its CPU ratio counts all the import's work, while with
// PostgreSQL the server's CPU is not counted and the wall ratio is the fairer one. Asserts nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse';
import { openDatabase, type Database } from '../src/db/client.js';
import { importEvidence, type EvidenceImportOptions } from '../src/importers/evidenceImport.js';
import { importRegister } from '../src/importers/registerImport.js';
import type { RegisterFormat } from '../src/domain/register/formats/index.js';
import { ensureOrganisation } from '../src/repositories/organisations.js';
import { readBundle } from '../src/services/bundle.js';
import { readDistrictConfig } from '../src/services/laConfig.js';
import { createServerDatabase } from '../test/support/db.js';

const root = path.resolve(new URL('..', import.meta.url).pathname);
const datasets = path.join(root, 'datasets');
const LA = '919';
const REGISTER_KINDS = new Set(['gias', 'school-information']);

interface Timed<T> {
  wallMs: number;
  cpuMs: number;
  value: T;
}

async function timed<T>(fn: () => Promise<T>): Promise<Timed<T>> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await fn();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000, value };
}

/** A bare pass: the whole file through csv-parse, nothing kept; the number of data rows. */
async function bareParse(file: string): Promise<number> {
  let n = 0;
  for await (const _ of fs.createReadStream(file).pipe(parse({ bom: true, relax_column_count: true, columns: true, skip_empty_lines: true }))) n++;
  return n;
}

const ms = (x: number) => `${Math.round(x).toLocaleString('en-GB')} ms`;
const perSecond = (rows: number, msTaken: number) => Math.round(rows / (msTaken / 1000)).toLocaleString('en-GB');
const pct = (x: number) => `${Math.round(x * 100)}%`;

async function runOn(label: string, database: Database): Promise<void> {
  const bundle = readBundle(datasets, LA);
  if (!bundle) throw new Error(`no bundle for LA ${LA} in ${datasets}`);
  console.log(`\n  ${label}`);
  console.log('  file | rows | bare parse wall / CPU | import wall / CPU | import rows/s (CPU) | ratio parse ÷ import, wall / CPU | ≥ 50% (CPU)?');
  const org = await ensureOrganisation(database.db, { kind: 'local_authority', code: LA, name: bundle.name });
  for (const f of bundle.files) {
    const name = path.relative(datasets, f.path);
    // Warm the file into the page cache and csv-parse into the JIT before the measured pass.
    await bareParse(f.path);
    const bare = await timed(() => bareParse(f.path));
    const run = await timed(async () => {
      if (REGISTER_KINDS.has(f.kind)) {
        const r = await importRegister(database.db, {
          format: f.kind as RegisterFormat['id'],
          file: f.path,
          organisation: org,
          districtConfig: readDistrictConfig(LA),
          importedBy: 'bench',
          asAt: f.asAt,
        });
        return `${r.rowsRead.toLocaleString('en-GB')} read, ${(r.added + r.updated).toLocaleString('en-GB')} written`;
      }
      const r = await importEvidence(database.db, {
        kind: f.kind as EvidenceImportOptions['kind'],
        file: f.path,
        organisation: org,
        importedBy: 'bench',
        academicYear: f.academicYear,
      });
      return `${r.rowsRead.toLocaleString('en-GB')} read, ${r.observations.toLocaleString('en-GB')} observations`;
    });
    const rows = bare.value;
    const wallRatio = bare.wallMs / run.wallMs;
    const cpuRatio = bare.cpuMs / run.cpuMs;
    console.log(
      `  ${name} (${f.kind}${f.academicYear ? ` ${f.academicYear}` : ''}) | ${rows.toLocaleString('en-GB')} | ${ms(bare.wallMs)} / ${ms(bare.cpuMs)} | ` +
        `${ms(run.wallMs)} / ${ms(run.cpuMs)} (${run.value}) | ${perSecond(rows, run.cpuMs)} | ${pct(wallRatio)} / ${pct(cpuRatio)} | ${cpuRatio >= 0.5 ? 'yes' : 'no'}`,
    );
  }
}

export async function importsRealBench(): Promise<void> {
  const load = () => os.loadavg().map((x) => x.toFixed(1)).join(', ');
  console.log(`\nImport of each real file of the bundle (LA ${LA}) against a bare csv-parse pass over the same file (load average ${load()})`);
  const memory = await openDatabase({ dataDir: 'memory://' });
  try {
    await runOn('PGlite in memory', memory);
  } finally {
    await memory.close();
  }
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const created = await createServerDatabase(serverUrl);
    const server = await openDatabase({ databaseUrl: created.url, dataDir: '' });
    try {
      await runOn('PostgreSQL (DATABASE_URL; the server\'s CPU is not counted)', server);
    } finally {
      await server.close();
      await created.drop();
    }
  }
  console.log(`  (load average at the end ${load()})`);
}
