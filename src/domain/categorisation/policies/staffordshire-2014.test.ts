import { describe, expect, it } from 'vitest';
import { categorise } from '../engine/categorise.js';
import { summariseForLetter } from '../letter.js';
import { england, evidence, goodInspection, insp, intel, la, obs, outstandingInspection, policy, progress, school, spread } from '../testing/fixtures.js';
import { expectQuoted, expectRuleFires, runScenario, short, type Scenario } from '../testing/scenarios.js';

const p = policy('staffordshire-2014');
const rc = (areas: Record<string, string>) => insp('2025-12-01', { reportCard: areas as never, safeguarding: 'met' });
const rcAsOf = '2026-02-01';
const ks2Dist = { 'ks2.rwm_expected_pct': { '2023/24': spread(40, 90), '2024/25': spread(40, 90) } };

const scenarios: Record<string, Scenario> = {
  'ofsted-category-of-concern': { evidence: evidence({ inspections: [insp('2023-03-01', { overallEffectiveness: 4, categoryOfConcern: 'special_measures' })] }) },
  'ofsted-requires-improvement': { evidence: evidence({ inspections: [insp('2023-03-01', { overallEffectiveness: 3, safeguarding: 'effective' })] }) },
  'ofsted-inadequate': { evidence: evidence({ inspections: [insp('2023-03-01', { overallEffectiveness: 4, categoryOfConcern: 'serious_weaknesses' })] }) },
  'ofsted-good': { evidence: evidence({ inspections: [goodInspection()] }) },
  'ofsted-safeguarding': { evidence: evidence({ inspections: [insp('2023-03-01', { overallEffectiveness: 4, safeguarding: 'not_effective' })] }) },
  'era2-key-judgement-below-good': { evidence: evidence({ inspections: [insp('2025-01-15', { subJudgements: { quality_of_education: 3, leadership_and_management: 2 } })] }) },
  'era2-other-judgement-below-good': { evidence: evidence({ inspections: [insp('2025-01-15', { subJudgements: { quality_of_education: 2, behaviour_and_attitudes: 3 } })] }) },
  'era2-good': { evidence: evidence({ inspections: [insp('2025-01-15', { subJudgements: { quality_of_education: 2 } })] }) },
  'report-card-urgent-improvement': { evidence: evidence({ asOf: rcAsOf, inspections: [rc({ inclusion: 'urgent_improvement' })] }) },
  'report-card-needs-attention-core': { evidence: evidence({ asOf: rcAsOf, inspections: [rc({ achievement: 'needs_attention' })] }) },
  'report-card-needs-attention-other': { evidence: evidence({ asOf: rcAsOf, inspections: [rc({ attendance_and_behaviour: 'needs_attention' })] }) },
  'report-card-expected-standard': { evidence: evidence({ asOf: rcAsOf, inspections: [rc({ inclusion: 'expected_standard' })] }) },
  'ks2-below-floor': {
    evidence: evidence({
      asOf: '2018-12-01',
      observations: [obs('ks2.rwm_expected_pct', '2017/18', 58), obs('ks2.read_progress', '2017/18', -5.6), obs('ks2.writ_progress', '2017/18', 0.4), obs('ks2.mat_progress', '2017/18', -1)],
    }),
  },
  'ks4-below-floor': {
    evidence: evidence({ asOf: '2018-12-01', school: school({ phase: 'secondary' }), observations: [progress('ks4.progress8', '2017/18', -0.8, -1.1, -0.5)] }),
  },
  'progress-significantly-below-two-years': {
    evidence: evidence({ asOf: '2023-12-01', observations: [progress('ks2.mat_progress', '2021/22', -3, -4.5, -1.5), progress('ks2.mat_progress', '2022/23', -2.8, -4.4, -1.2)] }),
  },
  'progress-significantly-below': { evidence: evidence({ asOf: '2023-12-01', observations: [progress('ks2.read_progress', '2022/23', -2.5, -4, -1)] }) },
  'attainment-lower-quartile-two-years': {
    evidence: evidence({ observations: [obs('ks2.rwm_expected_pct', '2023/24', 42), obs('ks2.rwm_expected_pct', '2024/25', 44)] }),
    la: la(ks2Dist),
  },
  'attainment-below-england': { evidence: evidence({ observations: [obs('ks2.rwm_expected_pct', '2024/25', 48)] }), la: la({}, [england('ks2.rwm_expected_pct', '2024/25', 62)]) },
  'disadvantaged-below-england': {
    evidence: evidence({ observations: [obs('ks2.rwm_expected_pct_disadv', '2024/25', 30)] }),
    la: la({}, [england('ks2.rwm_expected_pct_disadv', '2024/25', 47)]),
  },
  'persistent-absence-lower-quartile': {
    evidence: evidence({ observations: [obs('absence.persistent_10_pct', '2022/23', 30), obs('absence.persistent_10_pct', '2023/24', 29)] }),
    la: la({ 'absence.persistent_10_pct': { '2022/23': spread(8, 30), '2023/24': spread(8, 30) } }),
  },
  'open-safeguarding-concern': { evidence: evidence({ intelligence: [intel('safeguarding_concern', '2025-09-10')] }) },
  'budget-deficit': { evidence: evidence({ intelligence: [intel('budget_deficit', '2025-04-01')] }) },
  complaints: { evidence: evidence({ intelligence: [intel('parental_complaint', '2025-04-01'), intel('qualifying_complaint', '2025-05-01')] }) },
};

