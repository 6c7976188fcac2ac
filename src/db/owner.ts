// One owner of an embedded (PGlite) data directory. PGlite is a single-process database: a second
// process opening the same files loses work and can corrupt them. Whoever opens the directory first
// (the app or a CLI command) takes an exclusive lock file; a running app also publishes a private
// socket path in it, through which later CLI commands reach the database as PostgreSQL clients.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';

export const LOCK_FILE = 'lodestar.lock';
const UNREADABLE_LOCK_GRACE_MS = 5_000;

export interface LockInfo {
  pid: number;
  /** The process's start time in clock ticks since boot (Linux), so a reused pid is not taken for the owner. */
  processStart: string | null;
  startedAt: string;
  hostname: string;
  /** What holds it: `serve` or the CLI command line. */
  command: string;
  /** Set by a running app once it serves its database: the directory holding `.s.PGSQL.<port>`. */
  socketDir?: string;
  socketPort?: number;
  controlSocket?: string;
}

export class DataDirBusy extends Error {
  constructor(
    message: string,
    readonly holder: LockInfo,
  ) {
    super(message);
    this.name = 'DataDirBusy';
  }
}

export function lockPath(dataDir: string): string {
  return path.join(dataDir, LOCK_FILE);
}

function processStart(pid: number): string | null {
  try {
    // Field 22 of /proc/<pid>/stat; the command name (field 2) may contain spaces, so count from its ')'.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

export function readLock(dataDir: string): LockInfo | null {
  try {
    return JSON.parse(fs.readFileSync(lockPath(dataDir), 'utf8')) as LockInfo;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    // Empty or cut short: being written this instant (live), or its writer was killed doing so (stale once old).
    if (e instanceof SyntaxError) {
      const written = fs.statSync(lockPath(dataDir), { throwIfNoEntry: false })?.mtime ?? new Date(0);
      return { pid: 0, processStart: null, startedAt: written.toISOString(), hostname: os.hostname(), command: 'a lock file being written' };
    }
    throw e;
  }
}

/** Whether the lock's owner is still running. A lock from another host cannot be checked: treated as live. */
export function isLive(info: LockInfo): boolean {
  if (info.hostname !== os.hostname()) return true;
  if (info.pid === 0) return Date.now() - Date.parse(info.startedAt) < UNREADABLE_LOCK_GRACE_MS;
  if (!Number.isInteger(info.pid) || info.pid < 0) return false;
  try {
    process.kill(info.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const now = processStart(info.pid);
  return !(info.processStart && now && now !== info.processStart);
}

export function describeHolder(info: LockInfo): string {
  return `pid ${info.pid} on ${info.hostname} (${info.command}, since ${info.startedAt})`;
}

/** Removes a lock whose owner is gone, without ever removing a lock another process has just taken. */
function clearStale(dataDir: string, stale: LockInfo): void {
  const file = lockPath(dataDir);
  const aside = `${file}.stale-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  try {
    fs.renameSync(file, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  const moved = (() => {
    try {
      return JSON.parse(fs.readFileSync(aside, 'utf8')) as LockInfo;
    } catch {
      return null;
    }
  })();
  if (moved && (moved.pid !== stale.pid || moved.startedAt !== stale.startedAt)) {
    // Between reading and renaming, another process cleared the stale lock and took its own: put it back.
    try {
      fs.linkSync(aside, file);
    } catch {
      /* the owner already replaced it */
    }
  }
  fs.rmSync(aside, { force: true });
}

export interface DataDirLock {
  info: LockInfo;
  dataDir: string;
  /** Publishes the socket a running app serves, for CLI commands to find. */
  publish(extra: Pick<LockInfo, 'socketDir' | 'socketPort' | 'controlSocket'>): void;
  release(): void;
}

function tryCreate(dataDir: string, info: LockInfo): boolean {
  try {
    // 'wx' is an atomic create: exactly one of two racing processes succeeds.
    fs.writeFileSync(lockPath(dataDir), JSON.stringify(info), { flag: 'wx', mode: 0o600 });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

export interface AcquireOptions {
  command: string;
  /** How long to wait for another CLI command to finish before refusing (ms). */
  waitMs?: number;
  /** Called once when the lock is held by another live process and we start waiting. */
  onWait?: (holder: LockInfo) => void;
  /** Stop waiting at once (e.g. because the holder is a running app the caller can connect to). */
  stopWaiting?: (holder: LockInfo) => boolean;
}

export type AcquireResult = { lock: DataDirLock } | { holder: LockInfo };

/**
 * Takes the data directory's lock, clearing a stale one. While another live process holds it, waits up
 * to `waitMs` (or until `stopWaiting` says so) and then returns the holder instead of a lock.
 */
export async function acquireDataDirLock(dataDir: string, opts: AcquireOptions): Promise<AcquireResult> {
  fs.mkdirSync(dataDir, { recursive: true });
  const info: LockInfo = {
    pid: process.pid,
    processStart: processStart(process.pid),
    startedAt: new Date().toISOString(),
    hostname: os.hostname(),
    command: opts.command,
  };
  const deadline = Date.now() + (opts.waitMs ?? 0);
  let waited = false;
  for (;;) {
    if (tryCreate(dataDir, info)) return { lock: makeLock(dataDir, info) };
    const holder = readLock(dataDir);
    if (!holder) continue;
    if (holder.pid === process.pid && holder.hostname === info.hostname) {
      throw new Error(`this process already holds ${lockPath(dataDir)}`);
    }
    if (!isLive(holder)) {
      clearStale(dataDir, holder);
      continue;
    }
    if (opts.stopWaiting?.(holder) || Date.now() >= deadline) return { holder };
    if (!waited) opts.onWait?.(holder);
    waited = true;
    await new Promise((r) => setTimeout(r, 200));
  }
}

function makeLock(dataDir: string, info: LockInfo): DataDirLock {
  let released = false;
  return {
    info,
    dataDir,
    publish(extra) {
      Object.assign(info, extra);
      // Write then rename, so a reader never sees a half-written lock.
      const tmp = `${lockPath(dataDir)}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(info), { mode: 0o600 });
      fs.renameSync(tmp, lockPath(dataDir));
    },
    release() {
      if (released) return;
      released = true;
      const current = readLock(dataDir);
      if (current && current.pid === info.pid && current.startedAt === info.startedAt) fs.rmSync(lockPath(dataDir), { force: true });
    },
  };
}

/**
 * A private directory for the app's socket: outside the data directory (PGlite's backup cannot archive
 * a socket file), short enough for the 108-byte socket path limit, readable only by this user.
 */
export function socketDirFor(dataDir: string): string {
  const base = path.join(os.tmpdir(), `lodestar-${process.getuid?.() ?? 'user'}`);
  fs.mkdirSync(base, { recursive: true, mode: 0o700 });
  fs.chmodSync(base, 0o700);
  const hash = crypto.createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16);
  const dir = path.join(base, hash);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  return dir;
}

/**
 * Creates a socket 0600 through a restrictive umask, so no other user can connect even for an instant.
 * A worker thread may not change the process's umask; there the socket directory (0700, see
 * `socketDirFor`) keeps others out until the chmod that follows.
 */
export async function withPrivateUmask<T>(create: () => Promise<T>): Promise<T> {
  if (!isMainThread) return create();
  const umask = process.umask(0o177);
  try {
    return await create();
  } finally {
    process.umask(umask);
  }
}
