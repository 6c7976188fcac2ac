import { describe, expect, it } from 'vitest';
import { byRule, calendar, state } from './escalation-test-helpers.js';
import { timeInIntervention } from './intervention.js';
import type { MeetingRecord } from './escalation-types.js';

describe('timeInIntervention', () => {
  it('counts whole terms from a start in the first half of a term', () => {
    const t = timeInIntervention('2025-09-15', '2026-03-10', calendar);
    expect(t.termsCompleted).toBe(1);
    expect(t.countedTerms).toEqual(['Autumn term 2025/26']);
    expect(t.twoTermsReviewDate).toBe('2026-03-27');
    expect(t.threeTermsReferralDate).toBe('2026-07-22');
    expect([t.twoTermsReviewDue, t.threeTermsReferralDue]).toEqual([false, false]);
  });

  it('starts counting with the next term when the intervention began after the half-term break', () => {
    const t = timeInIntervention('2025-11-10', '2026-07-23', calendar);
    expect(t.countedTerms).toEqual(['Spring term 2025/26', 'Summer term 2025/26']);
    expect(t.twoTermsReviewDue).toBe(true);
    expect(t.threeTermsReferralDate).toBe('2026-12-18');
    expect(timeInIntervention('2025-12-22', '2026-03-27', calendar).countedTerms).toEqual(['Spring term 2025/26']);
  });

  it('flags the two-terms review on the last day of the second term and the referral after three', () => {
    expect(timeInIntervention('2025-09-15', '2026-03-26', calendar).twoTermsReviewDue).toBe(false);
    expect(timeInIntervention('2025-09-15', '2026-03-27', calendar).twoTermsReviewDue).toBe(true);
    const three = timeInIntervention('2025-09-15', '2026-08-01', calendar);
    expect([three.termsCompleted, three.threeTermsReferralDue]).toEqual([3, true]);
    expect(timeInIntervention('2025-09-15', '2025-09-15', calendar).termsCompleted).toBe(0);
  });

  it('refuses dates the calendar cannot count', () => {
    expect(() => timeInIntervention('2026-03-01', '2026-02-01', calendar)).toThrow(RangeError);
    expect(() => timeInIntervention('2026-03-01', '2027-10-01', calendar)).toThrow(/no term dates for 2027\/28/);
  });
});

describe('stage.two-terms-review', () => {
  it('proposes the review once two terms of intervention have ended', () => {
    const [p] = byRule(state({ today: '2026-04-01', intervention: { stage: 3, startedOn: '2025-09-15' } }), 'stage.two-terms-review');
    expect(p.step).toBe('intervention_review');
    expect(p.dueDate).toBe('2026-03-27');
    expect(p.reason).toMatch(/2 terms of it have ended \(Autumn term 2025\/26, Spring term 2025\/26\)/);
    expect(p.source.date).toBe('2008');
  });

  it('waits for the second term to end and stops once the review is recorded', () => {
    expect(byRule(state({ intervention: { stage: 3, startedOn: '2025-09-15' } }), 'stage.two-terms-review')).toEqual([]);
    const done = state({ today: '2026-04-01', intervention: { stage: 3, startedOn: '2025-09-15' }, actions: [{ step: 'intervention_review', date: '2026-03-20' }] });
    expect(byRule(done, 'stage.two-terms-review')).toEqual([]);
  });
});

describe('stage.three-terms-referral', () => {
  it('refers to the directorate management team after three terms without significant improvement', () => {
    const [p] = byRule(state({ today: '2026-07-23', intervention: { stage: 3, startedOn: '2025-09-15' } }), 'stage.three-terms-referral');
    expect(p.step).toBe('referral_to_dmt');
    expect(p.dueDate).toBe('2026-07-22');
    expect(p.reason).toMatch(/directorate management team/);
  });

  it('does not refer a school that has improved significantly, or before three terms', () => {
    expect(byRule(state({ today: '2026-07-23', intervention: { stage: 3, startedOn: '2025-09-15', significantImprovement: true } }), 'stage.three-terms-referral')).toEqual([]);
    expect(byRule(state({ today: '2026-07-21', intervention: { stage: 3, startedOn: '2025-09-15' } }), 'stage.three-terms-referral')).toEqual([]);
  });
});

describe('stage.escalate-to-stage-3', () => {
  const visit = (date: string, judgement: MeetingRecord['judgement']): MeetingRecord => ({ date, type: 'termly-visit', judgement });

  it('moves a stage 2 school to stage 3 when evaluation shows insufficient pace', () => {
    const [p] = byRule(state({ intervention: { stage: 2, startedOn: '2025-09-15' }, meetings: [visit('2026-02-02', 'no_evidence_of_impact')] }), 'stage.escalate-to-stage-3');
    expect(p.step).toBe('move_to_stage_3');
    expect(p.reason).toMatch(/stage 2 \(light touch\) and the latest evaluation \(2 February 2026\) found no evidence of impact/);
  });

  it('does not fire on progress, before the intervention, or at stage 3', () => {
    const ok = state({ intervention: { stage: 2, startedOn: '2025-09-15' }, meetings: [visit('2026-02-02', 'some_impact')] });
    expect(byRule(ok, 'stage.escalate-to-stage-3')).toEqual([]);
    const before = state({ intervention: { stage: 2, startedOn: '2025-09-15' }, meetings: [visit('2025-07-02', 'no_evidence_of_impact')] });
    expect(byRule(before, 'stage.escalate-to-stage-3')).toEqual([]);
    const three = state({ intervention: { stage: 3, startedOn: '2025-09-15' }, meetings: [visit('2026-02-02', 'no_evidence_of_impact')] });
    expect(byRule(three, 'stage.escalate-to-stage-3')).toEqual([]);
  });
});
