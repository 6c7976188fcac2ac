// Data access for visit notes, agreed actions, Core Groups and their meetings. No access decisions:
// the routes and services make them; every query is limited to one organisation.
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { coreGroupMeetings, coreGroups, engagementActions, visits } from '../db/tables.js';

export type VisitRow = typeof visits.$inferSelect;
export type NewVisit = typeof visits.$inferInsert;
export type ActionRow = typeof engagementActions.$inferSelect;
export type NewAction = typeof engagementActions.$inferInsert;
export type CoreGroupRow = typeof coreGroups.$inferSelect;
export type MeetingRow = typeof coreGroupMeetings.$inferSelect;
export type NewMeeting = typeof coreGroupMeetings.$inferInsert;

export async function insertVisit(db: Db | Tx, v: NewVisit): Promise<VisitRow> {
  const [row] = await db.insert(visits).values(v).returning();
  return row;
}

export async function getVisit(db: Db | Tx, orgId: number, urn: number, id: number): Promise<VisitRow | undefined> {
  const [row] = await db.select().from(visits).where(and(eq(visits.organisationId, orgId), eq(visits.urn, urn), eq(visits.id, id)));
  return row;
}

export async function listVisits(db: Db | Tx, orgId: number, urn: number, opts: { publishedOnly?: boolean } = {}): Promise<VisitRow[]> {
  const where = [eq(visits.organisationId, orgId), eq(visits.urn, urn)];
  if (opts.publishedOnly) where.push(eq(visits.status, 'published'));
  return db.select().from(visits).where(and(...where)).orderBy(desc(visits.visitDate), desc(visits.id));
}

export async function publishVisit(db: Db | Tx, id: number, at: Date): Promise<void> {
  await db.update(visits).set({ status: 'published', publishedAt: at, updatedAt: at }).where(eq(visits.id, id));
}

/** Drafts whose visit date is before `before` (the 48-hour rule is applied by the caller). */
export async function unpublishedVisits(db: Db | Tx, orgId: number, urns: number[] | 'all', before: string): Promise<VisitRow[]> {
  const where = [eq(visits.organisationId, orgId), eq(visits.status, 'draft'), lt(visits.visitDate, before)];
  if (urns !== 'all') {
    if (!urns.length) return [];
    where.push(inArray(visits.urn, urns));
  }
  return db.select().from(visits).where(and(...where)).orderBy(asc(visits.visitDate));
}

export async function insertActions(db: Db | Tx, rows: NewAction[]): Promise<ActionRow[]> {
  return rows.length ? db.insert(engagementActions).values(rows).returning() : [];
}

export async function openActions(db: Db | Tx, orgId: number, urns: number[] | 'all'): Promise<ActionRow[]> {
  const where = [eq(engagementActions.organisationId, orgId), eq(engagementActions.status, 'open')];
  if (urns !== 'all') {
    if (!urns.length) return [];
    where.push(inArray(engagementActions.urn, urns));
  }
  return db.select().from(engagementActions).where(and(...where)).orderBy(asc(engagementActions.dueDate), asc(engagementActions.id));
}

export async function actionsOf(db: Db | Tx, orgId: number, by: { visitId?: number; meetingIds?: number[] }): Promise<ActionRow[]> {
  const where = [eq(engagementActions.organisationId, orgId)];
  if (by.visitId) where.push(eq(engagementActions.visitId, by.visitId));
  if (by.meetingIds) {
    if (!by.meetingIds.length) return [];
    where.push(inArray(engagementActions.meetingId, by.meetingIds));
  }
  return db.select().from(engagementActions).where(and(...where)).orderBy(asc(engagementActions.id));
}

export async function setActionStatus(db: Db | Tx, ids: number[], status: ActionRow['status']): Promise<void> {
  if (ids.length) await db.update(engagementActions).set({ status }).where(inArray(engagementActions.id, ids));
}

export async function getCoreGroup(db: Db | Tx, orgId: number, urn: number): Promise<CoreGroupRow | undefined> {
  const [row] = await db.select().from(coreGroups).where(and(eq(coreGroups.organisationId, orgId), eq(coreGroups.urn, urn)));
  return row;
}

export async function upsertCoreGroup(db: Db | Tx, row: typeof coreGroups.$inferInsert): Promise<CoreGroupRow> {
  const [out] = await db
    .insert(coreGroups)
    .values(row)
    .onConflictDoUpdate({ target: [coreGroups.organisationId, coreGroups.urn], set: { membership: row.membership, cadence: row.cadence, meetingType: row.meetingType } })
    .returning();
  return out;
}

