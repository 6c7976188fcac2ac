// Backups of either engine, and restoring one into an empty installation.
//
// PGlite: the data directory as PGlite's own gzip tarball (`dumpDataDir`), taken after a CHECKPOINT
// while holding PGlite's transaction lock, so no transaction of the app or of a CLI client is half
// in it; restored with `loadDataDir`. A physical copy is exact (sequences, triggers, the migration
// journal) and needs no client tools. When an app owns the directory the backup is taken by the app
// itself, asked over a private control socket beside its database socket.
// PostgreSQL: `pg_dump -Fc` / `pg_restore`, the server's own consistent snapshot and format.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { acquireDataDirLock, describeHolder, DataDirBusy, lockPath, withPrivateUmask, type DataDirLock } from './owner.js';
import { lockWaitMs } from './client.js';

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

const GZIP = [0x1f, 0x8b];
const PG_CUSTOM = 'PGDMP';

export type BackupFormat = 'pglite' | 'pg_dump';

export function backupFormatOf(file: string): BackupFormat | null {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(5);
    fs.readSync(fd, head, 0, 5, 0);
    if (head[0] === GZIP[0] && head[1] === GZIP[1]) return 'pglite';
    if (head.toString('latin1') === PG_CUSTOM) return 'pg_dump';
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

function writeAtomically(file: string, data: Buffer): void {
  const tmp = `${file}.${process.pid}.partial`;
  fs.writeFileSync(tmp, data, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** A consistent copy of an open PGlite database, written to `file`. */
export async function backupOpenPglite(pglite: PGlite, file: string): Promise<number> {
  await pglite.exec('CHECKPOINT');
  const blob = await pglite._runExclusiveTransaction(() => pglite.dumpDataDir('gzip'));
  const data = Buffer.from(await blob.arrayBuffer());
  writeAtomically(file, data);
  return data.length;
}

// ---- the app's control socket (backups while the app runs) ----

export function controlSocketPath(socketDir: string): string {
  return path.join(socketDir, 'control.sock');
}

export async function serveBackupControl(pglite: PGlite, socketDir: string): Promise<{ path: string; stop(): Promise<void> }> {
  const socketPath = controlSocketPath(socketDir);
  fs.rmSync(socketPath, { force: true });
  const server = net.createServer((conn) => {
    let input = '';
    conn.setEncoding('utf8');
    conn.on('data', (chunk: string) => {
      input += chunk;
      if (!input.includes('\n')) return;
      void (async () => {
        try {
          const request = JSON.parse(input) as { op?: string; file?: string };
          if (request.op !== 'backup' || typeof request.file !== 'string' || !path.isAbsolute(request.file)) throw new Error('unknown request');
          const bytes = await backupOpenPglite(pglite, request.file);
          conn.end(`${JSON.stringify({ ok: true, bytes })}\n`);
        } catch (e) {
          conn.end(`${JSON.stringify({ ok: false, error: (e as Error).message })}\n`);
        }
      })();
    });
    conn.on('error', () => conn.destroy());
  });
  await withPrivateUmask(
    () =>
      new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(socketPath, resolve);
      }),
  );
  fs.chmodSync(socketPath, 0o600);
  return {
    path: socketPath,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        fs.rmSync(socketPath, { force: true });
      }),
  };
}

async function askAppForBackup(controlSocket: string, file: string): Promise<number> {
  const reply = await new Promise<string>((resolve, reject) => {
    const conn = net.connect(controlSocket);
    let out = '';
    conn.setEncoding('utf8');
    conn.on('connect', () => conn.write(`${JSON.stringify({ op: 'backup', file })}\n`));
    conn.on('data', (d: string) => (out += d));
    conn.on('end', () => resolve(out));
    conn.on('error', reject);
  });
  const parsed = JSON.parse(reply) as { ok: boolean; bytes?: number; error?: string };
  if (!parsed.ok) throw new BackupError(`the running app could not write the backup: ${parsed.error}`);
  return parsed.bytes ?? 0;
}

// ---- PostgreSQL client tools ----

function runTool(tool: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(
        new BackupError(
          e.code === 'ENOENT' ? `${tool} was not found: install the PostgreSQL client tools (Debian/Ubuntu: apt-get install postgresql-client) matching your server's version` : `${tool}: ${e.message}`,
        ),
      ),
    );
    child.on('close', (code) => (code === 0 ? resolve() : reject(new BackupError(`${tool} failed (exit ${code}):\n${stderr.trim()}`))));
  });
}

async function postgresIsEmpty(databaseUrl: string): Promise<boolean> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on('error', () => {}); // the query below rejects with the same error
  await client.connect();
  try {
    const r = await client.query<{ n: string }>(
      `select count(*) as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'`,
    );
    return Number(r.rows[0].n) === 0;
  } finally {
    await client.end();
  }
}