describe('Staffordshire 2014: every rule is pinned to the framework and fires on its evidence', () => {
  it('has a scenario for every rule', () => {
    expect(Object.keys(scenarios).sort()).toEqual(p.rules.map((r) => r.id).sort());
  });
  for (const rule of p.rules) {
    it(`${rule.id} → at least ${rule.assign.atLeast}: "${short(rule.source.quote)}"`, () => {
      expectQuoted(p, rule.source.quote);
      expectRuleFires(p, rule, scenarios[rule.id]);
    });
  }
  it('quotes the framework word for word in special handling and triggers', () => {
    for (const s of p.specialHandling) expectQuoted(p, s.source.quote);
    for (const t of p.triggers) expectQuoted(p, t.source.quote);
  });
});

// A primary school with every piece of evidence the policy reads for 2024/25.
function complete(over: Partial<Parameters<typeof evidence>[0]> = {}) {
  return evidence({
    inspections: [outstandingInspection()],
    observations: [
      obs('ks2.rwm_expected_pct', '2023/24', 78), obs('ks2.rwm_expected_pct', '2024/25', 80),
      obs('ks2.rwm_expected_pct_disadv', '2024/25', 60),
      ...['read', 'writ', 'mat'].flatMap((s) => [progress(`ks2.${s}_progress`, '2022/23', 1, -0.5, 2.5), obs(`ks2.${s}_progress`, '2023/24', null, { status: 'not_published' }), obs(`ks2.${s}_progress`, '2024/25', null, { status: 'not_published' })]),
      obs('absence.persistent_10_pct', '2022/23', 10), obs('absence.persistent_10_pct', '2023/24', 11),
    ],
    ...over,
  });
}
const completeLa = la(
  { ...ks2Dist, 'absence.persistent_10_pct': { '2022/23': spread(8, 30), '2023/24': spread(8, 30) } },
  [england('ks2.rwm_expected_pct', '2024/25', 62), england('ks2.rwm_expected_pct_disadv', '2024/25', 47)],
);

