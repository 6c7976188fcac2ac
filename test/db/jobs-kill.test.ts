// `kill -9` during letter generation, then a restart (issue 11): the app process is killed while
// its job is part way through a round; the next start finds the job left running by a dead
// process, resumes it from the schools not yet done, and no school's letter is recorded twice.
// One spawned-process test: the real `lodestar serve` on the real bundled data.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { letters } from '../../src/db/schema-categorisation.js';
import { jobs } from '../../src/db/schema-jobs.js';
import { schools } from '../../src/db/schema.js';
import { createLogger } from '../../src/logger.js';
import { ensureLocalAuthority, loadBundledDataIfEmpty } from '../../src/services/bootstrap.js';
import { enqueueLetterJob, letterJobKey } from '../../src/services/letters.js';
import { cliRoundActor, confirmUnchangedProposals, confirmWholeRound, createRound } from '../../src/services/rounds.js';
import { createServerDatabase } from '../support/db.js';
import { Browserless } from '../support/http.js';
import { freePort } from '../support/cli.js';

const bin = path.join(process.cwd(), 'bin/lodestar.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-kill-'));
const SCHOOLS = 30;
let drop: (() => Promise<void>) | null = null;
let child: ChildProcess | null = null;

function serve(env: NodeJS.ProcessEnv): ChildProcess {
  const p = spawn('node', [bin, 'serve'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  p.stderr!.on('data', () => undefined);
  return p;
}

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 240_000): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await f().catch(() => undefined);
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** "12 of 30 letters" from the letters page, as the officer sees it. */
async function progress(base: string, roundId: number): Promise<{ done: number; total: number; html: string } | undefined> {
  const b = await new Browserless(base).signInAs('senior_leader');
  const html = await (await b.get(`/categorisation/rounds/${roundId}/letters`)).text();
  const m = /(\d+) of (\d+) letters/.exec(html);
  return m ? { done: Number(m[1]), total: Number(m[2]), html } : undefined;
}

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await drop?.();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('kill -9 during letter generation', () => {
  it('resumes the job on the next start and records no letter twice', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', LODESTAR_DATA_DIR: path.join(dir, 'data'), LODESTAR_RENDER_THREADS: '1' };
    if (process.env.DATABASE_URL) {
      const created = await createServerDatabase(process.env.DATABASE_URL);
      env.DATABASE_URL = created.url;
      drop = created.drop;
    } else delete env.DATABASE_URL;
    const config = loadConfig({ ...env, PORT: '3000' });
    const open = () => openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });

    // A confirmed round of real schools and its letter job, queued before the app starts.
    let database: Database = await open();
    const org = await ensureLocalAuthority(database.db, config);
    await loadBundledDataIfEmpty(database.db, config, org, createLogger('silent'));
    const urns = (await database.db.select({ urn: schools.urn }).from(schools).where(eq(schools.status, 'open')).orderBy(schools.urn).limit(SCHOOLS)).map((s) => s.urn);
    const actor = cliRoundActor({ userId: null, label: 'test', organisationId: org.id });
    const r = await createRound(database.db, org.id, { academicYear: '2025/26', term: 'autumn', policyId: 'walsall-2014', asOf: '2025-09-01', urns }, actor);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const roundId = r.round.id;
    await confirmUnchangedProposals(database.db, org.id, roundId, actor);
    expect((await confirmWholeRound(database.db, org.id, roundId, actor)).ok).toBe(true);
    const { job } = await enqueueLetterJob(database.db, org.id, { roundId, laName: org.name, mode: 'new', reason: null, issuedBy: actor.audit });
    await database.close();

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    child = serve({ ...env, PORT: String(port), HOST: '127.0.0.1' });
    // Part way through: some letters recorded, not all.
    await until('the first letters', async () => {
      const p = await progress(base, roundId);
      return p && p.done >= 3 && p.done < p.total ? p : undefined;
    });
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));

    child = serve({ ...env, PORT: String(port), HOST: '127.0.0.1' });
    const finished = await until('the job to finish after the restart', async () => {
      const p = await progress(base, roundId);
      return p?.html.includes('Letters ready') ? p : undefined;
    });
    // Every open state-funded school among them is in the round (an independent one would not be).
    const total = finished.total;
    expect(total).toBeGreaterThan(20);
    expect(finished.done).toBe(total);
    child.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));

    database = await open();
    try {
      const rows = await database.db.select({ urn: letters.urn, issue: letters.issue, status: letters.status, jobId: letters.jobId }).from(letters).where(eq(letters.roundId, roundId));
      expect(rows).toHaveLength(total);
      expect(new Set(rows.map((l) => l.urn)).size).toBe(total);
      expect(rows.every((l) => l.issue === 1 && l.status === 'issued' && l.jobId === job.id)).toBe(true);
      const [j] = await database.db.select().from(jobs).where(eq(jobs.dedupeKey, letterJobKey(roundId)));
      expect(j).toMatchObject({ status: 'succeeded', progressDone: total, attempts: 2 });
      // The restart said why it resumed: the killed process's runner had stopped.
      expect(j.error ?? '').toMatch(/stopped without finishing it/);
    } finally {
      await database.close();
    }
  }, 600_000);
});
