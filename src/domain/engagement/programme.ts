// The year's visit programme: every contact each school's category promises, dated on school days
// and spread out so that no officer has two visits on one day. Deterministic: the same input
// always gives the same programme, so a re-plan only moves what changed.
import { academicYear, halfTermOf, workingDaysIn, type HalfTermId, type IsoDate, type SchoolCalendar, type TermName } from '../calendar/index.js';
import type { MeetingType } from '../engagement-types.js';
import { contactSpecs, DEFAULT_QA_VISIT_DAYS, type ContactSpec, type Officer, type PlannedSchool } from './programme-contacts.js';

export interface PlannedContact {
  urn: number;
  schoolName: string;
  officerId: string | null;
  /** Null only when the officer has no free school day left in the window (see `unscheduled`). */
  date: IsoDate | null;
  academicYear: string;
  term: TermName;
  halfTerm: HalfTermId | null;
  window: string;
  meetingType: MeetingType;
  reason: string;
  days: number;
}

export interface OfficerLoad {
  id: string;
  name: string;
  plannedDays: number;
  capacityDays: number;
  overloaded: boolean;
}

export interface AllowanceCheck {
  urn: number;
  plannedDays: number;
  allowanceDaysPerYear: number;
  withinAllowance: boolean;
}

export interface Programme {
  year: string;
  contacts: PlannedContact[];
  officers: OfficerLoad[];
  /** Schools with no officer, or an officer not in the list. */
  unassigned: number[];
  unscheduled: PlannedContact[];
  allowances: AllowanceCheck[];
}

export interface PlanInput {
  year: string;
  calendar: SchoolCalendar;
  schools: PlannedSchool[];
  officers: Officer[];
  qaVisitDays?: number;
}

interface Job {
  school: PlannedSchool;
  officerId: string | null;
  spec: ContactSpec;
  days: IsoDate[];
  target: number;
}

export function planProgramme(input: PlanInput): Programme {
  const year = academicYear(input.year, input.calendar);
  const known = new Set(input.officers.map((o) => o.id));
  const schools = [...input.schools].sort((a, b) => a.urn - b.urn);
  const windowDays = new Map<string, IsoDate[]>();
  const daysOf = (spec: ContactSpec) => {
    const key = `${spec.window.start}/${spec.window.end}`;
    if (!windowDays.has(key)) windowDays.set(key, workingDaysIn(spec.window.start, spec.window.end, input.calendar, { excludeSchoolHolidays: true }));
    return windowDays.get(key)!;
  };

  const jobs: Job[] = schools.flatMap((school) => {
    const officerId = school.officerId && known.has(school.officerId) ? school.officerId : null;
    return contactSpecs(school, year, input.qaVisitDays ?? DEFAULT_QA_VISIT_DAYS).map((spec) => ({ school, officerId, spec, days: daysOf(spec), target: 0 }));
  });
  spreadTargets(jobs);

  // Narrow windows choose first, so half-termly meetings are not crowded out by termly ones.
  const order = [...jobs].sort(
    (a, b) => a.days.length - b.days.length || a.spec.window.start.localeCompare(b.spec.window.start) || a.school.urn - b.school.urn,
  );
  const booked = new Map<string, Set<IsoDate>>();
  const dated = new Map<Job, IsoDate | null>();
  for (const job of order) {
    if (!job.officerId) {
      dated.set(job, job.days[job.target] ?? null);
      continue;
    }
    const taken = booked.get(job.officerId) ?? new Set<IsoDate>();
    booked.set(job.officerId, taken);
    const date = nearestFree(job.days, job.target, taken);
    if (date) taken.add(date);
    dated.set(job, date);
  }

  // Tens of thousands of contacts fall on under two hundred school days: each day's half term is looked up once.
  const halfTerms = new Map<IsoDate, HalfTermId | null>();
  const halfTermId = (date: IsoDate) => {
    let id = halfTerms.get(date);
    if (id === undefined) halfTerms.set(date, (id = halfTermOf(date, input.calendar)?.id ?? null));
    return id;
  };
  const contacts = jobs.map((job): PlannedContact => {
    const date = dated.get(job) ?? null;
    return {
      urn: job.school.urn,
      schoolName: job.school.name,
      officerId: job.officerId,
      date,
      academicYear: year.label,
      term: job.spec.window.term.name,
      halfTerm: date ? halfTermId(date) : (job.spec.window.halfTerm?.id ?? null),
      window: job.spec.window.label,
      meetingType: job.spec.meetingType,
      reason: job.spec.reason,
      days: job.spec.days,
    };
  });
  contacts.sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999') || a.urn - b.urn);

  // Days per school and per officer summed in one pass, not by filtering every contact for each.
  const daysBySchool = new Map<number, number>();
  const daysByOfficer = new Map<string, number>();
  for (const c of contacts) {
    daysBySchool.set(c.urn, (daysBySchool.get(c.urn) ?? 0) + c.days);
    if (c.officerId) daysByOfficer.set(c.officerId, (daysByOfficer.get(c.officerId) ?? 0) + c.days);
  }
  return {
    year: year.label,
    contacts,
    officers: input.officers.map((o) => {
      const plannedDays = daysByOfficer.get(o.id) ?? 0;
      return { id: o.id, name: o.name, plannedDays, capacityDays: o.capacityDays, overloaded: plannedDays > o.capacityDays };
    }),
    unassigned: schools.filter((s) => !s.officerId || !known.has(s.officerId)).map((s) => s.urn),
    unscheduled: contacts.filter((c) => c.date === null),
    allowances: schools
      .filter((s) => typeof s.engagement.allowanceDaysPerYear === 'number')
      .map((s) => {
        const plannedDays = daysBySchool.get(s.urn) ?? 0;
        const allowance = s.engagement.allowanceDaysPerYear as number;
        return { urn: s.urn, plannedDays, allowanceDaysPerYear: allowance, withinAllowance: plannedDays <= allowance };
      }),
  };
}

/** Evenly spaced target days for each officer's contacts within one window. */
function spreadTargets(jobs: Job[]): void {
  const groups = new Map<string, Job[]>();
  for (const job of jobs) {
    const key = `${job.officerId ?? '-'}|${job.spec.window.start}|${job.spec.window.end}`;
    // Appended in place: copying the group for every job was quadratic (a national programme has one group of thousands).
    const group = groups.get(key);
    if (group) group.push(job);
    else groups.set(key, [job]);
  }
  for (const group of groups.values()) {
    group.forEach((job, i) => {
      job.target = Math.min(job.days.length - 1, Math.floor(((i + 0.5) * job.days.length) / group.length));
    });
  }
}

/** The free day closest to the target, preferring later on a tie so visits drift away from the first days of term. */
function nearestFree(days: IsoDate[], target: number, taken: Set<IsoDate>): IsoDate | null {
  for (let offset = 0; offset < days.length; offset++) {
    for (const i of [target + offset, target - offset]) {
      if (i >= 0 && i < days.length && !taken.has(days[i])) return days[i];
    }
  }
  return null;
}

export { type Officer, type PlannedSchool } from './programme-contacts.js';
