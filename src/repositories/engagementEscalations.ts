// Data access for escalation records, link officers with their capacity, and the categories of the
// latest confirmed categorisation round.
import { and, asc, desc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { categorisationRounds, categorisations, coreGroups, escalations, officerCapacity, policyVersions, users, userScopes } from '../db/tables.js';

export type EscalationRow = typeof escalations.$inferSelect;
export type NewEscalation = typeof escalations.$inferInsert;

/** Inserts proposals not seen before (same school and trigger); returns the ones added. */
export async function insertNewProposals(db: Db | Tx, rows: NewEscalation[]): Promise<EscalationRow[]> {
  if (!rows.length) return [];
  return db.insert(escalations).values(rows).onConflictDoNothing().returning();
}

export async function getEscalation(db: Db | Tx, orgId: number, id: number): Promise<EscalationRow | undefined> {
  const [row] = await db.select().from(escalations).where(and(eq(escalations.organisationId, orgId), eq(escalations.id, id)));
  return row;
}

export async function escalationsOf(db: Db | Tx, orgId: number, urn: number): Promise<EscalationRow[]> {
  return db.select().from(escalations).where(and(eq(escalations.organisationId, orgId), eq(escalations.urn, urn))).orderBy(asc(escalations.createdAt), asc(escalations.id));
}

/**
 * Some schools' escalation records without the letter files (the hub and the caseload list them;
 * only the letter's own route reads its bytes), with whether a letter was produced.
 */
export async function escalationsOfSchools(db: Db | Tx, orgId: number, urns: number[]): Promise<(EscalationRow & { hasLetter: boolean })[]> {
  if (!urns.length) return [];
  const { letterDocx: _d, letterPdf: _p, ...cols } = getTableColumns(escalations);
  const rows = await db
    .select({ ...cols, hasLetter: sql<boolean>`${escalations.letterPdf} is not null`.mapWith(Boolean) })
    .from(escalations)
    .where(and(eq(escalations.organisationId, orgId), inArray(escalations.urn, urns)))
    .orderBy(asc(escalations.createdAt), asc(escalations.id));
  return rows.map((r) => ({ ...r, letterDocx: null, letterPdf: null }));
}

/** Schools the escalation rules already follow: those with a Core Group or an escalation on record. */
export async function escalationCandidateUrns(db: Db | Tx, orgId: number): Promise<number[]> {
  const groups = await db.selectDistinct({ urn: coreGroups.urn }).from(coreGroups).where(eq(coreGroups.organisationId, orgId));
  const recorded = await db.selectDistinct({ urn: escalations.urn }).from(escalations).where(eq(escalations.organisationId, orgId));
  return [...new Set([...groups, ...recorded].map((r) => r.urn))];
}

export async function escalationsByStatus(db: Db | Tx, orgId: number, status: EscalationRow['status']): Promise<EscalationRow[]> {
  return db.select().from(escalations).where(and(eq(escalations.organisationId, orgId), eq(escalations.status, status))).orderBy(asc(escalations.dueDate), asc(escalations.id));
}

export async function decideEscalation(db: Db | Tx, id: number, set: Partial<NewEscalation>): Promise<EscalationRow> {
  const [row] = await db.update(escalations).set(set).where(eq(escalations.id, id)).returning();
  return row;
}

export interface OfficerWithScope {
  id: number;
  name: string;
  email: string;
  urns: number[];
  capacityDays: number | null;
  capacitySource: string | null;
}

/** Enabled link officers, their named schools and any capacity the LA has set for them. */
export async function linkOfficers(db: Db | Tx, orgId: number): Promise<OfficerWithScope[]> {
  const officers = await db
    .select()
    .from(users)
    .where(and(eq(users.organisationId, orgId), eq(users.role, 'link_officer'), eq(users.disabled, false)))
    .orderBy(asc(users.displayName), asc(users.id));
  if (!officers.length) return [];
  const ids = officers.map((o) => o.id);
  const scopes = await db.select().from(userScopes).where(inArray(userScopes.userId, ids));
  const caps = await db.select().from(officerCapacity).where(and(eq(officerCapacity.organisationId, orgId), inArray(officerCapacity.userId, ids)));
  return officers.map((o) => {
    const cap = caps.find((c) => c.userId === o.id);
    return {
      id: o.id,
      name: o.displayName,
      email: o.email,
      urns: scopes.filter((s) => s.userId === o.id && s.schoolUrn !== null).map((s) => s.schoolUrn as number),
      capacityDays: cap?.daysPerYear ?? null,
      capacitySource: cap?.source ?? null,
    };
  });
}

/** One officer's visit days a year, or null when the LA has not set them (the programme's default applies). */
export async function officerCapacityOf(db: Db | Tx, orgId: number, userId: number): Promise<number | null> {
  const [row] = await db
    .select({ days: officerCapacity.daysPerYear })
    .from(officerCapacity)
    .where(and(eq(officerCapacity.organisationId, orgId), eq(officerCapacity.userId, userId)));
  return row?.days ?? null;
}

export async function setOfficerCapacity(db: Db | Tx, orgId: number, userId: number, daysPerYear: number, source: string): Promise<void> {
  await db
    .insert(officerCapacity)
    .values({ organisationId: orgId, userId, daysPerYear, source })
    .onConflictDoUpdate({ target: [officerCapacity.organisationId, officerCapacity.userId], set: { daysPerYear, source, updatedAt: new Date() } });
}

export interface ConfirmedCategories {
  roundId: number;
  label: string;
  policyId: string;
  /** The day of the evidence the round weighed. */
  asOf: string;
  /** The exact policy text the round ran on (an LA's edited version or copy included). */
  policyVersionId: number;
  categories: Map<number, string | null>;
}

/** The current categories of the latest confirmed round, or null when no round has been confirmed. */
export async function latestConfirmedCategories(db: Db | Tx, orgId: number): Promise<ConfirmedCategories | null> {
  const [round] = await db
    .select({ id: categorisationRounds.id, label: categorisationRounds.label, asOf: categorisationRounds.asOf, policyId: policyVersions.policyId, policyVersionId: categorisationRounds.policyVersionId })
    .from(categorisationRounds)
    .innerJoin(policyVersions, eq(policyVersions.id, categorisationRounds.policyVersionId))
    .where(and(eq(categorisationRounds.organisationId, orgId), eq(categorisationRounds.status, 'confirmed')))
    .orderBy(desc(categorisationRounds.confirmedAt), desc(categorisationRounds.id))
    .limit(1);
  if (!round) return null;
  const rows = await db.select({ urn: categorisations.urn, category: categorisations.currentCategory }).from(categorisations).where(eq(categorisations.roundId, round.id));
  return { roundId: round.id, label: round.label, asOf: round.asOf, policyId: round.policyId, policyVersionId: round.policyVersionId, categories: new Map(rows.map((r) => [r.urn, r.category])) };
}
