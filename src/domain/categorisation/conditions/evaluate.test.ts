import { describe, expect, it } from 'vitest';
import type { Condition } from '../policy/condition-schema.js';
import { buildView } from '../engine/evidence-view.js';
import { ruleCondition } from '../engine/settings.js';
import type { CategorisationInputs, LaContext } from '../result-types.js';
import { england, evidence, insp, intel, la, laAverage, obs, policy, progress, school, spread } from '../testing/fixtures.js';
import { evaluate } from './evaluate.js';
import { quartileOf } from './measures.js';
import type { SchoolEvidence } from '../../evidence/types.js';

const walsall = policy('walsall-2014');
const staffs = policy('staffordshire-2014');
const run = (c: Condition, e: SchoolEvidence, ctx: LaContext = la(), inputs: CategorisationInputs = {}, p = staffs) => evaluate(c, buildView(p, e, ctx, inputs));

describe('measure quartile within the LA', () => {
  const dist = { 'ks2.rwm_expected_pct': { '2023/24': spread(40, 90), '2024/25': spread(40, 90) } };
  it('ranks by performance, so "lower" means worse even where lower values are better', () => {
    expect(quartileOf(10, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'lower').quartile).toBe('lower');
    expect(quartileOf(10, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'higher').quartile).toBe('upper');
  });
  it('needs the school in the quartile in every one of N consecutive years held', () => {
    const c: Condition = { kind: 'measureQuartile', measure: 'ks2.rwm_expected_pct', quartiles: ['lower'], consecutiveYears: 2 };
    const both = evidence({ observations: [obs('ks2.rwm_expected_pct', '2023/24', 42), obs('ks2.rwm_expected_pct', '2024/25', 41)] });
    expect(run(c, both, la(dist)).truth).toBe('true');
    const one = evidence({ observations: [obs('ks2.rwm_expected_pct', '2023/24', 80), obs('ks2.rwm_expected_pct', '2024/25', 41)] });
    expect(run(c, one, la(dist)).truth).toBe('false');
  });
  it('is unknown, with the gap named, when a year is suppressed or the LA distribution is missing', () => {
    const c: Condition = { kind: 'measureQuartile', measure: 'ks2.rwm_expected_pct', quartiles: ['lower'], consecutiveYears: 2 };
    const supp = evidence({ observations: [obs('ks2.rwm_expected_pct', '2023/24', null, { status: 'suppressed', raw: 'SUPP' }), obs('ks2.rwm_expected_pct', '2024/25', 41)] });
    const out = run(c, supp, la(dist));
    expect(out.truth).toBe('unknown');
    expect(out.gaps[0]).toMatchObject({ academicYear: '2023/24', reason: expect.stringContaining('suppressed') });
    expect(run(c, supp, la()).gaps.some((g) => g.what.startsWith('LA distribution'))).toBe(true);
  });
});

describe('significantly below national', () => {
  const c: Condition = { kind: 'significantlyBelowNational', measures: ['ks2.read_progress'], match: 'any', consecutiveYears: 1 };
  it('fires only when the whole confidence interval is below zero', () => {
    const e = evidence({ observations: [progress('ks2.read_progress', '2022/23', -3.1, -4.9, -1.3)] });
    expect(run(c, e).truth).toBe('true');
  });
  it('shows a negative score whose interval spans zero as "not significant"', () => {
    const e = evidence({ observations: [progress('ks2.read_progress', '2022/23', -1.2, -2.9, 0.5)] });
    const out = run(c, e);
    expect(out.truth).toBe('false');
    expect(out.evidence[0].detail).toContain('not significantly below national');
  });
  it('treats a year that is not published as missing, never as zero', () => {
    const e = evidence({ observations: [progress('ks2.read_progress', '2022/23', -3.1, -4.9, -1.3), obs('ks2.read_progress', '2023/24', null, { status: 'not_published' })] });
    const out = run(c, e);
    expect(out.truth).toBe('unknown');
    expect(out.gaps[0]).toMatchObject({ academicYear: '2023/24', reason: 'not published for that year' });
  });
  it('does not apply to a secondary school for a KS2 measure', () => {
    const e = evidence({ school: school({ phase: 'secondary' }) });
    expect(run(c, e).truth).toBe('false');
  });
});

