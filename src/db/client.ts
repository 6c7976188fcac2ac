// Opens the database: embedded PGlite on disk by default, PostgreSQL when DATABASE_URL is set.
// Both return the same drizzle type so every repository runs unchanged on either engine.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './tables.js';
import { projectRoot } from '../config.js';
import { acquireDataDirLock, DataDirBusy, describeHolder, socketDirFor, type DataDirLock } from './owner.js';
import type { PgliteHostData, PgliteHostMessage } from './pgliteHost.js';
import { migrationsApplied } from './migrations.js';

// No relational schema: Lodestar uses only the query builder, and drizzle's relational set-up of every table cost
// each process ~30–60 ms of CPU at every open (a CLI command pays it before its first query).
export type Db = PgDatabase<PgQueryResultHKT>;
/** A transaction has the same query surface as the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  db: Db;
  engine: 'pglite' | 'postgres';
  /**
   * How this process reaches the database: `embedded` owns a PGlite data directory (`pglite` and
   * `lock` are set), `socket` works through the app that owns it, `server` is PostgreSQL.
   */
  access: 'embedded' | 'socket' | 'server';
  pglite?: PGlite;
  lock?: DataDirLock;
  /** Set when PGlite runs in a worker thread (`worker` option): where it is served, for the lock. */
  served?: { socketDir: string; socketPort: number; controlSocket: string };
  worker?: Worker;
  close(): Promise<void>;
}

const migrationsFolder = path.join(projectRoot, 'drizzle');

export interface OpenOptions {
  databaseUrl?: string;
  /** Folder for PGlite's files; 'memory://' for a throwaway in-memory database. */
  dataDir: string;
  /**
   * Who opens a PGlite data directory: the app (`serve`) must own it; any other command works through
   * a running app's socket, else takes the directory itself. Named in the lock for whoever waits.
   */
  owner?: { command: string; mustOwn?: boolean; waitMs?: number; onWait?: (message: string) => void };
  /** Skip the migrations (backup and restore handle a database as it is). */
  migrate?: boolean;
  /**
   * Run an embedded data directory's PGlite in a worker thread serving the private sockets, and reach
   * it through them (the app: `serve`). Ignored for `memory://` and PostgreSQL.
   */
  worker?: boolean;
  /** Called when that worker ends without being asked to (default: a message on stderr and exit code 1). */
  onWorkerExit?: (err: Error) => void;
}

/**
 * PostgreSQL's default 128 MB of shared buffers make PGlite's WebAssembly memory ~190 MB from the
 * start (and it never shrinks); 32 MB fits in the 128 MB the module needs anyway, and the database
 * files (about 90 MB for the bundled LA) stay in the operating system's file cache.
 */
let PGLITE_START_PARAMS = ['-c', 'shared_buffers=32MB'];

/**
 * For a command of a few small queries (`brief` in src/cli/registry.ts): 8 MB of shared buffers, because
 * PGlite zeroes and maps all of them at every open (about 0.1 s of CPU for 32 MB) and such a command
 * reads a few pages. The setting is per process; the data directory does not record it.
 */
export function useBriefEmbeddedDatabase(): void {
  PGLITE_START_PARAMS = ['-c', 'shared_buffers=8MB'];
}

/** How long a command waits for another command holding the data directory (env LODESTAR_LOCK_WAIT_MS). */
export function lockWaitMs(): number {
  const v = Number(process.env.LODESTAR_LOCK_WAIT_MS);
  return Number.isFinite(v) && v >= 0 ? v : 60_000;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const { default: pg } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    survivePoolErrors(pool);
    const db = drizzle(pool);
    if ((opts.migrate ?? true) && !(await migrationsApplied(db, migrationsFolder))) await migrate(db, { migrationsFolder });
    return { db: db as unknown as Db, engine: 'postgres', access: 'server', close: () => pool.end() };
  }
  if (opts.dataDir.startsWith('memory://')) return openPglite(opts.dataDir, undefined, opts.migrate ?? true);
  const command = opts.owner?.command ?? 'lodestar';
  const acquired = await acquireDataDirLock(opts.dataDir, {
    command,
    waitMs: opts.owner?.waitMs ?? lockWaitMs(),
    stopWaiting: (holder) => Boolean(holder.socketDir),
    onWait: (holder) => opts.owner?.onWait?.(`waiting for ${describeHolder(holder)} to finish with ${opts.dataDir}`),
  });
  if ('holder' in acquired) {
    const holder = acquired.holder;
    if (holder.socketDir && holder.socketPort && !opts.owner?.mustOwn) return openThroughApp(holder.socketDir, holder.socketPort);
    throw new DataDirBusy(
      holder.socketDir
        ? `${opts.dataDir} is already served by a running Lodestar app: ${describeHolder(holder)}. Stop it (kill -TERM ${holder.pid}) or use that app.`
        : holder.command === 'lodestar serve'
          ? `${opts.dataDir} is opened by the Lodestar app, ${describeHolder(holder)}, which is still starting (the first start loads the bundled data); try again in a minute.`
          : `${opts.dataDir} is in use by ${describeHolder(holder)}. Wait for it to finish and try again` +
            ` (a stale lock from a process that no longer runs is cleared automatically).`,
      holder,
    );
  }
  const lock = acquired.lock;
  // A command killed by a signal skips its finally blocks; the lock must not outlive the process.
  const releaseOnExit = () => lock.release();
  process.once('exit', releaseOnExit);
  try {
    const database = opts.worker
      ? await openPgliteInWorker(opts.dataDir, lock, opts.migrate ?? true, opts.onWorkerExit ?? exitOnWorkerCrash)
      : await openPglite(opts.dataDir, lock, opts.migrate ?? true);
    return {
      ...database,
      async close() {
        try {
          await database.close();
        } finally {
          lock.release();
          process.off('exit', releaseOnExit);
        }
      },
    };
  } catch (e) {
    lock.release();
    process.off('exit', releaseOnExit);
    throw e;
  }
}

