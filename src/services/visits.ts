// Visit notes: the officer drafts, then publishes; once published the school's head teacher and
// chair may read it. Drafts still unpublished 48 hours after the visit are shown on the caseload
// (Walsall 2014: notes available to the HT within 48 hours of a visit).
import type { Db } from '../db/client.js';
import { VISIT_TYPES } from '../db/tables.js';
import type { Principal } from '../domain/access/policy.js';
import { compareDates, isIsoDate, type IsoDate } from '../domain/calendar/index.js';
import { actionsOf, deleteVisitActions, getAction, getVisit, insertActions, insertVisit, listVisits, publishVisit as markPublished, setActionStatus, unpublishedVisits, updateDraftVisit, type VisitRow } from '../repositories/engagement.js';
import { audit, type Actor } from './audit.js';
import { REVIEW_AREAS } from './coreGroups.js';

export const PUBLISH_WITHIN_HOURS = 48;
const SCHOOL_ROLES = new Set(['head_teacher', 'chair_of_governors']);

export interface VisitInput {
  type: string;
  date: string;
  agenda: string;
  attendees: string;
  areas: string[];
  evidence: string;
  judgements: string;
  actions: { text: string; owner: string; due: string }[];
}

/** The form's checks, the same for a new note and an edited draft. */
function validateVisit(input: VisitInput, today: IsoDate) {
  const errors: Record<string, string> = {};
  if (!(VISIT_TYPES as readonly string[]).includes(input.type)) errors.type = 'Select the type of visit';
  if (!isIsoDate(input.date)) errors.date = 'Enter the date of the visit as a real date, for example 27 3 2026';
  else if (compareDates(input.date, today) > 0) errors.date = 'The date of the visit must be today or in the past';
  if (!input.agenda.trim()) errors.agenda = 'Enter the agenda of the visit';
  if (!input.attendees.trim()) errors.attendees = 'Enter who attended';
  if (!input.judgements.trim()) errors.judgements = 'Enter the judgements the visit reached';
  const areas = input.areas.filter((a) => REVIEW_AREAS.some((r) => r.code === a));
  input.actions.forEach((a, i) => {
    if (!a.text.trim() && !a.owner.trim() && !a.due.trim()) return;
    if (!a.text.trim()) errors[`action-${i}-text`] = `Enter what action ${i + 1} is`;
    if (!a.owner.trim()) errors[`action-${i}-owner`] = `Enter who owns action ${i + 1}`;
    if (!isIsoDate(a.due.trim())) errors[`action-${i}-due`] = `Enter the due date of action ${i + 1} as a real date, for example 18 12 2026`;
  });
  return { errors, areas };
}


/** A checked visit form's fields as stored, for a new note and a draft's edit alike. */
function visitFields(input: VisitInput, areas: string[]) {
  return {
    type: input.type as VisitRow['type'],
    visitDate: input.date,
    agenda: input.agenda.trim(),
    attendees: input.attendees.trim(),
    areasReviewed: areas.map((a) => REVIEW_AREAS.find((r) => r.code === a)!.label),
    evidence: input.evidence.trim(),
    judgements: input.judgements.trim(),
  };
}
export async function createVisit(db: Db, orgId: number, urn: number, input: VisitInput, actor: Actor & { userId: number }, today: IsoDate) {
  const { errors, areas } = validateVisit(input, today);
  if (Object.keys(errors).length) return { ok: false as const, errors };
  const visit = await insertVisit(db, {
    organisationId: orgId,
    urn,
    officerUserId: actor.userId,
    ...visitFields(input, areas),
    author: actor.label,
  });
  const actions = await insertActions(
    db,
    input.actions.filter((a) => a.text.trim()).map((a) => ({ organisationId: orgId, urn, visitId: visit.id, text: a.text.trim(), owner: a.owner.trim(), dueDate: a.due.trim() })),
  );
  await audit(db, actor, 'visit.created', { type: 'visit', id: visit.id }, { after: { ...visit, actions } });
  return { ok: true as const, visit };
}