describe('significantly below national over the years the DfE published', () => {
  const c: Condition = { kind: 'significantlyBelowNational', measures: ['ks4.progress8'], match: 'any', consecutiveYears: 2, unpublishedYears: 'skip' };
  const secondary = (observations: SchoolEvidence['observations']) => evidence({ asOf: '2026-11-01', school: school({ phase: 'secondary' }), observations });
  const p8Unpublished = obs('ks4.progress8', '2024/25', null, { status: 'not_published', raw: 'NA' });
  it('passes over a year Progress 8 was not published and reads the two published years before it', () => {
    const out = run(c, secondary([progress('ks4.progress8', '2022/23', -0.82, -1.07, -0.57), progress('ks4.progress8', '2023/24', -0.6, -0.82, -0.38), p8Unpublished]));
    expect(out.truth).toBe('true');
    expect(out.evidence.map((e) => e.kind === 'measure' && e.academicYear)).toEqual(['2023/24', '2022/23']);
    expect(out.notes.join(' ')).toContain('not published by the DfE for 2024/25');
  });
  it('reads the same rows as not a run when one published year is not significant', () => {
    expect(run(c, secondary([progress('ks4.progress8', '2022/23', -0.02, -0.25, 0.19), progress('ks4.progress8', '2023/24', -0.45, -0.66, -0.24), p8Unpublished])).truth).toBe('false');
  });
  it('never passes over a published year that was not imported: it is a gap', () => {
    const out = run(c, secondary([progress('ks4.progress8', '2022/23', -0.82, -1.07, -0.57), p8Unpublished]));
    expect(out.truth).toBe('unknown');
    expect(out.gaps).toContainEqual(expect.objectContaining({ academicYear: '2023/24', reason: expect.stringContaining('no file for that year') }));
  });
  it('without the option, the unpublished latest year stays a gap, as before', () => {
    const latest: Condition = { ...c, unpublishedYears: undefined };
    expect(run(latest, secondary([progress('ks4.progress8', '2022/23', -0.82, -1.07, -0.57), progress('ks4.progress8', '2023/24', -0.6, -0.82, -0.38), p8Unpublished])).truth).toBe('unknown');
  });
  it('KS2 progress (last published 2022/23) needs 2021/22 too: without it the run is unknown', () => {
    const ks2: Condition = { ...c, measures: ['ks2.read_progress'] };
    const rows = [progress('ks2.read_progress', '2022/23', -3.1, -4.9, -1.3), obs('ks2.read_progress', '2023/24', null, { status: 'not_published' }), obs('ks2.read_progress', '2024/25', null, { status: 'not_published' })];
    const out = run(ks2, evidence({ observations: rows }));
    expect(out.truth).toBe('unknown');
    expect(out.gaps.map((g) => g.academicYear)).toContain('2021/22');
    expect(run(ks2, evidence({ observations: [...rows, progress('ks2.read_progress', '2021/22', -2.2, -3.9, -0.5)] })).truth).toBe('true');
  });
});

describe('below floor standard', () => {
  const c = ruleCondition(staffs, staffs.rules.find((r) => r.id === 'ks2-below-floor')!);
  const year = (y: string, rwm: number, read: number) => [obs('ks2.rwm_expected_pct', y, rwm), obs('ks2.read_progress', y, read), obs('ks2.writ_progress', y, 0), obs('ks2.mat_progress', y, 0)];
  it('needs attainment below the threshold and any progress measure below its threshold', () => {
    expect(run(c, evidence({ asOf: '2018-12-01', observations: year('2017/18', 60, -5.5) })).truth).toBe('true');
    expect(run(c, evidence({ asOf: '2018-12-01', observations: year('2017/18', 70, -5.5) })).truth).toBe('false');
    expect(run(c, evidence({ asOf: '2018-12-01', observations: year('2017/18', 60, -4) })).truth).toBe('false');
  });
  it('was not in force on the 2018/19 results: the DfE stopped setting floor standards (May 2019)', () => {
    const out = run(c, evidence({ asOf: '2019-12-01', observations: year('2018/19', 60, -5.5) }));
    expect(out.truth).toBe('false');
    expect(out.notes[0]).toContain('not in force for 2018/19');
  });
  it('does not apply to a year when no floor standard was in force, and says so', () => {
    const out = run(c, evidence({ observations: year('2024/25', 40, -9) }));
    expect(out.truth).toBe('false');
    expect(out.notes[0]).toContain('not in force for 2024/25');
  });
});

describe('comparators and trends', () => {
  it('compares with the England average by the stated margin', () => {
    const c: Condition = { kind: 'worseThanComparator', measure: 'ks2.rwm_expected_pct', comparator: 'england', by: 10 };
    const e = evidence({ observations: [obs('ks2.rwm_expected_pct', '2024/25', 48)] });
    expect(run(c, e, la({}, [england('ks2.rwm_expected_pct', '2024/25', 62)])).truth).toBe('true');
    expect(run(c, e, la({}, [england('ks2.rwm_expected_pct', '2024/25', 55)])).truth).toBe('false');
    expect(run(c, e, la()).truth).toBe('unknown');
  });
  it('treats "worse" by direction: higher absence is worse than the LA average', () => {
    const c: Condition = { kind: 'worseThanComparator', measure: 'absence.overall_pct', comparator: 'la', by: 1 };
    const e = evidence({ asOf: '2025-06-01', observations: [obs('absence.overall_pct', '2023/24', 8)] });
    expect(run(c, e, la({}, [laAverage('absence.overall_pct', '2023/24', 6)]), {}, walsall).truth).toBe('true');
  });
  it('finds a declining trend only when every year is worse than the one before', () => {
    const c: Condition = { kind: 'trendDeclining', measure: 'ks2.rwm_expected_pct', years: 3, minTotalChange: 0 };
    const falling = evidence({ observations: [obs('ks2.rwm_expected_pct', '2022/23', 70), obs('ks2.rwm_expected_pct', '2023/24', 66), obs('ks2.rwm_expected_pct', '2024/25', 60)] });
    expect(run(c, falling).truth).toBe('true');
    const mixed = evidence({ observations: [obs('ks2.rwm_expected_pct', '2022/23', 70), obs('ks2.rwm_expected_pct', '2023/24', 72), obs('ks2.rwm_expected_pct', '2024/25', 60)] });
    expect(run(c, mixed).truth).toBe('false');
  });
});

