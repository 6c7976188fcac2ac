import { describe, expect, it } from 'vitest';
import type { Inspection, IntelligenceItem, Observation, SchoolEvidence } from '../evidence/types.js';
import { publishedOn } from './availability.js';
import { computeFeatures } from './features.js';

const obs = (measure: string, academicYear: string, value: number | null, extra: Partial<Observation> = {}): Observation => ({
  urn: 1,
  measure,
  academicYear,
  value,
  status: value === null ? 'suppressed' : 'ok',
  raw: String(value),
  source: 'test.csv',
  ...extra,
});

const school: SchoolEvidence['school'] = {
  urn: 1,
  name: 'Test Primary',
  laCode: '919',
  phase: 'primary',
  typeGroup: 'maintained',
  isAcademy: false,
  isSpecial: false,
  isPRU: false,
};

const base = (): SchoolEvidence => ({
  school,
  asOf: '2016-08-31',
  observations: [obs('absence.overall_pct', '2014/15', 4.2), obs('absence.overall_pct', '2013/14', 5.0), obs('ks2.read_2lp_pct', '2014/15', 88)],
  inspections: [{ urn: 1, inspectionDate: '2013-05-01', inspectionType: 'graded', era: 'four-grade', overallEffectiveness: 3, source: 't' }],
  intelligence: [],
});

describe('computeFeatures', () => {
  it('reads levels and same-measure trends', () => {
    const v = computeFeatures(base());
    expect(v.absence_overall).toBe(4.2);
    expect(v.absence_overall_trend).toBeCloseTo(-0.8);
    expect(v.ks2_read_2lp).toBe(88);
    expect(v.last_grade).toBe(3);
    expect(v.years_since_inspection).toBeCloseTo(3.33, 1);
  });

  it('treats missing and suppressed values as missing, never zero', () => {
    const ev = base();
    ev.observations.push(obs('absence.persistent_15_pct', '2014/15', null));
    const v = computeFeatures(ev);
    expect(v.absence_persistent_15).toBeNull();
    expect(v.ks2_read_progress).toBeNull();
    expect(v.absence_persistent_10).toBeNull();
  });

  it('ignores everything published or dated after asOf (leakage guard)', () => {
    const later = base();
    later.observations.push(
      obs('absence.overall_pct', '2015/16', 9.9), // published March 2017
      obs('census.fsm_ever6_pct', '2018/19', 40),
      obs('ks2.read_progress', '2015/16', -4, { ciUpper: -1 }), // published December 2016
    );
    const outcome: Inspection = { urn: 1, inspectionDate: '2017-03-01', inspectionType: 'graded', era: 'four-grade', overallEffectiveness: 4, source: 't' };
    later.inspections.push(outcome);
    const intel: IntelligenceItem[] = [
      { urn: 1, kind: 'safeguarding_concern', summary: 's', occurredOn: '2016-10-01', status: 'open', confidential: true },
      { urn: 1, kind: 'head_teacher_change', summary: 'h', occurredOn: '2017-01-01', status: 'resolved', confidential: false },
    ];
    later.intelligence.push(...intel);
    expect(computeFeatures(later)).toEqual(computeFeatures(base()));
    // …and the same evidence scored later does see them.
    const v = computeFeatures(later, '2019-12-31');
    expect(v.last_grade).toBe(4);
    expect(v.open_safeguarding).toBe(1);
    expect(v.fsm_ever6).toBe(40);
  });

  it('keeps a concern open at asOf when it was resolved later', () => {
    const ev = base();
    ev.intelligence.push({ urn: 1, kind: 'safeguarding_concern', summary: 's', occurredOn: '2016-01-01', status: 'resolved', resolvedOn: '2016-12-01', confidential: true });
    expect(computeFeatures(ev).open_safeguarding).toBe(1);
    expect(computeFeatures(ev, '2017-01-01').open_safeguarding).toBe(0);
  });

  it('publication dates follow the release calendar', () => {
    expect(publishedOn({ measure: 'ks2.read_2lp_pct', academicYear: '2014/15' })).toBe('2015-12-31');
    expect(publishedOn({ measure: 'absence.overall_pct', academicYear: '2014/15' })).toBe('2016-03-31');
    expect(publishedOn({ measure: 'census.pupils', academicYear: '2018/19' })).toBe('2019-06-30');
  });

  it('flags KS2 progress significantly below average two years running from confidence intervals', () => {
    const ev = base();
    ev.asOf = '2019-12-31';
    ev.observations.push(
      obs('ks2.mat_progress', '2017/18', -3, { ciUpper: -0.5 }),
      obs('ks2.mat_progress', '2016/17', -2.5, { ciUpper: -0.2 }),
      obs('ks2.read_progress', '2017/18', -1, { ciUpper: 1.2 }),
    );
    const v = computeFeatures(ev);
    expect(v.ks2_progress_sig_below_2y).toBe(1);
    expect(v.ks2_progress_sig_below).toBe(1);
  });
});