describe('Staffordshire 2014: outcomes', () => {
  it('"Schools judged to require improvement will be categorised as D – high concern and a Core Group established"', () => {
    const r = categorise(p, complete({ inspections: [insp('2023-03-01', { overallEffectiveness: 3, safeguarding: 'effective' })] }), completeLa);
    expect(r.category).toBe('D');
    expect(r.engagement).toMatchObject({ cadence: 'half-termly', meetingType: 'core-group' });
  });

  it('places an outstanding school with complete evidence and no concerns in A, confirmed', () => {
    const r = categorise(p, complete(), completeLa);
    expect(r).toMatchObject({ category: 'A', status: 'confirmed', policyId: 'staffordshire-2014', policyVersion: 4 });
    expect(r.engagement?.cadence).toBe('annual');
  });

  it('shows missing attainment as a gap and holds the school at B rather than letting it fall to A', () => {
    const e = complete();
    e.observations = e.observations.filter((o) => o.measure !== 'ks2.rwm_expected_pct');
    const r = categorise(p, e, completeLa);
    expect(r.category).toBe('B');
    expect(r.status).toBe('provisional');
    const held = r.missingEvidence.filter((m) => m.effect === 'held-at-least');
    expect(held.map((m) => m.ruleId)).toContain('attainment-lower-quartile-two-years');
    expect(held[0].policyAction).toContain('no lower than B');
    expect(r.missingEvidence.find((m) => m.ruleId === null)?.gaps.map((g) => g.measure)).toContain('ks2.rwm_expected_pct');
  });

  it('never lowers concern because KS2 progress is not published from 2023/24: the gap is shown with what the policy does', () => {
    const r = categorise(p, complete(), completeLa);
    const gap = r.missingEvidence.find((m) => m.ruleId === null);
    expect(gap?.gaps).toContainEqual(expect.objectContaining({ measure: 'ks2.read_progress', academicYear: '2024/25', reason: 'not published' }));
  });

  it('floor standards on current data: not applied, and the reason is the DfE decision with its date, never a silent "false"', () => {
    const r = categorise(p, complete(), completeLa);
    for (const id of ['ks2-below-floor']) {
      const n = r.notApplied.find((x) => x.ruleId === id);
      expect(n?.reason).toMatch(/Department for Education, “Identifying schools for support.*”, 2019-05/);
      expect(n?.reason).toContain('Latest data here: 2024/25; last year of the input: 2017/18');
      expect(r.firedRules.some((f) => f.ruleId === id) || r.missingEvidence.some((m) => m.ruleId === id)).toBe(false);
    }
    // On the 2017/18 results the same rule runs as written (and fires: the scenario above).
    expect(runScenario(p, scenarios['ks2-below-floor']).notApplied.some((x) => x.ruleId === 'ks2-below-floor')).toBe(false);
  });

  it('marks a school with no evidence at all as held at B pending review, never A', () => {
    const r = categorise(p, evidence({ observations: [], inspections: [] }), la());
    expect(r.category).toBe('B');
    expect(r.status).not.toBe('confirmed');
    expect(r.eraNotes[0]).toContain('No graded Ofsted inspection');
  });

  it('academies: "raised with both the academy and the Department for Education" rather than an LA Core Group', () => {
    const r = categorise(p, complete({ school: school({ isAcademy: true, typeGroup: 'academy' }), inspections: [insp('2023-03-01', { overallEffectiveness: 3, safeguarding: 'effective' })] }), completeLa);
    expect(r.category).toBe('D');
    expect(r.engagement?.meetingType).not.toBe('core-group');
    expect(r.engagement?.description).toContain('DfE');
    expect(r.specialHandling.map((s) => s.id)).toEqual(['academies']);
  });

  it('special schools: performance "moderated through discussion with each school", but no compromise on Ofsted or safety', () => {
    const e = complete({ school: school({ phase: 'special', isSpecial: true, typeGroup: 'special' }), inspections: [insp('2023-03-01', { overallEffectiveness: 3, safeguarding: 'effective' })] });
    const r = categorise(p, e, completeLa);
    expect(r.category).toBe('D');
    expect(r.status).toBe('provisional');
    expect(r.notApplied.map((n) => n.ruleId)).toContain('attainment-below-england');
    expect(r.notes.some((n) => n.startsWith('To be moderated'))).toBe(true);
  });

  it('pupil referral units are handled like special schools', () => {
    const r = categorise(p, evidence({ school: school({ phase: 'alternative-provision', isPRU: true }), inspections: [outstandingInspection()] }), la());
    expect(r.specialHandling.map((s) => s.id)).toEqual(['pupil-referral-units']);
    expect(r.notApplied.some((n) => n.ruleId === 'ks2-below-floor')).toBe(true);
  });

  it('states how each era is read: era 1 direct, era 2 and report cards mapped', () => {
    const era1 = runScenario(p, scenarios['ofsted-requires-improvement']);
    expect(era1.eraNotes[0]).toMatch(/four-grade era .* reads it directly/);
    const era2 = runScenario(p, scenarios['era2-key-judgement-below-good']);
    expect(era2.eraNotes[0]).toMatch(/no-overall-grade era .* maps it explicitly: No overall grade exists/);
    const era3 = runScenario(p, { evidence: evidence({ asOf: rcAsOf, inspections: [insp('2021-01-01', { overallEffectiveness: 3 }), rc({ inclusion: 'strong_standard' })] }) });
    expect(era3.eraNotes[0]).toMatch(/report-card era .* maps it explicitly/);
    expect(era3.eraNotes[1]).toContain('history only');
    expect(era3.firedRules.map((f) => f.ruleId)).not.toContain('ofsted-requires-improvement');
  });

  it('flags "review now" for a new inspection or safeguarding concern since the last categorisation', () => {
    const r = categorise(
      p,
      complete({ asOf: '2025-11-01', inspections: [outstandingInspection('2025-10-20')], intelligence: [intel('safeguarding_concern', '2025-10-25', { confidential: true })] }),
      completeLa,
      { lastCategorisedOn: '2025-09-30', riskAlerts: [{ raisedOn: '2025-10-30', summary: 'falling roll' }] },
    );
    expect(r.reviewNow.map((f) => f.triggerId)).toEqual(['new-ofsted-judgement', 'safeguarding', 'risk-alert']);
    expect(r.reviewNow.every((f) => f.action === 'review-now')).toBe(true);
  });

  it('flags a data release inside the annual cycle', () => {
    const r = categorise(p, complete({ asOf: '2025-09-20' }), completeLa, { lastCategorisedOn: '2025-07-15' });
    expect(r.reviewNow.map((f) => f.detail)).toContain('ks2 2024/25 data available from 2025-09-01');
  });

  it('summarises the category for the letter in plain words', () => {
    const r = categorise(p, complete({ inspections: [goodInspection()] }), completeLa);
    const s = summariseForLetter(r, p);
    expect(s.categoryLabel).toBe('B – Low concern');
    expect(s.meaning).toContain('seeking to move to outstanding');
    expect(s.engagement).toContain('annual conversation');
  });
});
