// Data access for the LA's local intelligence. Items are never deleted (a database trigger refuses it):
// every change is an update plus a revision row saying what it was, what it became, who and why.
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { intelligenceItems, intelligenceRevisions } from '../db/schema-evidence.js';
import { users } from '../db/schema.js';

export type IntelligenceRow = typeof intelligenceItems.$inferSelect;
export type RevisionRow = typeof intelligenceRevisions.$inferSelect;
export type IntelligenceListRow = IntelligenceRow & { authorName: string; revisions: RevisionRow[] };

/** The fields an officer may set or correct. */
export interface IntelligenceFields {
  kind: string;
  indicator: string | null;
  summary: string;
  source: string;
  occurredOn: string;
  confidential: boolean;
}

export const snapshot = (r: IntelligenceRow): Record<string, unknown> => ({
  kind: r.kind,
  indicator: r.indicator,
  summary: r.summary,
  source: r.source,
  occurredOn: r.occurredOn,
  confidential: r.confidential,
  status: r.status,
  resolvedOn: r.resolvedOn,
});

export async function insertItem(tx: Tx, organisationId: number, urn: number, f: IntelligenceFields, authorUserId: number): Promise<IntelligenceRow> {
  const [row] = await tx.insert(intelligenceItems).values({ organisationId, urn, ...f, authorUserId }).returning();
  await tx.insert(intelligenceRevisions).values({ organisationId, itemId: row.id, action: 'created', before: null, after: snapshot(row), userId: authorUserId });
  return row;
}

export async function getItem(db: Db | Tx, organisationId: number, urn: number, id: number): Promise<IntelligenceRow | undefined> {
  const [row] = await db
    .select()
    .from(intelligenceItems)
    .where(and(eq(intelligenceItems.organisationId, organisationId), eq(intelligenceItems.urn, urn), eq(intelligenceItems.id, id)));
  return row;
}

export async function updateItem(
  tx: Tx,
  before: IntelligenceRow,
  change: Partial<IntelligenceFields> & { status?: 'open' | 'resolved'; resolvedOn?: string | null },
  revision: { action: 'corrected' | 'resolved' | 'reopened'; reason: string | null; userId: number },
): Promise<IntelligenceRow> {
  const [after] = await tx
    .update(intelligenceItems)
    .set({ ...change, updatedAt: new Date() })
    .where(and(eq(intelligenceItems.organisationId, before.organisationId), eq(intelligenceItems.id, before.id)))
    .returning();
  await tx.insert(intelligenceRevisions).values({
    organisationId: before.organisationId,
    itemId: before.id,
    action: revision.action,
    before: snapshot(before),
    after: snapshot(after),
    reason: revision.reason,
    userId: revision.userId,
  });
  return after;
}

/** A school's items, newest first, with their revision history; confidential ones only when asked for. */
export async function listItems(
  db: Db | Tx,
  organisationId: number,
  urn: number,
  opts: { includeConfidential: boolean },
): Promise<IntelligenceListRow[]> {
  const conditions = [eq(intelligenceItems.organisationId, organisationId), eq(intelligenceItems.urn, urn)];
  if (!opts.includeConfidential) conditions.push(eq(intelligenceItems.confidential, false));
  const rows = await db
    .select({ item: intelligenceItems, authorName: users.displayName })
    .from(intelligenceItems)
    .innerJoin(users, eq(users.id, intelligenceItems.authorUserId))
    .where(and(...conditions))
    .orderBy(desc(intelligenceItems.occurredOn), desc(intelligenceItems.id));
  if (rows.length === 0) return [];
  const revisions = await db
    .select()
    .from(intelligenceRevisions)
    .where(and(eq(intelligenceRevisions.organisationId, organisationId), inArray(intelligenceRevisions.itemId, rows.map((r) => r.item.id))))
    .orderBy(asc(intelligenceRevisions.at), asc(intelligenceRevisions.id));
  const byItem = new Map<number, RevisionRow[]>();
  for (const rev of revisions) {
    byItem.set(rev.itemId, [...(byItem.get(rev.itemId) ?? []), rev]);
  }
  return rows.map((r) => ({ ...r.item, authorName: r.authorName, revisions: byItem.get(r.item.id) ?? [] }));
}
