// Shared helpers for the rule evaluators: reading the school's history in date order and the
// plain-words pieces every proposal repeats.
import { addWorkingDays, compareDates, formatLong, type IsoDate } from '../calendar/index.js';
import type { ConcernGround, Judgement } from './escalation-policy.js';
import type { EscalationState, Evidence, MeetingRecord, NoticeRecord, PowerOption } from './escalation-types.js';
import type { MeetingType } from '../engagement-types.js';

/** What an evaluator finds; the engine adds the rule's title, source and sign-off. */
export interface Candidate {
  /** The date of the evidence that made the rule fire. */
  triggerDate: IsoDate;
  reason: string;
  evidence: Evidence[];
  dueDate?: IsoDate | null;
  reviewDate?: IsoDate | null;
  keyDates?: { label: string; date: IsoDate }[];
  options?: PowerOption[];
  /** A recorded action of the same step on or after this date means it has been done (default: triggerDate). */
  doneIfActionOnOrAfter?: IsoDate;
}

export const byDate = <T extends { date: IsoDate }>(items: readonly T[]): T[] => [...items].sort((a, b) => compareDates(a.date, b.date));

export const onOrAfter = (date: IsoDate, since: IsoDate | null | undefined): boolean => !since || compareDates(date, since) >= 0;
export const after = (date: IsoDate, since: IsoDate | null | undefined): boolean => !since || compareDates(date, since) > 0;

export const long = formatLong;

export const MEETING_NAMES: Record<MeetingType, string> = {
  'annual-conversation': 'annual conversation',
  'quality-assurance-visit': 'quality-assurance visit',
  'termly-visit': 'termly visit',
  'core-group': 'Core Group meeting',
  'improvement-review': 'Improvement Review meeting',
};

export const JUDGEMENT_WORDS: Record<Judgement, string> = {
  effective_action: 'effective action at appropriate pace',
  some_impact: 'some impact',
  no_evidence_of_impact: 'no evidence of impact',
};

export const GROUND_WORDS: Record<ConcernGround, string> = {
  would_be_category_of_concern: 'if inspected now the school would be judged to have serious weaknesses or to need special measures',
  standards_unacceptably_low: 'standards of performance of pupils are unacceptably low and likely to remain so without intervention',
  management_governance_breakdown: 'there has been a serious breakdown in the way the school is managed or governed',
  safety_threatened: 'the safety of pupils or staff is threatened',
};

/**
 * Signs-off are due a set number of working days after the evidence (a policy setting). Evidence
 * older than the calendar's bank-holiday listings (an inspection from years before the LA adopted
 * Lodestar) counts from the calendar's first listed day: such a proposal is overdue at once, which is
 * the truth, rather than failing because working days in that year are unknown.
 */
export function signOffDue(state: EscalationState, from: IsoDate): IsoDate {
  const firstYear = Math.min(...state.calendar.bankHolidayYears);
  const start = Number(from.slice(0, 4)) < firstYear ? `${firstYear}-01-01` : from;
  return addWorkingDays(start, state.policy.settings.signOffWithinWorkingDays, state.calendar);
}

/**
 * The latest `count` meetings of the given types after `since`, if every one of them carries one
 * of the given judgements: "two consecutive Core Group meetings without evidence of impact".
 */
export function latestRun(
  state: EscalationState,
  p: { meetingTypes: readonly MeetingType[]; count: number; judgements: readonly Judgement[] },
  since?: IsoDate | null,
): MeetingRecord[] | null {
  const meetings = byDate(state.meetings).filter((m) => p.meetingTypes.includes(m.type) && after(m.date, since));
  const run = meetings.slice(-p.count);
  if (run.length < p.count || !run.every((m) => p.judgements.includes(m.judgement))) return null;
  return run;
}

export function meetingEvidence(m: MeetingRecord): Evidence {
  return { date: m.date, description: `${MEETING_NAMES[m.type]} on ${long(m.date)} judged ${JUDGEMENT_WORDS[m.judgement]}` };
}

export function listDates(dates: IsoDate[]): string {
  const words = dates.map(long);
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

export function noticesOf<K extends NoticeRecord['kind']>(state: EscalationState, kind: K): Extract<NoticeRecord, { kind: K }>[] {
  return (state.notices ?? [])
    .filter((n): n is Extract<NoticeRecord, { kind: K }> => n.kind === kind)
    .sort((a, b) => compareDates(a.issuedOn, b.issuedOn));
}

export function latestIssued(state: EscalationState, kind: NoticeRecord['kind']): IsoDate | null {
  const list = noticesOf(state, kind);
  return list.length ? list[list.length - 1].issuedOn : null;
}

/** Counting words keep the letters readable ("two consecutive"). */
export function countWord(n: number): string {
  return ['no', 'one', 'two', 'three', 'four', 'five', 'six'][n] ?? String(n);
}
