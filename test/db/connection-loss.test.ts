// A PostgreSQL server may end an idle connection at any time (restart, failover, an administrator's
// pg_terminate_backend). The app's pool must shrug that off: before it listened for the pool's
// `error` event, such a termination crashed the process (in tests, an unhandled error).
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { createServerDatabase, engineUnderTest, rows } from '../support/db.js';

describe.runIf(engineUnderTest === 'postgres')('an idle connection ended by the server', () => {
  let created: { url: string; drop(): Promise<void> };
  let database: Database;
  const stderr: string[] = [];
  const write = process.stderr.write.bind(process.stderr);

  beforeAll(async () => {
    created = await createServerDatabase(process.env.DATABASE_URL!);
    database = await openDatabase({ databaseUrl: created.url, dataDir: '' });
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      stderr.push(String(chunk));
      return write(chunk, ...rest);
    }) as typeof process.stderr.write;
  });

  afterAll(async () => {
    process.stderr.write = write;
    await database?.close();
    await created?.drop();
  });

  it('is replaced on the next query, and the process is told, not killed', async () => {
    const before = rows<{ pid: number }>(await database.db.execute(sql`select pg_backend_pid() as pid`))[0].pid;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    admin.on('error', () => {});
    await admin.connect();
    try {
      const killed = await admin.query('select pg_terminate_backend($1) as ok', [before]);
      expect(killed.rows[0].ok).toBe(true);
    } finally {
      await admin.end();
    }
    // The pool hears of the termination when the server's message arrives.
    for (let i = 0; i < 50 && !stderr.some((l) => l.includes('idle database connection closed')); i++) await new Promise((r) => setTimeout(r, 100));
    expect(stderr.join('')).toContain('idle database connection closed');
    const after = rows<{ pid: number; n: number }>(await database.db.execute(sql`select pg_backend_pid() as pid, 1 as n`))[0];
    expect(after.n).toBe(1);
    expect(after.pid).not.toBe(before);
  });
});
