// Small literal builders for unit tests of rules. Not used by production code.
import type { Comparator, Inspection, IntelligenceItem, Observation, SchoolContext, SchoolEvidence } from '../../evidence/types.js';
import { loadShippedPolicies } from '../policy/load.js';
import type { Policy } from '../policy/schema.js';
import type { LaContext } from '../result-types.js';

export const URN = 123456;

export function school(over: Partial<SchoolContext> = {}): SchoolContext {
  return {
    urn: URN,
    name: 'Test Primary School',
    laCode: '860',
    phase: 'primary',
    typeGroup: 'maintained',
    isAcademy: false,
    isSpecial: false,
    isPRU: false,
    ...over,
  };
}

export function obs(measure: string, academicYear: string, value: number | null, over: Partial<Observation> = {}): Observation {
  return { urn: URN, measure, academicYear, value, status: value === null ? 'missing' : 'ok', raw: value === null ? '' : String(value), source: `${measure.split('.')[0]}_${academicYear.replace('/', '')}.csv`, ...over };
}

export function progress(measure: string, academicYear: string, value: number, ciLower: number, ciUpper: number): Observation {
  return obs(measure, academicYear, value, { ciLower, ciUpper });
}

export function insp(inspectionDate: string, over: Partial<Inspection> = {}): Inspection {
  const era = inspectionDate >= '2025-11-10' ? 'report-card' : inspectionDate >= '2024-09-01' ? 'no-overall-grade' : 'four-grade';
  return { urn: URN, inspectionDate, inspectionType: 'graded', era, source: 'ofsted_mi.csv', ...over };
}

export function intel(kind: IntelligenceItem['kind'], occurredOn: string, over: Partial<IntelligenceItem> = {}): IntelligenceItem {
  return { urn: URN, kind, summary: `${kind} recorded`, occurredOn, status: 'open', confidential: false, ...over };
}

export function evidence(over: Partial<SchoolEvidence> & { school?: SchoolContext } = {}): SchoolEvidence {
  return { school: school(), asOf: '2025-10-01', observations: [], inspections: [], intelligence: [], ...over };
}

/** An LA of 20 schools with values 1..20 scaled, so quartiles are easy to reason about. */
export function spread(min: number, max: number, n = 20): number[] {
  return Array.from({ length: n }, (_, i) => min + ((max - min) * i) / (n - 1));
}

export function la(distributions: LaContext['distributions'] = {}, comparators: Comparator[] = []): LaContext {
  return { distributions, comparators };
}

export const england = (measure: string, academicYear: string, value: number): Comparator => ({ scope: 'england', measure, academicYear, value, source: 'national.csv' });
export const laAverage = (measure: string, academicYear: string, value: number): Comparator => ({ scope: 'la', laCode: '860', measure, academicYear, value, source: 'la.csv' });

const shipped = loadShippedPolicies();
export function policy(id: string): Policy {
  const p = shipped.get(id);
  if (!p) throw new Error(`no shipped policy ${id}`);
  return p;
}
export const shippedPolicies = (): Policy[] => [...shipped.values()];

/** A good inspection with safeguarding effective, so Ofsted rules are assessed but quiet. */
export const goodInspection = (date = '2022-03-01'): Inspection => insp(date, { overallEffectiveness: 2, safeguarding: 'effective' });
export const outstandingInspection = (date = '2022-03-01'): Inspection => insp(date, { overallEffectiveness: 1, safeguarding: 'effective' });
