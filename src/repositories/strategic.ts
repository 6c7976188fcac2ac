// Bulk reads for the strategic indicators (issue 17): the whole organisation's schools, the measures the
// indicators read, inspection history, England comparators and the confirmed rounds' categories, in a
// handful of queries whatever the number of schools (never one per school).
import { and, asc, eq, inArray, isNull, lte, or, gt } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { categorisationRounds, categorisations, policyVersions } from '../db/schema-categorisation.js';
import { comparators, observations } from '../db/schema-evidence.js';
import { districts, schools } from '../db/schema.js';
import { districtPlanItems, strategicTargets } from '../db/schema-strategic.js';
import type { ObservationRow, ComparatorRow } from './evidence.js';
import { inspectionHistory } from './inspections.js';
import type { SchoolWithDistrict } from './schools.js';
import type { HistoryInspection } from '../domain/evidence/inspections.js';

export interface StrategicRows {
  schools: SchoolWithDistrict[];
  observations: Map<number, ObservationRow[]>;
  inspections: Map<number, HistoryInspection[]>;
  comparators: ComparatorRow[];
  /** Per school, its category in each confirmed round whose as-of date is on or before the day, oldest first. */
  categories: Map<number, { roundAsOf: string; code: string | null }[]>;
}

/** State-funded schools open at some time from `first` to `last`. */
export async function schoolsOpenOn(db: Db | Tx, organisationId: number, last: string, first = last): Promise<SchoolWithDistrict[]> {
  const rows = await db
    .select({ school: schools, districtName: districts.name })
    .from(schools)
    .leftJoin(districts, eq(districts.id, schools.districtId))
    .where(
      and(
        eq(schools.organisationId, organisationId),
        eq(schools.isStateFunded, true),
        or(isNull(schools.openDate), lte(schools.openDate, last)),
        or(isNull(schools.closeDate), gt(schools.closeDate, first)),
      ),
    )
    .orderBy(asc(schools.urn));
  // "Proposed to open" schools carry a future open date or none: they are not schools yet.
  return rows.filter((r) => !/proposed/i.test(r.school.status)).map((r) => ({ ...r.school, districtName: r.districtName }));
}

/**
 * The rows for every day in `days` in one read: schools, observations, inspection history, comparators
 * and confirmed rounds are read once (up to the latest day) and each day keeps what was true on it.
 */
export async function loadStrategicRowsMany(db: Db | Tx, organisationId: number, days: readonly string[], measures: readonly string[]): Promise<Map<string, StrategicRows>> {
  const sorted = [...days].sort();
  const last = sorted[sorted.length - 1]!;
  const candidates = await schoolsOpenOn(db, organisationId, last, sorted[0]!);
  const obs = new Map<number, ObservationRow[]>();
  if (measures.length) {
    for (const o of await db
      .select()
      .from(observations)
      .where(and(eq(observations.organisationId, organisationId), inArray(observations.measure, [...measures])))) {
      (obs.get(o.urn) ?? obs.set(o.urn, []).get(o.urn)!).push(o);
    }
  }
  const ins = await inspectionHistory(db, organisationId, candidates.map((s) => s.urn), last);
  const comps = await db
    .select()
    .from(comparators)
    .where(and(eq(comparators.organisationId, organisationId), eq(comparators.scope, 'england'), measures.length ? inArray(comparators.measure, [...measures]) : undefined));
  const cats = await db
    .select({ urn: categorisations.urn, code: categorisations.currentCategory, proposed: categorisations.proposedCategory, roundAsOf: categorisationRounds.asOf })
    .from(categorisations)
    .innerJoin(categorisationRounds, eq(categorisationRounds.id, categorisations.roundId))
    .where(and(eq(categorisations.organisationId, organisationId), eq(categorisationRounds.status, 'confirmed'), lte(categorisationRounds.asOf, last)))
    .orderBy(asc(categorisationRounds.asOf), asc(categorisationRounds.id));
  const out = new Map<string, StrategicRows>();
  for (const day of days) {
    const open = candidates.filter((s) => (!s.openDate || s.openDate <= day) && (!s.closeDate || s.closeDate > day));
    const categories = new Map<number, { roundAsOf: string; code: string | null }[]>();
    for (const c of cats) if (c.roundAsOf <= day) (categories.get(c.urn) ?? categories.set(c.urn, []).get(c.urn)!).push({ roundAsOf: c.roundAsOf, code: c.code ?? c.proposed });
    // Inspections published after the day are dropped per school by evidenceAsOf.
    out.set(day, { schools: open, observations: obs, inspections: ins, comparators: comps, categories });
  }
  return out;
}

