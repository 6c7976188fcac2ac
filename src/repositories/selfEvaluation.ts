// Data access for the self-evaluation and action plan (issue 19). The evidence inputs are read in a few
// bulk queries over the whole organisation (one per kind of record), never per school; the domain
// (src/domain/selfeval/evidence.ts) then applies the as-of date, so any date can be asked for.
import { and, asc, desc, eq, gte, inArray, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { categorisationRounds, categorisations, policyVersions, reviewFlags, riskScores } from '../db/schema-categorisation.js';
import { coreGroupMeetings, escalations, visits } from '../db/schema-engagement.js';
import { inspections } from '../db/schema-evidence.js';
import { actionPlanActions, actionPlanAreas, selfEvaluationFrameworks, selfEvaluationRatings } from '../db/schema-selfeval.js';
import { schools, users } from '../db/schema.js';
import { supportPlans } from '../db/schema-support.js';
import type { SchoolScope } from '../domain/access/policy.js';
import { scopeCondition } from './schools.js';

export type FrameworkRow = typeof selfEvaluationFrameworks.$inferSelect;
export type RatingRow = typeof selfEvaluationRatings.$inferSelect;
export type AreaRow = typeof actionPlanAreas.$inferSelect;
export type ActionRow = typeof actionPlanActions.$inferSelect;
export type ActionWithOwner = ActionRow & { ownerName: string; ownerEmail: string; areaNumber: number; areaTitle: string };

// ---- framework versions ------------------------------------------------------------------

export async function latestFrameworkVersion(db: Db | Tx, organisationId: number, frameworkId: string): Promise<FrameworkRow | undefined> {
  const [r] = await db
    .select()
    .from(selfEvaluationFrameworks)
    .where(and(eq(selfEvaluationFrameworks.organisationId, organisationId), eq(selfEvaluationFrameworks.frameworkId, frameworkId)))
    .orderBy(desc(selfEvaluationFrameworks.version))
    .limit(1);
  return r;
}

export function listFrameworkVersions(db: Db | Tx, organisationId: number, frameworkId: string): Promise<FrameworkRow[]> {
  return db
    .select()
    .from(selfEvaluationFrameworks)
    .where(and(eq(selfEvaluationFrameworks.organisationId, organisationId), eq(selfEvaluationFrameworks.frameworkId, frameworkId)))
    .orderBy(desc(selfEvaluationFrameworks.version));
}

export async function insertFrameworkVersion(db: Db | Tx, row: typeof selfEvaluationFrameworks.$inferInsert): Promise<FrameworkRow> {
  const [r] = await db.insert(selfEvaluationFrameworks).values(row).returning();
  return r;
}

// ---- ratings -------------------------------------------------------------------------------

export async function insertRating(db: Db | Tx, row: typeof selfEvaluationRatings.$inferInsert): Promise<RatingRow> {
  const [r] = await db.insert(selfEvaluationRatings).values(row).returning();
  return r;
}

/** Every rating, newest first: the first per heading is its current rating, the rest its revisions. */
export function listRatings(db: Db | Tx, organisationId: number, headingId?: string): Promise<RatingRow[]> {
  return db
    .select()
    .from(selfEvaluationRatings)
    .where(and(eq(selfEvaluationRatings.organisationId, organisationId), headingId ? eq(selfEvaluationRatings.headingId, headingId) : undefined))
    .orderBy(desc(selfEvaluationRatings.createdAt), desc(selfEvaluationRatings.id));
}

// ---- action plan ---------------------------------------------------------------------------

export function listAreas(db: Db | Tx, organisationId: number): Promise<AreaRow[]> {
  return db.select().from(actionPlanAreas).where(eq(actionPlanAreas.organisationId, organisationId)).orderBy(asc(actionPlanAreas.number));
}

export async function getArea(db: Db | Tx, organisationId: number, id: number): Promise<AreaRow | undefined> {
  const [r] = await db.select().from(actionPlanAreas).where(and(eq(actionPlanAreas.organisationId, organisationId), eq(actionPlanAreas.id, id)));
  return r;
}

export async function insertArea(db: Db | Tx, row: Omit<typeof actionPlanAreas.$inferInsert, 'number'>): Promise<AreaRow> {
  // The next number is taken inside the insert, so two areas added at once cannot share one (the unique index refuses).
  const [r] = await db
    .insert(actionPlanAreas)
    .values({ ...row, number: sql`(select coalesce(max(${actionPlanAreas.number}), 0) + 1 from ${actionPlanAreas} where ${actionPlanAreas.organisationId} = ${row.organisationId})` })
    .returning();
  return r;
}

const actionColumns = {
  action: actionPlanActions,
  ownerName: users.displayName,
  ownerEmail: users.email,
  areaNumber: actionPlanAreas.number,
  areaTitle: actionPlanAreas.title,
};

function flatten(rows: { action: ActionRow; ownerName: string; ownerEmail: string; areaNumber: number; areaTitle: string }[]): ActionWithOwner[] {
  return rows.map((r) => ({ ...r.action, ownerName: r.ownerName, ownerEmail: r.ownerEmail, areaNumber: r.areaNumber, areaTitle: r.areaTitle }));
}

export async function listActions(db: Db | Tx, organisationId: number, opts: { ownerUserId?: number } = {}): Promise<ActionWithOwner[]> {
  const rows = await db
    .select(actionColumns)
    .from(actionPlanActions)
    .innerJoin(users, eq(users.id, actionPlanActions.ownerUserId))
    .innerJoin(actionPlanAreas, eq(actionPlanAreas.id, actionPlanActions.areaId))
    .where(and(eq(actionPlanActions.organisationId, organisationId), opts.ownerUserId ? eq(actionPlanActions.ownerUserId, opts.ownerUserId) : undefined))
    .orderBy(asc(actionPlanAreas.number), asc(actionPlanActions.number));
  return flatten(rows);
}

export async function getAction(db: Db | Tx, organisationId: number, id: number): Promise<ActionWithOwner | undefined> {
  const rows = await db
    .select(actionColumns)
    .from(actionPlanActions)
    .innerJoin(users, eq(users.id, actionPlanActions.ownerUserId))
    .innerJoin(actionPlanAreas, eq(actionPlanAreas.id, actionPlanActions.areaId))
    .where(and(eq(actionPlanActions.organisationId, organisationId), eq(actionPlanActions.id, id)));
  return flatten(rows)[0];
}

export async function insertAction(db: Db | Tx, row: Omit<typeof actionPlanActions.$inferInsert, 'number'>): Promise<ActionRow> {
  const [r] = await db
    .insert(actionPlanActions)
    .values({ ...row, number: sql`(select coalesce(max(${actionPlanActions.number}), 0) + 1 from ${actionPlanActions} where ${actionPlanActions.areaId} = ${row.areaId})` })
    .returning();
  return r;
}

export async function updateAction(db: Db | Tx, organisationId: number, id: number, set: Partial<typeof actionPlanActions.$inferInsert>): Promise<void> {
  await db
    .update(actionPlanActions)
    .set({ ...set, updatedAt: new Date() })
    .where(and(eq(actionPlanActions.organisationId, organisationId), eq(actionPlanActions.id, id)));
}

/** Who can own an action: active accounts that can read the plan (administrators, senior leaders, district leads), so an owner always sees it on their home page. */
export function possibleOwners(db: Db | Tx, organisationId: number) {
  return db
    .select({ id: users.id, name: users.displayName, email: users.email, role: users.role })
    .from(users)
    .where(and(eq(users.organisationId, organisationId), eq(users.disabled, false), inArray(users.role, ['admin', 'senior_leader', 'district_lead'])))
    .orderBy(asc(users.displayName));
}

// ---- evidence inputs (bulk) ----------------------------------------------------------------

export function evidenceSchools(db: Db | Tx, organisationId: number) {
  return db
    .select({ urn: schools.urn, name: schools.name, openDate: schools.openDate, closeDate: schools.closeDate, isStateFunded: schools.isStateFunded })
    .from(schools)
    .where(eq(schools.organisationId, organisationId));
}

/** The URNs a limited reader may see, for listing the records behind a figure. */
export async function visibleUrns(db: Db | Tx, organisationId: number, scope: SchoolScope): Promise<Set<number> | 'all'> {
  if (scope.kind === 'all') return 'all';
  if (scope.kind === 'none') return new Set();
  const rows = await db.select({ urn: schools.urn }).from(schools).where(and(eq(schools.organisationId, organisationId), scopeCondition(scope)));
  return new Set(rows.map((r) => r.urn));
}

/** Visits (any state: the contact happened) and Core Group meetings, as dated contacts. */
export async function evidenceContacts(db: Db | Tx, organisationId: number): Promise<{ urn: number; on: string }[]> {
  const v = await db.select({ urn: visits.urn, on: visits.visitDate }).from(visits).where(eq(visits.organisationId, organisationId));
  const m = await db.select({ urn: coreGroupMeetings.urn, on: coreGroupMeetings.meetingDate }).from(coreGroupMeetings).where(eq(coreGroupMeetings.organisationId, organisationId));
  return [...v, ...m];
}

/** Every round with its policy's categories (code and order), for reading which categories are of concern. */
export async function evidenceRounds(db: Db | Tx, organisationId: number) {
  return db
    .select({
      id: categorisationRounds.id,
      label: categorisationRounds.label,
      asOf: categorisationRounds.asOf,
      status: categorisationRounds.status,
      confirmedAt: categorisationRounds.confirmedAt,
      categories: sql<{ code: string; label: string; order: number }[]>`${policyVersions.definition} -> 'categories'`,
    })
    .from(categorisationRounds)
    .innerJoin(policyVersions, eq(policyVersions.id, categorisationRounds.policyVersionId))
    .where(eq(categorisationRounds.organisationId, organisationId));
}

/** Each round's entries that carry a category (the moderated one where there is one). */
export function evidenceCategorisations(db: Db | Tx, organisationId: number) {
  return db
    .select({ roundId: categorisations.roundId, urn: categorisations.urn, category: sql<string>`coalesce(${categorisations.currentCategory}, ${categorisations.proposedCategory})`, stage: categorisations.stage })
    .from(categorisations)
    .where(and(eq(categorisations.organisationId, organisationId), sql`coalesce(${categorisations.currentCategory}, ${categorisations.proposedCategory}) is not null`, ne(categorisations.stage, 'excluded')));
}

export function evidenceInspections(db: Db | Tx, organisationId: number) {
  return db
    .select({ urn: inspections.urn, inspectionDate: inspections.inspectionDate, overallEffectiveness: inspections.overallEffectiveness, categoryOfConcern: inspections.categoryOfConcern })
    .from(inspections)
    .where(eq(inspections.organisationId, organisationId));
}

/** In-year review flags, except those an inspection raised (a reaction to the inspection, not foresight of it). */
export function evidenceReviewFlags(db: Db | Tx, organisationId: number) {
  return db
    .select({ urn: reviewFlags.urn, on: reviewFlags.raisedOn, kind: reviewFlags.kind })
    .from(reviewFlags)
    .where(and(eq(reviewFlags.organisationId, organisationId), ne(reviewFlags.kind, 'ofsted')));
}

/** Stored early-warning scores at or above the alert threshold, dated by their evidence date. */
export function evidenceRiskAlerts(db: Db | Tx, organisationId: number, threshold: number) {
  return db
    .select({ urn: riskScores.urn, on: riskScores.asOf, risk: riskScores.risk })
    .from(riskScores)
    .where(and(eq(riskScores.organisationId, organisationId), gte(riskScores.risk, threshold)));
}

export function evidenceVisits(db: Db | Tx, organisationId: number) {
  return db.select({ id: visits.id, urn: visits.urn, visitDate: visits.visitDate, publishedAt: visits.publishedAt }).from(visits).where(eq(visits.organisationId, organisationId));
}

export function evidenceNotices(db: Db | Tx, organisationId: number, steps: readonly string[]) {
  return db
    .select({
      id: escalations.id,
      urn: escalations.urn,
      step: escalations.step,
      title: escalations.title,
      status: escalations.status,
      dueDate: escalations.dueDate,
      issuedOn: escalations.issuedOn,
      createdAt: escalations.createdAt,
      signedOffAt: escalations.signedOffAt,
    })
    .from(escalations)
    .where(and(eq(escalations.organisationId, organisationId), inArray(escalations.step, [...steps])));
}

/** Every support agreement and commission with its impact judgement; the as-of date is applied in the domain. */
export function evidenceSupportPlans(db: Db | Tx, organisationId: number) {
  return db
    .select({ id: supportPlans.id, urn: supportPlans.urn, schoolName: sql<string>`coalesce(${schools.name}, '')`, kind: supportPlans.kind, startOn: supportPlans.startOn, endOn: supportPlans.endOn, impact: supportPlans.impact })
    .from(supportPlans)
    .leftJoin(schools, and(eq(schools.organisationId, supportPlans.organisationId), eq(schools.urn, supportPlans.urn)))
    .where(eq(supportPlans.organisationId, organisationId));
}
