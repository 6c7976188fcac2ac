import { describe, expect, it } from 'vitest';
import { PERMITTED_READER, redactResult, SCHOOL_READER } from '../../access/redaction.js';
import { categorise } from '../engine/categorise.js';
import { summariseForLetter } from '../letter.js';
import { england, evidence, goodInspection, insp, intel, la, obs, outstandingInspection, policy, school, spread } from '../testing/fixtures.js';
import { expectQuoted, expectRuleFires, short, type Scenario } from '../testing/scenarios.js';

const p = policy('staffordshire-2008');
const dist = la({ 'ks2.rwm_expected_pct': { '2023/24': spread(40, 90), '2024/25': spread(40, 90) } });
const rwm = (v: number, y = '2024/25') => obs('ks2.rwm_expected_pct', y, v);
const rc = (areas: Record<string, string>) => evidence({ asOf: '2026-02-01', inspections: [insp('2025-12-01', { reportCard: areas as never, safeguarding: 'met' })] });

const scenarios: Record<string, Scenario> = {
  'performance-upper-middle': { evidence: evidence({ observations: [rwm(72)] }), la: dist },
  'performance-lower-middle': { evidence: evidence({ observations: [rwm(58)] }), la: dist },
  'performance-lower-quartile': { evidence: evidence({ observations: [rwm(43)] }), la: dist },
  'group-underperformance': { evidence: evidence({ observations: [obs('ks2.rwm_expected_pct_disadv', '2024/25', 22)] }), la: la({}, [england('ks2.rwm_expected_pct_disadv', '2024/25', 47)]) },
  'budget-problems': { evidence: evidence({ intelligence: [intel('budget_deficit', '2025-03-01')] }) },
  'health-and-safety': { evidence: evidence({ intelligence: [intel('safeguarding_concern', '2025-09-15')] }) },
  'ofsted-grade-2': { evidence: evidence({ inspections: [goodInspection()] }) },
  'ofsted-grade-3': { evidence: evidence({ inspections: [insp('2011-06-01', { overallEffectiveness: 3 })] }) },
  'ofsted-grade-4': { evidence: evidence({ inspections: [insp('2023-06-01', { overallEffectiveness: 4 })] }) },
  'ofsted-category-of-concern': { evidence: evidence({ inspections: [insp('2011-06-01', { overallEffectiveness: 4, categoryOfConcern: 'notice_to_improve' })] }) },
  'ofsted-safeguarding': { evidence: evidence({ inspections: [insp('2023-06-01', { overallEffectiveness: 4, safeguarding: 'not_effective' })] }) },
  'era2-any-judgement-2': { evidence: evidence({ inspections: [insp('2025-03-01', { subJudgements: { personal_development: 2 } })] }) },
  'era2-any-judgement-3': { evidence: evidence({ inspections: [insp('2025-03-01', { subJudgements: { personal_development: 3 } })] }) },
  'era2-any-judgement-4': { evidence: evidence({ inspections: [insp('2025-03-01', { subJudgements: { leadership_and_management: 4 } })] }) },
  'report-card-expected-standard': { evidence: rc({ curriculum_and_teaching: 'expected_standard' }) },
  'report-card-needs-attention': { evidence: rc({ curriculum_and_teaching: 'needs_attention' }) },
  'report-card-urgent-improvement': { evidence: rc({ curriculum_and_teaching: 'urgent_improvement' }) },
  'stage-3-ofsted-category': { evidence: evidence({ inspections: [insp('2023-06-01', { overallEffectiveness: 4, categoryOfConcern: 'special_measures' })] }) },
  'stage-2-persistently-low': { evidence: evidence({ observations: [rwm(43, '2023/24'), rwm(44)] }), la: dist },
  'stage-1-alert': { evidence: evidence({ intelligence: [intel('parental_complaint', '2025-06-01')] }) },
};

describe('Staffordshire 2008: every rule is pinned to the strategy and fires on its evidence', () => {
  it('has a scenario for every rule', () => {
    expect(Object.keys(scenarios).sort()).toEqual(p.rules.map((r) => r.id).sort());
  });
  for (const rule of p.rules) {
    it(`${rule.id} → ${rule.assign.dimension} at least ${rule.assign.atLeast}: "${short(rule.source.quote)}"`, () => {
      expectQuoted(p, rule.source.quote);
      expectRuleFires(p, rule, scenarios[rule.id]);
    });
  }
  it('quotes the strategy word for word in special handling and triggers', () => {
    for (const s of p.specialHandling) expectQuoted(p, s.source.quote);
    for (const t of p.triggers) expectQuoted(p, t.source.quote);
  });
});

