import { describe, expect, it } from 'vitest';
import { categorise } from '../engine/categorise.js';
import { evidence, goodInspection, insp, intel, la, laAverage, obs, policy, progress, school } from '../testing/fixtures.js';
import { expectQuoted, expectRuleFires, short, type Scenario } from '../testing/scenarios.js';

const p = policy('walsall-2014');
const rc = (areas: Record<string, string>) => evidence({ asOf: '2026-02-01', inspections: [insp('2025-12-01', { reportCard: areas as never, safeguarding: 'met' })] });
const falling = [obs('ks2.rwm_expected_pct', '2023/24', 60), obs('ks2.rwm_expected_pct', '2024/25', 55)];

const scenarios: Record<string, Scenario> = {
  'ofsted-category-3-or-4': { evidence: evidence({ inspections: [insp('2023-03-01', { overallEffectiveness: 3, safeguarding: 'effective' })] }) },
  'ofsted-category-of-concern': { evidence: evidence({ inspections: [insp('2023-03-01', { overallEffectiveness: 4, categoryOfConcern: 'special_measures' })] }) },
  'ofsted-safeguarding': { evidence: evidence({ inspections: [insp('2023-03-01', { overallEffectiveness: 4, safeguarding: 'not_effective' })] }) },
  'era2-key-judgement-3-or-4': { evidence: evidence({ inspections: [insp('2025-02-01', { subJudgements: { behaviour_and_attitudes: 3, quality_of_education: 2 } })] }) },
  'era2-other-judgement-3-or-4': { evidence: evidence({ inspections: [insp('2025-02-01', { subJudgements: { early_years: 3, quality_of_education: 2 } })] }) },
  'report-card-urgent-improvement': { evidence: rc({ attendance_and_behaviour: 'urgent_improvement' }) },
  'report-card-leadership-needs-attention': { evidence: rc({ leadership_and_governance: 'needs_attention' }) },
  'report-card-needs-attention': { evidence: rc({ inclusion: 'needs_attention' }) },
  'progress-significantly-below': { evidence: evidence({ asOf: '2023-12-01', observations: [progress('ks2.writ_progress', '2022/23', -3, -4.6, -1.4)] }) },
  'attainment-below-la-and-falling': { evidence: evidence({ observations: falling }), la: la({}, [laAverage('ks2.rwm_expected_pct', '2024/25', 63)]) },
  'leadership-governance-indicators-three': {
    evidence: evidence({
      intelligence: [
        intel('leadership_concern', '2025-02-01', { indicator: 'inaccurate_assessment_data' }),
        intel('leadership_concern', '2025-03-01', { indicator: 'refusal_to_engage' }),
        intel('governance_concern', '2025-04-01', { indicator: 'not_holding_head_to_account' }),
      ],
    }),
  },
  'leadership-governance-indicators-some': { evidence: evidence({ intelligence: [intel('governance_concern', '2025-04-01', { indicator: 'vacancies_not_acted_on' })] }) },
  'specific-change': { evidence: evidence({ intelligence: [intel('head_teacher_change', '2025-08-01')] }) },
  'attainment-flat-lining': { evidence: evidence({ observations: falling, intelligence: [intel('head_teacher_change', '2025-08-01')] }) },
  'attendance-falling': {
    evidence: evidence({ observations: [obs('absence.overall_pct', '2021/22', 4.1), obs('absence.overall_pct', '2022/23', 4.6), obs('absence.overall_pct', '2023/24', 5.2)] }),
  },
  'open-safeguarding-concern': { evidence: evidence({ intelligence: [intel('safeguarding_concern', '2025-09-01')] }) },
};

