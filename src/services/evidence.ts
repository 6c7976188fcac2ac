// Everything known about a school, read back from the database in the shapes the rest of Lodestar
// uses: SchoolEvidence for the categorisation engine and the risk model, the LA context for ranks,
// and the dashboard view model for the school page.
import type { Db, Tx } from '../db/client.js';
import { availableFrom } from '../domain/evidence/availability.js';
import {
  disadvantagedGaps,
  floorStandards,
  formatValue,
  freshness,
  measureTrends,
  type ComparatorPhase,
  type StoredObservation,
} from '../domain/evidence/dashboard.js';
import { getMeasure } from '../domain/evidence/measures.js';
import type { Comparator, Inspection, IntelligenceItem, IntelligenceKind, SchoolContext, SchoolEvidence } from '../domain/evidence/types.js';
import { ensureDistributions, listDistributions } from '../repositories/distributions.js';
import { evidenceImports, listComparators, schoolObservations, supersededFor, type ComparatorRow, type InspectionRow, type ObservationFields } from '../repositories/evidence.js';
import { inspectionIsStale } from '../domain/evidence/inspections.js';
import { inspectionHistory, rowToInspection } from '../repositories/inspections.js';
import { readReleaseCalendar, schoolFreshness, staleInspectionYears } from './catalogue.js';
import { listItems } from '../repositories/intelligence.js';
import { getSchool, type SchoolWithDistrict } from '../repositories/schools.js';

const PHASES: Record<string, SchoolContext['phase']> = {
  Primary: 'primary',
  'Middle deemed primary': 'primary',
  Secondary: 'secondary',
  'Middle deemed secondary': 'secondary',
  'All-through': 'all-through',
  Nursery: 'nursery',
  '16 plus': '16-plus',
  Special: 'special',
  'Alternative provision': 'alternative-provision',
};

/** An academy or free school, special and alternative-provision academies included (their type group is "Special"). */
export function isAcademyType(s: { typeGroup: string | null; typeName: string | null }): boolean {
  return s.typeGroup === 'Academy' || s.typeGroup === 'Free school' || /academy|free school/i.test(s.typeName ?? '');
}

export function schoolContext(s: Pick<SchoolWithDistrict, 'urn' | 'name' | 'laCode' | 'phase' | 'typeGroup' | 'typeName' | 'districtName'>): SchoolContext {
  const isPRU = s.typeGroup === 'Pupil referral unit';
  const isSpecial = s.typeGroup === 'Special' || /special/i.test(s.typeName) || s.phase === 'Special';
  const isAcademy = isAcademyType(s);
  const typeGroup: SchoolContext['typeGroup'] =
    s.typeGroup === 'Independent' ? 'independent'
    : s.typeGroup === 'College' ? 'college'
    : isSpecial ? 'special'
    : isAcademy ? 'academy'
    : s.typeGroup === 'LA maintained' || isPRU ? 'maintained'
    : 'other';
  return {
    urn: s.urn,
    name: s.name,
    laCode: s.laCode,
    phase: isSpecial ? 'special' : (PHASES[s.phase] ?? 'other'),
    typeGroup,
    isAcademy,
    isSpecial,
    isPRU,
    district: s.districtName,
  };
}

/** Which phase's summary row compares with this school in files that publish one per phase. */
export function comparatorPhase(c: SchoolContext): ComparatorPhase {
  if (c.isSpecial) return 'special';
  if (c.phase === 'primary' || c.phase === 'secondary') return c.phase;
  return null;
}

export function toObservation(r: ObservationFields): StoredObservation {
  return {
    urn: r.urn,
    measure: r.measure,
    academicYear: r.academicYear,
    value: r.value,
    status: r.status as StoredObservation['status'],
    raw: r.raw,
    ciLower: r.ciLower,
    ciUpper: r.ciUpper,
    cohort: r.cohort,
    source: r.source,
    release: r.release,
    englandPercentile: r.englandPercentile,
    englandQuintile: r.englandQuintile,
    laPercentile: r.laPercentile,
    laQuintile: r.laQuintile,
  };
}

export function toInspection(r: InspectionRow): Inspection {
  return rowToInspection(r);
}

export function toComparator(r: ComparatorRow): Comparator {
  return { scope: r.scope, laCode: r.laCode, phase: r.phase, measure: r.measure, academicYear: r.academicYear, value: r.value, source: r.source };
}

/**
 * The evidence the engine and the model may use at `asOf` (default today): figures published by then
 * (see availability.ts), inspections published by then, intelligence that had happened by then with
 * its status as it stood. Confidential items are included: the caller decides who sees the result.
 */
export async function loadSchoolEvidence(db: Db | Tx, organisationId: number, urn: number, asOf?: string): Promise<SchoolEvidence | null> {
  const day = asOf ?? new Date().toISOString().slice(0, 10);
  const school = await getSchool(db, organisationId, urn, { kind: 'all' });
  if (!school) return null;
  return evidenceAsOf(
    school,
    day,
    await schoolObservations(db, organisationId, urn),
    (await inspectionHistory(db, organisationId, [urn])).get(urn) ?? [],
    await listItems(db, organisationId, urn, { includeConfidential: true }),
  );
}

