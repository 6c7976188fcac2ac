// The LA's own Notice of Concern (Staffordshire 2014) and the statutory chain after it: warning
// notice (EIA 2006 s60 as amended in 2016) and eligibility for the powers in ss63–66.
import { addMonths, addWeeks, compareDates, maxDate, nextWorkingDay, previousWorkingDay, addWorkingDays, type IsoDate } from '../calendar/index.js';
import {
  countWord,
  GROUND_WORDS,
  latestIssued,
  latestRun,
  listDates,
  long,
  MEETING_NAMES,
  meetingEvidence,
  noticesOf,
  signOffDue,
  type Candidate,
} from './escalation-context.js';
import type { RuleOfKind } from './escalation-policy.js';
import type { EscalationState, NoticeOfConcern, PowerOption } from './escalation-types.js';

const SCHOOL_DAYS = { excludeSchoolHolidays: true };
const WARNING_GROUNDS = ['standards_unacceptably_low', 'management_governance_breakdown', 'safety_threatened'] as const;

/**
 * The Notice of Concern review: `weeks` after issue on a school day (the review is held with the
 * school). If the holidays would push it past the window's end, hold it on the last school day before.
 */
export function noticeReviewDate(state: EscalationState, issuedOn: IsoDate, weeks?: number): IsoDate {
  const { defaultWeeks, minWeeks, maxWeeks } = state.policy.settings.noticeOfConcernReview;
  const w = weeks ?? defaultWeeks;
  if (w < minWeeks || w > maxWeeks) throw new RangeError(`A Notice of Concern review is set ${minWeeks} to ${maxWeeks} weeks after issue, not ${w}`);
  const target = addWeeks(issuedOn, w);
  const forward = nextWorkingDay(target, state.calendar, SCHOOL_DAYS);
  return compareDates(forward, addWeeks(issuedOn, maxWeeks)) <= 0 ? forward : previousWorkingDay(target, state.calendar, SCHOOL_DAYS);
}

const NOC_CONTENT =
  'The notice sets out the matters of concern, the actions the governing body must take (including a meeting with the county commissioner for education) and the actions the LA is minded to take under sections 63 to 66 of the Education and Inspections Act 2006 if it does not.';

function latestNoticeOrWarning(state: EscalationState): IsoDate | null {
  const noc = latestIssued(state, 'notice_of_concern');
  const wn = latestIssued(state, 'warning_notice');
  return noc && wn ? maxDate(noc, wn) : (noc ?? wn);
}

export function consecutiveMeetings(rule: RuleOfKind<'consecutive_meetings_without_impact'>, state: EscalationState): Candidate[] {
  // An open notice's review is the next step; a second notice would only duplicate it.
  if (noticesOf(state, 'notice_of_concern').some((n) => !n.reviewedOn && !n.closedOn)) return [];
  const run = latestRun(state, rule.parameters, latestNoticeOrWarning(state));
  if (!run) return [];
  const trigger = run[run.length - 1].date;
  const kinds = [...new Set(run.map((m) => MEETING_NAMES[m.type]))].join(' / ');
  const dueDate = signOffDue(state, trigger);
  return [
    {
      triggerDate: trigger,
      reason:
        `${capitalise(countWord(run.length))} consecutive ${kinds}s (${listDates(run.map((m) => m.date))}) found that the school could not show evidence of impact against its improvement priorities. ` +
        `The framework then issues an LA Notice of Concern to the governing body. ${NOC_CONTENT}`,
      evidence: run.map(meetingEvidence),
      dueDate,
      reviewDate: noticeReviewDate(state, dueDate),
    },
  ];
}

export function concernRecorded(rule: RuleOfKind<'concern_recorded'>, state: EscalationState): Candidate[] {
  const isNotice = rule.step === 'notice_of_concern';
  const since = isNotice ? latestNoticeOrWarning(state) : latestIssued(state, 'warning_notice');
  const found = (state.concerns ?? [])
    .filter((c) => rule.parameters.grounds.includes(c.ground) && (!since || compareDates(c.date, since) > 0))
    .sort((a, b) => compareDates(a.date, b.date));
  if (!found.length) return [];
  const trigger = found[found.length - 1].date;
  const what = found.map((c) => `${GROUND_WORDS[c.ground]} (recorded ${long(c.date)}${c.note ? `: ${c.note}` : ''})`).join('; ');
  const dueDate = signOffDue(state, trigger);
  const reason = isNotice
    ? `The LA has judged that ${what}. The framework allows an LA Notice of Concern at once, whether or not a Core Group is in place. ${NOC_CONTENT}`
    : `The LA has judged that ${what}. That is a ground for a performance standards and safety warning notice under section 60(2) of the Education and Inspections Act 2006. ${complianceWords(state)}`;
  return [
    {
      triggerDate: trigger,
      reason,
      evidence: found.map((c) => ({ date: c.date, description: `Concern recorded: ${GROUND_WORDS[c.ground]}${c.note ? ` (${c.note})` : ''}` })),
      dueDate,
      reviewDate: isNotice ? noticeReviewDate(state, dueDate) : null,
      keyDates: isNotice ? [] : legacyResponse(state, dueDate),
    },
  ];
}

export function noticeReview(_rule: RuleOfKind<'notice_of_concern_review'>, state: EscalationState): Candidate[] {
  return noticesOf(state, 'notice_of_concern')
    .filter((n) => !n.reviewedOn && !n.closedOn)
    .map((n: NoticeOfConcern) => {
      const due = noticeReviewDate(state, n.issuedOn, n.reviewWeeks);
      const { minWeeks, maxWeeks } = state.policy.settings.noticeOfConcernReview;
      const overdue = compareDates(state.today, due) > 0 ? ' The review is overdue.' : '';
      return {
        triggerDate: n.issuedOn,
        reason:
          `The LA Notice of Concern issued on ${long(n.issuedOn)} must have its impact reviewed within ${minWeeks} to ${maxWeeks} weeks; ` +
          `the review falls on ${long(due)}, a school day.${overdue} If sufficient improvement has not been made and the school is reluctant or unable to address the concerns, the LA may move to statutory intervention.`,
        evidence: [{ date: n.issuedOn, description: `LA Notice of Concern issued on ${long(n.issuedOn)}` }],
        dueDate: due,
      };
    });
}