export async function loadStrategicRows(db: Db | Tx, organisationId: number, asOf: string, measures: readonly string[]): Promise<StrategicRows> {
  return (await loadStrategicRowsMany(db, organisationId, [asOf], measures)).get(asOf)!;
}

export type TargetRow = typeof strategicTargets.$inferSelect;
export type PlanItemRow = typeof districtPlanItems.$inferSelect;

/** Adds the configured targets the organisation does not hold yet; a held target (perhaps edited) is kept. */
export async function insertMissingTargets(db: Db | Tx, organisationId: number, targets: Omit<typeof strategicTargets.$inferInsert, 'organisationId'>[]): Promise<number> {
  if (targets.length === 0) return 0;
  const added = await db
    .insert(strategicTargets)
    .values(targets.map((t) => ({ ...t, organisationId })))
    .onConflictDoNothing({ target: [strategicTargets.organisationId, strategicTargets.key] })
    .returning({ id: strategicTargets.id });
  return added.length;
}

export async function targetKeys(db: Db | Tx, organisationId: number): Promise<string[]> {
  const rows = await db.select({ key: strategicTargets.key }).from(strategicTargets).where(eq(strategicTargets.organisationId, organisationId));
  return rows.map((r) => r.key);
}

export async function listTargets(db: Db | Tx, organisationId: number): Promise<TargetRow[]> {
  return db.select().from(strategicTargets).where(eq(strategicTargets.organisationId, organisationId)).orderBy(asc(strategicTargets.id));
}

export async function listPlanItems(db: Db | Tx, organisationId: number, districtId: number): Promise<PlanItemRow[]> {
  return db
    .select()
    .from(districtPlanItems)
    .where(and(eq(districtPlanItems.organisationId, organisationId), eq(districtPlanItems.districtId, districtId)))
    .orderBy(asc(districtPlanItems.dueDate), asc(districtPlanItems.id));
}

export async function getPlanItem(db: Db | Tx, organisationId: number, id: number): Promise<PlanItemRow | undefined> {
  const [r] = await db.select().from(districtPlanItems).where(and(eq(districtPlanItems.organisationId, organisationId), eq(districtPlanItems.id, id)));
  return r;
}

export async function insertPlanItem(db: Db | Tx, row: typeof districtPlanItems.$inferInsert): Promise<PlanItemRow> {
  const [r] = await db.insert(districtPlanItems).values(row).returning();
  return r!;
}

export async function updatePlanItem(db: Db | Tx, organisationId: number, id: number, set: Partial<typeof districtPlanItems.$inferInsert>): Promise<PlanItemRow | undefined> {
  const [r] = await db
    .update(districtPlanItems)
    .set({ ...set, updatedAt: new Date() })
    .where(and(eq(districtPlanItems.organisationId, organisationId), eq(districtPlanItems.id, id)))
    .returning();
  return r;
}

/** Every confirmed round, oldest first, with each school's category and the round's policy categories: two queries. */
export async function confirmedRounds(db: Db | Tx, organisationId: number) {
  const rounds = await db
    .select({ id: categorisationRounds.id, label: categorisationRounds.label, asOf: categorisationRounds.asOf, definition: policyVersions.definition })
    .from(categorisationRounds)
    .innerJoin(policyVersions, eq(policyVersions.id, categorisationRounds.policyVersionId))
    .where(and(eq(categorisationRounds.organisationId, organisationId), eq(categorisationRounds.status, 'confirmed')))
    .orderBy(asc(categorisationRounds.asOf), asc(categorisationRounds.id));
  const entries = rounds.length
    ? await db
        .select({ roundId: categorisations.roundId, urn: categorisations.urn, current: categorisations.currentCategory, proposed: categorisations.proposedCategory, stage: categorisations.stage })
        .from(categorisations)
        .where(and(eq(categorisations.organisationId, organisationId), inArray(categorisations.roundId, rounds.map((r) => r.id))))
    : [];
  return rounds.map((r) => ({
    id: r.id,
    label: r.label,
    asOf: r.asOf,
    categories: ((r.definition as { categories?: { code: string; order: number; label: string }[] }).categories ?? []).map((c) => ({ code: c.code, order: c.order, label: c.label })),
    entries: new Map(entries.filter((e) => e.roundId === r.id).map((e) => [e.urn, e.stage === 'excluded' ? null : (e.current ?? e.proposed)])),
  }));
}

/** Every school's URN and district: which schools a district's movement covers. */
export async function schoolDistricts(db: Db | Tx, organisationId: number): Promise<{ urn: number; districtId: number | null }[]> {
  return db.select({ urn: schools.urn, districtId: schools.districtId }).from(schools).where(eq(schools.organisationId, organisationId));
}
