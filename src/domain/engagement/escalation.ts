// The escalation engine: reads one school's history against the LA's escalation policy and
// proposes next steps. It never decides; each proposal needs a senior leader's sign-off, and a
// step already recorded as taken is not proposed again.
import { compareDates } from '../calendar/index.js';
import { signOffDue, type Candidate } from './escalation-context.js';
import { academyConcern, consecutiveBelowGood, coreGroupMissing, ofstedCategory } from './escalation-ofsted.js';
import { afterNoticeReview, concernRecorded, consecutiveMeetings, noticeReview, notComplied } from './escalation-notices.js';
import type { EscalationRule, RuleOfKind } from './escalation-policy.js';
import type { ActionRecord, EscalationState, Proposal } from './escalation-types.js';
import { interventionTerms, stageInsufficientPace } from './intervention.js';
import { afterStep, insufficientProgress } from './escalation-route.js';

type Evaluators = { [K in EscalationRule['kind']]: (rule: RuleOfKind<K>, state: EscalationState) => Candidate[] };

const EVALUATORS: Evaluators = {
  core_group_missing: coreGroupMissing,
  consecutive_meetings_without_impact: consecutiveMeetings,
  concern_recorded: concernRecorded,
  notice_of_concern_review: noticeReview,
  after_notice_of_concern_review: afterNoticeReview,
  warning_notice_not_complied: notComplied,
  ofsted_category_of_concern: ofstedCategory,
  consecutive_below_good: consecutiveBelowGood,
  academy_concern: academyConcern,
  stage_insufficient_pace: stageInsufficientPace,
  intervention_terms: interventionTerms,
  insufficient_progress: insufficientProgress,
  after_step: afterStep,
};

function evaluate<K extends EscalationRule['kind']>(rule: RuleOfKind<K>, state: EscalationState): Candidate[] {
  return (EVALUATORS[rule.kind] as (r: RuleOfKind<K>, s: EscalationState) => Candidate[])(rule, state);
}

/** Issued notices count as actions taken, so a notice already sent is never proposed again. */
function actionsTaken(state: EscalationState): ActionRecord[] {
  const fromNotices = (state.notices ?? []).map((n): ActionRecord => ({ step: n.kind, date: n.issuedOn }));
  return [...(state.actions ?? []), ...fromNotices];
}

export function proposeEscalations(state: EscalationState): Proposal[] {
  const actions = actionsTaken(state);
  const proposals: Proposal[] = [];
  state.policy.rules.forEach((rule) => {
    if (!rule.enabled || !rule.appliesTo.includes(state.school.governance)) return;
    for (const c of evaluate(rule, state)) {
      const doneFrom = c.doneIfActionOnOrAfter ?? c.triggerDate;
      if (actions.some((a) => a.step === rule.step && compareDates(a.date, doneFrom) >= 0)) continue;
      proposals.push({
        step: rule.step,
        ruleId: rule.id,
        policy: { id: state.policy.id, version: state.policy.version },
        title: rule.title,
        reason: c.reason,
        evidence: c.evidence,
        dueDate: c.dueDate === undefined ? signOffDue(state, c.triggerDate) : c.dueDate,
        reviewDate: c.reviewDate ?? null,
        keyDates: c.keyDates ?? [],
        ...(c.options ? { options: c.options } : {}),
        source: rule.source,
        ...(rule.note ? { note: rule.note } : {}),
        requiresSignOff: 'senior_leader',
      });
    }
  });
  // Most urgent first; the policy's rule order breaks ties so the list is stable.
  const key = (p: Proposal) => p.dueDate ?? '9999-12-31';
  return proposals
    .map((p, i) => ({ p, i }))
    .sort((a, b) => key(a.p).localeCompare(key(b.p)) || a.i - b.i)
    .map(({ p }) => p);
}
