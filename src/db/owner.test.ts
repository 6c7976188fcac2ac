import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, lockPath, readLock, type LockInfo } from './owner.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-lock-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const writeLock = (dir: string, info: Partial<LockInfo>) =>
  fs.writeFileSync(lockPath(dir), JSON.stringify({ processStart: null, startedAt: '2026-01-01T00:00:00.000Z', hostname: os.hostname(), command: 'lodestar rounds create', ...info }));
/** The pid of a process that has already exited. */
const deadPid = () => spawnSync('true').pid!;

describe('the data directory lock', () => {
  it('is taken by one opener; another gets the holder back, and the lock goes with release', async () => {
    const dir = tempDir();
    const first = await acquireDataDirLock(dir, { command: 'lodestar serve' });
    if (!('lock' in first)) throw new Error('not taken');
    expect(readLock(dir)).toMatchObject({ pid: process.pid, command: 'lodestar serve', hostname: os.hostname() });
    expect(fs.statSync(lockPath(dir)).mode & 0o777).toBe(0o600);
    // A pid that is not ours but alive: our parent stands in for another process holding it.
    writeLock(dir, { pid: process.ppid });
    const second = await acquireDataDirLock(dir, { command: 'lodestar rounds list', waitMs: 0 });
    expect(second).toEqual({ holder: expect.objectContaining({ pid: process.ppid }) });
    // Released by its owner only: the lock now names another process, so it stays.
    first.lock.release();
    expect(readLock(dir)?.pid).toBe(process.ppid);
  });

  it('clears a stale lock left by a killed process, and by a reused pid with another start time', async () => {
    const dir = tempDir();
    writeLock(dir, { pid: deadPid() });
    const got = await acquireDataDirLock(dir, { command: 'lodestar serve', waitMs: 0 });
    expect('lock' in got).toBe(true);
    if ('lock' in got) got.lock.release();
    expect(readLock(dir)).toBeNull();

    writeLock(dir, { pid: process.ppid, processStart: '1' });
    const reused = await acquireDataDirLock(dir, { command: 'lodestar serve', waitMs: 0 });
    expect('lock' in reused).toBe(true);
    if ('lock' in reused) reused.lock.release();
  });

  it('never clears a lock from another host it cannot check, nor one that is being written', async () => {
    const dir = tempDir();
    writeLock(dir, { pid: deadPid(), hostname: 'another-host' });
    expect(await acquireDataDirLock(dir, { command: 'x', waitMs: 0 })).toEqual({ holder: expect.objectContaining({ hostname: 'another-host' }) });
    fs.writeFileSync(lockPath(dir), '{"pid": 12');
    expect(await acquireDataDirLock(dir, { command: 'x', waitMs: 0 })).toEqual({ holder: expect.objectContaining({ pid: 0 }) });
    // The same, left a minute ago by a writer that was killed: stale.
    const aMinuteAgo = new Date(Date.now() - 60_000);
    fs.utimesSync(lockPath(dir), aMinuteAgo, aMinuteAgo);
    const got = await acquireDataDirLock(dir, { command: 'x', waitMs: 0 });
    expect('lock' in got).toBe(true);
  });

  it('waits for the holder to finish, then takes it', async () => {
    const dir = tempDir();
    writeLock(dir, { pid: process.ppid });
    let told = '';
    setTimeout(() => fs.rmSync(lockPath(dir)), 300);
    const got = await acquireDataDirLock(dir, { command: 'x', waitMs: 30_000, onWait: (h) => (told = h.command) });
    expect(told).toBe('lodestar rounds create');
    expect('lock' in got).toBe(true);
  });
});
