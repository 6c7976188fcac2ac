// Data access for published evidence: observations, comparators and inspections. Every query is
// scoped to one organisation; writes replace on their natural key so a re-import never duplicates.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { comparators, inspections, observations } from '../db/schema-evidence.js';
import { imports } from '../db/schema.js';
import { supersededObservations } from '../db/schema-releases.js';
import type { Release } from '../domain/evidence/layout.js';
import type { Comparator, Inspection, Observation } from '../domain/evidence/types.js';
import type { RankedObservation } from '../importers/evidenceCollect.js';
import { chunks, unnestRows, type UnnestColumn } from './unnest.js';

export type ObservationRow = typeof observations.$inferSelect;
export type ComparatorRow = typeof comparators.$inferSelect;
export type InspectionRow = typeof inspections.$inferSelect;
/** An observation's figures without its bookkeeping keys: what the evidence loaders and the engines read. */
export type ObservationFields = Omit<ObservationRow, 'id' | 'organisationId' | 'importId'>;

const BATCH = 500;
/** Rows per statement of the set-based writes: a national organisation's file in a few statements, each array of bounded size. */
const CHUNK = 10_000;
/** Mid-rank percentile of `value` within its measure-year, over a query with `window w` partitioned by measure and year, ordered by value. */
const laPercentile = sql.raw(
  '100 * (cume_dist() over w - 0.5 * (count(*) over (partition by measure, academic_year, value))::float / count(*) over (partition by measure, academic_year))',
);

const excluded = (column: { name: string }) => sql.raw(`excluded.${column.name}`);

/**
 * Stores one import's figures. `release` (KS2, KS4) decides what happens when a figure of the same school,
 * measure and year is held from the other release: a final figure takes the place of a provisional one,
 * whose figure is kept in `superseded_observations`; a provisional figure arriving after the final one is
 * kept there too and never replaces it. The same release again replaces (a corrected file). Returns how
 * many figures were set aside either way.
 */