export async function publishVisit(db: Db, visit: VisitRow, actor: Actor, now = new Date()): Promise<void> {
  if (visit.status === 'published') return;
  await markPublished(db, visit.id, now);
  await audit(db, actor, 'visit.published', { type: 'visit', id: visit.id }, { before: { status: visit.status }, after: { status: 'published', publishedAt: now.toISOString() } });
}

/** Head teachers and chairs read published notes only; officers read drafts too. */
export function mayReadVisit(p: Principal, visit: VisitRow): boolean {
  return SCHOOL_ROLES.has(p.role) ? visit.status === 'published' && p.schoolUrns.includes(visit.urn) : true;
}

export async function visitsFor(db: Db, orgId: number, p: Principal, urn: number): Promise<VisitRow[]> {
  return listVisits(db, orgId, urn, { publishedOnly: SCHOOL_ROLES.has(p.role) });
}

export async function visitWithActions(db: Db, orgId: number, urn: number, id: number) {
  const visit = await getVisit(db, orgId, urn, id);
  return visit ? { visit, actions: await actionsOf(db, orgId, { visitId: visit.id }) } : null;
}

/** Drafts more than 48 hours after the visit day began. */
export async function lateNotes(db: Db, orgId: number, urns: number[] | 'all', now = new Date()): Promise<VisitRow[]> {
  const cutoff = new Date(now.getTime() - PUBLISH_WITHIN_HOURS * 3600_000).toISOString().slice(0, 10);
  return unpublishedVisits(db, orgId, urns, cutoff);
}

/**
 * An officer marks an agreed action done between meetings (the school sent the evidence, say), so it
 * stops counting as overdue. Only open actions can be closed; carried-over ones live on as their copy.
 */
export async function completeAction(db: Db, orgId: number, urn: number, id: number, actor: Actor): Promise<{ ok: true } | { ok: false; error: string }> {
  const action = await getAction(db, orgId, urn, id);
  if (!action) return { ok: false, error: 'There is no such action for this school' };
  if (action.status !== 'open') return { ok: false, error: 'This action is no longer open' };
  await db.transaction(async (tx) => {
    await setActionStatus(tx, [id], 'done');
    await audit(tx, actor, 'engagement.action-done', { type: 'engagement_action', id }, { before: { status: action.status }, after: { status: 'done', urn, text: action.text, dueDate: action.dueDate } });
  });
  return { ok: true };
}

/**
 * A draft note can be corrected until it is published (then the school may read it, and it is never
 * changed). Its agreed actions are replaced with the form's, since nobody outside the LA has seen
 * them yet. Audited with the note before and after.
 */
export async function updateDraft(db: Db, orgId: number, visit: VisitRow, input: VisitInput, actor: Actor, today: IsoDate) {
  if (visit.status !== 'draft') return { ok: false as const, published: true, errors: {} as Record<string, string> };
  const { errors, areas } = validateVisit(input, today);
  if (Object.keys(errors).length) return { ok: false as const, published: false, errors };
  const updated = await db.transaction(async (tx) => {
    const beforeActions = await actionsOf(tx, orgId, { visitId: visit.id });
    const row = await updateDraftVisit(
      tx,
      orgId,
      visit.id,
      visitFields(input, areas),
      new Date(),
    );
    // Published in the meantime (another tab): nothing is changed.
    if (!row) return null;
    await deleteVisitActions(tx, orgId, visit.id);
    const actions = await insertActions(
      tx,
      input.actions.filter((a) => a.text.trim()).map((a) => ({ organisationId: orgId, urn: visit.urn, visitId: visit.id, text: a.text.trim(), owner: a.owner.trim(), dueDate: a.due.trim() })),
    );
    await audit(tx, actor, 'visit.edited', { type: 'visit', id: visit.id }, { before: { ...visit, actions: beforeActions }, after: { ...row, actions } });
    return row;
  });
  return updated ? { ok: true as const, visit: updated } : { ok: false as const, published: true, errors: {} as Record<string, string> };
}
