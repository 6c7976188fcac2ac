import { describe, expect, it } from 'vitest';
import { proposeEscalations } from './escalation.js';
import { noticeReviewDate } from './escalation-notices.js';
import { byRule, state, withSettings } from './escalation-test-helpers.js';
import type { MeetingRecord } from './escalation-types.js';

const cg = (date: string, judgement: MeetingRecord['judgement']): MeetingRecord => ({ date, type: 'core-group', judgement });

describe('noc.consecutive-core-groups', () => {
  const twoWithout = [cg('2025-10-06', 'some_impact'), cg('2025-11-10', 'no_evidence_of_impact'), cg('2026-01-12', 'no_evidence_of_impact')];

  it('proposes a Notice of Concern after two consecutive Core Groups without evidence of impact', () => {
    const [p] = byRule(state({ meetings: twoWithout }), 'noc.consecutive-core-groups');
    expect(p.step).toBe('notice_of_concern');
    expect(p.reason).toMatch(/^Two consecutive Core Group meetings \(10 November 2025 and 12 January 2026\)/);
    expect(p.reason).toMatch(/county commissioner/);
    expect(p.evidence.map((e) => e.date)).toEqual(['2025-11-10', '2026-01-12']);
    expect(p.dueDate).toBe('2026-01-26'); // ten working days after the second meeting
    expect(p.reviewDate).toBe('2026-03-09'); // six weeks after that, a school day
    expect(p.requiresSignOff).toBe('senior_leader');
    expect(p.source.document).toMatch(/Framework for School Improvement/);
    expect(p.policy).toEqual({ id: 'staffordshire-2014', version: '1.1.0' });
  });

  it('needs the latest two meetings to be consecutive judgements of no impact', () => {
    const broken = [cg('2025-11-10', 'no_evidence_of_impact'), cg('2025-12-08', 'some_impact'), cg('2026-01-12', 'no_evidence_of_impact')];
    expect(byRule(state({ meetings: broken }), 'noc.consecutive-core-groups')).toEqual([]);
    const recovered = [...twoWithout, cg('2026-02-09', 'effective_action')];
    expect(byRule(state({ meetings: recovered }), 'noc.consecutive-core-groups')).toEqual([]);
    expect(byRule(state({ meetings: [cg('2026-01-12', 'no_evidence_of_impact')] }), 'noc.consecutive-core-groups')).toEqual([]);
  });

  it('ignores other meeting types and meetings before a notice already issued', () => {
    const visits: MeetingRecord[] = twoWithout.map((m) => ({ ...m, type: 'termly-visit' }));
    expect(byRule(state({ meetings: visits }), 'noc.consecutive-core-groups')).toEqual([]);
    const issued = state({ meetings: twoWithout, notices: [{ kind: 'notice_of_concern', issuedOn: '2026-01-20' }] });
    expect(byRule(issued, 'noc.consecutive-core-groups')).toEqual([]);
    const reviewed = { kind: 'notice_of_concern' as const, issuedOn: '2025-12-01', reviewedOn: '2026-01-20', reviewOutcome: 'sufficient_improvement' as const };
    const oneSince = state({ meetings: twoWithout, notices: [reviewed] });
    expect(byRule(oneSince, 'noc.consecutive-core-groups')).toEqual([]);
    const twoSince = state({ meetings: [...twoWithout, cg('2026-02-09', 'no_evidence_of_impact')], notices: [reviewed] });
    expect(byRule(twoSince, 'noc.consecutive-core-groups').map((p) => p.evidence.map((e) => e.date))).toEqual([['2026-01-12', '2026-02-09']]);
    // while a notice is open its review is the next step, not a second notice
    const open = state({ meetings: [...twoWithout, cg('2026-02-09', 'no_evidence_of_impact')], notices: [{ ...reviewed, reviewedOn: undefined, reviewOutcome: undefined }] });
    expect(byRule(open, 'noc.consecutive-core-groups')).toEqual([]);
  });

  it('does not apply to academies', () => {
    expect(byRule(state({ meetings: twoWithout }, { governance: 'academy' }), 'noc.consecutive-core-groups')).toEqual([]);
  });
});

describe('noc.would-be-category-of-concern and noc.standards-unacceptably-low', () => {
  it('proposes a Notice of Concern at once where the school would be judged SW/SM', () => {
    const s = state({ concerns: [{ ground: 'would_be_category_of_concern', date: '2026-02-25', note: 'learning walk' }] });
    const [p] = byRule(s, 'noc.would-be-category-of-concern');
    expect(p.step).toBe('notice_of_concern');
    expect(p.reason).toMatch(/would be judged to have serious weaknesses or to need special measures \(recorded 25 February 2026: learning walk\)/);
    expect(p.reason).toMatch(/whether or not a Core Group is in place/);
    expect(p.dueDate).toBe('2026-03-11');
    expect(byRule(s, 'noc.standards-unacceptably-low')).toEqual([]);
  });

  it('proposes a Notice of Concern at once where standards are unacceptably low', () => {
    const s = state({ concerns: [{ ground: 'standards_unacceptably_low', date: '2026-02-25' }] });
    expect(byRule(s, 'noc.standards-unacceptably-low').map((p) => p.step)).toEqual(['notice_of_concern']);
    const issued = { ...s, notices: [{ kind: 'notice_of_concern' as const, issuedOn: '2026-03-02' }] };
    expect(byRule(issued, 'noc.standards-unacceptably-low')).toEqual([]);
  });
});

