import { describe, expect, it } from 'vitest';
import { byRule, state } from './escalation-test-helpers.js';
import type { InspectionRecord, MeetingRecord } from './escalation-types.js';

const ri = (date: string): InspectionRecord => ({ date, belowGood: true, categoryOfConcern: null, label: 'Requires improvement' });
const sm = (date: string): InspectionRecord => ({ date, belowGood: true, categoryOfConcern: 'special_measures', label: 'Inadequate (special measures)' });
const good = (date: string): InspectionRecord => ({ date, belowGood: false, categoryOfConcern: null, label: 'Good' });
const highConcern = { code: 'D', label: 'High concern', highConcern: true, since: '2025-09-26' };

describe('core-group.establish', () => {
  it('proposes a Core Group for a high-concern maintained school without one', () => {
    const [p] = byRule(state({}, { category: highConcern }), 'core-group.establish');
    expect(p.step).toBe('establish_core_group');
    expect(p.reason).toMatch(/Categorised D \(High concern\) from 26 September 2025/);
    expect(p.reason).toMatch(/once each half term/);
    expect(p.dueDate).toBe('2025-10-10');
  });

  it('proposes one after a requires-improvement judgement, and not once a Core Group has met', () => {
    expect(byRule(state({ inspections: [ri('2026-01-21')] }), 'core-group.establish')[0].evidence[0].description).toMatch(/Requires improvement/);
    const meeting: MeetingRecord = { date: '2025-10-15', type: 'core-group', judgement: 'some_impact' };
    expect(byRule(state({ meetings: [meeting] }, { category: highConcern }), 'core-group.establish')).toEqual([]);
    expect(byRule(state({ inspections: [good('2026-01-21')] }), 'core-group.establish')).toEqual([]);
    expect(byRule(state({}, { category: highConcern, governance: 'academy' }), 'core-group.establish')).toEqual([]);
  });
});

describe('dao.ofsted-category-of-concern', () => {
  it('proposes preparing for a directive academy order for a maintained school in special measures', () => {
    const [p] = byRule(state({ inspections: [ri('2023-05-10'), sm('2026-02-04')] }), 'dao.ofsted-category-of-concern');
    expect(p.step).toBe('directive_academy_order');
    expect(p.reason).toMatch(/requires special measures/);
    expect(p.reason).toMatch(/directive academy order/);
    expect(p.source.date).toBe('2024-11');
  });

  it('also for serious weaknesses, but not for academies or once recorded', () => {
    const sw: InspectionRecord = { date: '2026-02-04', belowGood: true, categoryOfConcern: 'serious_weaknesses' };
    expect(byRule(state({ inspections: [sw] }), 'dao.ofsted-category-of-concern')[0].reason).toMatch(/has serious weaknesses/);
    expect(byRule(state({ inspections: [sm('2026-02-04')] }, { governance: 'academy' }), 'dao.ofsted-category-of-concern')).toEqual([]);
    const done = state({ inspections: [sm('2026-02-04')], actions: [{ step: 'directive_academy_order', date: '2026-02-10' }] });
    expect(byRule(done, 'dao.ofsted-category-of-concern')).toEqual([]);
    expect(byRule(state({ inspections: [sm('2024-02-04'), good('2026-01-10')] }), 'dao.ofsted-category-of-concern')).toEqual([]);
  });

  it('proposes it, already overdue, for a judgement older than the calendar lists working days for', () => {
    const [p] = byRule(state({ inspections: [sm('2018-03-14')] }), 'dao.ofsted-category-of-concern');
    expect(p.reason).toMatch(/14 March 2018/);
    // Counted from the calendar's first listed year (2023), not thrown away or failing.
    expect(p.dueDate?.slice(0, 4)).toBe('2023');
  });
});

describe('dfe.regional-improvement-support', () => {
  it('proposes DfE regional improvement support after two consecutive below-good judgements', () => {
    const [p] = byRule(state({ inspections: [ri('2023-03-01'), ri('2025-11-12')] }), 'dfe.regional-improvement-support');
    expect(p.reason).toMatch(/last two graded inspections \(1 March 2023 and 12 November 2025\) were both below good/);
    expect(byRule(state({ inspections: [ri('2023-03-01'), ri('2025-11-12')] }, { governance: 'academy' }), 'dfe.regional-improvement-support')).toHaveLength(1);
  });

  it('needs both of the latest two to be below good', () => {
    expect(byRule(state({ inspections: [good('2023-03-01'), ri('2025-11-12')] }), 'dfe.regional-improvement-support')).toEqual([]);
    expect(byRule(state({ inspections: [ri('2025-11-12')] }), 'dfe.regional-improvement-support')).toEqual([]);
    expect(byRule(state({ inspections: [ri('2021-03-01'), ri('2023-11-12'), good('2025-11-12')] }), 'dfe.regional-improvement-support')).toEqual([]);
  });
});

describe('academy.letter-to-trust', () => {
  const academy = { governance: 'academy' as const };
  const noImpact = (date: string): MeetingRecord => ({ date, type: 'improvement-review', judgement: 'no_evidence_of_impact' });

  it('writes to the trust and the DfE regional director instead of using LA powers', () => {
    const [p] = byRule(state({ meetings: [noImpact('2025-12-01'), noImpact('2026-02-02')] }, academy), 'academy.letter-to-trust');
    expect(p.step).toBe('letter_to_trust_and_regional_director');
    expect(p.reason).toMatch(/This school is an academy: two consecutive review meetings \(1 December 2025 and 2 February 2026\)/);
    expect(p.reason).toMatch(/cannot use its statutory intervention powers/);
    expect(p.reason).toMatch(/termination warning notice/);
    expect(p.dueDate).toBe('2026-02-16');
  });

  it('fires on a recorded ground or an Ofsted category, and not again after the letter', () => {
    const concern = state({ concerns: [{ ground: 'safety_threatened', date: '2026-03-02' }] }, academy);
    expect(byRule(concern, 'academy.letter-to-trust')[0].reason).toMatch(/safety of pupils or staff is threatened/);
    expect(byRule(state({ inspections: [sm('2026-02-04')] }, academy), 'academy.letter-to-trust')[0].evidence[0].date).toBe('2026-02-04');
    const sent = state({ concerns: [{ ground: 'safety_threatened', date: '2026-03-02' }], actions: [{ step: 'letter_to_trust_and_regional_director', date: '2026-03-04' }] }, academy);
    expect(byRule(sent, 'academy.letter-to-trust')).toEqual([]);
    expect(byRule(state({ concerns: [{ ground: 'safety_threatened', date: '2026-03-02' }] }), 'academy.letter-to-trust')).toEqual([]);
  });

  it('gives academies no LA statutory steps', () => {
    const s = state(
      {
        concerns: [{ ground: 'safety_threatened', date: '2026-03-02' }],
        meetings: [noImpact('2025-12-01'), noImpact('2026-02-02')],
        inspections: [sm('2026-02-04')],
      },
      academy,
    );
    const steps = ['notice_of_concern', 'warning_notice', 'statutory_intervention', 'directive_academy_order'];
    for (const rule of ['noc.consecutive-core-groups', 'warning-notice.on-ground', 'dao.ofsted-category-of-concern']) {
      expect(byRule(s, rule).filter((p) => steps.includes(p.step))).toEqual([]);
    }
  });
});
