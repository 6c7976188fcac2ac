// Data access for support and commissioning (issue 18). Every query is scoped to the organisation;
// callers narrow by school scope, provider or the reader's own school.
import { and, asc, desc, eq, inArray, lte, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { schools } from '../db/schema.js';
import { observations } from '../db/schema-evidence.js';
import { supportNeeds, supportPlans, supportProviders, supportReports, supportStrengths } from '../db/schema-support.js';
import type { QuintileObservation } from '../domain/support/index.js';

export type ProviderRow = typeof supportProviders.$inferSelect;
export type StrengthRow = typeof supportStrengths.$inferSelect;
export type NeedRow = typeof supportNeeds.$inferSelect;
export type PlanRow = typeof supportPlans.$inferSelect;
export type ReportRow = typeof supportReports.$inferSelect;

export async function insertProvider(db: Db | Tx, row: typeof supportProviders.$inferInsert): Promise<ProviderRow> {
  const [r] = await db.insert(supportProviders).values(row).returning();
  return r;
}
export async function listProviders(db: Db | Tx, orgId: number): Promise<ProviderRow[]> {
  return db.select().from(supportProviders).where(eq(supportProviders.organisationId, orgId)).orderBy(asc(supportProviders.name));
}
export async function getProvider(db: Db | Tx, orgId: number, id: number): Promise<ProviderRow | undefined> {
  const [r] = await db.select().from(supportProviders).where(and(eq(supportProviders.organisationId, orgId), eq(supportProviders.id, id)));
  return r;
}
export async function providersOfUser(db: Db | Tx, orgId: number, userId: number): Promise<ProviderRow[]> {
  return db.select().from(supportProviders).where(and(eq(supportProviders.organisationId, orgId), eq(supportProviders.userId, userId)));
}
export async function providersOfSchools(db: Db | Tx, orgId: number, urns: number[]): Promise<ProviderRow[]> {
  if (!urns.length) return [];
  return db.select().from(supportProviders).where(and(eq(supportProviders.organisationId, orgId), inArray(supportProviders.urn, urns)));
}

export async function insertStrength(db: Db | Tx, row: typeof supportStrengths.$inferInsert): Promise<StrengthRow> {
  const [r] = await db.insert(supportStrengths).values(row).returning();
  return r;
}
export async function listStrengths(db: Db | Tx, orgId: number, areaId?: string): Promise<StrengthRow[]> {
  return db
    .select()
    .from(supportStrengths)
    .where(and(eq(supportStrengths.organisationId, orgId), areaId ? eq(supportStrengths.areaId, areaId) : undefined))
    .orderBy(asc(supportStrengths.id));
}

export async function insertNeed(db: Db | Tx, row: typeof supportNeeds.$inferInsert): Promise<NeedRow> {
  const [r] = await db.insert(supportNeeds).values(row).returning();
  return r;
}
export async function needsOf(db: Db | Tx, orgId: number, urn: number): Promise<NeedRow[]> {
  return db.select().from(supportNeeds).where(and(eq(supportNeeds.organisationId, orgId), eq(supportNeeds.urn, urn))).orderBy(desc(supportNeeds.identifiedOn), desc(supportNeeds.id));
}
export async function getNeed(db: Db | Tx, orgId: number, id: number): Promise<NeedRow | undefined> {
  const [r] = await db.select().from(supportNeeds).where(and(eq(supportNeeds.organisationId, orgId), eq(supportNeeds.id, id)));
  return r;
}

export async function insertPlan(db: Db | Tx, row: typeof supportPlans.$inferInsert): Promise<PlanRow> {
  const [r] = await db.insert(supportPlans).values(row).returning();
  return r;
}
export async function getPlan(db: Db | Tx, orgId: number, id: number): Promise<PlanRow | undefined> {
  const [r] = await db.select().from(supportPlans).where(and(eq(supportPlans.organisationId, orgId), eq(supportPlans.id, id)));
  return r;
}
export async function updatePlan(db: Db | Tx, orgId: number, id: number, set: Partial<typeof supportPlans.$inferInsert>): Promise<PlanRow> {
  const [r] = await db.update(supportPlans).set(set).where(and(eq(supportPlans.organisationId, orgId), eq(supportPlans.id, id))).returning();
  return r;
}
/** Plans by supported school, by provider, or both sides of an agreement (a supporting school's provider ids). */
export async function listPlans(db: Db | Tx, orgId: number, by: { urns?: number[] | 'all'; providerIds?: number[] } = { urns: 'all' }): Promise<PlanRow[]> {
  const conds = [];
  if (by.urns === 'all') conds.push(sql`true`);
  else if (by.urns?.length) conds.push(inArray(supportPlans.urn, by.urns));
  if (by.providerIds?.length) conds.push(inArray(supportPlans.providerId, by.providerIds));
  if (!conds.length) return [];
  return db
    .select()
    .from(supportPlans)
    .where(and(eq(supportPlans.organisationId, orgId), or(...conds)))
    .orderBy(desc(supportPlans.startOn), desc(supportPlans.id));
}
/** Plans that overlap a period (an academic year). */
export async function plansOverlapping(db: Db | Tx, orgId: number, from: string, to: string): Promise<PlanRow[]> {
  return db
    .select()
    .from(supportPlans)
    .where(and(eq(supportPlans.organisationId, orgId), lte(supportPlans.startOn, to), sql`${supportPlans.endOn} >= ${from}`))
    .orderBy(asc(supportPlans.urn), asc(supportPlans.id));
}

export async function insertReport(db: Db | Tx, row: typeof supportReports.$inferInsert): Promise<ReportRow> {
  const [r] = await db.insert(supportReports).values(row).returning();
  return r;
}
export async function reportsOf(db: Db | Tx, orgId: number, planIds: number[]): Promise<ReportRow[]> {
  if (!planIds.length) return [];
  return db
    .select()
    .from(supportReports)
    .where(and(eq(supportReports.organisationId, orgId), inArray(supportReports.planId, planIds)))
    .orderBy(asc(supportReports.reportedOn), asc(supportReports.id));
}

/** The stored LA quintiles of the schools' observations: the dashboard's evidence of strengths and needs. */
export async function quintileObservations(db: Db | Tx, orgId: number, urns: number[], measures: string[]): Promise<Map<number, QuintileObservation[]>> {
  const out = new Map<number, QuintileObservation[]>();
  if (!urns.length || !measures.length) return out;
  const rows = await db
    .select({ urn: observations.urn, measure: observations.measure, academicYear: observations.academicYear, value: observations.value, laQuintile: observations.laQuintile })
    .from(observations)
    .where(and(eq(observations.organisationId, orgId), inArray(observations.urn, urns), inArray(observations.measure, measures)));
  for (const r of rows) {
    const list = out.get(r.urn) ?? [];
    list.push({ measure: r.measure, academicYear: r.academicYear, value: r.value, laQuintile: r.laQuintile });
    out.set(r.urn, list);
  }
  return out;
}

/** A school's value for a measure in a year, or its latest year when none is named. */
export async function observationValue(db: Db | Tx, orgId: number, urn: number, measure: string): Promise<{ value: number | null; year: string }[]> {
  return db
    .select({ value: observations.value, year: observations.academicYear })
    .from(observations)
    .where(and(eq(observations.organisationId, orgId), eq(observations.urn, urn), eq(observations.measure, measure)))
    .orderBy(desc(observations.academicYear));
}

export async function schoolPlaces(db: Db | Tx, orgId: number, urns: number[]): Promise<Map<number, { urn: number; name: string; postcode: string | null; districtId: number | null }>> {
  if (!urns.length) return new Map();
  const rows = await db
    .select({ urn: schools.urn, name: schools.name, postcode: schools.postcode, districtId: schools.districtId })
    .from(schools)
    .where(and(eq(schools.organisationId, orgId), inArray(schools.urn, urns)));
  return new Map(rows.map((r) => [r.urn, r]));
}

export interface SupportOutcomeCounts {
  asOf: string;
  /** Plans started on or before asOf, by kind and impact judgement ('not_judged' until judged). */
  byKind: Record<'agreement' | 'commission', Record<'improved' | 'some_improvement' | 'no_improvement' | 'not_assessable' | 'not_judged', number>>;
  total: number;
}

/**
 * Support by outcome, for the strategic view and the LA's self-evaluation: every agreement and
 * commission started by `asOf`, counted by kind and by its impact judgement as it stood on `asOf`
 * (a judgement made later counts as not yet judged).
 */
export async function supportOutcomeCounts(db: Db | Tx, organisationId: number, asOf: string): Promise<SupportOutcomeCounts> {
  const rows = await db
    .select({ kind: supportPlans.kind, impact: supportPlans.impact })
    .from(supportPlans)
    .where(and(eq(supportPlans.organisationId, organisationId), lte(supportPlans.startOn, asOf)));
  const blank = () => ({ improved: 0, some_improvement: 0, no_improvement: 0, not_assessable: 0, not_judged: 0 });
  const out: SupportOutcomeCounts = { asOf, byKind: { agreement: blank(), commission: blank() }, total: rows.length };
  for (const r of rows) {
    const j = r.impact && r.impact.judgedOn <= asOf ? r.impact.judgement : 'not_judged';
    out.byKind[r.kind][j]++;
  }
  return out;
}
