// Three-valued results: a condition whose evidence is missing is "unknown", never "false",
// so that a gap can be shown and handled by the policy instead of quietly lowering concern.
import type { Inspection, IntelligenceItem, Observation } from '../../evidence/types.js';
import type { EvidenceGap, EvidenceUsed } from '../result-types.js';

export type Truth = 'true' | 'false' | 'unknown';

export interface Outcome {
  truth: Truth;
  evidence: EvidenceUsed[];
  gaps: EvidenceGap[];
  notes: string[];
}

export const outcome = (truth: Truth, parts: Partial<Omit<Outcome, 'truth'>> = {}): Outcome => ({
  truth,
  evidence: parts.evidence ?? [],
  gaps: parts.gaps ?? [],
  notes: parts.notes ?? [],
});

export const truthOf = (b: boolean): Truth => (b ? 'true' : 'false');

/** Kleene AND: false wins, then unknown. */
export function and(truths: Truth[]): Truth {
  if (truths.includes('false')) return 'false';
  return truths.includes('unknown') ? 'unknown' : 'true';
}

/** Kleene OR: true wins, then unknown. */
export function or(truths: Truth[]): Truth {
  if (truths.includes('true')) return 'true';
  return truths.includes('unknown') ? 'unknown' : 'false';
}

const GRADE_WORDS = { 1: 'Outstanding', 2: 'Good', 3: 'Requires improvement', 4: 'Inadequate' } as const;

/** Before September 2012 grade 3 was "Satisfactory". */
export function gradeWords(grade: 1 | 2 | 3 | 4, inspectionDate: string): string {
  return grade === 3 && inspectionDate < '2012-09-01' ? 'Satisfactory' : GRADE_WORDS[grade];
}

export const words = (code: string): string => code.replace(/_/g, ' ');

export function measureEvidence(o: Observation, detail: string): EvidenceUsed {
  return {
    kind: 'measure',
    measure: o.measure,
    academicYear: o.academicYear,
    value: o.value,
    raw: o.raw,
    status: o.status,
    ...(o.ciLower !== undefined || o.ciUpper !== undefined ? { ciLower: o.ciLower ?? null, ciUpper: o.ciUpper ?? null } : {}),
    source: o.source,
    detail,
  };
}

export function inspectionEvidence(i: Inspection, judgement: string, value: string): EvidenceUsed {
  return {
    kind: 'inspection',
    inspectionDate: i.inspectionDate,
    era: i.era,
    inspectionType: i.inspectionType,
    judgement,
    value,
    source: i.source,
    detail: `Ofsted ${i.inspectionType} inspection ${i.inspectionDate}: ${judgement} ${value}`,
  };
}

/** Stands in for a confidential item's summary in a stored result; older results carry only this mark. */
export const CONFIDENTIAL_SUMMARY = '(confidential: see the LA record)';

export function intelligenceEvidence(i: IntelligenceItem, detail: string): EvidenceUsed {
  return {
    kind: 'intelligence',
    intelligenceKind: i.kind,
    indicator: i.indicator ?? null,
    occurredOn: i.occurredOn,
    status: i.status,
    summary: i.confidential ? CONFIDENTIAL_SUMMARY : i.summary,
    source: 'LA intelligence record',
    detail,
    confidential: i.confidential,
    ...(i.id !== undefined ? { itemId: i.id } : {}),
  };
}

/** Reason a published value cannot be used, in words. */
export function statusWords(o: Observation): string {
  const map: Record<string, string> = {
    suppressed: 'suppressed (small numbers or disclosure)',
    not_applicable: 'not applicable',
    no_entries: 'no pupils entered',
    low_coverage: 'low coverage',
    not_published: 'not published for that year',
    missing: 'blank in the published file',
  };
  return map[o.status] ?? o.status;
}
