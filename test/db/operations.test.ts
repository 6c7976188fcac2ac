// Daily operation with real processes, as an LA runs it: the app (`lodestar serve`) and CLI commands
// at the same time on one database, backups restored into an empty installation, a clean stop and a
// restart, a `kill -9`, and two commands at once. On PGlite the app owns the data directory and CLI
// commands work through its socket; on PostgreSQL (DATABASE_URL) they work side by side.
// Slow (each process starts tsx; the first start loads the bundled data): one data directory for the file.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { readLock } from '../../src/db/owner.js';
import { MEMORY_LOG_PREFIX, type MemoryFigures } from '../../src/memoryLog.js';
import { users } from '../../src/db/schema.js';
import { recordIntelligence } from '../../src/services/intelligence.js';
import { createVisit } from '../../src/services/visits.js';
import { demoEmail } from '../../src/services/demoUsers.js';
import { todayIso } from '../../src/services/escalations.js';
import { createServerDatabase, engineUnderTest } from '../support/db.js';
import { Browserless } from '../support/http.js';
import { freePort, runLodestar, waitForHealth, type CliResult } from '../support/cli.js';

const bin = path.join(process.cwd(), 'bin/lodestar.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-ops-'));
const dataDir = path.join(dir, 'data');
const restoredDir = path.join(dir, 'restored');
const onPglite = engineUnderTest === 'pglite';
let env: NodeJS.ProcessEnv;
let restoredEnv: NodeJS.ProcessEnv;
const drops: (() => Promise<void>)[] = [];
let app: { child: ChildProcess; url: string; output: string[]; exited: Promise<number | null> } | null = null;
let roundId = 0;

function lodestar(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runLodestar({ ...env, ...extraEnv }, args);
}