export async function upsertObservations(tx: Tx, organisationId: number, importId: number, rows: RankedObservation[], release: Release | null = null): Promise<{ superseded: number }> {
  let kept = rows;
  let superseded = 0;
  if (release && rows.length) {
    const other = release === 'final' ? 'provisional' : 'final';
    const key = (o: { urn: number; measure: string; academicYear: string }) => `${o.urn}|${o.measure}|${o.academicYear}`;
    // Matched by a join on the file's keys as arrays: a long row-constructor IN list aborts PGlite.
    const held: ObservationRow[] = [];
    for (const part of chunks(rows, CHUNK)) {
      held.push(
        ...(await tx
          .select()
          .from(observations)
          .innerJoin(
            sql`${unnestRows('k', { urn: [part.map((o) => o.urn), 'int'], measure: [part.map((o) => o.measure), 'text'], academic_year: [part.map((o) => o.academicYear), 'text'] })}`,
            sql`k.urn = ${observations.urn} and k.measure = ${observations.measure} and k.academic_year = ${observations.academicYear}`,
          )
          .where(and(eq(observations.organisationId, organisationId), eq(observations.release, other)))).map((r) => r.observations),
      );
    }
    if (held.length) {
      // A final file trimmed of the confidence intervals the provisional one carries (the 2018/19 "with
      // Ofsted" files) would make significance and the floor standards unassessable: for those figures the
      // provisional one, with its interval, stays in use and the final one is kept beside it.
      const hasCi = (o: { ciLower?: number | null; ciUpper?: number | null }) => o.ciLower != null || o.ciUpper != null;
      const heldBy = new Map(held.map((h) => [key(h), h]));
      const set: SetAside[] = [];
      const setAside = new Set<string>();
      for (const o of rows) {
        const h = heldBy.get(key(o));
        if (!h) continue;
        const [fin, prov] = release === 'final' ? [o, h] : [h, o];
        const finalWins = hasCi(fin) || !hasCi(prov);
        if (finalWins === (release === 'final')) set.push({ ...keep(h), supersededByImportId: importId });
        else {
          set.push({ ...o, release, importId, supersededByImportId: h.importId });
          setAside.add(key(o));
        }
      }
      kept = rows.filter((o) => !setAside.has(key(o)));
      await insertSuperseded(tx, organisationId, set);
      superseded += set.length;
    }
  }
  for (const part of chunks(kept, CHUNK)) {
    const col = <T>(f: (o: RankedObservation) => T) => part.map(f);
    // Each figure is stored with its LA rank among the organisation's figures as they will be after this
    // write (`rankWithinOrganisation` then corrects only what that leaves wrong): ranking by a second
    // update rewrote every stored row, which cost PGlite more than the insert itself. A figure that is not
    // ranked (suppressed, no value) keeps whatever rank it had, as it always has.
    await tx.execute(sql`
      with r as (
        select * from ${unnestRows('r', {
          ...figureColumns(part),
          england_percentile: [col((o) => o.englandPercentile), 'float8'],
          england_quintile: [col((o) => o.englandQuintile), 'smallint'],
        }, 'n')}
      ),
      ranked as (
        select urn, measure, academic_year, ${laPercentile} as p
        from (
          select urn, measure, academic_year, value from r where status = 'ok' and value is not null
          union all
          select x.urn, x.measure, x.academic_year, x.value from observations x
          where x.organisation_id = ${organisationId} and x.status = 'ok' and x.value is not null
            and (x.measure, x.academic_year) in (select distinct measure, academic_year from r)
            and not exists (select 1 from r where r.urn = x.urn and r.measure = x.measure and r.academic_year = x.academic_year)
        ) pool
        window w as (partition by measure, academic_year order by value)
      )
      insert into observations (organisation_id, urn, measure, academic_year, value, status, raw, ci_lower, ci_upper, cohort, source, release,
        import_id, england_percentile, england_quintile, la_percentile, la_quintile)
      select ${organisationId}::int, r.urn, r.measure, r.academic_year, r.value, r.status, r.raw, r.ci_lower, r.ci_upper, r.cohort, r.source,
        ${release}::text, ${importId}::int, r.england_percentile, r.england_quintile, k.p,
        case when k.p is not null then least(5, floor(k.p / 20) + 1) end
      from r left join ranked k on k.urn = r.urn and k.measure = r.measure and k.academic_year = r.academic_year
      order by r.n
      on conflict (organisation_id, urn, measure, academic_year) do update set
        value = excluded.value, status = excluded.status, raw = excluded.raw, ci_lower = excluded.ci_lower, ci_upper = excluded.ci_upper,
        cohort = excluded.cohort, source = excluded.source, release = excluded.release, import_id = excluded.import_id,
        england_percentile = excluded.england_percentile, england_quintile = excluded.england_quintile,
        la_percentile = coalesce(excluded.la_percentile, observations.la_percentile), la_quintile = coalesce(excluded.la_quintile, observations.la_quintile)`);
  }
  return { superseded };
}

/** The unnest columns of a figure, shared by the stored figures and those set aside by the other release. */
function figureColumns(
  part: readonly {
    urn: number;
    measure: string;
    academicYear: string;
    value?: number | null;
    status: string;
    raw: string | null;
    ciLower?: number | null;
    ciUpper?: number | null;
    cohort?: number | null;
    source: string;
  }[],
): Record<string, UnnestColumn> {
  return {
    urn: [part.map((o) => o.urn), 'int'],
    measure: [part.map((o) => o.measure), 'text'],
    academic_year: [part.map((o) => o.academicYear), 'text'],
    value: [part.map((o) => o.value ?? null), 'float8'],
    status: [part.map((o) => o.status), 'text'],
    raw: [part.map((o) => o.raw), 'text'],
    ci_lower: [part.map((o) => o.ciLower ?? null), 'float8'],
    ci_upper: [part.map((o) => o.ciUpper ?? null), 'float8'],
    cohort: [part.map((o) => o.cohort ?? null), 'float8'],
    source: [part.map((o) => o.source), 'text'],
  };
}

