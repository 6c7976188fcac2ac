import { and, desc, eq, gte, ilike, lte, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { auditLog } from '../db/schema.js';

export type AuditEntry = typeof auditLog.$inferSelect;
export type NewAuditEntry = typeof auditLog.$inferInsert;

export async function appendAudit(db: Db | Tx, entry: NewAuditEntry): Promise<void> {
  await db.insert(auditLog).values(entry);
}

export interface AuditQuery {
  action?: string;
  actor?: string;
  from?: string;
  to?: string;
  limit?: number;
}

export async function listAudit(db: Db | Tx, organisationId: number, q: AuditQuery = {}): Promise<AuditEntry[]> {
  const c: (SQL | undefined)[] = [eq(auditLog.organisationId, organisationId)];
  if (q.action) c.push(ilike(auditLog.action, `${q.action}%`));
  if (q.actor) c.push(ilike(auditLog.actor, `%${q.actor}%`));
  if (q.from) c.push(gte(auditLog.at, new Date(`${q.from}T00:00:00Z`)));
  if (q.to) c.push(lte(auditLog.at, new Date(`${q.to}T23:59:59Z`)));
  const base = db.select().from(auditLog).where(and(...c)).orderBy(desc(auditLog.id));
  return q.limit ? base.limit(q.limit) : base;
}
