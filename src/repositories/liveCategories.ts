// The stored live categorisation (migration 0023): one row per organisation and policy, replaced when
// it no longer matches what it was computed from.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { liveCategories } from '../db/tables.js';

export type StoredLiveCategories = typeof liveCategories.$inferSelect;

export async function storedLiveCategories(db: Db, orgId: number, policyId: string): Promise<StoredLiveCategories | undefined> {
  const [row] = await db
    .select()
    .from(liveCategories)
    .where(and(eq(liveCategories.organisationId, orgId), eq(liveCategories.policyId, policyId)));
  return row;
}

export async function storeLiveCategories(db: Db, row: Omit<StoredLiveCategories, 'computedAt'>): Promise<void> {
  const computedAt = new Date();
  const set = { policyVersion: row.policyVersion, asOf: row.asOf, dataVersion: row.dataVersion, fingerprint: row.fingerprint, schools: row.schools, computedAt };
  await db
    .insert(liveCategories)
    .values({ ...row, computedAt })
    .onConflictDoUpdate({ target: [liveCategories.organisationId, liveCategories.policyId], set });
}
