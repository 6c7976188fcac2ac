import { describe, expect, it } from 'vitest';
import { academicYearBounds, areasInText, computedStrength, dashboardFlags, defaultPayer, distanceProxy, findArea, judgeImpact, ledgerLine, loadAreas, rankMatches, type Candidate } from './index.js';

describe('support areas (config/support/areas.json)', () => {
  it('is one list that finds an area by label or id, and names areas in free text', () => {
    expect(loadAreas().length).toBeGreaterThanOrEqual(10);
    expect(findArea('KS2 writing')?.id).toBe('ks2-writing');
    expect(findArea('ks2-maths')?.label).toBe('KS2 maths');
    expect(findArea('underwater basket weaving')).toBeUndefined();
    expect(areasInText('Governors to commission a review of writing across KS2').map((a) => a.id)).toEqual(['ks2-writing', 'governance']);
    expect(areasInText('Senior leadership: findings').map((a) => a.id)).toContain('leadership');
  });
});

describe('dashboard evidence of strengths and needs', () => {
  const obs = (measure: string, q: (number | null)[]) => q.map((laQuintile, i) => ({ measure, academicYear: `${2022 + i}/${23 + i}`, value: 1, laQuintile }));
  it('counts the years in the best fifth (quintile 5, or 1 where lower is better)', () => {
    const s = computedStrength(findArea('KS2 writing')!, obs('ks2.rwm_expected_pct', [5, 5, 4]));
    expect(s?.topYears).toEqual(['2023/24', '2022/23']);
    expect(s?.text).toContain('2 of the latest 3 years');
    expect(computedStrength(findArea('attendance')!, obs('absence.overall_pct', [1, 1, 1]))?.topYears).toHaveLength(3);
    expect(computedStrength(findArea('attendance')!, obs('absence.overall_pct', [5, 5, 5]))).toBeNull();
  });
  it('flags an area whose measure is in the worst fifth in the latest year', () => {
    expect(dashboardFlags(obs('ks2.mat_progress', [5, 3, 1])).map((f) => f.area.id)).toEqual(['ks2-maths']);
    expect(dashboardFlags(obs('ks2.mat_progress', [1, 1, 3]))).toEqual([]);
  });
});

describe('brokering', () => {
  const cand = (over: Partial<Candidate>): Candidate => ({ strengthId: 1, providerId: 1, providerName: 'A', providerKind: 'school', areaId: 'ks2-writing', place: null, evidence: { kind: 'declared', text: 'declared', strength: 1 }, capacityDaysPerTerm: 6, daysCommitted: 0, available: true, ...over });
  it('uses a documented postcode proxy for distance', () => {
    expect(distanceProxy({ postcode: 'WD5 0LS', districtId: 1 }, { postcode: 'WD5 0PR', districtId: 2 }).rank).toBe(0);
    expect(distanceProxy({ postcode: 'WD5 0LS', districtId: 1 }, { postcode: 'WD3 1AA', districtId: 1 }).rank).toBe(1);
    expect(distanceProxy({ postcode: 'WD5 0LS', districtId: 1 }, { postcode: 'WD3 1AA', districtId: 2 }).rank).toBe(2);
    expect(distanceProxy({ postcode: 'WD5 0LS', districtId: 1 }, { postcode: 'SG1 1AA', districtId: 2 }).rank).toBe(3);
  });
  it('ranks by evidence, then nearness and capacity, leaves out other areas, the unavailable and the full, and says why', () => {
    const need = { areaId: 'ks2-writing', place: { postcode: 'WD5 0LS', districtId: 1 } };
    const m = rankMatches(need, [
      cand({ strengthId: 1, providerName: 'Declared near', place: { postcode: 'WD5 1AA', districtId: 1 } }),
      cand({ strengthId: 2, providerName: 'Three years far', evidence: { kind: 'computed', text: 'best fifth 3 of 3', strength: 3 }, place: { postcode: 'SG1 1AA', districtId: 9 } }),
      cand({ strengthId: 3, providerName: 'Other area', areaId: 'ks2-maths' }),
      cand({ strengthId: 4, providerName: 'Unavailable', available: false }),
      cand({ strengthId: 5, providerName: 'Full', daysCommitted: 6 }),
    ]);
    expect(m.map((x) => x.candidate.providerName)).toEqual(['Three years far', 'Declared near']);
    expect(m[0].reasons.join(' | ')).toMatch(/evidence: best fifth 3 of 3 \(\+30\).*distance: elsewhere in the LA \(\+0\)/);
    expect(m[1].reasons.join(' | ')).toContain('same postcode district (WD5)');
  });
});

describe('who pays, the ledger and impact', () => {
  it('the LA pays for the policy’s funded categories, the school otherwise', () => {
    expect(defaultPayer('staffordshire-2014', 'D').payer).toBe('la');
    expect(defaultPayer('staffordshire-2014', 'A').payer).toBe('school');
    expect(defaultPayer('walsall-2014', null).payer).toBe('school');
  });
  it('charges LA-funded days by the 2008 formula and checks Priority School Support limits', () => {
    const l = ledgerLine(10, [
      { kind: 'agreement', payer: 'la', days: 6, budget: null, purpose: null, impact: 'improved' },
      { kind: 'commission', payer: 'la', days: 6, budget: 3000, purpose: null, impact: null },
      { kind: 'commission', payer: 'school', days: 2, budget: 900, purpose: null, impact: null },
      { kind: 'commission', payer: 'priority_school_support', days: 5, budget: 2600, purpose: 'audit', impact: null },
    ]);
    // 12 days: "11 to 20 days, the school pays 2", at £480 a day.
    expect(l).toMatchObject({ laDays: 12, daysOverAllowance: 2, formula: { freeDays: 10, paidDays: 2, charge: 960 }, schoolPaid: 900, impacts: { improved: 1 } });
    expect(l.prioritySchoolSupport).toMatchObject({ days: 5, cost: 2600, withinLimits: false });
  });
  it('judges impact from the evidence held, not a report', () => {
    const base = { coreGroup: null, categoryAtStart: 'D', categoryNow: 'D', categoryOrder: ['A', 'B', 'C', 'D'] };
    expect(judgeImpact({ ...base, measures: [{ measure: 'ks2.rwm_expected_pct', baseline: 50, target: 60, now: 62, nowYear: '2025/26' }] }).judgement).toBe('improved');
    expect(judgeImpact({ ...base, measures: [{ measure: 'ks2.rwm_expected_pct', baseline: 50, target: 60, now: 55, nowYear: '2025/26' }] }).judgement).toBe('some_improvement');
    expect(judgeImpact({ ...base, measures: [{ measure: 'absence.overall_pct', baseline: 6, target: 5, now: 7, nowYear: '2025/26' }] }).judgement).toBe('no_improvement');
    expect(judgeImpact({ ...base, measures: [{ measure: 'ks2.rwm_expected_pct', baseline: 50, target: 60, now: null, nowYear: null }] }).judgement).toBe('not_assessable');
    const cg = judgeImpact({ ...base, measures: [], coreGroup: 'effective_action', categoryNow: 'C' });
    expect(cg.judgement).toBe('improved');
    expect(cg.reasons).toContain('category D → C');
  });
  it('reads academic years', () => {
    expect(academicYearBounds('2025/26')).toEqual({ from: '2025-09-01', to: '2026-08-31' });
    expect(academicYearBounds('2025/27')).toBeNull();
  });
});
