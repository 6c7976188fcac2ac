import { describe, expect, it } from 'vitest';
import { categorise } from './categorise.js';
import { england, evidence, goodInspection, insp, intel, la, obs, outstandingInspection, policy, progress, shippedPolicies, spread } from '../testing/fixtures.js';

const staffs = policy('staffordshire-2014');

function busySchool() {
  return evidence({
    asOf: '2025-10-01',
    inspections: [insp('2016-01-10', { overallEffectiveness: 3 }), goodInspection('2022-03-01'), insp('2023-11-01', { inspectionType: 'ungraded', era: 'four-grade' })],
    observations: [
      obs('ks2.rwm_expected_pct', '2022/23', 61), obs('ks2.rwm_expected_pct', '2023/24', 58), obs('ks2.rwm_expected_pct', '2024/25', 49),
      progress('ks2.read_progress', '2022/23', -2.4, -4.1, -0.7),
      obs('absence.persistent_10_pct', '2023/24', 18),
    ],
    intelligence: [intel('budget_deficit', '2025-01-10'), intel('parental_complaint', '2024-11-01', { status: 'resolved', resolvedOn: '2025-02-01' })],
  });
}
const ctx = la({ 'ks2.rwm_expected_pct': { '2023/24': spread(40, 90), '2024/25': spread(40, 90) } }, [england('ks2.rwm_expected_pct', '2024/25', 62)]);

describe('categorise: determinism', () => {
  it('gives the same result for the same inputs, whatever order the evidence arrives in', () => {
    for (const p of shippedPolicies()) {
      const e = busySchool();
      const shuffled = { ...e, inspections: [...e.inspections].reverse(), observations: [...e.observations].reverse(), intelligence: [...e.intelligence].reverse() };
      const a = categorise(p, e, ctx, { capacityToImprove: 'B' });
      expect(categorise(p, e, ctx, { capacityToImprove: 'B' })).toEqual(a);
      expect(categorise(p, shuffled, ctx, { capacityToImprove: 'B' })).toEqual(a);
    }
  });
});

describe('categorise: only evidence dated on or before asOf', () => {
  it('ignores an inspection after asOf', () => {
    const e = evidence({ asOf: '2024-06-30', inspections: [outstandingInspection('2019-05-01'), insp('2024-07-10', { overallEffectiveness: 4, categoryOfConcern: 'special_measures' })] });
    const r = categorise(staffs, e, la());
    expect(r.firedRules.map((f) => f.ruleId)).not.toContain('ofsted-category-of-concern');
    expect(categorise(staffs, { ...e, asOf: '2024-07-31' }, la()).category).toBe('D');
  });

  it('ignores results for a year not yet released by asOf', () => {
    const e = evidence({ asOf: '2025-08-31', observations: [obs('ks2.rwm_expected_pct', '2024/25', 40)] });
    const r = categorise(staffs, e, la({}, [england('ks2.rwm_expected_pct', '2024/25', 62)]));
    expect(r.firedRules.map((f) => f.ruleId)).not.toContain('attainment-below-england');
    const later = categorise(staffs, { ...e, asOf: '2025-09-01' }, la({}, [england('ks2.rwm_expected_pct', '2024/25', 62)]));
    expect(later.firedRules.map((f) => f.ruleId)).toContain('attainment-below-england');
  });

  it('ignores intelligence recorded after asOf and counts items resolved after asOf as open', () => {
    const e = evidence({ asOf: '2025-03-01', intelligence: [intel('budget_deficit', '2025-04-01'), intel('safeguarding_concern', '2025-01-01', { status: 'resolved', resolvedOn: '2025-05-01' })] });
    const fired = categorise(staffs, e, la()).firedRules.map((f) => f.ruleId);
    expect(fired).toContain('open-safeguarding-concern');
    expect(fired).not.toContain('budget-deficit');
  });
});

describe('categorise: explanation', () => {
  it('shows, for every fired rule, the evidence it used with value, year or date and source file', () => {
    const r = categorise(staffs, busySchool(), ctx);
    const rule = r.firedRules.find((f) => f.ruleId === 'attainment-below-england');
    expect(rule?.evidence[0]).toMatchObject({ kind: 'measure', measure: 'ks2.rwm_expected_pct', academicYear: '2024/25', value: 49, source: 'ks2_202425.csv' });
    expect(rule?.source.document).toContain("Staffordshire's Framework for School Improvement");
    const ofsted = r.firedRules.find((f) => f.ruleId === 'ofsted-good');
    expect(ofsted?.evidence[0]).toMatchObject({ kind: 'inspection', inspectionDate: '2022-03-01', value: 'Good (2)', source: 'ofsted_mi.csv' });
  });

  it('reads the latest graded inspection and notes a later ungraded one without changing the judgement', () => {
    const r = categorise(staffs, busySchool(), ctx);
    expect(r.firedRules.map((f) => f.ruleId)).not.toContain('ofsted-requires-improvement');
    expect(r.eraNotes.some((n) => n.includes('later ungraded inspection on 2023-11-01'))).toBe(true);
  });

  it('calls a pre-September 2012 grade 3 "Satisfactory" and treats it as the policy says', () => {
    const r = categorise(staffs, evidence({ inspections: [insp('2011-05-01', { overallEffectiveness: 3 })] }), la());
    expect(r.firedRules[0].evidence[0]).toMatchObject({ value: 'Satisfactory (3)' });
    expect(r.firedRules[0].interpretation).toContain('Satisfactory');
    expect(r.eraNotes.some((n) => n.includes('years old'))).toBe(true);
  });
});