describe('noc.impact-review', () => {
  it('sets the review six weeks after issue by default', () => {
    const [p] = byRule(state({ notices: [{ kind: 'notice_of_concern', issuedOn: '2026-02-02' }] }), 'noc.impact-review');
    expect(p.step).toBe('notice_of_concern_review');
    expect(p.dueDate).toBe('2026-03-16');
    expect(p.reason).toMatch(/within 6 to 8 weeks; the review falls on 16 March 2026/);
  });

  it('takes a per-notice period within the window and keeps the review in a school day', () => {
    const [p] = byRule(state({ notices: [{ kind: 'notice_of_concern', issuedOn: '2026-02-02', reviewWeeks: 7 }] }), 'noc.impact-review');
    expect(p.dueDate).toBe('2026-03-23');
    // eight weeks from 9 February is Easter Monday's week; the school is back only after 8 weeks, so hold it before the break
    expect(noticeReviewDate(state(), '2026-02-09', 7)).toBe('2026-03-27');
    // six weeks from 7 November 2025 is a school day
    expect(noticeReviewDate(state(), '2025-11-07')).toBe('2025-12-19');
    // six weeks from Saturday 8 November lands on a Saturday: moved forward past Christmas would exceed 8 weeks, so back to Friday
    expect(noticeReviewDate(state(), '2025-11-08')).toBe('2025-12-19');
    expect(() => noticeReviewDate(state(), '2026-02-02', 9)).toThrow(/6 to 8 weeks/);
  });

  it('uses the LA default period from the policy and stops once reviewed', () => {
    const s = state({ policy: withSettings({ noticeOfConcernReview: { defaultWeeks: 8, minWeeks: 6, maxWeeks: 8 } }), notices: [{ kind: 'notice_of_concern', issuedOn: '2026-01-12' }] });
    expect(byRule(s, 'noc.impact-review')[0].dueDate).toBe('2026-03-09');
    const reviewed = state({ notices: [{ kind: 'notice_of_concern', issuedOn: '2026-01-12', reviewedOn: '2026-02-23', reviewOutcome: 'sufficient_improvement' }] });
    expect(byRule(reviewed, 'noc.impact-review')).toEqual([]);
  });

  it('says when the review is overdue', () => {
    const [p] = byRule(state({ notices: [{ kind: 'notice_of_concern', issuedOn: '2026-01-05' }] }), 'noc.impact-review');
    expect(p.dueDate).toBe('2026-02-23'); // six weeks is the February half term: the next school day
    expect(p.reason).toMatch(/overdue/);
  });
});

describe('warning-notice.after-notice-review', () => {
  const reviewedBadly = { kind: 'notice_of_concern' as const, issuedOn: '2026-01-12', reviewedOn: '2026-02-23', reviewOutcome: 'insufficient_improvement' as const };

  it('proposes a warning notice when the Notice of Concern review finds insufficient improvement', () => {
    const [p] = byRule(state({ notices: [reviewedBadly] }), 'warning-notice.after-notice-review');
    expect(p.step).toBe('warning_notice');
    expect(p.reason).toMatch(/reviewed on 23 February 2026 and sufficient improvement had not been made/);
    expect(p.reason).toMatch(/must state which of the three grounds applies/);
    expect(p.reason).toMatch(/LA sets the compliance period/);
    expect(p.reason).toMatch(/can no longer make representations to Ofsted/);
    expect(p.reason).not.toMatch(/15/);
    expect(p.keyDates).toEqual([]);
    expect(p.source.date).toBe('2016-04-18');
  });

  it('names recorded grounds and the optional legacy 15-day practice', () => {
    const s = state({
      policy: withSettings({ legacyWarningNoticeResponse: { workingDays: 15 } }),
      notices: [reviewedBadly],
      concerns: [{ ground: 'management_governance_breakdown', date: '2026-02-23' }],
    });
    const [p] = byRule(s, 'warning-notice.after-notice-review');
    expect(p.reason).toMatch(/Recorded grounds: there has been a serious breakdown/);
    expect(p.reason).toMatch(/15 working days to respond/);
    expect(p.dueDate).toBe('2026-03-09');
    expect(p.keyDates).toEqual([{ label: expect.stringMatching(/15 working days/), date: '2026-03-30' }]);
  });

  it('is not proposed once a warning notice has been issued, or after a sufficient review', () => {
    const issued = state({ notices: [reviewedBadly, { kind: 'warning_notice', issuedOn: '2026-03-02', ground: 'standards_unacceptably_low', complianceEndsOn: '2026-05-22' }] });
    expect(byRule(issued, 'warning-notice.after-notice-review')).toEqual([]);
    const fine = state({ notices: [{ ...reviewedBadly, reviewOutcome: 'sufficient_improvement' }] });
    expect(byRule(fine, 'warning-notice.after-notice-review')).toEqual([]);
  });
});

