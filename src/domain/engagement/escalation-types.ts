// What the escalation engine reads about one school, and what it proposes. Nothing here is
// decided by the engine: every proposal waits for a senior leader's sign-off.
import type { IsoDate, SchoolCalendar } from '../calendar/index.js';
import type { MeetingType } from '../engagement-types.js';
import type { ConcernGround, EscalationPolicy, EscalationStep, Judgement, OfstedCategory, RuleSource } from './escalation-policy.js';

export type Governance = 'maintained' | 'academy';

export interface MeetingRecord {
  date: IsoDate;
  type: MeetingType;
  /** The meeting's judgement of whether the school is taking effective action at pace. */
  judgement: Judgement;
}

/** An officer's recorded judgement that one of the escalation grounds exists. */
export interface ConcernRecord {
  ground: ConcernGround;
  date: IsoDate;
  note?: string;
}

export interface NoticeOfConcern {
  kind: 'notice_of_concern';
  issuedOn: IsoDate;
  /** Weeks to the impact review for this notice, within the policy's window (default from the policy). */
  reviewWeeks?: number;
  reviewedOn?: IsoDate;
  reviewOutcome?: 'sufficient_improvement' | 'insufficient_improvement';
  closedOn?: IsoDate;
}

export interface WarningNotice {
  kind: 'warning_notice';
  issuedOn: IsoDate;
  ground: Exclude<ConcernGround, 'would_be_category_of_concern'>;
  /** The last day of the compliance period the LA set in the notice. */
  complianceEndsOn: IsoDate;
  compliedOn?: IsoDate;
  closedOn?: IsoDate;
}

export type NoticeRecord = NoticeOfConcern | WarningNotice;

/** A graded inspection as the categorisation layer has read it (era mapping happens there). */
export interface InspectionRecord {
  date: IsoDate;
  belowGood: boolean;
  categoryOfConcern: OfstedCategory | null;
  /** How the judgement is shown, e.g. "Requires improvement". */
  label?: string;
}

/** A 2008-style project intervention at a stage of concern. */
export interface InterventionRecord {
  stage: 1 | 2 | 3;
  startedOn: IsoDate;
  /** Recorded at a review; stops the three-terms referral. */
  significantImprovement?: boolean;
}

/** A step already taken (letter sent, review held...), so the engine does not propose it again. */
export interface ActionRecord {
  step: EscalationStep;
  date: IsoDate;
}

export interface EscalationState {
  today: IsoDate;
  calendar: SchoolCalendar;
  policy: EscalationPolicy;
  school: {
    urn: number;
    name: string;
    governance: Governance;
    /**
     * The LA category, e.g. "D", with the policy's wording and whether it is the high-concern category.
     * `evidenceTo`: the day of the evidence the category weighed (a confirmed round's as-of date), so
     * an inspection up to then is already in it and only a later one can call for more.
     */
    category?: { code: string; label: string; highConcern: boolean; since: IsoDate; evidenceTo?: IsoDate } | null;
  };
  meetings: MeetingRecord[];
  concerns?: ConcernRecord[];
  notices?: NoticeRecord[];
  inspections?: InspectionRecord[];
  intervention?: InterventionRecord | null;
  actions?: ActionRecord[];
}

export interface Evidence {
  date: IsoDate;
  description: string;
}

export interface PowerOption {
  id: 's63' | 's64' | 's65' | 's66';
  title: string;
  /** Last day the power may be used, where it lapses. */
  lapsesOn: IsoDate | null;
  available: boolean;
}

export interface Proposal {
  step: EscalationStep;
  ruleId: string;
  policy: { id: string; version: string };
  title: string;
  /** Plain words for the senior leader and, later, the letter. */
  reason: string;
  evidence: Evidence[];
  /** When the decision (or the review itself) is due. */
  dueDate: IsoDate | null;
  /** When the step, once taken, should be reviewed. */
  reviewDate: IsoDate | null;
  keyDates: { label: string; date: IsoDate }[];
  options?: PowerOption[];
  source: RuleSource;
  note?: string;
  requiresSignOff: 'senior_leader';
}
