import { and, asc, count, desc, eq, ilike, sql, type SQL } from 'drizzle-orm';
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
  /** Entries about one kind of thing (school, round, user…), and optionally one of them. */
  entityType?: string;
  entityId?: string;
  limit?: number;
  offset?: number;
  /** Newest first unless asked otherwise. */
  order?: 'asc' | 'desc';
}

function auditConditions(organisationId: number, q: AuditQuery): SQL | undefined {
  const c: (SQL | undefined)[] = [eq(auditLog.organisationId, organisationId)];
  if (q.action) c.push(ilike(auditLog.action, `${q.action}%`));
  if (q.actor) c.push(ilike(auditLog.actor, `%${q.actor}%`));
  // Days as the log shows its times: in UK time, so an entry at 00:30 BST belongs to its own day;
  // To includes the whole of its day (up to the next midnight, not 23:59:59).
  if (q.from) c.push(sql`${auditLog.at} >= (${q.from}::date::timestamp at time zone 'Europe/London')`);
  if (q.to) c.push(sql`${auditLog.at} < ((${q.to}::date + 1)::timestamp at time zone 'Europe/London')`);
  if (q.entityType) c.push(eq(auditLog.entityType, q.entityType));
  if (q.entityId) c.push(eq(auditLog.entityId, q.entityId));
  return and(...c);
}

export async function listAudit(db: Db | Tx, organisationId: number, q: AuditQuery = {}): Promise<AuditEntry[]> {
  const base = db.select().from(auditLog).where(auditConditions(organisationId, q)).orderBy(q.order === 'asc' ? asc(auditLog.id) : desc(auditLog.id));
  if (q.limit) return base.limit(q.limit).offset(q.offset ?? 0);
  return base;
}

export async function countAudit(db: Db | Tx, organisationId: number, q: AuditQuery = {}): Promise<number> {
  const [{ n }] = await db.select({ n: count() }).from(auditLog).where(auditConditions(organisationId, q));
  return n;
}

/** The kinds of thing the log has entries about, for the filter. */
export async function auditEntityTypes(db: Db | Tx, organisationId: number): Promise<string[]> {
  const rows = await db.selectDistinct({ t: auditLog.entityType }).from(auditLog).where(eq(auditLog.organisationId, organisationId)).orderBy(asc(auditLog.entityType));
  return rows.map((r) => r.t);
}