describe('warning-notice.on-ground', () => {
  it('proposes a warning notice for a breakdown of governance or a threat to safety', () => {
    const [p] = byRule(state({ concerns: [{ ground: 'safety_threatened', date: '2026-03-02' }] }), 'warning-notice.on-ground');
    expect(p.step).toBe('warning_notice');
    expect(p.reason).toMatch(/safety of pupils or staff is threatened/);
    expect(p.reason).toMatch(/section 60\(2\)/);
    expect(byRule(state({ concerns: [{ ground: 'management_governance_breakdown', date: '2026-03-02' }] }), 'warning-notice.on-ground')).toHaveLength(1);
  });

  it('leaves low standards to the Notice of Concern route, and stops once a notice is issued', () => {
    expect(byRule(state({ concerns: [{ ground: 'standards_unacceptably_low', date: '2026-03-02' }] }), 'warning-notice.on-ground')).toEqual([]);
    const issued = state({
      concerns: [{ ground: 'safety_threatened', date: '2026-03-02' }],
      notices: [{ kind: 'warning_notice', issuedOn: '2026-03-04', ground: 'safety_threatened', complianceEndsOn: '2026-03-27' }],
    });
    expect(byRule(issued, 'warning-notice.on-ground')).toEqual([]);
  });
});

describe('statutory.eligible-for-intervention', () => {
  const wn = { kind: 'warning_notice' as const, issuedOn: '2026-01-05', ground: 'standards_unacceptably_low' as const, complianceEndsOn: '2026-02-06' };

  it('offers ss63–66 after the compliance period ends without compliance, with the two-month lapse', () => {
    const [p] = byRule(state({ notices: [wn] }), 'statutory.eligible-for-intervention');
    expect(p.step).toBe('statutory_intervention');
    expect(p.options?.map((o) => [o.id, o.lapsesOn, o.available])).toEqual([
      ['s63', '2026-04-06', true],
      ['s64', '2026-04-06', true],
      ['s65', null, true],
      ['s66', null, true],
    ]);
    expect(p.dueDate).toBe('2026-02-20');
    expect(p.reason).toMatch(/can be used only until 6 April 2026/);
    expect(p.reason).toMatch(/diocesan authority/);
    expect(p.keyDates.map((k) => k.date)).toEqual(['2026-04-06', '2026-04-06']);
  });

  it('marks s63 and s64 as lapsed two months after the compliance period', () => {
    const [p] = byRule(state({ today: '2026-04-07', notices: [wn] }), 'statutory.eligible-for-intervention');
    expect(p.options?.filter((o) => o.available).map((o) => o.id)).toEqual(['s65', 's66']);
    expect(p.reason).toMatch(/lapsed on 6 April 2026/);
  });

  it('waits for the compliance period to end and stops when the school complies or a power is used', () => {
    expect(byRule(state({ today: '2026-02-06', notices: [wn] }), 'statutory.eligible-for-intervention')).toEqual([]);
    expect(byRule(state({ notices: [{ ...wn, compliedOn: '2026-02-05' }] }), 'statutory.eligible-for-intervention')).toEqual([]);
    const used = state({ notices: [wn], actions: [{ step: 'statutory_intervention', date: '2026-02-20' }] });
    expect(byRule(used, 'statutory.eligible-for-intervention')).toEqual([]);
  });
});

describe('the chain as a whole', () => {
  it('lists proposals most urgent first and never for a disabled rule', () => {
    const s = state({
      meetings: [cg('2025-11-10', 'no_evidence_of_impact'), cg('2026-01-12', 'no_evidence_of_impact')],
      concerns: [{ ground: 'safety_threatened', date: '2026-03-02' }],
    });
    const all = proposeEscalations(s);
    expect(all.map((p) => p.ruleId)).toEqual(['noc.consecutive-core-groups', 'warning-notice.on-ground']);
    const off = { ...s, policy: { ...s.policy, rules: s.policy.rules.map((r) => (r.id === 'warning-notice.on-ground' ? { ...r, enabled: false } : r)) } };
    expect(proposeEscalations(off).map((p) => p.ruleId)).toEqual(['noc.consecutive-core-groups']);
    expect(all.every((p) => p.requiresSignOff === 'senior_leader')).toBe(true);
  });
});
