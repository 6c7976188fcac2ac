// Synthetic rows (a handful, shaped like the published files) to pin down which year each factor reads;
// the risk page test in test/db/officer-words.test.ts checks the same on the bundled real data.
import { describe, expect, it } from 'vitest';
import type { Observation, SchoolEvidence } from '../evidence/types.js';
import { factorEvidence } from './factorEvidence.js';
import { computeFeatures } from './features.js';

const obs = (measure: string, academicYear: string, value: number, extra: Partial<Observation> = {}): Observation => ({
  urn: 1, measure, academicYear, value, status: 'ok', raw: String(value), source: 'test.csv', ...extra,
});

const evidence = (asOf: string): SchoolEvidence => ({
  school: { urn: 1, name: 'Test Primary', laCode: '919', phase: 'primary', typeGroup: 'maintained', isAcademy: false, isSpecial: false, isPRU: false },
  asOf,
  observations: [
    obs('absence.overall_pct', '2013/14', 5.0),
    obs('absence.overall_pct', '2014/15', 4.2),
    obs('absence.overall_pct', '2015/16', 6.1),
    obs('ks2.read_progress', '2015/16', -2.1, { ciUpper: -0.5 }),
    obs('ks2.mat_progress', '2014/15', -1.0, { ciUpper: -0.2 }),
    obs('ks2.rwm_expected_pct_non_disadv', '2015/16', 60),
    obs('ks2.rwm_expected_pct_disadv', '2015/16', 40),
  ],
  inspections: [
    { urn: 1, inspectionDate: '2013-05-01', inspectionType: 'graded', era: 'four-grade', overallEffectiveness: 3, source: 't' },
    { urn: 1, inspectionDate: '2015-06-10', inspectionType: 'monitoring', era: 'four-grade', overallEffectiveness: null, source: 't' },
  ],
  intelligence: [],
});

describe('factorEvidence', () => {
  it('dates a level by the newest year the model could know on the day, and a trend by its two years', () => {
    // On 31 August 2016 the 2015/16 absence figures were not yet published: the model read 2014/15.
    const early = evidence('2016-08-31');
    expect(computeFeatures(early).absence_overall).toBe(4.2);
    expect(factorEvidence(early, 'absence_overall')).toEqual({ kind: 'years', years: ['2014/15'] });
    expect(factorEvidence(early, 'absence_overall_trend')).toEqual({ kind: 'years', years: ['2013/14', '2014/15'] });
    const later = evidence('2017-08-31');
    expect(computeFeatures(later).absence_overall).toBe(6.1);
    expect(factorEvidence(later, 'absence_overall')).toEqual({ kind: 'years', years: ['2015/16'] });
  });

  it('dates figures built from several measures by the years they read', () => {
    const e = evidence('2017-08-31');
    expect(factorEvidence(e, 'ks2_progress_sig_below')).toEqual({ kind: 'years', years: ['2014/15', '2015/16'] });
    expect(factorEvidence(e, 'ks2_disadv_gap')).toEqual({ kind: 'years', years: ['2015/16'] });
  });

  it('dates inspection factors by the last graded inspection, never a monitoring visit', () => {
    expect(factorEvidence(evidence('2017-08-31'), 'last_grade')).toEqual({ kind: 'inspection', date: '2013-05-01' });
    expect(factorEvidence(evidence('2017-08-31'), 'years_since_inspection')).toEqual({ kind: 'inspection', date: '2013-05-01' });
  });

  it('gives no date where the factor has none of its own or no figure', () => {
    const e = evidence('2017-08-31');
    expect(factorEvidence(e, 'is_academy')).toBeNull();
    expect(factorEvidence(e, 'open_safeguarding')).toBeNull();
    expect(factorEvidence(e, 'ks4_progress8')).toBeNull();
    // Only one year of progress: no trend, so no year for it either.
    expect(factorEvidence(e, 'ks2_read_progress_trend')).toBeNull();
    // Too old to count (more than four years before the day): treated as missing.
    expect(factorEvidence(evidence('2021-08-31'), 'absence_overall')).toBeNull();
  });
});
