// Register import speed at national size, against a bare csv-parse pass over the same file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse';
import { openDatabase } from '../src/db/client.js';
import { importRegister } from '../src/importers/registerImport.js';
import { ensureOrganisation } from '../src/repositories/organisations.js';
import { readDistrictConfig } from '../src/services/laConfig.js';
import { writeSyntheticGias } from './synthetic.js';

async function bareParse(file: string): Promise<number> {
  let n = 0;
  for await (const _ of fs.createReadStream(file).pipe(parse({ relax_column_count: true }))) n++;
  return n - 1;
}

/** Wall time and peak resident memory (sampled every 50 ms) of one run. */
async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T; peakRssMb: number }> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const start = performance.now();
  const value = await fn();
  clearInterval(sampler);
  return { ms: performance.now() - start, value, peakRssMb: Math.max(peak, process.memoryUsage().rss) / 1e6 };
}

export async function registerBench(rows: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-bench-'));
  const national = writeSyntheticGias(rows, path.join(dir, `SYNTHETIC-edubasealldata-national-${rows}.csv`));
  const oneLa = writeSyntheticGias(rows, path.join(dir, `SYNTHETIC-edubasealldata-all-in-919-${rows}.csv`), { allInLa: '919' });
  const mb = fs.statSync(national).size / 1e6;
  console.log(`\nRegister import (SYNTHETIC national-size GIAS file: ${rows.toLocaleString('en-GB')} rows, ${mb.toFixed(1)} MB, windows-1252)`);

  const bare = await time(() => bareParse(national));
  const bareRate = bare.value / (bare.ms / 1000);
  console.log(`  bare csv-parse pass:                     ${Math.round(bareRate).toLocaleString('en-GB')} rows/s (${bare.ms.toFixed(0)} ms)`);

  for (const [label, file] of [['national file into one LA (2% in scope)', national], ['every row in the LA (worst case: all written)', oneLa]] as const) {
    const database = await openDatabase({ dataDir: 'memory://' });
    const org = await ensureOrganisation(database.db, { kind: 'local_authority', code: '919', name: 'Hertfordshire' });
    const run = await time(() => importRegister(database.db, { format: 'gias', file, organisation: org, districtConfig: readDistrictConfig('919'), importedBy: 'bench' }));
    const rate = run.value.rowsRead / (run.ms / 1000);
    const again = await time(() => importRegister(database.db, { format: 'gias', file, organisation: org, districtConfig: readDistrictConfig('919'), importedBy: 'bench' }));
    console.log(`  import, ${label}:`);
    console.log(`    first import  ${Math.round(rate).toLocaleString('en-GB')} rows/s (${run.ms.toFixed(0)} ms; ${run.value.added.toLocaleString('en-GB')} schools written); ratio to bare parse ${(rate / bareRate).toFixed(2)}`);
    console.log(`    re-import     ${Math.round(run.value.rowsRead / (again.ms / 1000)).toLocaleString('en-GB')} rows/s (${again.ms.toFixed(0)} ms; ${again.value.unchanged.toLocaleString('en-GB')} unchanged)`);
    console.log(`    peak RSS      ${run.peakRssMb.toFixed(0)} MB (process total, in-memory PGlite database included)`);
    await database.close();
  }
  fs.rmSync(dir, { recursive: true, force: true });
}
