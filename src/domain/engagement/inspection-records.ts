// Reads the stored Ofsted inspections (any of the three grading eras) as the escalation engine's
// "below good" records. Each era is read on its own terms (DOMAIN.md §4a); none is translated into
// another era's grade.
import type { Policy } from '../categorisation/index.js';
import type { Inspection } from '../evidence/types.js';
import { belowGoodUnderPolicy } from './below-good.js';
import type { InspectionRecord } from './escalation-types.js';

const FOUR_GRADE_LABELS = { 1: 'Outstanding', 2: 'Good', 3: 'Requires improvement', 4: 'Inadequate' } as const;
const BELOW_EXPECTED = new Set(['needs_attention', 'urgent_improvement']);

/**
 * Graded inspections only: ungraded and monitoring visits do not change a judgement. With the
 * categorisation policy the LA works to, inspections after the four-grade era are below good only
 * where that policy's own era mapping says so; without one (no policy known), the generic reading.
 */
export function inspectionRecords(inspections: readonly Inspection[], policy?: Policy): InspectionRecord[] {
  return inspections
    .filter((i) => i.inspectionType === 'graded' || i.inspectionType === 'unknown')
    .map((i): InspectionRecord | null => {
      const category = i.categoryOfConcern === 'notice_to_improve' ? null : (i.categoryOfConcern ?? null);
      if (i.era === 'four-grade') {
        if (!i.overallEffectiveness) return null;
        return { date: i.inspectionDate, belowGood: i.overallEffectiveness >= 3, categoryOfConcern: category, label: FOUR_GRADE_LABELS[i.overallEffectiveness] };
      }
      if (policy) {
        const mapped = belowGoodUnderPolicy(policy, i);
        if (!mapped) return category ? { date: i.inspectionDate, belowGood: false, categoryOfConcern: category, label: 'Category of concern (the policy does not read this era)' } : null;
        return { date: i.inspectionDate, belowGood: mapped.belowGood, categoryOfConcern: category, label: `${i.era === 'report-card' ? 'Report card' : 'No overall grade'}: ${mapped.label}` };
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