export async function listMeetings(db: Db | Tx, orgId: number, urn: number): Promise<MeetingRow[]> {
  return db
    .select()
    .from(coreGroupMeetings)
    .where(and(eq(coreGroupMeetings.organisationId, orgId), eq(coreGroupMeetings.urn, urn)))
    .orderBy(asc(coreGroupMeetings.meetingDate), asc(coreGroupMeetings.id));
}

/** `listMeetings` for some schools in one read, in the same order within each school. */
export async function meetingsOfSchools(db: Db | Tx, orgId: number, urns: number[]): Promise<MeetingRow[]> {
  if (!urns.length) return [];
  return db
    .select()
    .from(coreGroupMeetings)
    .where(and(eq(coreGroupMeetings.organisationId, orgId), inArray(coreGroupMeetings.urn, urns)))
    .orderBy(asc(coreGroupMeetings.meetingDate), asc(coreGroupMeetings.id));
}

export async function insertMeeting(db: Db | Tx, m: NewMeeting): Promise<MeetingRow> {
  const [row] = await db.insert(coreGroupMeetings).values(m).returning();
  return row;
}

/** Actions still open from earlier meetings of the group (not yet carried to a later one). */
export async function openMeetingActions(db: Db | Tx, orgId: number, urn: number): Promise<ActionRow[]> {
  return db
    .select()
    .from(engagementActions)
    .where(and(eq(engagementActions.organisationId, orgId), eq(engagementActions.urn, urn), eq(engagementActions.status, 'open'), isNull(engagementActions.visitId)))
    .orderBy(asc(engagementActions.id));
}

export async function getAction(db: Db | Tx, orgId: number, urn: number, id: number): Promise<ActionRow | undefined> {
  const [row] = await db
    .select()
    .from(engagementActions)
    .where(and(eq(engagementActions.organisationId, orgId), eq(engagementActions.urn, urn), eq(engagementActions.id, id)));
  return row;
}

/** Visit notes and Core Group meetings of some schools between two dates (inclusive): what was held. */
export async function heldContacts(db: Db | Tx, orgId: number, urns: number[], from: string, to: string) {
  if (!urns.length) return { visits: [] as VisitRow[], meetings: [] as (MeetingRow & { meetingType: CoreGroupRow['meetingType'] })[] };
  const v = await db
    .select()
    .from(visits)
    .where(and(eq(visits.organisationId, orgId), inArray(visits.urn, urns), gte(visits.visitDate, from), lte(visits.visitDate, to)))
    .orderBy(asc(visits.visitDate), asc(visits.id));
  const m = await db
    .select({ meeting: coreGroupMeetings, meetingType: coreGroups.meetingType })
    .from(coreGroupMeetings)
    .innerJoin(coreGroups, eq(coreGroups.id, coreGroupMeetings.coreGroupId))
    .where(and(eq(coreGroupMeetings.organisationId, orgId), inArray(coreGroupMeetings.urn, urns), gte(coreGroupMeetings.meetingDate, from), lte(coreGroupMeetings.meetingDate, to)))
    .orderBy(asc(coreGroupMeetings.meetingDate), asc(coreGroupMeetings.id));
  return { visits: v, meetings: m.map((r) => ({ ...r.meeting, meetingType: r.meetingType })) };
}

/** The Core Groups running at some schools. */
export async function coreGroupsOf(db: Db | Tx, orgId: number, urns: number[]): Promise<CoreGroupRow[]> {
  if (!urns.length) return [];
  return db.select().from(coreGroups).where(and(eq(coreGroups.organisationId, orgId), inArray(coreGroups.urn, urns)));
}

/** A draft note's editable fields; published notes are never changed (the caller checks). */
export async function updateDraftVisit(db: Db | Tx, orgId: number, id: number, set: Partial<Pick<NewVisit, 'type' | 'visitDate' | 'agenda' | 'attendees' | 'areasReviewed' | 'evidence' | 'judgements'>>, at: Date): Promise<VisitRow | undefined> {
  const [row] = await db
    .update(visits)
    .set({ ...set, updatedAt: at })
    .where(and(eq(visits.organisationId, orgId), eq(visits.id, id), eq(visits.status, 'draft')))
    .returning();
  return row;
}

/** A draft note's agreed actions, replaced when the draft is edited (never a published note's). */
export async function deleteVisitActions(db: Db | Tx, orgId: number, visitId: number): Promise<void> {
  await db.delete(engagementActions).where(and(eq(engagementActions.organisationId, orgId), eq(engagementActions.visitId, visitId)));
}