async function openPglite(dataDir: string, lock: DataDirLock | undefined, runMigrations: boolean): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  if (!dataDir.startsWith('memory://')) fs.mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir, { startParams: [...PGlite.defaultStartParams, ...PGLITE_START_PARAMS] });
  const db = drizzle(client);
  if (runMigrations && !(await migrationsApplied(db, migrationsFolder))) await migrate(db, { migrationsFolder });
  return { db: db as unknown as Db, engine: 'pglite', access: 'embedded', pglite: client, lock, close: () => client.close() };
}

/** The app's pool on its own database socket: more than one, so a page's parallel queries queue in the worker, not here. */
const WORKER_POOL_SIZE = 8;

/**
 * `lodestar serve`'s embedded database: PGlite runs in a worker thread (see pgliteHost.ts) and this
 * thread is one of its PostgreSQL clients on the private socket, like a CLI command. PGlite executes
 * a query on the thread that owns it, so on the app's thread every query would stop every request;
 * here the event loop keeps serving while the worker executes.
 */
async function openPgliteInWorker(dataDir: string, lock: DataDirLock, runMigrations: boolean, onWorkerExit: (err: Error) => void): Promise<Database> {
  const { Worker } = await import('node:worker_threads');
  const { default: pg } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const data: PgliteHostData = { dataDir, socketDir: socketDirFor(dataDir), migrationsFolder, migrate: runMigrations, extraStartParams: PGLITE_START_PARAMS };
  const worker = new Worker(fileURLToPath(new URL('./pgliteWorker.mjs', import.meta.url)), { workerData: data });
  let stopping = false;
  const ready = await new Promise<Extract<PgliteHostMessage, { type: 'ready' }>>((resolve, reject) => {
    const onExit = (code: number) => reject(new Error(`the embedded database worker stopped while opening ${dataDir} (exit code ${code})`));
    worker.once('error', reject);
    worker.once('exit', onExit);
    worker.once('message', (m: PgliteHostMessage) => {
      worker.off('error', reject);
      worker.off('exit', onExit);
      if (m.type === 'ready') resolve(m);
      else reject(new Error(`the embedded database worker sent ${m.type} before it was ready`));
    });
  }).catch(async (err: Error) => {
    await worker.terminate();
    throw err;
  });
  // After start-up the worker ends only when asked to; anything else leaves the app without its database.
  let crash: Error | null = null;
  let exited = false;
  worker.on('error', (err) => (crash = err));
  worker.on('exit', (code) => {
    exited = true;
    if (!stopping) onWorkerExit(crash ?? new Error(`the embedded database worker exited with code ${code}`));
  });
  const pool = new pg.Pool({ host: ready.socketDir, port: ready.port, user: 'postgres', database: 'postgres', max: WORKER_POOL_SIZE });
  survivePoolErrors(pool);
  const db = drizzle(pool);
  return {
    db: db as unknown as Db,
    engine: 'pglite',
    access: 'embedded',
    lock,
    served: { socketDir: ready.socketDir, socketPort: ready.port, controlSocket: ready.controlSocket },
    worker,
    async close() {
      stopping = true;
      await pool.end();
      if (exited) return;
      // The worker stops its sockets and closes PGlite (a checkpoint), then says so; an error there is the close's.
      await new Promise<void>((resolve, reject) => {
        worker.once('error', reject);
        worker.once('exit', () => resolve());
        worker.on('message', (m: PgliteHostMessage) => {
          if (m.type === 'stopped') void worker.terminate();
        });
        worker.postMessage({ type: 'stop' });
      });
    },
  };
}

function exitOnWorkerCrash(err: Error): void {
  process.stderr.write(`lodestar: the embedded database stopped unexpectedly (${err.message}); the app cannot continue without it and exits\n`);
  // The lock is released by the process's exit handler.
  process.exit(1);
}

/** A PostgreSQL client of the app that owns the data directory (it has already run the migrations). */
async function openThroughApp(socketDir: string, port: number): Promise<Database> {
  const { default: pg } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  // A handful of connections: the app runs their statements one exchange at a time anyway.
  const pool = new pg.Pool({ host: socketDir, port, user: 'postgres', database: 'postgres', max: 4 });
  survivePoolErrors(pool);
  const db = drizzle(pool);
  return { db: db as unknown as Db, engine: 'pglite', access: 'socket', close: () => pool.end() };
}

/**
 * An idle pooled connection that the server ends (a restart, an administrator's terminate, a dropped
 * database) makes the pool emit `error`; unheard, Node turns that into a crash of the whole app. The
 * pool has already discarded the connection and opens a new one on the next query, so a line on
 * stderr is all that is needed.
 */
function survivePoolErrors(pool: import('pg').Pool): void {
  pool.on('error', (err) => {
    process.stderr.write(`lodestar: an idle database connection closed (${err.message}); the next query opens a new one\n`);
  });
}

export { schema };