describe('Walsall 2014: every rule is pinned to the strategy and fires on its evidence', () => {
  it('has a scenario for every rule', () => {
    expect(Object.keys(scenarios).sort()).toEqual(p.rules.map((r) => r.id).sort());
  });
  for (const rule of p.rules) {
    it(`${rule.id} → at least band ${rule.assign.atLeast}: "${short(rule.source.quote)}"`, () => {
      expectQuoted(p, rule.source.quote);
      expectRuleFires(p, rule, scenarios[rule.id]);
    });
  }
  it('quotes the strategy word for word in special handling, triggers and indicators', () => {
    for (const s of p.specialHandling) expectQuoted(p, s.source.quote);
    for (const t of p.triggers) expectQuoted(p, t.source.quote);
  });
});

describe('Walsall 2014: bands and officer days', () => {
  it('"Band D* School in an Ofsted category (3 or 4) placed in Band D": Improvement Review, up to 6 days beyond the core offer', () => {
    const r = categorise(p, scenarios['ofsted-category-3-or-4'].evidence, la());
    expect(r.category).toBe('D');
    expect(r.engagement).toMatchObject({ meetingType: 'improvement-review', allowanceDaysPerYear: 10 });
  });

  it('"Core offer only: 1 – 2 days a year" for an academy, whatever the band', () => {
    const e = { ...scenarios['ofsted-category-3-or-4'].evidence, school: school({ isAcademy: true, typeGroup: 'academy' }) };
    const r = categorise(p, e, la());
    expect(r.category).toBe('D');
    expect(r.engagement?.allowanceDaysPerYear).toBe(2);
    expect(r.engagement?.description).toContain('negotiated');
  });

  it('"Band B schools: up to 3 days a year (in addition to above)" and "Band C and D schools: up to 6 days a year"', () => {
    const byCode = Object.fromEntries(p.categories.map((c) => [c.code, c.engagement.allowanceDaysPerYear]));
    expect(byCode).toEqual({ A: 4, B: 7, C: 10, D: 10 });
  });

  it('"Band C* School is making insufficient progress" may enter Improvement Review', () => {
    const c = p.categories.find((x) => x.code === 'C');
    expect(c?.engagement.description).toContain('Improvement Review');
  });

  it('band A for a good school with complete evidence and nothing recorded', () => {
    const e = evidence({
      asOf: '2025-10-01',
      inspections: [goodInspection()],
      observations: [
        obs('ks2.rwm_expected_pct', '2023/24', 70), obs('ks2.rwm_expected_pct', '2024/25', 72),
        ...['read', 'writ', 'mat'].map((s) => progress(`ks2.${s}_progress`, '2024/25', 0.5, -1, 2)),
        obs('absence.overall_pct', '2021/22', 5), obs('absence.overall_pct', '2022/23', 4.8), obs('absence.overall_pct', '2023/24', 4.5),
      ],
    });
    const r = categorise(p, e, la({}, [laAverage('ks2.rwm_expected_pct', '2024/25', 63)]));
    expect(r).toMatchObject({ category: 'A', status: 'confirmed' });
  });

  it('holds a school whose data is missing at band B, provisional, with the gap shown', () => {
    const r = categorise(p, evidence({ inspections: [goodInspection()] }), la());
    expect(r.category).toBe('B');
    expect(r.status).toBe('provisional');
    expect(r.missingEvidence.some((m) => m.effect === 'held-at-least' && m.heldAt === 'B')).toBe(true);
  });

  it('special schools are agreed through discussion: performance rules not applied, Ofsted rules still apply', () => {
    const e = { ...scenarios['ofsted-category-3-or-4'].evidence, school: school({ phase: 'special', isSpecial: true }) };
    const r = categorise(p, e, la());
    expect(r.category).toBe('D');
    expect(r.status).toBe('provisional');
    expect(r.notApplied.map((n) => n.ruleId)).toContain('attainment-flat-lining');
  });

  it('nursery schools are banded on Ofsted and intelligence, with a note', () => {
    const r = categorise(p, evidence({ school: school({ phase: 'nursery' }), inspections: [goodInspection()], intelligence: [intel('head_teacher_change', '2025-08-01')] }), la());
    expect(r.category).toBe('B');
    expect(r.specialHandling[0].id).toBe('nursery-schools');
  });
});
