// Stored distributions of published values (schema-comparators.ts), recomputed in SQL inside the
// transaction that changed what they summarise: an evidence import (its measure-years), a register
// import or a school moved to another district (every measure-year: districts and phases regroup).
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { measureDistributions } from '../db/schema-comparators.js';
import { observations } from '../db/schema-evidence.js';
import { unnestRows } from './unnest.js';

export type DistributionRow = typeof measureDistributions.$inferSelect;

/**
 * Replaces the distributions of the given measure-years ('all': every measure-year the organisation
 * holds) with ones computed from the observations now in the database. One statement per step, so a
 * national file costs the database a few aggregate passes, not a round trip per school.
 */
export async function recomputeDistributions(tx: Db | Tx, organisationId: number, measureYears: { measure: string; year: string }[] | 'all', importId: number | null = null): Promise<void> {
  if (measureYears !== 'all' && measureYears.length === 0) return;
  // The measure-years joined as arrays: a row-constructor IN list was tested against every row of the organisation.
  const only =
    measureYears === 'all'
      ? sql`true`
      : sql`(o.measure, o.academic_year) in (select my.measure, my.academic_year from ${unnestRows('my', {
          measure: [measureYears.map((p) => p.measure), 'text'],
          academic_year: [measureYears.map((p) => p.year), 'text'],
        })})`;
  // Fresh statistics first: PGlite runs no autovacuum, so after a bulk import the planner believed
  // observations held ~140 rows and joined 30,000 of them to the register by nested loop (74 s on the
  // bundled LA, EXPLAIN ANALYZE); with statistics it is a hash join in well under a second. ANALYZE
  // samples at most 30,000 rows per table, and without ownership PostgreSQL only warns and skips it.
  await tx.execute(sql`analyze observations, schools, districts, comparators, inspections`);
  await tx.execute(sql`delete from measure_distributions o where o.organisation_id = ${organisationId} and ${only}`);
  // A usable value is status 'ok' with a number, as the engine and the measure pages read it.
  await tx.execute(sql`
    insert into measure_distributions
      (organisation_id, measure, academic_year, scope, scope_key, count, suppressed, mean, min, p25, median, p75, max, sorted_values, import_id)
    select ${organisationId}, o.measure, o.academic_year, g.scope, g.scope_key,
      count(*) filter (where o.status = 'ok' and o.value is not null)::int,
      count(*) filter (where not (o.status = 'ok' and o.value is not null))::int,
      avg(o.value) filter (where o.status = 'ok'),
      min(o.value) filter (where o.status = 'ok'),
      percentile_cont(0.25) within group (order by o.value) filter (where o.status = 'ok'),
      percentile_cont(0.5) within group (order by o.value) filter (where o.status = 'ok'),
      percentile_cont(0.75) within group (order by o.value) filter (where o.status = 'ok'),
      max(o.value) filter (where o.status = 'ok'),
      coalesce(jsonb_agg(o.value order by o.value) filter (where o.status = 'ok' and o.value is not null), '[]'::jsonb),
      ${importId}::int
    from observations o
    left join schools s on s.organisation_id = o.organisation_id and s.urn = o.urn
    left join districts d on d.id = s.district_id
    cross join lateral (values ('la', ''), ('district', d.name), ('phase', s.phase)) as g(scope, scope_key)
    where o.organisation_id = ${organisationId} and ${only} and g.scope_key is not null
    group by o.measure, o.academic_year, g.scope, g.scope_key`);
}

/** The stored distributions of one scope ('la' by default), optionally of some measures only. */
export async function listDistributions(db: Db | Tx, organisationId: number, opts: { scope?: DistributionRow['scope']; measures?: string[] } = {}): Promise<DistributionRow[]> {
  const d = measureDistributions;
  const where = [eq(d.organisationId, organisationId), eq(d.scope, opts.scope ?? 'la')];
  if (opts.measures) where.push(opts.measures.length ? sql`${d.measure} in (${sql.join(opts.measures.map((m) => sql`${m}`), sql`, `)})` : sql`false`);
  return db.select().from(d).where(and(...where));
}

/**
 * Fills the table for an installation whose observations predate it (a data directory or database
 * from before migration 0014): once, when something first reads distributions and finds none.
 */
export async function ensureDistributions(db: Db | Tx, organisationId: number): Promise<void> {
  const has = await db.select({ id: measureDistributions.id }).from(measureDistributions).where(eq(measureDistributions.organisationId, organisationId)).limit(1);
  if (has.length) return;
  const any = await db.select({ id: observations.id }).from(observations).where(eq(observations.organisationId, organisationId)).limit(1);
  if (!any.length) return;
  await recomputeDistributions(db, organisationId, 'all');
}
