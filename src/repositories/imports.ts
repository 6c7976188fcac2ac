import { and, desc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { imports } from '../db/schema.js';

export type ImportRecord = typeof imports.$inferSelect;
export type NewImport = typeof imports.$inferInsert;

export async function insertImport(tx: Tx, row: NewImport): Promise<ImportRecord> {
  const [created] = await tx.insert(imports).values(row).returning();
  return created;
}

export async function listImports(db: Db | Tx, organisationId: number, kind?: string): Promise<ImportRecord[]> {
  return db
    .select()
    .from(imports)
    .where(kind ? and(eq(imports.organisationId, organisationId), eq(imports.kind, kind)) : eq(imports.organisationId, organisationId))
    .orderBy(desc(imports.finishedAt), desc(imports.id));
}

export async function getImport(db: Db | Tx, organisationId: number, id: number): Promise<ImportRecord | undefined> {
  const [r] = await db
    .select()
    .from(imports)
    .where(and(eq(imports.organisationId, organisationId), eq(imports.id, id)));
  return r;
}
