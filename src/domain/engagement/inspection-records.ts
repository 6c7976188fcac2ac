// Reads the stored Ofsted inspections (any of the three grading eras) as the escalation engine's
// "below good" records. Each era is read on its own terms (DOMAIN.md §4a); none is translated into
// another era's grade.
import type { Inspection } from '../evidence/types.js';
import type { InspectionRecord } from './escalation-types.js';

const FOUR_GRADE_LABELS = { 1: 'Outstanding', 2: 'Good', 3: 'Requires improvement', 4: 'Inadequate' } as const;
const BELOW_EXPECTED = new Set(['needs_attention', 'urgent_improvement']);

/** Graded inspections only: ungraded and monitoring visits do not change a judgement. */
export function inspectionRecords(inspections: readonly Inspection[]): InspectionRecord[] {
  return inspections
    .filter((i) => i.inspectionType === 'graded' || i.inspectionType === 'unknown')
    .map((i): InspectionRecord | null => {
      const category = i.categoryOfConcern === 'notice_to_improve' ? null : (i.categoryOfConcern ?? null);
      if (i.era === 'four-grade') {
        if (!i.overallEffectiveness) return null;
        return { date: i.inspectionDate, belowGood: i.overallEffectiveness >= 3, categoryOfConcern: category, label: FOUR_GRADE_LABELS[i.overallEffectiveness] };
      }
      if (i.era === 'no-overall-grade') {
        // No overall grade: below good when any key judgement is requires improvement or inadequate.
        const grades = Object.values(i.subJudgements ?? {});
        if (grades.length === 0) return null;
        const below = grades.some((g) => g >= 3);
        return { date: i.inspectionDate, belowGood: below, categoryOfConcern: category, label: below ? 'A key judgement below good (no overall grade)' : 'All key judgements good or better (no overall grade)' };
      }
      // Report cards: "needs attention" or "urgent improvement" in any area is below the expected standard.
      const areas = Object.values(i.reportCard ?? {});
      if (areas.length === 0 && !i.safeguarding) return null;
      const below = areas.some((g) => BELOW_EXPECTED.has(g)) || i.safeguarding === 'not_met';
      return { date: i.inspectionDate, belowGood: below, categoryOfConcern: category, label: below ? 'Report card: an area below the expected standard' : 'Report card: expected standard or above' };
    })
    .filter((r): r is InspectionRecord => r !== null);
}
