// One school's evidence as it stood on `asOf`: later inspections, intelligence and data releases are
// invisible, so a categorisation can be re-run for any past date and give the same answer.
import type { Inspection, IntelligenceItem, Observation, SchoolEvidence } from '../../evidence/types.js';
import type { MeasureSpec, Policy, SchoolKind } from '../policy/schema.js';
import type { CategorisationInputs, LaContext } from '../result-types.js';
import { schoolKindsOf } from './engagement.js';

/** When a year's figures reach the LA, by measure family, unless the policy says otherwise. */
const DEFAULT_RELEASE: Record<string, { monthDay: string; yearsAfterEnd: number }> = {
  ks2: { monthDay: '09-01', yearsAfterEnd: 0 }, // provisional school-level KS2 results reach LAs in September
  ks4: { monthDay: '10-15', yearsAfterEnd: 0 }, // provisional KS4 results in October
  absence: { monthDay: '03-31', yearsAfterEnd: 1 }, // full-year absence statistics the following March
  census: { monthDay: '06-30', yearsAfterEnd: 0 }, // January census published in June
};
const FALLBACK_RELEASE = { monthDay: '12-31', yearsAfterEnd: 0 };

/** A converter academy's predecessor's inspections count unless the policy says otherwise (README: Categorisation). */
export const PREDECESSOR_INSPECTIONS_COUNT_BY_DEFAULT = true;

export function academicYearEnd(year: string): number {
  return Number(year.slice(0, 4)) + 1;
}

// Release dates by release rule (a policy's own or a default) and year: the same few dates are asked
// for every observation of every school.
const releaseDates = new WeakMap<object, Map<string, string>>();

export function releaseDate(spec: MeasureSpec | undefined, measure: string, year: string): string {
  const dot = measure.indexOf('.');
  const rel = spec?.release ?? DEFAULT_RELEASE[dot < 0 ? measure : measure.slice(0, dot)] ?? FALLBACK_RELEASE;
  let byYear = releaseDates.get(rel);
  if (!byYear) releaseDates.set(rel, (byYear = new Map()));
  let date = byYear.get(year);
  if (date === undefined) byYear.set(year, (date = `${academicYearEnd(year) + rel.yearsAfterEnd}-${rel.monthDay}`));
  return date;
}

export function isOpenOn(item: IntelligenceItem, asOf: string): boolean {
  if (item.occurredOn > asOf) return false;
  if (item.status === 'open') return true;
  // A resolution dated after asOf was still open on asOf; one without a date is taken as resolved.
  return !!item.resolvedOn && item.resolvedOn > asOf;
}

export function schoolKinds(e: SchoolEvidence): Set<SchoolKind> {
  return schoolKindsOf(e.school);
}

export interface EvidenceView {
  evidence: SchoolEvidence;
  asOf: string;
  policy: Policy;
  la: LaContext;
  inputs: CategorisationInputs;
  /** Inspections on or before asOf, newest first. */
  inspections: Inspection[];
  latestGraded: Inspection | undefined;
  openIntelligence: IntelligenceItem[];
  spec(measure: string): MeasureSpec | undefined;
  /** Whether the measure means anything for this school's phase. */
  applies(measure: string): boolean;
  /** One row per academic year released by asOf, newest first. */
  series(measure: string): Observation[];
}

function pickRow(rows: Observation[]): Observation {
  // Deterministic choice when a year has several rows (e.g. provisional and revised files).
  const sorted = [...rows].sort((a, b) => (a.status === 'ok' ? 0 : 1) - (b.status === 'ok' ? 0 : 1) || b.source.localeCompare(a.source));
  return sorted[0];
}

const measureSpecs = new WeakMap<Policy, Map<string, MeasureSpec>>();

function specsOf(policy: Policy): Map<string, MeasureSpec> {
  let specs = measureSpecs.get(policy);
  if (!specs) measureSpecs.set(policy, (specs = new Map(policy.evidence.measures.map((m) => [m.code, m]))));
  return specs;
}

export function buildView(policy: Policy, evidence: SchoolEvidence, la: LaContext, inputs: CategorisationInputs): EvidenceView {
  const asOf = evidence.asOf;
  const predecessorsCount = policy.evidence.predecessorInspections?.count ?? PREDECESSOR_INSPECTIONS_COUNT_BY_DEFAULT;
  const inspections = evidence.inspections
    .filter((i) => i.inspectionDate <= asOf && (predecessorsCount || !i.inspectedUrn || i.inspectedUrn === i.urn))
    .sort((a, b) => b.inspectionDate.localeCompare(a.inspectionDate) || a.source.localeCompare(b.source));
  const specs = specsOf(policy);
  const seriesCache = new Map<string, Observation[]>();
  const phase = evidence.school.phase;
  return {
    evidence,
    asOf,
    policy,
    la,
    inputs,
    inspections,
    latestGraded: inspections.find((i) => i.inspectionType === 'graded'),
    openIntelligence: evidence.intelligence
      .filter((i) => isOpenOn(i, asOf))
      .sort((a, b) => a.occurredOn.localeCompare(b.occurredOn) || a.kind.localeCompare(b.kind)),
    spec: (m) => specs.get(m),
    applies(measure) {
      const phases: string[] = specs.get(measure)?.phases ?? [];
      if (phases.includes(phase)) return true;
      return phase === 'all-through' && (phases.includes('primary') || phases.includes('secondary'));
    },
    series(measure) {
      const cached = seriesCache.get(measure);
      if (cached) return cached;
      const byYear = new Map<string, Observation[]>();
      for (const o of evidence.observations) {
        if (o.measure !== measure || releaseDate(specs.get(measure), measure, o.academicYear) > asOf) continue;
        byYear.set(o.academicYear, [...(byYear.get(o.academicYear) ?? []), o]);
      }
      const rows = [...byYear.entries()].sort(([a], [b]) => b.localeCompare(a)).map(([, r]) => pickRow(r));
      seriesCache.set(measure, rows);
      return rows;
    },
  };
}
