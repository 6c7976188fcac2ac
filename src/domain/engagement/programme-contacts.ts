// Which contacts a school's category promises in a year, before any dates are chosen. Shared by
// the planner and by officer assignment, so both count the same officer days.
import type { AcademicYearDates, HalfTermDates, IsoDate, TermDates } from '../calendar/index.js';
import type { ContactCadence, EngagementExpectation, MeetingType } from '../engagement-types.js';

export interface PlannedSchool {
  urn: number;
  name: string;
  category: string;
  categoryLabel: string;
  engagement: EngagementExpectation;
  officerId: string | null;
  isMaintained: boolean;
}

export interface Officer {
  id: string;
  name: string;
  capacityDays: number;
}

export interface ContactSpec {
  meetingType: MeetingType;
  days: number;
  /** The span the contact must fall in: a term or a half term. */
  window: { label: string; start: IsoDate; end: IsoDate; term: TermDates; halfTerm: HalfTermDates | null };
  reason: string;
}

/** Staffordshire 2014: every maintained school gets at least an annual quality-assurance visit. */
export const DEFAULT_QA_VISIT_DAYS = 1;

const CADENCE_WORDS: Record<ContactCadence, string> = { annual: 'once a year', termly: 'once a term', 'half-termly': 'once each half term' };
export const CONTACTS_PER_YEAR: Record<ContactCadence, number> = { annual: 1, termly: 3, 'half-termly': 6 };

export const MEETING_LABELS: Record<MeetingType, string> = {
  'annual-conversation': 'Annual conversation',
  'quality-assurance-visit': 'Quality-assurance visit',
  'termly-visit': 'Termly visit',
  'core-group': 'Core Group meeting',
  'improvement-review': 'Improvement Review meeting',
};

/** An annual conversation can be held away from the school; every other contact is a visit. */
const isVisit = (t: MeetingType) => t !== 'annual-conversation';

export function needsQaVisit(school: PlannedSchool): boolean {
  return school.isMaintained && !isVisit(school.engagement.meetingType);
}

export function annualDemandDays(school: PlannedSchool, qaVisitDays = DEFAULT_QA_VISIT_DAYS): number {
  const e = school.engagement;
  return CONTACTS_PER_YEAR[e.cadence] * e.daysPerContact + (needsQaVisit(school) ? qaVisitDays : 0);
}

export function contactSpecs(school: PlannedSchool, year: AcademicYearDates, qaVisitDays = DEFAULT_QA_VISIT_DAYS): ContactSpec[] {
  const e = school.engagement;
  const category = `Category ${school.category} (${school.categoryLabel})`;
  const windows =
    e.cadence === 'annual'
      ? [year.terms[0]].map((t) => ({ label: `${t.label}`, start: t.start, end: t.end, term: t, halfTerm: null }))
      : e.cadence === 'termly'
        ? year.terms.map((t) => ({ label: t.label, start: t.start, end: t.end, term: t, halfTerm: null }))
        : year.halfTerms.map((h) => {
            const term = year.terms.find((t) => t.name === h.term)!;
            return { label: `${h.label} ${year.label}`, start: h.start, end: h.end, term, halfTerm: h };
          });
  const specs: ContactSpec[] = windows.map((window) => ({
    meetingType: e.meetingType,
    days: e.daysPerContact,
    window,
    reason: `${category}: ${e.description.replace(/\.$/, '')}. ${MEETING_LABELS[e.meetingType]} ${CADENCE_WORDS[e.cadence]}, here in the ${window.label}.`,
  }));
  if (needsQaVisit(school)) {
    const spring = year.terms[1];
    specs.push({
      meetingType: 'quality-assurance-visit',
      days: qaVisitDays,
      window: { label: spring.label, start: spring.start, end: spring.end, term: spring, halfTerm: null },
      reason: `${category}: every maintained school has at least an annual quality-assurance visit, and this category's ${MEETING_LABELS[e.meetingType].toLowerCase()} is not a visit, so one is planned in the ${spring.label}.`,
    });
  }
  return specs;
}