/** One school's stored rows cut down to what was known on `day`; shared by the one-school and whole-LA loaders. */
export function evidenceAsOf(
  school: Parameters<typeof schoolContext>[0],
  day: string,
  observationRows: ObservationFields[],
  /** Stored rows, or history already read (with the predecessor's inspections, see repositories/inspections.ts). */
  inspectionRows: readonly (InspectionRow | Inspection)[],
  intelligenceRows: { id?: number; urn: number; kind: string; indicator: string | null; summary: string; occurredOn: string; status: string; resolvedOn: string | null; confidential: boolean }[],
): SchoolEvidence {
  const observations = observationRows.filter((o) => availableFrom(getMeasure(o.measure).area, o.academicYear) <= day).map(toObservation);
  const inspections = inspectionRows
    .filter((i) => (i.publicationDate ?? i.inspectionDate) <= day)
    .map((i) => ('importId' in i ? toInspection(i) : i));
  const intelligence: IntelligenceItem[] = intelligenceRows
    .filter((i) => i.occurredOn <= day)
    .map((i) => {
      // An item resolved after `day` was still open on `day`.
      const resolved = i.status === 'resolved' && i.resolvedOn !== null && i.resolvedOn <= day;
      return {
        ...(i.id !== undefined ? { id: i.id } : {}),
        urn: i.urn,
        kind: i.kind as IntelligenceKind,
        indicator: i.indicator,
        summary: i.summary,
        occurredOn: i.occurredOn,
        status: resolved ? 'resolved' : 'open',
        resolvedOn: resolved ? i.resolvedOn : null,
        confidential: i.confidential,
      };
    });
  return { school: schoolContext(school), asOf: day, observations, inspections, intelligence };
}

export interface LaContext {
  /** Published values of the organisation's schools, by measure and academic year. */
  distributions: Record<string, Record<string, number[]>>;
  comparators: Comparator[];
}

/** The LA's distributions as stored at import (repositories/distributions.ts): a few rows, not every observation. */
export async function loadLaContext(db: Db | Tx, organisationId: number): Promise<LaContext> {
  await ensureDistributions(db, organisationId);
  const distributions: LaContext['distributions'] = {};
  for (const d of await listDistributions(db, organisationId, { scope: 'la' })) {
    if (d.count > 0) (distributions[d.measure] ??= {})[d.academicYear] = d.sortedValues;
  }
  return { distributions, comparators: (await listComparators(db, organisationId)).map(toComparator) };
}

/** The dashboard page's data for one school (no access decisions: the route makes them). */
export async function schoolDashboard(db: Db, organisationId: number, school: SchoolWithDistrict) {
  const context = schoolContext(school);
  const observations = (await schoolObservations(db, organisationId, school.urn)).map(toObservation);
  const comparators = (await listComparators(db, organisationId, [...new Set(observations.map((o) => o.measure))])).map(toComparator);
  const trends = measureTrends(observations, comparators, comparatorPhase(context));
  // A figure another release of its year set aside (a provisional one the final replaced) is shown beside it.
  const setAside = new Map((await supersededFor(db, organisationId, school.urn)).map((o) => [`${o.measure}|${o.academicYear}`, o]));
  const superseded: Record<string, { release: string; display: string; source: string }> = {};
  for (const t of trends) {
    for (const r of t.rows) {
      const o = setAside.get(`${t.code}|${r.year}`);
      if (o) superseded[`${t.code}|${r.year}`] = { release: o.release, display: o.status === 'ok' ? formatValue(o.value, t.unit) : o.raw, source: o.source };
    }
  }
  const imports = (await evidenceImports(db, organisationId)).map((i) => ({
    kind: i.kind,
    fileName: i.fileName,
    finishedAt: i.finishedAt,
    years: String((i.summary as { academicYear?: string }).academicYear ?? '').split(', ').filter(Boolean),
  }));
  const today = new Date().toISOString().slice(0, 10);
  const history = (await inspectionHistory(db, organisationId, [school.urn], today)).get(school.urn) ?? [];
  const limits = { measureMonths: readReleaseCalendar().measureStaleAfterMonths, inspectionYears: await staleInspectionYears(db, organisationId) };
  return {
    context,
    trends,
    superseded,
    gaps: disadvantagedGaps(trends),
    floors: floorStandards(observations),
    freshness: freshness(imports),
    /** Per source, the newest evidence with its date and whether it is older than the limit (issue 13). */
    sources: schoolFreshness(observations, history, today, limits),
    limits,
    inspections: history.map((i) => ({ ...i, stale: inspectionIsStale(i, today, limits.inspectionYears) })),
  };
}
