// The watch list and the register, one request at a time (issue 15): the time of a page as the app serves it
// (signed in, over loopback) at LA size — the bundled LA's real data — and at national size — the SYNTHETIC
// register of the risk-register stage (BENCH_ROWS GIAS rows, default 50,000, all in one LA), scored by the live
// model through the product's rescoring. PGlite in memory, or a fresh database on DATABASE_URL. Prints the
// median and slowest of sequential requests and the load average; asserts nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rescoreAfterImport } from '../src/services/riskAlerts.js';
import { startTestApp, type TestApp } from '../test/support/app.js';
import { openTestDatabase } from '../test/support/db.js';
import { Browserless } from '../test/support/http.js';
import { buildSyntheticRiskRegister } from './riskRegister.js';
import { writeSyntheticGias } from './synthetic.js';

const loadAverage = () => os.loadavg().map((x) => x.toFixed(1)).join(', ');

async function timePages(t: TestApp, paths: string[], runs: number): Promise<void> {
  const senior = await new Browserless(t.url).signInAs('senior_leader');
  const officer = await new Browserless(t.url).signInAs('link_officer');
  for (const p of paths) {
    for (const [who, b] of [['senior leader', senior], ['link officer', officer]] as const) {
      // A link officer's list is one or two pages: page 1 of the watch list only.
      if (who === 'link officer' && (!p.startsWith('/risk') || p.includes('page='))) continue;
      const res = await b.get(p);
      if (res.status !== 200) throw new Error(`${p} as ${who}: ${res.status}`);
      await res.text();
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        await (await b.get(p)).text();
        ms.push(performance.now() - start);
      }
      ms.sort((a, b) => a - b);
      console.log(`  ${p} as ${who}: median ${ms[Math.floor(runs / 2)]!.toFixed(0)} ms, fastest ${ms[0]!.toFixed(0)} ms, slowest ${ms[runs - 1]!.toFixed(0)} ms (${runs} requests one after another; load average ${loadAverage()})`);
    }
  }
}

const PATHS = ['/risk', '/risk?sort=name&dir=asc&page=3', '/risk?band=high', '/schools', '/schools?sort=town&page=3'];

export async function watchListBench(rows: number): Promise<void> {
  const engine = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite in memory';
  console.log(`\nThe watch list and the register, one request at a time (${engine})`);
  console.log('  LA size: the bundled LA (real data)');
  const la = await startTestApp();
  try {
    await timePages(la, PATHS, 20);
  } finally {
    await la.close();
  }

  console.log(`  national size: SYNTHETIC register of ${rows.toLocaleString('en-GB')} GIAS rows in one LA, scored by the live model`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-bench-'));
  const file = writeSyntheticGias(rows, path.join(dir, `SYNTHETIC-edubasealldata-all-in-919-${rows}.csv`), { allInLa: '919' });
  const database = await openTestDatabase();
  try {
    const { org, open } = await buildSyntheticRiskRegister(database.db, file);
    const start = performance.now();
    const outcome = await rescoreAfterImport(database.db, org.id, 'bench (SYNTHETIC register)', { asOf: '2016-09-01' });
    console.log(`  ${open.length.toLocaleString('en-GB')} open state-funded schools; ${outcome.scored.toLocaleString('en-GB')} scored and stored in ${(performance.now() - start).toFixed(0)} ms`);
    const national = await startTestApp({ database });
    try {
      await timePages(national, PATHS, 5);
    } finally {
      await national.close();
    }
  } finally {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
