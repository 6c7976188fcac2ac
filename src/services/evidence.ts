// Everything known about a school, read back from the database in the shapes the rest of Lodestar
// uses: SchoolEvidence for the categorisation engine and the risk model, the LA context for ranks,
// and the dashboard view model for the school page.
import type { Db, Tx } from '../db/client.js';
import { availableFrom } from '../domain/evidence/availability.js';
import {
  disadvantagedGaps,
  floorStandards,
  freshness,
  measureTrends,
  type ComparatorPhase,
  type StoredObservation,
} from '../domain/evidence/dashboard.js';
import { getMeasure } from '../domain/evidence/measures.js';
import type { Comparator, FourPointGrade, Inspection, IntelligenceItem, IntelligenceKind, SchoolContext, SchoolEvidence } from '../domain/evidence/types.js';
import { evidenceImports, listComparators, measureDistributions, schoolInspections, schoolObservations, type ComparatorRow, type InspectionRow, type ObservationRow } from '../repositories/evidence.js';
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

export function schoolContext(s: SchoolWithDistrict): SchoolContext {
  const isPRU = s.typeGroup === 'Pupil referral unit';
  const isSpecial = s.typeGroup === 'Special' || /special/i.test(s.typeName) || s.phase === 'Special';
  const isAcademy = s.typeGroup === 'Academy' || s.typeGroup === 'Free school' || /academy|free school/i.test(s.typeName);
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

export function toObservation(r: ObservationRow): StoredObservation {
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
    englandPercentile: r.englandPercentile,
    englandQuintile: r.englandQuintile,
    laPercentile: r.laPercentile,
    laQuintile: r.laQuintile,
  };
}

export function toInspection(r: InspectionRow): Inspection {
  const i: Inspection = {
    urn: r.urn,
    inspectionDate: r.inspectionDate,
    dateBasis: r.dateBasis,
    publicationDate: r.publicationDate,
    inspectionType: r.inspectionType,
    era: r.era,
    overallEffectiveness: r.overallEffectiveness as FourPointGrade | null,
    categoryOfConcern: r.categoryOfConcern,
    safeguarding: r.safeguarding,
    previousOverallEffectiveness: r.previousOverallEffectiveness as FourPointGrade | null,
    previousInspectionDate: r.previousInspectionDate,
    source: r.source,
  };
  if (r.subJudgements) i.subJudgements = r.subJudgements as Inspection['subJudgements'];
  if (r.reportCard) i.reportCard = r.reportCard as Inspection['reportCard'];
  return i;
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
    await schoolInspections(db, organisationId, urn),
    await listItems(db, organisationId, urn, { includeConfidential: true }),
  );
}

/** One school's stored rows cut down to what was known on `day`; shared by the one-school and whole-LA loaders. */
export function evidenceAsOf(
  school: SchoolWithDistrict,
  day: string,
  observationRows: ObservationRow[],
  inspectionRows: InspectionRow[],
  intelligenceRows: { id?: number; urn: number; kind: string; indicator: string | null; summary: string; occurredOn: string; status: string; resolvedOn: string | null; confidential: boolean }[],
): SchoolEvidence {
  const observations = observationRows.filter((o) => availableFrom(getMeasure(o.measure).area, o.academicYear) <= day).map(toObservation);
  const inspections = inspectionRows.filter((i) => (i.publicationDate ?? i.inspectionDate) <= day).map(toInspection);
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

export async function loadLaContext(db: Db | Tx, organisationId: number): Promise<LaContext> {
  const distributions: LaContext['distributions'] = {};
  for (const d of await measureDistributions(db, organisationId)) (distributions[d.measure] ??= {})[d.academicYear] = d.values;
  return { distributions, comparators: (await listComparators(db, organisationId)).map(toComparator) };
}

/** The dashboard page's data for one school (no access decisions: the route makes them). */
export async function schoolDashboard(db: Db, organisationId: number, school: SchoolWithDistrict) {
  const context = schoolContext(school);
  const observations = (await schoolObservations(db, organisationId, school.urn)).map(toObservation);
  const comparators = (await listComparators(db, organisationId, [...new Set(observations.map((o) => o.measure))])).map(toComparator);
  const trends = measureTrends(observations, comparators, comparatorPhase(context));
  const imports = (await evidenceImports(db, organisationId)).map((i) => ({
    kind: i.kind,
    fileName: i.fileName,
    finishedAt: i.finishedAt,
    years: String((i.summary as { academicYear?: string }).academicYear ?? '').split(', ').filter(Boolean),
  }));
  return {
    context,
    trends,
    gaps: disadvantagedGaps(trends),
    floors: floorStandards(observations),
    freshness: freshness(imports),
    inspections: (await schoolInspections(db, organisationId, school.urn)).map(toInspection),
  };
}