describe('inspections by era', () => {
  it('reads an era-1 grade only from an era-1 inspection and notes the era otherwise', () => {
    const c: Condition = { kind: 'overallGrade', grades: [3] };
    expect(run(c, evidence({ inspections: [insp('2023-05-01', { overallEffectiveness: 3 })] })).truth).toBe('true');
    const out = run(c, evidence({ asOf: '2026-01-10', inspections: [insp('2023-05-01', { overallEffectiveness: 3 }), insp('2025-12-01', { reportCard: { achievement: 'needs_attention' } })] }));
    expect(out.truth).toBe('false');
    expect(out.notes[0]).toContain('report-card era');
  });
  it('is unknown when the school has no graded inspection', () => {
    expect(run({ kind: 'overallGrade', grades: [3] }, evidence()).gaps[0].what).toBe('Ofsted graded inspection');
  });
  it('reads named report-card areas', () => {
    const c: Condition = { kind: 'reportCardArea', areas: ['leadership_and_governance'], grades: ['needs_attention'] };
    const e = evidence({ asOf: '2026-01-10', inspections: [insp('2025-12-01', { reportCard: { leadership_and_governance: 'needs_attention', inclusion: 'strong_standard' } })] });
    expect(run(c, e).truth).toBe('true');
  });
  it('measures inspection age against asOf', () => {
    const c: Condition = { kind: 'inspectionOlderThan', years: 5, whenNeverInspected: 'true' };
    expect(run(c, evidence({ inspections: [insp('2019-06-01', { overallEffectiveness: 2 })] })).truth).toBe('true');
    expect(run(c, evidence({ inspections: [insp('2022-06-01', { overallEffectiveness: 2 })] })).truth).toBe('false');
    expect(run(c, evidence()).truth).toBe('true');
  });
});

describe('intelligence and inputs', () => {
  it('counts items open on asOf, including those resolved later', () => {
    const c: Condition = { kind: 'openIntelligence', kinds: ['safeguarding_concern'], atLeast: 1 };
    const e = evidence({ intelligence: [intel('safeguarding_concern', '2025-05-01', { status: 'resolved', resolvedOn: '2025-12-01' })] });
    expect(run(c, e).truth).toBe('true');
    expect(run(c, { ...e, asOf: '2026-01-01' }).truth).toBe('false');
  });
  it('withholds the summary of a confidential item from the explanation', () => {
    const c: Condition = { kind: 'openIntelligence', kinds: ['safeguarding_concern'], atLeast: 1 };
    const out = run(c, evidence({ intelligence: [intel('safeguarding_concern', '2025-05-01', { confidential: true, summary: 'named child' })] }));
    expect(JSON.stringify(out.evidence)).not.toContain('named child');
  });
  it('counts distinct Walsall indicators, an indicator listed under both headings once', () => {
    const c: Condition = { kind: 'concernIndicators', scope: 'either', atLeast: 3 };
    const items = [
      intel('leadership_concern', '2025-03-01', { indicator: 'refusal_to_engage' }),
      intel('governance_concern', '2025-03-02', { indicator: 'vacancies_not_acted_on' }),
      intel('qualifying_complaint', '2025-03-03'),
    ];
    expect(run(c, evidence({ intelligence: items }), la(), {}, walsall).truth).toBe('true');
    expect(run(c, evidence({ intelligence: items.slice(0, 2) }), la(), {}, walsall).truth).toBe('false');
  });
  it('treats an adviser judgement that was not supplied as a gap', () => {
    const c: Condition = { kind: 'adviserJudgement', input: 'capacityToImprove', values: ['C', 'D'] };
    const wales = policy('wales-nscs');
    expect(run(c, evidence(), la(), {}, wales).truth).toBe('unknown');
    expect(run(c, evidence(), la(), { capacityToImprove: 'D' }, wales).truth).toBe('true');
  });
});

describe('all / any / not with missing evidence', () => {
  const unknown: Condition = { kind: 'overallGrade', grades: [3] };
  const yes: Condition = { kind: 'openIntelligence', kinds: ['budget_deficit'], atLeast: 1 };
  const e = evidence({ intelligence: [intel('budget_deficit', '2025-01-01')] });
  it('follows three-valued logic so that a gap is never read as "no"', () => {
    expect(run({ kind: 'all', of: [unknown, yes] }, e).truth).toBe('unknown');
    expect(run({ kind: 'any', of: [unknown, yes] }, e).truth).toBe('true');
    expect(run({ kind: 'not', condition: unknown }, e).truth).toBe('unknown');
    expect(run({ kind: 'not', condition: yes }, e).truth).toBe('false');
  });
});