export function afterNoticeReview(_rule: RuleOfKind<'after_notice_of_concern_review'>, state: EscalationState): Candidate[] {
  const reviewed = noticesOf(state, 'notice_of_concern').filter((n) => n.reviewedOn && n.reviewOutcome === 'insufficient_improvement' && !n.closedOn);
  const last = reviewed[reviewed.length - 1];
  if (!last?.reviewedOn) return [];
  const wn = latestIssued(state, 'warning_notice');
  if (wn && compareDates(wn, last.reviewedOn) >= 0) return [];
  const grounds = [...new Set((state.concerns ?? []).map((c) => c.ground))].filter((g) => (WARNING_GROUNDS as readonly string[]).includes(g));
  const groundText = grounds.length
    ? `Recorded grounds: ${grounds.map((g) => GROUND_WORDS[g]).join('; ')}.`
    : 'No ground is recorded yet: the officer must state which of the three grounds applies (standards unacceptably low; a serious breakdown of management or governance; the safety of pupils or staff threatened).';
  const dueDate = signOffDue(state, last.reviewedOn);
  return [
    {
      triggerDate: last.reviewedOn,
      reason:
        `The LA Notice of Concern issued on ${long(last.issuedOn)} was reviewed on ${long(last.reviewedOn)} and sufficient improvement had not been made. ` +
        `Under current law the LA's intervention powers (sections 63 to 66) need a warning notice that has not been complied with, so the next step is a performance standards and safety warning notice under section 60. ${groundText} ${complianceWords(state)}`,
      evidence: [
        { date: last.issuedOn, description: `LA Notice of Concern issued on ${long(last.issuedOn)}` },
        { date: last.reviewedOn, description: `Notice of Concern review on ${long(last.reviewedOn)}: insufficient improvement` },
      ],
      dueDate,
      keyDates: legacyResponse(state, dueDate),
    },
  ];
}

export function notComplied(rule: RuleOfKind<'warning_notice_not_complied'>, state: EscalationState): Candidate[] {
  return noticesOf(state, 'warning_notice')
    .filter((n) => !n.compliedOn && !n.closedOn && compareDates(state.today, n.complianceEndsOn) > 0)
    .map((n) => {
      const options: PowerOption[] = rule.parameters.powers.map((p) => {
        const lapsesOn = p.lapsesAfterMonths ? addMonths(n.complianceEndsOn, p.lapsesAfterMonths) : null;
        return { id: p.id, title: p.title, lapsesOn, available: !lapsesOn || compareDates(state.today, lapsesOn) <= 0 };
      });
      const lapsing = options.filter((o) => o.lapsesOn);
      const open = lapsing.filter((o) => o.available);
      const gone = lapsing.filter((o) => !o.available);
      const lapseText = [
        open.length ? `The powers in ${open.map((o) => o.id).join(' and ')} can be used only until ${long(open[0].lapsesOn!)}.` : '',
        gone.length ? `The powers in ${gone.map((o) => o.id).join(' and ')} lapsed on ${long(gone[0].lapsesOn!)}.` : '',
      ].join(' ');
      const signOff = signOffDue(state, n.complianceEndsOn);
      const firstLapse = open.length ? open[0].lapsesOn! : null;
      return {
        triggerDate: n.complianceEndsOn,
        doneIfActionOnOrAfter: n.complianceEndsOn,
        reason:
          `The warning notice issued on ${long(n.issuedOn)} (${GROUND_WORDS[n.ground]}) set a compliance period ending ${long(n.complianceEndsOn)}, and the school has not been recorded as complying. ` +
          `The school is therefore eligible for intervention (Education and Inspections Act 2006, section 60). ${lapseText.trim()} ` +
          `Before using a power the LA gives the governing body reasonable notice in writing and consults the diocesan authority or the appointers of foundation governors; copies go to the cabinet member and the DfE.`,
        evidence: [
          { date: n.issuedOn, description: `Warning notice issued on ${long(n.issuedOn)}` },
          { date: n.complianceEndsOn, description: `Compliance period ended ${long(n.complianceEndsOn)} without compliance recorded` },
        ],
        dueDate: firstLapse && compareDates(firstLapse, signOff) < 0 ? firstLapse : signOff,
        keyDates: open.map((o) => ({ label: `Last day to use ${o.id}`, date: o.lapsesOn! })),
        options,
      };
    });
}

function complianceWords(state: EscalationState): string {
  const legacy = state.policy.settings.legacyWarningNoticeResponse;
  const base = 'The LA sets the compliance period in the notice (the law since 18 April 2016); the school can no longer make representations to Ofsted against it.';
  return legacy ? `${base} As its own practice this LA also gives the school ${legacy.workingDays} working days to respond.` : base;
}

function legacyResponse(state: EscalationState, issueBy: IsoDate): { label: string; date: IsoDate }[] {
  const legacy = state.policy.settings.legacyWarningNoticeResponse;
  if (!legacy) return [];
  return [{ label: `School's response due (LA practice: ${legacy.workingDays} working days), if issued ${long(issueBy)}`, date: addWorkingDays(issueBy, legacy.workingDays, state.calendar) }];
}

const capitalise = (s: string) => s[0].toUpperCase() + s.slice(1);
