// Bulk reads for the strategic indicators (issue 17): the whole organisation's schools, the measures the
// indicators read, inspection history, England comparators and the confirmed rounds' categories, in a
// handful of queries whatever the number of schools (never one per school).
import { and, asc, eq, inArray, isNull, lte, or, gt } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { categorisationRounds, categorisations } from '../db/schema-categorisation.js';
import { comparators, observations } from '../db/schema-evidence.js';
import { districts, schools } from '../db/schema.js';
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

/** State-funded schools open on `asOf` (by their open and close dates), with their district's name. */
export async function schoolsOpenOn(db: Db | Tx, organisationId: number, asOf: string): Promise<SchoolWithDistrict[]> {
  const rows = await db
    .select({ school: schools, districtName: districts.name })
    .from(schools)
    .leftJoin(districts, eq(districts.id, schools.districtId))
    .where(
      and(
        eq(schools.organisationId, organisationId),
        eq(schools.isStateFunded, true),
        or(isNull(schools.openDate), lte(schools.openDate, asOf)),
        or(isNull(schools.closeDate), gt(schools.closeDate, asOf)),
      ),
    )
    .orderBy(asc(schools.urn));
  // "Proposed to open" schools carry a future open date or none: they are not schools yet.
  return rows.filter((r) => !/proposed/i.test(r.school.status)).map((r) => ({ ...r.school, districtName: r.districtName }));
}

export async function loadStrategicRows(db: Db | Tx, organisationId: number, asOf: string, measures: readonly string[]): Promise<StrategicRows> {
  const open = await schoolsOpenOn(db, organisationId, asOf);
  const obs = new Map<number, ObservationRow[]>();
  if (measures.length) {
    for (const o of await db
      .select()
      .from(observations)
      .where(and(eq(observations.organisationId, organisationId), inArray(observations.measure, [...measures])))) {
      (obs.get(o.urn) ?? obs.set(o.urn, []).get(o.urn)!).push(o);
    }
  }
  const ins = await inspectionHistory(db, organisationId, open.map((s) => s.urn), asOf);
  const comps = await db
    .select()
    .from(comparators)
    .where(and(eq(comparators.organisationId, organisationId), eq(comparators.scope, 'england'), measures.length ? inArray(comparators.measure, [...measures]) : undefined));
  const cats = await db
    .select({ urn: categorisations.urn, code: categorisations.currentCategory, proposed: categorisations.proposedCategory, roundAsOf: categorisationRounds.asOf })
    .from(categorisations)
    .innerJoin(categorisationRounds, eq(categorisationRounds.id, categorisations.roundId))
    .where(and(eq(categorisations.organisationId, organisationId), eq(categorisationRounds.status, 'confirmed'), lte(categorisationRounds.asOf, asOf)))
    .orderBy(asc(categorisationRounds.asOf), asc(categorisationRounds.id));
  const categories = new Map<number, { roundAsOf: string; code: string | null }[]>();
  for (const c of cats) (categories.get(c.urn) ?? categories.set(c.urn, []).get(c.urn)!).push({ roundAsOf: c.roundAsOf, code: c.code ?? c.proposed });
  return { schools: open, observations: obs, inspections: ins, comparators: comps, categories };
}
