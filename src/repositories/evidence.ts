// Data access for published evidence: observations, comparators and inspections. Every query is
// scoped to one organisation; writes replace on their natural key so a re-import never duplicates.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { comparators, inspections, observations } from '../db/schema-evidence.js';
import { imports } from '../db/schema.js';
import type { Comparator, Inspection } from '../domain/evidence/types.js';
import type { RankedObservation } from '../importers/evidenceCollect.js';

export type ObservationRow = typeof observations.$inferSelect;
export type ComparatorRow = typeof comparators.$inferSelect;
export type InspectionRow = typeof inspections.$inferSelect;

const BATCH = 500;
const excluded = (column: { name: string }) => sql.raw(`excluded.${column.name}`);

export async function upsertObservations(tx: Tx, organisationId: number, importId: number, rows: RankedObservation[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const values = rows.slice(i, i + BATCH).map((o) => ({
      organisationId,
      urn: o.urn,
      measure: o.measure,
      academicYear: o.academicYear,
      value: o.value,
      status: o.status,
      raw: o.raw,
      ciLower: o.ciLower ?? null,
      ciUpper: o.ciUpper ?? null,
      cohort: o.cohort ?? null,
      source: o.source,
      importId,
      englandPercentile: o.englandPercentile,
      englandQuintile: o.englandQuintile,
    }));
    const o = observations;
    await tx
      .insert(o)
      .values(values)
      .onConflictDoUpdate({
        target: [o.organisationId, o.urn, o.measure, o.academicYear],
        set: {
          value: excluded(o.value),
          status: excluded(o.status),
          raw: excluded(o.raw),
          ciLower: excluded(o.ciLower),
          ciUpper: excluded(o.ciUpper),
          cohort: excluded(o.cohort),
          source: excluded(o.source),
          importId: excluded(o.importId),
          englandPercentile: excluded(o.englandPercentile),
          englandQuintile: excluded(o.englandQuintile),
        },
      });
  }
}

/**
 * LA percentile and quintile for the given measure-years, over every school of the organisation with a
 * published value: computed in the database after each import, so a newer file for one measure-year
 * re-ranks every school for it. Mid-rank, like the England percentile (see domain/evidence/ranking.ts).
 */
export async function rankWithinOrganisation(tx: Tx, organisationId: number, measureYears: { measure: string; year: string }[]): Promise<void> {
  if (measureYears.length === 0) return;
  const pairs = sql.join(measureYears.map((p) => sql`(${p.measure}, ${p.year})`), sql`, `);
  await tx.execute(sql`
    update observations o set la_percentile = r.p, la_quintile = least(5, floor(r.p / 20) + 1)
    from (
      select id, 100 * (cume_dist() over w - 0.5 * (count(*) over (partition by measure, academic_year, value))::float
                        / count(*) over (partition by measure, academic_year)) as p
      from observations
      where organisation_id = ${organisationId} and status = 'ok' and value is not null
        and (measure, academic_year) in (${pairs})
      window w as (partition by measure, academic_year order by value)
    ) r
    where o.id = r.id`);
}

export async function upsertComparators(tx: Tx, organisationId: number, importId: number, rows: Comparator[]): Promise<void> {
  const c = comparators;
  for (let i = 0; i < rows.length; i += BATCH) {
    const values = rows.slice(i, i + BATCH).map((r) => ({
      organisationId,
      scope: r.scope,
      laCode: r.scope === 'la' ? (r.laCode ?? null) : null,
      phase: r.phase ?? null,
      measure: r.measure,
      academicYear: r.academicYear,
      value: r.value,
      source: r.source,
      importId,
    }));
    await tx
      .insert(c)
      .values(values)
      .onConflictDoUpdate({
        target: [c.organisationId, c.scope, c.laCode, c.phase, c.measure, c.academicYear],
        set: { value: excluded(c.value), source: excluded(c.source), importId: excluded(c.importId) },
      });
  }
}

export async function upsertInspections(tx: Tx, organisationId: number, importId: number, rows: Inspection[]): Promise<void> {
  const t = inspections;
  for (let i = 0; i < rows.length; i += BATCH) {
    const values = rows.slice(i, i + BATCH).map((r) => ({
      organisationId,
      urn: r.urn,
      inspectionDate: r.inspectionDate,
      dateBasis: r.dateBasis ?? 'inspection',
      publicationDate: r.publicationDate ?? null,
      inspectionType: r.inspectionType,
      era: r.era,
      overallEffectiveness: r.overallEffectiveness ?? null,
      categoryOfConcern: r.categoryOfConcern ?? null,
      subJudgements: r.subJudgements ?? null,
      reportCard: r.reportCard ?? null,
      safeguarding: r.safeguarding ?? null,
      previousOverallEffectiveness: r.previousOverallEffectiveness ?? null,
      previousInspectionDate: r.previousInspectionDate ?? null,
      source: r.source,
      importId,
    }));
    // A fuller record (MI with sub-judgements) keeps what it adds; a thinner one never blanks it.
    const keep = (col: { name: string }) => sql.raw(`coalesce(excluded.${col.name}, inspections.${col.name})`);
    await tx
      .insert(t)
      .values(values)
      .onConflictDoUpdate({
        target: [t.organisationId, t.urn, t.inspectionDate],
        set: {
          inspectionType: excluded(t.inspectionType),
          overallEffectiveness: keep(t.overallEffectiveness),
          publicationDate: keep(t.publicationDate),
          categoryOfConcern: keep(t.categoryOfConcern),
          subJudgements: keep(t.subJudgements),
          reportCard: keep(t.reportCard),
          safeguarding: keep(t.safeguarding),
          previousOverallEffectiveness: keep(t.previousOverallEffectiveness),
          previousInspectionDate: keep(t.previousInspectionDate),
          source: excluded(t.source),
          importId: excluded(t.importId),
        },
      });
  }
}