describe('Staffordshire 2008: categories, support levels and stages', () => {
  it('"Category 1 and 2 school would normally be identified as needing a low level of support, Category 3 schools a medium level of support and Category 4 school a high level of support"', () => {
    expectQuoted(p, 'Category 1 and 2 school would normally be identified as needing a low level of support, Category 3 schools a medium level of support and Category 4 school a high level of support.');
    const level = (v: number, more: Partial<Parameters<typeof evidence>[0]> = {}) =>
      categorise(p, evidence({ inspections: [outstandingInspection()], observations: [rwm(v)], ...more }), dist).attributes.supportLevel;
    expect([level(88), level(72), level(58), level(43, { intelligence: [intel('budget_deficit', '2025-03-01')] })]).toEqual(['low', 'low', 'medium', 'high']);
  });

  it('"Performance is in upper quartile." with an outstanding inspection gives category 1 and no stage of concern', () => {
    const r = categorise(p, evidence({ inspections: [outstandingInspection()], observations: [rwm(88)] }), dist);
    expect(r.category).toBe('1');
    expect(r.dimensions.stage).toEqual({ value: 'none', label: 'Not a school causing concern' });
  });

  it('reports the stage of concern as a second output, with its meaning in the letter', () => {
    const r = categorise(p, { ...scenarios['stage-3-ofsted-category'].evidence, observations: [rwm(50)] }, dist);
    expect(r.category).toBe('4');
    expect(r.dimensions.stage.value).toBe('3');
    const letter = summariseForLetter(r, p);
    expect(letter.otherOutputs[0]).toContain('Stage 3 – intensive programme');
    expect(letter.otherOutputs[0]).toContain('directorate management team');
  });

  it('never gives category 1 on missing performance data: held at 2 pending the termly review', () => {
    const r = categorise(p, evidence({ inspections: [outstandingInspection()] }), la());
    expect(r.category).toBe('2');
    expect(r.status).toBe('provisional');
  });

  it('special schools: quartiles do not apply; the SIP categorisation "is moderated by the LA"', () => {
    const r = categorise(p, evidence({ school: school({ phase: 'special', isSpecial: true }), inspections: [goodInspection()] }), la());
    expect(r.category).toBe('2');
    expect(r.status).toBe('provisional');
    expect(r.notApplied.map((n) => n.ruleId)).toContain('performance-lower-quartile');
  });
});

describe('Staffordshire 2008: best fit of each category\'s characteristics ("Characteristics may include the following")', () => {
  it('quotes the strategy for the profiles', () => {
    expectQuoted(p, 'Characteristics may include the following:');
  });

  it('a school Ofsted judged good with one year in the lower quartile is not category 4: too few characteristics, so no lower than 3', () => {
    const r = categorise(p, evidence({ inspections: [goodInspection()], observations: [rwm(43)] }), dist);
    expect(r.category).toBe('3');
    const four = r.bestFit!.profiles.find((x) => x.category === '4')!;
    expect(four.fits).toBe('short');
    expect(four.matched.map((m) => m.ruleId)).toEqual(['performance-lower-quartile']);
    expect(four.unmatched.map((m) => m.ruleId)).toEqual(expect.arrayContaining(['budget-problems', 'health-and-safety', 'ofsted-grade-4']));
    expect(four.setting).toMatchObject({ id: 'category-4-characteristics', value: '2 or more', isDefault: true });
    expect(r.bestFit!.decidedBy).toBe('short');
    expect(r.notes.join(' ')).toContain('fewer than needed');
    // The characteristic is reported as such, not as "at least 4".
    expect(r.firedRules.find((f) => f.ruleId === 'performance-lower-quartile')?.characteristic).toBe(true);
  });

  it('two characteristics of category 4 place the school in it', () => {
    const r = categorise(p, evidence({ inspections: [goodInspection()], observations: [rwm(43)], intelligence: [intel('budget_deficit', '2025-03-01')] }), dist);
    expect(r.category).toBe('4');
    expect(r.bestFit!.profiles.find((x) => x.category === '4')!.fits).toBe('enough');
  });

  it('an Ofsted inadequate judgement is decisive on its own', () => {
    const r = categorise(p, evidence({ inspections: [insp('2023-06-01', { overallEffectiveness: 4 })], observations: [rwm(72)] }), dist);
    expect(r.category).toBe('4');
    expect(r.bestFit!.profiles[0].fits).toBe('decisive');
  });

  it('the LA\'s setting decides: one characteristic needed puts the good school with one weak year back in 4', () => {
    const strict = { ...p, settings: { ...p.settings, 'category-4-characteristics': { ...p.settings['category-4-characteristics'], value: 1 } } };
    const r = categorise(strict, evidence({ inspections: [goodInspection()], observations: [rwm(43)] }), dist);
    expect(r.category).toBe('4');
    expect(r.bestFit!.profiles[0].setting).toMatchObject({ value: '1 or more', lodestarDefault: '2 or more', isDefault: false });
  });

  it('a characteristic matched only on confidential intelligence is left out of the lists a school reads', () => {
    const r = categorise(p, evidence({ inspections: [goodInspection()], observations: [rwm(72)], intelligence: [intel('budget_deficit', '2025-03-01', { confidential: true })] }), dist);
    expect(r.bestFit!.profiles[0].matched).toEqual([expect.objectContaining({ ruleId: 'budget-problems', confidential: true })]);
    const shown = redactResult(r, SCHOOL_READER);
    const four = shown.bestFit!.profiles[0];
    expect([...four.matched, ...four.unmatched, ...four.unknown].map((c) => c.ruleId)).not.toContain('budget-problems');
    expect(shown.withheld.any).toBe(true);
    expect(redactResult(r, PERMITTED_READER).bestFit!.profiles[0].matched.map((m) => m.ruleId)).toEqual(['budget-problems']);
  });
});
