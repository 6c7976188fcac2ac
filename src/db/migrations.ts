// Whether the database already has every migration in drizzle/, decided the way drizzle's migrator
// decides it, with one small query instead of reading and hashing every migration file and opening a
// transaction on each start and each CLI command.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';

interface Executes {
  execute(query: ReturnType<typeof sql>): Promise<unknown>;
}

/** The newest migration's `when` in drizzle's journal (what the migrator records as `created_at`). */
export function newestMigrationMillis(migrationsFolder: string): number {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] };
  return Math.max(...journal.entries.map((e) => e.when));
}

/**
 * True when drizzle's `migrate` would apply nothing: it applies each migration whose `when` is later than
 * the `created_at` of the row it reads with this same query (none when that row is missing or NULL).
 */
export async function migrationsApplied(db: Executes, migrationsFolder: string): Promise<boolean> {
  const rows = (r: unknown) => (r as { rows: Record<string, unknown>[] }).rows;
  const [table] = rows(await db.execute(sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`));
  if (!table?.present) return false;
  const [last] = rows(await db.execute(sql`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`));
  return last !== undefined && last.created_at !== null && Number(last.created_at) >= newestMigrationMillis(migrationsFolder);
}
