// When the evidence behind a risk factor dates from: an officer reading "its overall absence rate was
// 9.1%" needs to know which year that was before acting on it (issue 14). Reads the same evidence, with
// the same "known on asOf" and age rules, as computeFeatures, so the year is the one the model used.
import type { Observation, SchoolEvidence } from '../evidence/types.js';
import { academicYearEnd, inspectionKnownBy, observationKnownBy } from './availability.js';
import { FEATURE_MEASURE, MAX_AGE_YEARS } from './features.js';

export type FactorEvidence = { kind: 'years'; years: string[] } | { kind: 'inspection'; date: string } | null;

// Features computed from several published measures (see computeFeatures): the ones they read.
const DERIVED: Record<string, { codes: string[]; twoYears?: boolean }> = {
  ks2_progress_sig_below: { codes: ['ks2.read_progress', 'ks2.writ_progress', 'ks2.mat_progress'] },
  ks2_progress_sig_below_2y: { codes: ['ks2.read_progress', 'ks2.writ_progress', 'ks2.mat_progress'], twoYears: true },
  ks4_p8_sig_below: { codes: ['ks4.progress8'] },
  ks2_disadv_gap: { codes: ['ks2.rwm_expected_pct_non_disadv', 'ks2.rwm_expected_pct_disadv'] },
  ks4_disadv_gap: { codes: ['ks4.progress8_non_disadv', 'ks4.progress8_disadv'] },
};

/** Usable values of one measure known on asOf, newest year first (as the model's features read them). */
function known(evidence: SchoolEvidence, code: string, asOf: string): Observation[] {
  const asOfYear = Number(asOf.slice(0, 4));
  return evidence.observations
    .filter((o) => o.measure === code && o.status === 'ok' && o.value !== null && Number.isFinite(o.value))
    .filter((o) => observationKnownBy(o, asOf) && asOfYear - academicYearEnd(o.academicYear) <= MAX_AGE_YEARS)
    .sort((a, b) => academicYearEnd(b.academicYear) - academicYearEnd(a.academicYear));
}

const byYear = (years: Iterable<string>) => [...new Set(years)].sort((a, b) => academicYearEnd(a) - academicYearEnd(b));

/**
 * The academic years (oldest first) or the inspection a factor's value comes from; null where it has no
 * date of its own: the school's type and phase (today's register), LA intelligence (counted over the
 * stated window) and a figure that was not available.
 */
export function factorEvidence(evidence: SchoolEvidence, factor: string, asOf: string = evidence.asOf): FactorEvidence {
  if (factor === 'years_since_inspection' || factor === 'last_grade') {
    const last = evidence.inspections
      .filter((i) => inspectionKnownBy(i, asOf) && i.inspectionType !== 'monitoring' && i.era === 'four-grade' && i.overallEffectiveness != null)
      .sort((a, b) => b.inspectionDate.localeCompare(a.inspectionDate))[0];
    return last ? { kind: 'inspection', date: last.inspectionDate } : null;
  }
  const trend = factor.endsWith('_trend');
  const code = FEATURE_MEASURE.get(trend ? factor.slice(0, -'_trend'.length) : factor);
  if (code) {
    const [a, b] = known(evidence, code, asOf);
    if (!a) return null;
    if (!trend) return { kind: 'years', years: [a.academicYear] };
    // As computeFeatures: a trend only between consecutive published years, else it had no figure.
    if (!b || academicYearEnd(a.academicYear) - academicYearEnd(b.academicYear) > 3) return null;
    return { kind: 'years', years: byYear([b.academicYear, a.academicYear]) };
  }
  const derived = DERIVED[factor];
  if (!derived) return null;
  const series = derived.codes.map((c) => known(evidence, c, asOf).slice(0, derived.twoYears ? 2 : 1));
  const years = byYear(series.flat().map((o) => o.academicYear));
  return years.length ? { kind: 'years', years } : null;
}
