// `lodestar serve`'s embedded database in a worker thread (issue 15): the app's thread is a PostgreSQL
// client of the worker's private socket, so PGlite's execution never blocks the app's event loop; the
// lock stays with the app's process; a worker that dies ends the app with a clear message.
// Embedded-database behaviour only: with DATABASE_URL there is no PGlite.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { readLock } from '../../src/db/owner.js';
import { engineUnderTest } from '../support/db.js';

describe.skipIf(engineUnderTest === 'postgres')('the embedded database in a worker thread', () => {
  let dir: string;
  let database: Database;
  const crashes: Error[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-dbworker-'));
    database = await openDatabase({ dataDir: path.join(dir, 'data'), worker: true, owner: { command: 'lodestar serve', mustOwn: true }, onWorkerExit: (e) => crashes.push(e) });
  }, 300_000);
  afterAll(async () => {
    await database?.close().catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is migrated, owned by this process and served on a private socket', async () => {
    expect(database).toMatchObject({ engine: 'pglite', access: 'embedded' });
    expect(readLock(path.join(dir, 'data'))?.pid).toBe(process.pid);
    const socket = path.join(database.served!.socketDir, `.s.PGSQL.${database.served!.socketPort}`);
    expect(fs.statSync(socket).mode & 0o777).toBe(0o600);
    expect(fs.statSync(database.served!.controlSocket).mode & 0o777).toBe(0o600);
    const res = (await database.db.execute(sql`select count(*)::int as n from organisations`)) as unknown as { rows: { n: number }[] };
    expect(res.rows[0].n).toBe(0);
  });

  it("runs a long query without holding this thread's event loop", async () => {
    const order: string[] = [];
    const slow = database.db.execute(sql`select pg_sleep(1.5)`).then(() => order.push('query'));
    // A timer due long before the query ends: on PGlite in this thread it could only fire after it.
    await new Promise((r) => setTimeout(r, 200));
    order.push('timer');
    await slow;
    expect(order).toEqual(['timer', 'query']);
  });

  it('reports a worker that ends unasked, and closes cleanly otherwise', async () => {
    // A second directory: this one's worker is made to die.
    const other = await openDatabase({ dataDir: path.join(dir, 'other'), worker: true, owner: { command: 'lodestar serve', mustOwn: true }, onWorkerExit: (e) => crashes.push(e) });
    await other.worker!.terminate();
    await new Promise((r) => setTimeout(r, 100));
    expect(crashes.map((e) => e.message)).toEqual([expect.stringContaining('embedded database worker exited')]);
    await other.close().catch(() => {});
    // The database that was asked to close reports nothing and lets the directory go.
    await database.close();
    expect(crashes).toHaveLength(1);
    expect(readLock(path.join(dir, 'data'))).toBeNull();
    expect(fs.existsSync(database.served!.controlSocket)).toBe(false);
  }, 300_000);
});
