// A school's stage of concern, as the escalation route's source defines stages: from the LA's
// recorded designation where the source has stages (Staffordshire 2008: only designated schools are
// at a stage), and said plainly where it has none (the category is then the level of concern).
import { compareDates, formatLong, type IsoDate } from '../calendar/index.js';
import type { EscalationPolicy, StageLevel } from './escalation-policy.js';

export interface Designation {
  stage: number;
  startedOn: IsoDate;
  reason: string;
  plan: string | null;
  planOwner: string | null;
  reviewDates: IsoDate[];
  reviews: { on: IsoDate; significantImprovement: boolean; note: string }[];
}

export interface ScheduledReview {
  date: IsoDate;
  status: 'held' | 'due' | 'overdue';
  heldOn: IsoDate | null;
}

export interface StageSummary {
  stage: 1 | 2 | 3 | null;
  /** "Stage 3: intensive programme", or what the school is when at no stage. */
  title: string;
  /** Why the school is at this stage (the LA's recorded reason) or at none, in the source's terms. */
  reason: string;
  meaning: string | null;
  since: IsoDate | null;
  intensive: boolean;
  plan: { text: string; owner: string } | null;
  reviews: ScheduledReview[];
  /** The stages the route offers to designate (empty where the source has none). */
  levels: StageLevel[];
}

/**
 * Each scheduled review is held by the first review recorded after the previous scheduled date (or
 * the start); one not held is overdue once its date has passed, else due.
 */
export function scheduleOfReviews(d: Pick<Designation, 'startedOn' | 'reviewDates' | 'reviews'>, today: IsoDate): ScheduledReview[] {
  const held = [...d.reviews].map((r) => r.on).sort(compareDates);
  let previous = d.startedOn;
  return [...d.reviewDates].sort(compareDates).map((date, n) => {
    const i = held.findIndex((on) => (n === 0 ? compareDates(on, previous) >= 0 : compareDates(on, previous) > 0));
    previous = date;
    if (i >= 0) {
      const [on] = held.splice(i, 1);
      return { date, status: 'held', heldOn: on };
    }
    return { date, status: compareDates(date, today) < 0 ? 'overdue' : 'due', heldOn: null };
  });
}

export function stageSummary(route: EscalationPolicy, designation: Designation | null, category: { code: string; label: string } | null, today: IsoDate): StageSummary {
  const levels = route.stages.levels;
  const none = (title: string, reason: string): StageSummary => ({ stage: null, title, reason, meaning: null, since: null, intensive: false, plan: null, reviews: [], levels });
  if (levels.length === 0) {
    return none(
      'No stages of concern in this policy',
      `${route.stages.statement}${category ? ` The school's level of concern is its category, ${category.code}: ${category.label}.` : ''}`,
    );
  }
  const level = designation ? levels.find((l) => l.stage === designation.stage) : undefined;
  if (!designation || !level) {
    return none(
      'Not designated as a school causing concern',
      `${route.stages.designatedOnly ? 'Stages of concern apply only to schools the LA designates as causing concern, and the LA has not designated this school.' : 'No stage has been recorded.'}${category ? ` Category: ${category.code} (${category.label}).` : ''}`,
    );
  }
  return {
    stage: level.stage,
    title: level.title,
    reason: `Designated from ${formatLong(designation.startedOn)}: ${designation.reason}`,
    meaning: level.meaning,
    since: designation.startedOn,
    intensive: level.intensive,
    plan: designation.plan ? { text: designation.plan, owner: designation.planOwner ?? '' } : null,
    reviews: scheduleOfReviews(designation, today),
    levels,
  };
}