type SetAside = Omit<typeof supersededObservations.$inferInsert, 'organisationId'> & { urn: number; measure: string; academicYear: string };

/** Figures set aside by the other release, replacing any set aside before for the same key and release. */
async function insertSuperseded(tx: Tx, organisationId: number, set: SetAside[]): Promise<void> {
  for (const part of chunks(set, CHUNK)) {
    const col = <T>(f: (o: SetAside) => T) => part.map(f);
    await tx.execute(sql`
      insert into superseded_observations (organisation_id, urn, measure, academic_year, release, value, status, raw, ci_lower, ci_upper, cohort,
        source, import_id, superseded_by_import_id)
      select ${organisationId}::int, r.urn, r.measure, r.academic_year, r.release, r.value, r.status, r.raw, r.ci_lower, r.ci_upper, r.cohort,
        r.source, r.import_id, r.superseded_by_import_id
      from ${unnestRows('r', {
        ...figureColumns(part),
        release: [col((o) => o.release), 'text'],
        import_id: [col((o) => o.importId), 'int'],
        superseded_by_import_id: [col((o) => o.supersededByImportId), 'int'],
      })}
      on conflict (organisation_id, urn, measure, academic_year, release) do update set
        value = excluded.value, status = excluded.status, raw = excluded.raw, ci_lower = excluded.ci_lower, ci_upper = excluded.ci_upper,
        cohort = excluded.cohort, source = excluded.source, import_id = excluded.import_id,
        superseded_by_import_id = excluded.superseded_by_import_id, superseded_at = excluded.superseded_at`);
  }
}

function keep(h: ObservationRow) {
  return {
    organisationId: h.organisationId, urn: h.urn, measure: h.measure, academicYear: h.academicYear, release: h.release!, value: h.value, status: h.status,
    raw: h.raw, ciLower: h.ciLower, ciUpper: h.ciUpper, cohort: h.cohort, source: h.source, importId: h.importId,
  };
}

/** Figures of a school set aside by another release of the same year (see `upsertObservations`). */
export async function supersededFor(db: Db | Tx, organisationId: number, urn: number) {
  return db
    .select()
    .from(supersededObservations)
    .where(and(eq(supersededObservations.organisationId, organisationId), eq(supersededObservations.urn, urn)))
    .orderBy(asc(supersededObservations.measure), asc(supersededObservations.academicYear));
}

/**
 * LA percentile and quintile for the given measure-years, over every school of the organisation with a
 * published value: computed in the database after each import, so a newer file for one measure-year
 * re-ranks every school for it. Mid-rank, like the England percentile (see domain/evidence/ranking.ts).
 */
export async function rankWithinOrganisation(tx: Tx, organisationId: number, measureYears: { measure: string; year: string }[]): Promise<void> {
  if (measureYears.length === 0) return;
  // The measure-years joined as arrays: a row-constructor IN list was tested against every row of the organisation.
  const pairs = unnestRows('my', { measure: [measureYears.map((p) => p.measure), 'text'], academic_year: [measureYears.map((p) => p.year), 'text'] });
  // Only ranks that change are written (the import's own figures arrive ranked): rewriting a row costs a new row version.
  await tx.execute(sql`
    update observations o set la_percentile = r.p, la_quintile = least(5, floor(r.p / 20) + 1)
    from (
      select id, ${laPercentile} as p
      from observations x
      where (x.measure, x.academic_year) in (select my.measure, my.academic_year from ${pairs})
        and organisation_id = ${organisationId} and status = 'ok' and value is not null
      window w as (partition by x.measure, x.academic_year order by value)
    ) r
    where o.id = r.id and (o.la_percentile is distinct from r.p or o.la_quintile is distinct from least(5, floor(r.p / 20) + 1))`);
}

