// Route steps that follow one another (Walsall 2014): an Improvement Review judging insufficient
// progress, then each next step once the one before it has been signed off.
import { compareDates, type IsoDate } from '../calendar/index.js';
import { countWord, JUDGEMENT_WORDS, latestRun, listDates, long, meetingEvidence, type Candidate } from './escalation-context.js';
import type { EscalationStep, RuleOfKind } from './escalation-policy.js';
import type { EscalationState } from './escalation-types.js';

function lastActionOf(state: EscalationState, step: EscalationStep): IsoDate | null {
  return (state.actions ?? []).filter((a) => a.step === step).map((a) => a.date).sort(compareDates).at(-1) ?? null;
}

export function insufficientProgress(rule: RuleOfKind<'insufficient_progress'>, state: EscalationState): Candidate[] {
  const run = latestRun(state, rule.parameters, lastActionOf(state, rule.step));
  if (!run) return [];
  const last = run[run.length - 1];
  return [
    {
      triggerDate: last.date,
      reason:
        `${run.length === 1 ? 'The Improvement Review meeting' : `${countWord(run.length)} consecutive Improvement Review meetings`} (${listDates(run.map((m) => m.date))}) judged ${JUDGEMENT_WORDS[last.judgement]}: ` +
        `the school is making insufficient progress (your LA's setting: ${rule.parameters.laSetting}). The Improvement Adviser informs the school that a written report will be sent to the Assistant Director.`,
      evidence: run.map(meetingEvidence),
    },
  ];
}

export function afterStep(rule: RuleOfKind<'after_step'>, state: EscalationState): Candidate[] {
  const before = lastActionOf(state, rule.parameters.after);
  if (!before) return [];
  const previous = state.policy.rules.find((r) => r.step === rule.parameters.after);
  return [
    {
      triggerDate: before,
      reason: `${previous ? `"${previous.title}" was signed off on ${long(before)}. ` : ''}${rule.parameters.reason}`,
      evidence: [{ date: before, description: `${previous?.title ?? rule.parameters.after} signed off ${long(before)}` }],
    },
  ];
}
