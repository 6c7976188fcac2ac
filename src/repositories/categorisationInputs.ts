// The reads a whole-LA categorisation needs, and only what it needs: on a national installation
// (22,000 schools, ~400,000 observations) reading every column of every school and every measure the
// installation holds was most of `lodestar categorise`'s time, though a policy reads a few measures
// and the engine a few facts of each school. Same rows, same order as searchSchools and
// observationsByUrn give for those columns and measures (tested in test/db/categorisation-inputs.test.ts).
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { intelligenceItems, observations } from '../db/schema-evidence.js';
import type { ObservationFields } from './evidence.js';
import { schoolFacts, type SchoolFacts } from './schools.js';

/** What categorising a school reads of its register entry (the engine's school context, and the list's columns). */
export type CategorisedSchool = SchoolFacts;

/** The organisation's open state-funded schools, in searchSchools' default order (name, then URN). */
export async function openStateFundedSchools(db: Db | Tx, organisationId: number): Promise<CategorisedSchool[]> {
  return schoolFacts(db, organisationId, { scope: { kind: 'all' }, status: 'open', stateFundedOnly: true });
}

/**
 * The observations of the given measures only, grouped by URN and ordered by measure and year (as
 * observationsByUrn orders them); every school's when `urns` is null. One JSON text per school, parsed natively.
 */
export async function observationsOfMeasures(db: Db | Tx, organisationId: number, measures: readonly string[], urns: readonly number[] | null): Promise<Map<number, ObservationFields[]>> {
  const out = new Map<number, ObservationFields[]>();
  if (measures.length === 0) return out;
  const res = await db.execute(sql`
    select urn, json_agg(json_build_array(measure, academic_year, value, status, raw, ci_lower, ci_upper, cohort, source, release,
      england_percentile, england_quintile, la_percentile, la_quintile) order by measure, academic_year)::text as list
    from ${observations}
    where ${and(eq(observations.organisationId, organisationId), inArray(observations.measure, [...measures]), urns ? inArray(observations.urn, [...urns]) : undefined)}
    group by urn`);
  type Tuple = [string, string, number | null, string, string, number | null, number | null, number | null, string, ObservationFields['release'], number | null, number | null, number | null, number | null];
  for (const row of (res as unknown as { rows: { urn: number; list: string }[] }).rows) {
    const urn = Number(row.urn);
    const tuples = JSON.parse(row.list) as Tuple[];
    const list: ObservationFields[] = new Array(tuples.length);
    for (let i = 0; i < tuples.length; i++) {
      const [measure, academicYear, value, status, raw, ciLower, ciUpper, cohort, source, release, englandPercentile, englandQuintile, laPercentile, laQuintile] = tuples[i]!;
      list[i] = { urn, measure, academicYear, value, status, raw, ciLower, ciUpper, cohort, source, release, englandPercentile, englandQuintile, laPercentile, laQuintile };
    }
    out.set(urn, list);
  }
  return out;
}

/** The organisation's intelligence items (of the given schools when `urns` is set), by URN, newest first. */
export async function intelligenceByUrn(db: Db | Tx, organisationId: number, urns: readonly number[] | null) {
  const rows = await db
    .select({
      id: intelligenceItems.id,
      urn: intelligenceItems.urn,
      kind: intelligenceItems.kind,
      indicator: intelligenceItems.indicator,
      summary: intelligenceItems.summary,
      occurredOn: intelligenceItems.occurredOn,
      status: intelligenceItems.status,
      resolvedOn: intelligenceItems.resolvedOn,
      confidential: intelligenceItems.confidential,
    })
    .from(intelligenceItems)
    .where(and(eq(intelligenceItems.organisationId, organisationId), urns ? inArray(intelligenceItems.urn, [...urns]) : undefined))
    .orderBy(asc(intelligenceItems.urn), desc(intelligenceItems.occurredOn), desc(intelligenceItems.id));
  const out = new Map<number, typeof rows>();
  for (const r of rows) {
    const list = out.get(r.urn);
    if (list) list.push(r);
    else out.set(r.urn, [r]);
  }
  return out;
}
