import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { organisations } from '../db/schema.js';

export type Organisation = typeof organisations.$inferSelect;

export async function ensureOrganisation(
  db: Db | Tx,
  org: { kind: Organisation['kind']; code: string; name: string },
): Promise<Organisation> {
  await db.insert(organisations).values(org).onConflictDoNothing();
  const [row] = await db
    .select()
    .from(organisations)
    .where(and(eq(organisations.kind, org.kind), eq(organisations.code, org.code)));
  return row;
}

export async function findOrganisation(db: Db | Tx, kind: Organisation['kind'], code: string): Promise<Organisation | undefined> {
  const [row] = await db
    .select()
    .from(organisations)
    .where(and(eq(organisations.kind, kind), eq(organisations.code, code)));
  return row;
}

export async function getOrganisation(db: Db | Tx, id: number): Promise<Organisation | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
  return row;
}