/** LA and England averages; a provisional average never replaces a final one of the same year. */
export async function upsertComparators(tx: Tx, organisationId: number, importId: number, rows: Comparator[], release: Release | null = null): Promise<void> {
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
      release,
      importId,
    }));
    await tx
      .insert(c)
      .values(values)
      .onConflictDoUpdate({
        target: [c.organisationId, c.scope, c.laCode, c.phase, c.measure, c.academicYear],
        set: { value: excluded(c.value), source: excluded(c.source), release: excluded(c.release), importId: excluded(c.importId) },
        setWhere: sql`not (${c.release} = 'final' and excluded.release = 'provisional')`,
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
      inspectionEndDate: r.inspectionEndDate ?? null,
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
      ungradedOutcome: r.ungradedOutcome ?? null,
      inspectedUrn: r.inspectedUrn ?? null,
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
          // A reading that could not tell the type never overrides one that could.
          inspectionType: sql.raw(`case when excluded.inspection_type = 'unknown' then inspections.inspection_type else excluded.inspection_type end`),
          overallEffectiveness: keep(t.overallEffectiveness),
          publicationDate: keep(t.publicationDate),
          categoryOfConcern: keep(t.categoryOfConcern),
          subJudgements: keep(t.subJudgements),
          reportCard: keep(t.reportCard),
          safeguarding: keep(t.safeguarding),
          previousOverallEffectiveness: keep(t.previousOverallEffectiveness),
          previousInspectionDate: keep(t.previousInspectionDate),
          inspectionEndDate: keep(t.inspectionEndDate),
          ungradedOutcome: keep(t.ungradedOutcome),
          inspectedUrn: keep(t.inspectedUrn),
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

/**
 * Many schools' observations (every school of the organisation when `urns` is null), grouped by URN and
 * ordered by measure and year as `schoolObservations` orders them. Each school's rows come back as one JSON
 * array: a national read is ~400,000 rows, and turning every field of every row into a JavaScript value
 * one by one (the database driver's row decoding, then drizzle's mapping) was most of a whole-LA
 * categorisation's or scoring's time; one text per school is decoded once and parsed natively.
 */
export async function observationsByUrn(db: Db | Tx, organisationId: number, urns: readonly number[] | null): Promise<Map<number, ObservationFields[]>> {
  const res = await db.execute(sql`
    select urn, json_agg(json_build_array(measure, academic_year, value, status, raw, ci_lower, ci_upper, cohort, source, release,
      england_percentile, england_quintile, la_percentile, la_quintile) order by measure, academic_year)::text as list
    from ${observations}
    where ${and(eq(observations.organisationId, organisationId), urns ? inArray(observations.urn, [...urns]) : undefined)}
    group by urn`);
  type Tuple = [string, string, number | null, string, string, number | null, number | null, number | null, string, ObservationRow['release'], number | null, number | null, number | null, number | null];
  const out = new Map<number, ObservationFields[]>();
  for (const row of (res as unknown as { rows: { urn: number; list: string }[] }).rows) {
    out.set(
      Number(row.urn),
      (JSON.parse(row.list) as Tuple[]).map(([measure, academicYear, value, status, raw, ciLower, ciUpper, cohort, source, release, englandPercentile, englandQuintile, laPercentile, laQuintile]) => ({
        urn: Number(row.urn),
        measure,
        academicYear,
        value,
        status,
        raw,
        ciLower,
        ciUpper,
        cohort,
        source,
        release,
        englandPercentile,
        englandQuintile,
        laPercentile,
        laQuintile,
      })),
    );
  }
  return out;
}

/** Every (measure, academic year) the organisation holds figures for, in that order. */
export async function measureYears(db: Db | Tx, organisationId: number): Promise<{ measure: string; academicYear: string }[]> {
  // A loose index scan: one index probe per pair on (organisation, measure, year), not a read of every row.
  const res = await db.execute(sql`
    with recursive pairs(measure, academic_year) as (
      (select measure, academic_year from ${observations} where organisation_id = ${organisationId} order by measure, academic_year limit 1)
      union all
      (select next.measure, next.academic_year from pairs,
        lateral (select measure, academic_year from ${observations}
          where organisation_id = ${organisationId} and (measure, academic_year) > (pairs.measure, pairs.academic_year)
          order by measure, academic_year limit 1) as next)
    )
    select measure, academic_year from pairs`);
  return (res as unknown as { rows: { measure: string; academic_year: string }[] }).rows.map((r) => ({ measure: r.measure, academicYear: r.academic_year }));
}

/**
 * The organisation's published ("ok", with a value) figures of the given measures and years, grouped by URN
 * and ordered by measure and year. Read a column per measure, year and file (a few rows of long JSON arrays,
 * parsed natively): a national register's figures one row, or one array, per figure cost several times as much.
 */
export async function okObservationsByUrn(
  db: Db | Tx,
  organisationId: number,
  pairs: readonly { measure: string; academicYear: string }[],
): Promise<Map<number, Observation[]>> {
  const out = new Map<number, Observation[]>();
  if (pairs.length === 0) return out;
  const o = observations;
  const res = await db.execute(sql`
    select ${o.measure} as measure, ${o.academicYear} as academic_year, ${o.source} as source,
      json_build_array(json_agg(${o.urn}), json_agg(${o.value}), json_agg(${o.raw}), json_agg(${o.ciLower}), json_agg(${o.ciUpper}), json_agg(${o.cohort}))::text as cols
    from ${o}
    where ${o.organisationId} = ${organisationId} and ${o.status} = 'ok' and ${o.value} is not null
      and (${o.measure}, ${o.academicYear}) in (${sql.join(
        pairs.map((p) => sql`(${p.measure}, ${p.academicYear})`),
        sql`, `,
      )})
    group by ${o.measure}, ${o.academicYear}, ${o.source}
    order by ${o.measure}, ${o.academicYear}, ${o.source}`);
  type Columns = [number[], number[], string[], (number | null)[], (number | null)[], (number | null)[]];
  for (const row of (res as unknown as { rows: { measure: string; academic_year: string; source: string; cols: string }[] }).rows) {
    // The aggregates of one group advance together over the same rows, so the arrays line up.
    const [urns, values, raws, ciLowers, ciUppers, cohorts] = JSON.parse(row.cols) as Columns;
    for (let i = 0; i < urns.length; i++) {
      const urn = Number(urns[i]);
      const item: Observation = {
        urn,
        measure: row.measure,
        academicYear: row.academic_year,
        value: values[i]!,
        status: 'ok',
        raw: raws[i]!,
        ciLower: ciLowers[i]!,
        ciUpper: ciUppers[i]!,
        cohort: cohorts[i]!,
        source: row.source,
      };
      const list = out.get(urn);
      if (list) list.push(item);
      else out.set(urn, [item]);
    }
  }
  return out;
}

export async function schoolInspections(db: Db | Tx, organisationId: number, urn: number): Promise<InspectionRow[]> {
  return db
    .select()
    .from(inspections)
    .where(and(eq(inspections.organisationId, organisationId), eq(inspections.urn, urn)))
    .orderBy(desc(inspections.inspectionDate), desc(inspections.id));
}

/** `schoolInspections` for some schools in one read, latest first within each school. */
export async function inspectionsOfSchools(db: Db | Tx, organisationId: number, urns: number[]): Promise<InspectionRow[]> {
  if (!urns.length) return [];
  return db
    .select()
    .from(inspections)
    .where(and(eq(inspections.organisationId, organisationId), inArray(inspections.urn, urns)))
    .orderBy(desc(inspections.inspectionDate), desc(inspections.id));
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
    .select({ id: imports.id, kind: imports.kind, layout: imports.layout, fileName: imports.fileName, finishedAt: imports.finishedAt, summary: imports.summary })
    .from(imports)
    .where(and(eq(imports.organisationId, organisationId), inArray(imports.kind, ['ks2', 'ks4', 'census', 'absence', 'ofsted'])))
    .orderBy(desc(imports.finishedAt));
}
