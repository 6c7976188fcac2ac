// The database's data version (migration 0020): moved on by triggers whenever anything a page may show
// changes, by this process, a CLI command, another app process or an operator's SQL alike.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';

export async function currentDataVersion(db: Db): Promise<number> {
  const res = await db.execute(sql`select version from data_version where id = 1`);
  const row = (res as unknown as { rows: { version: string | number }[] }).rows[0];
  return row ? Number(row.version) : 0;
}