export async function schoolObservations(db: Db | Tx, organisationId: number, urn: number): Promise<ObservationRow[]> {
  return db
    .select()
    .from(observations)
    .where(and(eq(observations.organisationId, organisationId), eq(observations.urn, urn)))
    .orderBy(asc(observations.measure), asc(observations.academicYear));
}

export async function schoolInspections(db: Db | Tx, organisationId: number, urn: number): Promise<InspectionRow[]> {
  return db
    .select()
    .from(inspections)
    .where(and(eq(inspections.organisationId, organisationId), eq(inspections.urn, urn)))
    .orderBy(desc(inspections.inspectionDate));
}

export async function listComparators(db: Db | Tx, organisationId: number, measures?: string[]): Promise<ComparatorRow[]> {
  const where = measures
    ? and(eq(comparators.organisationId, organisationId), inArray(comparators.measure, measures.length ? measures : ['']))
    : eq(comparators.organisationId, organisationId);
  return db.select().from(comparators).where(where);
}

/** Every published value of the organisation's schools, for distributions and the LA comparison. */
export async function measureValues(
  db: Db | Tx,
  organisationId: number,
  measure?: string,
): Promise<Pick<ObservationRow, 'urn' | 'measure' | 'academicYear' | 'value' | 'cohort' | 'laPercentile' | 'laQuintile' | 'englandPercentile' | 'englandQuintile' | 'source'>[]> {
  const o = observations;
  return db
    .select({
      urn: o.urn,
      measure: o.measure,
      academicYear: o.academicYear,
      value: o.value,
      cohort: o.cohort,
      laPercentile: o.laPercentile,
      laQuintile: o.laQuintile,
      englandPercentile: o.englandPercentile,
      englandQuintile: o.englandQuintile,
      source: o.source,
    })
    .from(o)
    .where(and(eq(o.organisationId, organisationId), eq(o.status, 'ok'), measure ? eq(o.measure, measure) : undefined));
}

/**
 * Every published value of the organisation's schools by measure and year, for the LA distributions.
 * Aggregated in the database: a row per value took ten times as long and, on PGlite, held the event
 * loop for over a second while a round was opened.
 */
export async function measureDistributions(db: Db | Tx, organisationId: number): Promise<{ measure: string; academicYear: string; values: number[] }[]> {
  const o = observations;
  const rows = await db
    .select({ measure: o.measure, academicYear: o.academicYear, values: sql<(number | string)[]>`array_agg(${o.value})` })
    .from(o)
    .where(and(eq(o.organisationId, organisationId), eq(o.status, 'ok'), sql`${o.value} is not null`))
    .groupBy(o.measure, o.academicYear);
  // Both drivers read a double precision[] as numbers; Number() keeps that true whatever the driver.
  return rows.map((r) => ({ measure: r.measure, academicYear: r.academicYear, values: r.values.map(Number) }));
}

/** Measure codes and years held, for the measure index. */
export async function measuresHeld(db: Db | Tx, organisationId: number): Promise<{ measure: string; academicYear: string; schools: number }[]> {
  const o = observations;
  return db
    .select({ measure: o.measure, academicYear: o.academicYear, schools: sql<number>`count(*)::int` })
    .from(o)
    .where(and(eq(o.organisationId, organisationId), eq(o.status, 'ok')))
    .groupBy(o.measure, o.academicYear)
    .orderBy(asc(o.measure), asc(o.academicYear));
}

/** Latest import of each evidence kind, for "KS2 2024/25, imported 3 Dec". */
export async function evidenceImports(db: Db | Tx, organisationId: number) {
  return db
    .select({ id: imports.id, kind: imports.kind, fileName: imports.fileName, finishedAt: imports.finishedAt, summary: imports.summary })
    .from(imports)
    .where(and(eq(imports.organisationId, organisationId), inArray(imports.kind, ['ks2', 'ks4', 'census', 'absence', 'ofsted'])))
    .orderBy(desc(imports.finishedAt));
}
