// A fresh, migrated database for one test file: in-memory PGlite by default, or a new database on
// the PostgreSQL server in DATABASE_URL, so the same tests prove both engines.
import crypto from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/client.js';

export const engineUnderTest = process.env.DATABASE_URL ? 'postgres' : 'pglite';

async function adminQuery(url: string, text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  admin.on('error', () => {}); // its query rejects with the same error
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

/** A new, empty database on the PostgreSQL server under test, and a way to drop it. */
export async function createServerDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `lodestar_test_${crypto.randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(serverUrl, `drop database if exists ${name} with (force)`) };
}

export async function openTestDatabase(): Promise<Database> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return openDatabase({ dataDir: 'memory://' });
  const created = await createServerDatabase(serverUrl);
  const database = await openDatabase({ databaseUrl: created.url, dataDir: '' });
  return {
    ...database,
    async close() {
      await database.close();
      await created.drop();
    },
  };
}

/** Rows of a raw `db.execute` result, whichever driver returned it. */
export function rows<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
