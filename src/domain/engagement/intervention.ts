// Time in intervention, counted in school terms (Staffordshire 2008): project intervention is
// reviewed after at most two terms, and after three terms without significant improvement the
// school goes to the directorate management team.
import { academicYear, academicYearOf, allTerms, compareDates, type IsoDate, type SchoolCalendar, type TermDates } from '../calendar/index.js';
import { ordinal } from '../words/ordinal.js';
import { byDate, onOrAfter, JUDGEMENT_WORDS, long, meetingEvidence, type Candidate } from './escalation-context.js';
import type { RuleOfKind } from './escalation-policy.js';
import type { EscalationState } from './escalation-types.js';

export interface TimeInIntervention {
  startedOn: IsoDate;
  today: IsoDate;
  /** Whole terms of intervention that have ended by today. */
  termsCompleted: number;
  /** The terms counted, in order ("Autumn term 2025/26"). */
  countedTerms: string[];
  /** End of the second counted term: the review deadline (null beyond the calendar). */
  twoTermsReviewDate: IsoDate | null;
  /** End of the third counted term: the referral point (null beyond the calendar). */
  threeTermsReferralDate: IsoDate | null;
  twoTermsReviewDue: boolean;
  threeTermsReferralDue: boolean;
}

/**
 * Terms are counted whole, so that "two terms" means two terms of work with the school. The term in
 * which the intervention starts counts only if it started before that term's half-term break;
 * otherwise counting begins with the next term. A term counts as completed on its last day.
 */
export function timeInIntervention(startDate: IsoDate, today: IsoDate, cal: SchoolCalendar): TimeInIntervention {
  if (compareDates(today, startDate) < 0) throw new RangeError(`The intervention starts on ${startDate}, after ${today}`);
  academicYear(academicYearOf(startDate), cal);
  academicYear(academicYearOf(today), cal); // a year the calendar lacks would silently undercount
  const counted = termsOfIntervention(startDate, cal);
  const completed = counted.filter((t) => compareDates(t.end, today) <= 0);
  const endOf = (n: number) => counted[n - 1]?.end ?? null;
  return {
    startedOn: startDate,
    today,
    termsCompleted: completed.length,
    countedTerms: completed.map((t) => t.label),
    twoTermsReviewDate: endOf(2),
    threeTermsReferralDate: endOf(3),
    twoTermsReviewDue: completed.length >= 2,
    threeTermsReferralDue: completed.length >= 3,
  };
}

function termsOfIntervention(startDate: IsoDate, cal: SchoolCalendar): TermDates[] {
  return allTerms(cal).filter((t) => compareDates(t.end, startDate) >= 0 && compareDates(startDate, t.halfTerms[0].end) <= 0);
}

export function interventionTerms(rule: RuleOfKind<'intervention_terms'>, state: EscalationState): Candidate[] {
  const iv = state.intervention;
  // The term deadlines are for the project intervention of stage 3, not a watching brief or light touch.
  if (!iv || iv.stage !== 3) return [];
  if (rule.parameters.onlyWithoutSignificantImprovement && iv.significantImprovement) return [];
  const time = timeInIntervention(iv.startedOn, state.today, state.calendar);
  const n = rule.parameters.terms;
  if (time.termsCompleted < n) return [];
  const due = termsOfIntervention(iv.startedOn, state.calendar)[n - 1].end;
  const started = `The stage ${iv.stage} intervention began on ${long(iv.startedOn)}; ${time.termsCompleted} term${time.termsCompleted === 1 ? '' : 's'} of it have ended (${time.countedTerms.join(', ')}).`;
  const reason =
    rule.step === 'referral_to_dmt'
      ? `${started} After three terms without significant improvement the school is referred to the directorate management team to consider other measures.`
      : `${started} Project intervention is reviewed at a deadline not exceeding two terms: the lead officer and project team decide whether to continue for a further period.`;
  return [
    {
      triggerDate: due,
      doneIfActionOnOrAfter: iv.startedOn,
      reason,
      evidence: [
        { date: iv.startedOn, description: `Stage ${iv.stage} intervention started ${long(iv.startedOn)}` },
        { date: due, description: `End of the ${n === 2 ? 'second' : n === 3 ? 'third' : ordinal(n)} term of intervention` },
      ],
      dueDate: due,
    },
  ];
}

export function stageInsufficientPace(rule: RuleOfKind<'stage_insufficient_pace'>, state: EscalationState): Candidate[] {
  const iv = state.intervention;
  if (!iv || iv.stage !== rule.parameters.fromStage) return [];
  const p = rule.parameters;
  const recent = byDate(state.meetings.filter((m) => p.meetingTypes.includes(m.type) && onOrAfter(m.date, iv.startedOn))).slice(-p.count);
  if (recent.length < p.count || !recent.every((m) => p.judgements.includes(m.judgement))) return [];
  const trigger = recent[recent.length - 1].date;
  return [
    {
      triggerDate: trigger,
      reason:
        `The school is at stage ${iv.stage} (${iv.stage === 1 ? 'watching brief' : 'light touch'}) and the latest evaluation (${long(trigger)}) found ${JUDGEMENT_WORDS[recent[recent.length - 1].judgement]}. ` +
        'Where evaluation shows insufficient pace the school moves to stage 3: a lead officer, a strategic improvement project group and an LA statement of action.',
      evidence: recent.map(meetingEvidence),
    },
  ];
}
