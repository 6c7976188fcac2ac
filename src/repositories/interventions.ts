// Data access for stage-of-concern designations (with a stage-3 intervention's plan and reviews) and
// the LA's judgements of concern.
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { concernJudgements, schoolInterventions } from '../db/tables.js';

export type InterventionRow = typeof schoolInterventions.$inferSelect;
export type ConcernJudgementRow = typeof concernJudgements.$inferSelect;

/** The designation in force: the latest not ended. */
export async function currentIntervention(db: Db | Tx, orgId: number, urn: number): Promise<InterventionRow | null> {
  const [row] = await db
    .select()
    .from(schoolInterventions)
    .where(and(eq(schoolInterventions.organisationId, orgId), eq(schoolInterventions.urn, urn), isNull(schoolInterventions.endedOn)))
    .orderBy(desc(schoolInterventions.startedOn), desc(schoolInterventions.id))
    .limit(1);
  return row ?? null;
}

/** `currentIntervention` for some schools in one read: each school's open designation, latest first. */
export async function currentInterventionsOf(db: Db | Tx, orgId: number, urns: number[]): Promise<Map<number, InterventionRow>> {
  const out = new Map<number, InterventionRow>();
  if (!urns.length) return out;
  const rows = await db
    .select()
    .from(schoolInterventions)
    .where(and(eq(schoolInterventions.organisationId, orgId), inArray(schoolInterventions.urn, urns), isNull(schoolInterventions.endedOn)))
    .orderBy(desc(schoolInterventions.startedOn), desc(schoolInterventions.id));
  for (const r of rows) if (!out.has(r.urn)) out.set(r.urn, r);
  return out;
}

export async function insertIntervention(tx: Tx | Db, row: typeof schoolInterventions.$inferInsert): Promise<InterventionRow> {
  const [added] = await tx.insert(schoolInterventions).values(row).returning();
  return added;
}

export async function updateIntervention(tx: Tx | Db, id: number, set: Partial<typeof schoolInterventions.$inferInsert>): Promise<InterventionRow> {
  const [row] = await tx.update(schoolInterventions).set(set).where(eq(schoolInterventions.id, id)).returning();
  return row;
}

export async function concernJudgementsOf(db: Db | Tx, orgId: number, urn: number): Promise<ConcernJudgementRow[]> {
  return db
    .select()
    .from(concernJudgements)
    .where(and(eq(concernJudgements.organisationId, orgId), eq(concernJudgements.urn, urn)))
    .orderBy(desc(concernJudgements.judgedOn), desc(concernJudgements.id));
}

/** `concernJudgementsOf` for some schools in one read, in the same order within each school. */
export async function concernJudgementsOfSchools(db: Db | Tx, orgId: number, urns: number[]): Promise<ConcernJudgementRow[]> {
  if (!urns.length) return [];
  return db
    .select()
    .from(concernJudgements)
    .where(and(eq(concernJudgements.organisationId, orgId), inArray(concernJudgements.urn, urns)))
    .orderBy(desc(concernJudgements.judgedOn), desc(concernJudgements.id));
}

export async function getConcernJudgement(db: Db | Tx, orgId: number, id: number): Promise<ConcernJudgementRow | null> {
  const [row] = await db.select().from(concernJudgements).where(and(eq(concernJudgements.organisationId, orgId), eq(concernJudgements.id, id)));
  return row ?? null;
}

export async function insertConcernJudgement(tx: Tx | Db, row: typeof concernJudgements.$inferInsert): Promise<ConcernJudgementRow> {
  const [added] = await tx.insert(concernJudgements).values(row).returning();
  return added;
}

export async function updateConcernJudgement(tx: Tx | Db, id: number, set: Partial<typeof concernJudgements.$inferInsert>): Promise<ConcernJudgementRow> {
  const [row] = await tx.update(concernJudgements).set(set).where(eq(concernJudgements.id, id)).returning();
  return row;
}

/** Schools with a designation in force or a signed-off judgement of concern: the daily check reaches them. */
export async function interventionCandidateUrns(db: Db | Tx, orgId: number): Promise<number[]> {
  const a = await db.selectDistinct({ urn: schoolInterventions.urn }).from(schoolInterventions).where(and(eq(schoolInterventions.organisationId, orgId), isNull(schoolInterventions.endedOn)));
  const b = await db.selectDistinct({ urn: concernJudgements.urn }).from(concernJudgements).where(and(eq(concernJudgements.organisationId, orgId), eq(concernJudgements.status, 'signed_off')));
  return [...new Set([...a, ...b].map((r) => r.urn))];
}