// ---- the two commands ----

export interface BackupTarget {
  databaseUrl?: string;
  dataDir: string;
}

export async function backup(target: BackupTarget, file: string, command = 'lodestar backup'): Promise<{ format: BackupFormat; bytes: number; via: string }> {
  const out = path.resolve(file);
  if (target.databaseUrl) {
    const tmp = `${out}.${process.pid}.partial`;
    await runTool('pg_dump', ['-Fc', '--no-owner', '-f', tmp, '-d', target.databaseUrl]);
    fs.renameSync(tmp, out);
    return { format: 'pg_dump', bytes: fs.statSync(out).size, via: 'pg_dump' };
  }
  if (!fs.existsSync(path.join(target.dataDir, 'PG_VERSION'))) throw new BackupError(`there is no database in ${target.dataDir} to back up`);
  const acquired = await acquireDataDirLock(target.dataDir, { command, waitMs: lockWaitMs(), stopWaiting: (h) => Boolean(h.controlSocket) });
  if ('holder' in acquired) {
    const holder = acquired.holder;
    if (!holder.controlSocket) throw new DataDirBusy(`${target.dataDir} is in use by ${describeHolder(holder)}; try again when it has finished`, holder);
    return { format: 'pglite', bytes: await askAppForBackup(holder.controlSocket, out), via: `the running app (pid ${holder.pid})` };
  }
  const lock = acquired.lock;
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const pglite = await PGlite.create(target.dataDir);
    try {
      return { format: 'pglite', bytes: await backupOpenPglite(pglite, out), via: 'the data directory' };
    } finally {
      await pglite.close();
    }
  } finally {
    lock.release();
  }
}

function isEmptyDataDir(dataDir: string): boolean {
  if (!fs.existsSync(dataDir)) return true;
  return fs.readdirSync(dataDir).every((f) => f === path.basename(lockPath(dataDir)));
}

export async function restore(target: BackupTarget, file: string, opts: { force?: boolean; command?: string } = {}): Promise<{ format: BackupFormat; movedAside?: string }> {
  const source = path.resolve(file);
  if (!fs.existsSync(source)) throw new BackupError(`${file} does not exist`);
  const format = backupFormatOf(source);
  if (!format) throw new BackupError(`${file} is not a Lodestar backup (neither a PGlite data directory dump nor a pg_dump custom-format file)`);
  if (target.databaseUrl) {
    if (format !== 'pg_dump') throw new BackupError(`${file} is a backup of an embedded (PGlite) database; restore it with LODESTAR_DATA_DIR and without DATABASE_URL`);
    const empty = await postgresIsEmpty(target.databaseUrl);
    if (!empty && !opts.force) throw new BackupError('the database in DATABASE_URL is not empty; restore into an empty database, or add --force to replace what it holds');
    await runTool('pg_restore', ['--no-owner', '--exit-on-error', '--single-transaction', ...(empty ? [] : ['--clean', '--if-exists']), '-d', target.databaseUrl, source]);
    return { format };
  }
  if (format !== 'pglite') throw new BackupError(`${file} is a pg_dump backup of a PostgreSQL database; restore it with DATABASE_URL set to an empty PostgreSQL database`);
  const acquired = await acquireDataDirLock(target.dataDir, { command: opts.command ?? 'lodestar restore', waitMs: 0 });
  if ('holder' in acquired) throw new DataDirBusy(`${target.dataDir} is in use by ${describeHolder(acquired.holder)}; stop it before restoring`, acquired.holder);
  let lock: DataDirLock = acquired.lock;
  let movedAside: string | undefined;
  try {
    if (!isEmptyDataDir(target.dataDir)) {
      if (!opts.force) throw new BackupError(`${target.dataDir} already holds a database; restore into an empty directory, or add --force (the current one is kept beside it)`);
      // Nothing is deleted: the current database is moved aside, and the lock is taken on the new directory.
      lock.release();
      movedAside = `${target.dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      fs.renameSync(target.dataDir, movedAside);
      const again = await acquireDataDirLock(target.dataDir, { command: opts.command ?? 'lodestar restore', waitMs: 0 });
      if ('holder' in again) throw new DataDirBusy(`${target.dataDir} was taken by ${describeHolder(again.holder)} during the restore`, again.holder);
      lock = again.lock;
    }
    const { PGlite } = await import('@electric-sql/pglite');
    const pglite = await PGlite.create(target.dataDir, { loadDataDir: new Blob([fs.readFileSync(source)]) });
    await pglite.query('select 1');
    await pglite.close();
    // The backup carries the lock file of the process that took it; this restore owns the directory now.
    fs.writeFileSync(lockPath(target.dataDir), JSON.stringify(lock.info), { mode: 0o600 });
  } finally {
    lock.release();
  }
  return { format, movedAside };
}
