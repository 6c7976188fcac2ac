// Ofsted judgements as words with a coloured tag: the words carry the meaning, the colour only repeats
// it (never colour alone). Eras are named, never translated into each other (DOMAIN.md §4a).
import { ERA_LABEL, sourceNote } from '../../domain/evidence/inspections.js';
import type { Inspection } from '../../domain/evidence/types.js';

const GRADES: Record<number, { text: string; tag: string }> = {
  1: { text: 'Outstanding', tag: 'govuk-tag--green' },
  2: { text: 'Good', tag: 'govuk-tag--turquoise' },
  3: { text: 'Requires improvement', tag: 'govuk-tag--yellow' },
  4: { text: 'Inadequate', tag: 'govuk-tag--red' },
};

const REPORT_CARD: Record<string, { text: string; tag: string }> = {
  exceptional: { text: 'Exceptional', tag: 'govuk-tag--green' },
  strong_standard: { text: 'Strong standard', tag: 'govuk-tag--turquoise' },
  expected_standard: { text: 'Expected standard', tag: 'govuk-tag--blue' },
  needs_attention: { text: 'Needs attention', tag: 'govuk-tag--yellow' },
  urgent_improvement: { text: 'Urgent improvement', tag: 'govuk-tag--red' },
};

const words = (key: string) => key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

export function gradeText(grade: number | null | undefined, date: string): { text: string; tag: string } {
  if (grade && GRADES[grade]) {
    // Grade 3 was "Satisfactory" before September 2012.
    if (grade === 3 && date < '2012-09-01') return { text: 'Satisfactory', tag: GRADES[3].tag };
    return GRADES[grade];
  }
  return { text: 'No overall grade', tag: 'govuk-tag--grey' };
}

export function inspectionView(i: Inspection & { stale?: boolean }) {
  const overall = i.era === 'four-grade' ? gradeText(i.overallEffectiveness, i.inspectionDate) : { text: i.era === 'report-card' ? 'Report card (no overall grade)' : 'Not judged (no overall grade from September 2024)', tag: 'govuk-tag--grey' };
  return {
    ...i,
    overall,
    eraText: ERA_LABEL[i.era],
    sourceNote: sourceNote(i.source),
    predecessor: i.inspectedUrn ? { urn: i.inspectedUrn, name: i.inspectedName ?? null } : null,
    stale: i.stale ?? false,
    typeText: { graded: 'Graded (section 5)', ungraded: 'Ungraded (section 8)', monitoring: 'Monitoring', unknown: 'Type not recorded' }[i.inspectionType],
    category: i.categoryOfConcern ? words(i.categoryOfConcern) : null,
    subJudgements: Object.entries(i.subJudgements ?? {}).map(([k, g]) => ({ area: words(k), ...gradeText(g, i.inspectionDate) })),
    reportCard: Object.entries(i.reportCard ?? {}).map(([k, g]) => ({ area: words(k), ...(REPORT_CARD[g] ?? { text: g, tag: 'govuk-tag--grey' }) })),
    previous: i.previousOverallEffectiveness ? gradeText(i.previousOverallEffectiveness, i.previousInspectionDate ?? '9999') : null,
  };
}
