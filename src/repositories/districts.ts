import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { districts } from '../db/schema.js';

export type District = typeof districts.$inferSelect;

/** Creates any of `names` the organisation lacks and returns name → id for all of them. */
export async function ensureDistricts(db: Db | Tx, organisationId: number, names: string[]): Promise<Map<string, number>> {
  const unique = [...new Set(names)];
  if (unique.length === 0) return new Map();
  await db
    .insert(districts)
    .values(unique.map((name) => ({ organisationId, name })))
    .onConflictDoNothing();
  const rows = await db
    .select()
    .from(districts)
    .where(and(eq(districts.organisationId, organisationId), inArray(districts.name, unique)));
  return new Map(rows.map((r) => [r.name, r.id]));
}

export async function listDistricts(db: Db | Tx, organisationId: number): Promise<District[]> {
  return db.select().from(districts).where(eq(districts.organisationId, organisationId)).orderBy(asc(districts.name));
}
