// The start-up shortcut that skips drizzle's migrator when nothing is due must say "due" whenever the
// migrator would apply something, on both engines.
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { migrationsApplied, newestMigrationMillis } from '../../src/db/migrations.js';
import { openTestDatabase, rows } from '../support/db.js';

const folder = path.join(process.cwd(), 'drizzle');
let database: Database;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('migrationsApplied', () => {
  it('is true on a database the migrator has brought up to date', async () => {
    expect(await migrationsApplied(database.db, folder)).toBe(true);
  });

  it('is false once the newest migration is not recorded, and true again when it is', async () => {
    const newest = newestMigrationMillis(folder);
    const [row] = rows<{ id: number }>(await database.db.execute(sql`select id from drizzle.__drizzle_migrations where created_at = ${newest}`));
    expect(row).toBeDefined();
    await database.db.execute(sql`update drizzle.__drizzle_migrations set created_at = ${newest - 1} where id = ${row.id}`);
    expect(await migrationsApplied(database.db, folder)).toBe(false);
    await database.db.execute(sql`update drizzle.__drizzle_migrations set created_at = null where id = ${row.id}`);
    expect(await migrationsApplied(database.db, folder)).toBe(false);
    await database.db.execute(sql`update drizzle.__drizzle_migrations set created_at = ${newest} where id = ${row.id}`);
    expect(await migrationsApplied(database.db, folder)).toBe(true);
  });

  it('is false on a database that has never been migrated', async () => {
    await database.db.execute(sql`alter table drizzle.__drizzle_migrations rename to __drizzle_migrations_aside`);
    try {
      expect(await migrationsApplied(database.db, folder)).toBe(false);
    } finally {
      await database.db.execute(sql`alter table drizzle.__drizzle_migrations_aside rename to __drizzle_migrations`);
    }
  });
});