async function startApp(): Promise<NonNullable<typeof app>> {
  const port = await freePort();
  // LODESTAR_MEMORY_LOG names the process (pid) that reached each start-up point.
  const child = spawn('node', [bin, 'serve'], { env: { ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', LODESTAR_MEMORY_LOG: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, output);
  app = { child, url, output, exited };
  return app;
}

/** Rows of a table as text, in id order, so two databases can be compared whatever their drivers. */
async function tableText(db: Database, table: string): Promise<string[]> {
  const res = (await db.db.execute(sql.raw(`select t::text as row from ${table} t order by id`))) as unknown as { rows: { row: string }[] };
  return res.rows.map((r) => r.row);
}

beforeAll(async () => {
  // The app's PGlite in its worker thread (LODESTAR_DB_WORKER=1); jobs-kill and production-start serve it from the app's thread.
  env = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent', LODESTAR_DATA_DIR: dataDir, LODESTAR_DB_WORKER: '1' };
  restoredEnv = { LODESTAR_DATA_DIR: restoredDir };
  if (!onPglite) {
    const source = await createServerDatabase(process.env.DATABASE_URL!);
    const target = await createServerDatabase(process.env.DATABASE_URL!);
    env.DATABASE_URL = source.url;
    restoredEnv.DATABASE_URL = target.url;
    drops.push(source.drop, target.drop);
  }
  await startApp();
}, 600_000);

afterAll(async () => {
  if (app && app.child.exitCode === null) {
    app.child.kill('SIGTERM');
    await app.exited;
  }
  for (const drop of drops) await drop();
  fs.rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe('the app and the CLI on one database', () => {
  // Issue 15: creating a PGlite data directory and loading it leaves hundreds of MB in the process that did it.
  it('on PGlite the first start loads the bundled data in a child process, which has exited when the app serves', () => {
    const points = app!.output
      .join('')
      .split('\n')
      .filter((line) => line.startsWith(MEMORY_LOG_PREFIX))
      .map((line) => JSON.parse(line.slice(MEMORY_LOG_PREFIX.length)) as MemoryFigures);
    const loaded = points.filter((p) => p.point === 'bundled data loaded and scored');
    expect(loaded).toHaveLength(1);
    expect(points.filter((p) => p.pid === app!.child.pid).map((p) => p.point)).toEqual(onPglite ? ['database opened', 'listening'] : ['database opened', 'bundled data loaded and scored', 'listening']);
    if (onPglite) {
      const firstStart = loaded[0].pid;
      expect(firstStart).not.toBe(app!.child.pid);
      expect(points.filter((p) => p.pid === firstStart).map((p) => p.point)).toEqual(['database opened', 'bundled data loaded and scored', 'first start done (child process)']);
      expect(() => process.kill(firstStart, 0)).toThrow();
    }
  });

  it('a round created by the CLI while the app runs shows in the app at once', async () => {
    if (onPglite) expect(readLock(dataDir)).toMatchObject({ pid: app!.child.pid, command: 'lodestar serve', socketDir: expect.any(String) });
    const created = await lodestar(['rounds', 'create', '--year', '2026/27', '--term', 'spring', '--policy', 'walsall-2014', '--urns', '117083,117111']);
    expect(created.stderr).not.toMatch(/waiting for/);
    expect(created.code).toBe(0);
    roundId = Number(/Round (\d+) "2026\/27 spring" opened/.exec(created.stdout)?.[1]);
    expect(roundId).toBeGreaterThan(0);
    const officer = await new Browserless(app!.url).signInAs('senior_leader');
    const page = await (await officer.get(`/categorisation/rounds/${roundId}`)).text();
    expect(page).toContain('2026/27 spring');
    expect(page).toContain('Abbots Langley School');
  }, 180_000);

  // Issue 15: PGlite executes a query on the thread that owns it. With LODESTAR_DB_WORKER=1 the app keeps
  // it in a worker thread, so a long query (here a CLI client's, through the app's socket) leaves the app's event loop free:
  // a response that needs no database is sent while the query is still running. With PGlite on the
  // app's own thread the query finishes first, whatever the timings.
  it.skipIf(!onPglite)("a long query in the database does not stop the app's event loop", async () => {
    const lock = readLock(dataDir)!;
    const cli = new pg.Client({ host: lock.socketDir, port: lock.socketPort, user: 'postgres', database: 'postgres' });
    cli.on('error', () => {});
    await cli.connect();
    try {
      const order: string[] = [];
      const slow = cli.query('select pg_sleep(3)').then(() => order.push('slow query'));
      // Give the query time to reach the database before the request is sent.
      await new Promise((r) => setTimeout(r, 500));
      const asset = fetch(`${app!.url}/govuk/govuk-frontend.min.css`).then(async (res) => {
        await res.arrayBuffer();
        order.push(`asset ${res.status}`);
      });
      await Promise.all([slow, asset]);
      expect(order).toEqual(['asset 200', 'slow query']);
    } finally {
      await cli.end();
    }
  }, 60_000);

  it.skipIf(!onPglite)('a second app on the same data directory refuses at once, naming the running one', async () => {
    const r = await lodestar(['serve'], { PORT: String(await freePort()) });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`already served by a running Lodestar app: pid ${app!.child.pid}`);
    expect(r.stderr).toMatch(/kill -TERM \d+/);
  }, 120_000);

  it('backs up while the app runs and restores into an empty installation with every round, note, notice and audit entry', async () => {
    // Services in this process reach the database as any CLI command does: through the app on PGlite.
    const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir, owner: { command: 'test' } });
    let before: Record<string, string[]>;
    try {
      expect(database.access).toBe(onPglite ? 'socket' : 'server');
      const [officer] = await database.db.select().from(users).where(sql`${users.email} = ${demoEmail('link_officer')}`);
      const org = officer.organisationId;
      const who = { userId: officer.id, label: officer.email, organisationId: org };
      const note = await recordIntelligence(database.db, org, 117083, { kind: 'parental_complaint', indicator: '', summary: 'Complaint about transport, kept after restore', source: 'Parent', occurredOn: '2025-11-03', confidential: false }, who);
      expect(note.ok).toBe(true);
      const visit = await createVisit(
        database.db,
        org,
        117083,
        { type: 'termly-visit', date: '2025-11-04', agenda: 'Reading', attendees: 'Head teacher', areas: ['teaching'], evidence: 'Lesson visits', judgements: 'Improving', actions: [{ text: 'Share the phonics plan', owner: 'Head teacher', due: '2025-12-01' }] },
        who,
        todayIso(),
      );
      expect(visit.ok).toBe(true);
      // The round's letters are the notices the schools receive: confirmed and issued through the CLI.
      expect((await lodestar(['rounds', 'confirm', String(roundId), '--unchanged'])).code).toBe(0);
      const issued = await lodestar(['letters', '--round', String(roundId), '--out', path.join(dir, 'letters'), '--urns', '117083']);
      expect(issued.code).toBe(0);
      before = {};
      for (const table of ['categorisation_rounds', 'intelligence_items', 'visits', 'engagement_actions', 'letters', 'escalations', 'audit_log']) before[table] = await tableText(database, table);
      expect(before.letters.length).toBeGreaterThan(0);
      expect(before.intelligence_items.some((r) => r.includes('Complaint about transport'))).toBe(true);
      expect(before.audit_log.length).toBeGreaterThan(0);
    } finally {
      await database.close();
    }

    const file = path.join(dir, 'backup.dump');
    const backedUp = await lodestar(['backup', file]);
    expect(backedUp.stderr).toBe('');
    expect(backedUp.code).toBe(0);
    expect(backedUp.stdout).toMatch(onPglite ? /\(pglite, \d+ bytes, from the running app/ : /\(pg_dump, \d+ bytes/);

    const restored = await lodestar(['restore', file], restoredEnv);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    // The check: the restored installation lists the same audit entries.
    const auditHere = await lodestar(['audit', '--json']);
    const auditThere = await lodestar(['audit', '--json'], restoredEnv);
    expect(auditThere.code).toBe(0);
    expect(JSON.parse(auditThere.stdout)).toEqual(JSON.parse(auditHere.stdout));

    const copy = await openDatabase({ databaseUrl: restoredEnv.DATABASE_URL, dataDir: restoredDir, owner: { command: 'test' } });
    try {
      for (const [table, rows] of Object.entries(before)) expect(await tableText(copy, table), table).toEqual(rows);
    } finally {
      await copy.close();
    }
    // A restore never overwrites a database that is there, unless told to.
    const again = await lodestar(['restore', file], restoredEnv);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/not empty|already holds a database/);
    // With --force it replaces it; an embedded database is moved aside, never deleted.
    const forced = await lodestar(['restore', '--force', file], restoredEnv);
    expect(forced.stderr).toBe('');
    expect(forced.code).toBe(0);
    if (onPglite) {
      const aside = /moved to (\S+)$/m.exec(forced.stdout)?.[1];
      expect(aside && fs.existsSync(path.join(aside, 'PG_VERSION'))).toBe(true);
    }
    expect(JSON.parse((await lodestar(['audit', '--json'], restoredEnv)).stdout)).toEqual(JSON.parse(auditHere.stdout));
  }, 600_000);

  it('SIGTERM stops the app cleanly; started again, it opens the same data with nothing lost', async () => {
    app!.child.kill('SIGTERM');
    expect(await app!.exited).toBe(0);
    expect(app!.output.join('')).toContain('stopped cleanly');
    if (onPglite) expect(readLock(dataDir)).toBeNull();
    await startApp();
    const listed = await lodestar(['rounds', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^${roundId}\\s+2026/27 spring`, 'm'));
  }, 300_000);

  it.skipIf(!onPglite)('after kill -9 the stale lock is cleared by the next command and the data directory opens', async () => {
    const pid = app!.child.pid;
    app!.child.kill('SIGKILL');
    await app!.exited;
    expect(readLock(dataDir)?.pid).toBe(pid);
    const listed = await lodestar(['rounds', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^${roundId}\\s+2026/27 spring`, 'm'));
    expect(readLock(dataDir)).toBeNull();
  }, 300_000);

  it.skipIf(!onPglite)('two commands at once without the app: the second waits its turn, or refuses when told not to wait', async () => {
    const long = lodestar(['rounds', 'create', '--year', '2027/28', '--term', 'autumn', '--policy', 'walsall-2014']);
    let holder = readLock(dataDir);
    while (!holder?.command.includes('rounds create')) {
      await new Promise((r) => setTimeout(r, 100));
      holder = readLock(dataDir);
    }
    const refused = await lodestar(['rounds', 'list'], { LODESTAR_LOCK_WAIT_MS: '0' });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(`is in use by pid ${holder.pid}`);
    expect(refused.stderr).toContain('lodestar rounds create --year 2027/28');
    const waited = await lodestar(['rounds', 'list'], { LODESTAR_LOCK_WAIT_MS: '600000' });
    expect(waited.code).toBe(0);
    expect(waited.stdout).toContain('2027/28 autumn');
    expect((await long).code).toBe(0);
  }, 600_000);
});
