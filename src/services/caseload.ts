// The caseload's truth about each school: the year's planned contacts read against the notes and
// meetings actually recorded (done, held with the note unpublished, overdue, upcoming), overdue agreed
// actions, late notes, the Core Group, escalations and notice review dates. The caseload page and the
// school hub's support section both read it, so they never disagree.
import type { Db } from '../db/client.js';
import { academicYearOf, compareDates, type IsoDate, type SchoolCalendar } from '../domain/calendar/index.js';
import { contactStatuses, MEETING_LABELS, NEEDS_ACTION, nextContact, planProgramme, type ContactStatus, type HeldContact } from '../domain/engagement/index.js';
import { coreGroupsOf, heldContacts, openActions, type ActionRow, type CoreGroupRow, type VisitRow } from '../repositories/engagement.js';
import { escalationsOfSchools, type EscalationRow } from '../repositories/engagementEscalations.js';
import { currentCategories, sourceWords, type SchoolCategory } from './programme.js';
import { lateNotes } from './visits.js';

const NOTICE_STEPS = new Set(['notice_of_concern', 'warning_notice']);

export interface CaseloadContact extends ContactStatus {
  typeLabel: string;
  /** Where the note or meeting can be read. */
  href: string | null;
}

export interface OpenNotice {
  id: number;
  title: string;
  step: string;
  issuedOn: string | null;
  reviewDate: string | null;
  reviewOverdue: boolean;
}

export interface CaseloadSchool extends SchoolCategory {
  contacts: CaseloadContact[];
  next: CaseloadContact | null;
  overdueContacts: CaseloadContact[];
  draftNotes: CaseloadContact[];
  overdueActions: ActionRow[];
  late: VisitRow[];
  coreGroup: CoreGroupRow | null;
  proposed: EscalationRow[];
  notices: OpenNotice[];
  /** Things waiting for the officer: overdue contacts, unpublished notes, overdue actions and reviews, proposals. */
  actionCount: number;
  /** The earliest date something became due, for sorting by what needs action first. */
  firstDue: string | null;
}

export interface Caseload {
  source: string | null;
  year: string | null;
  schools: CaseloadSchool[];
}

export function isOpenNotice(r: EscalationRow): boolean {
  const d = r.details as { closedOn?: string; compliedOn?: string };
  return r.status === 'signed_off' && NOTICE_STEPS.has(r.step) && !d.closedOn && !d.compliedOn;
}

export function openNotice(r: EscalationRow, today: IsoDate): OpenNotice {
  const d = r.details as { reviewedOn?: string };
  return {
    id: r.id,
    title: r.title,
    step: r.step,
    issuedOn: r.issuedOn,
    reviewDate: r.reviewDate,
    reviewOverdue: Boolean(r.reviewDate && !d.reviewedOn && compareDates(r.reviewDate, today) < 0),
  };
}

function heldHref(h: HeldContact): string {
  return h.kind === 'visit' ? `/schools/${h.urn}/visits/${h.id}` : `/schools/${h.urn}/core-group#meeting-${h.id}`;
}

/** The caseload of some schools on one day, planned with the school calendar of that day's academic year. */
export async function caseloadOf(db: Db, orgId: number, urns: number[], today: IsoDate, calendar: SchoolCalendar): Promise<Caseload> {
  if (!urns.length) return { source: null, year: null, schools: [] };
  const cats = await currentCategories(db, orgId, { urns, asOf: today });
  const year = academicYearOf(today);
  const yearDates = calendar.years.find((y) => y.label === year);
  const contacts: ReturnType<typeof planProgramme>["contacts"] = [];
  if (yearDates) {
    // Each school is planned on its own, from its category alone, so the caseload and the school's
    // hub give the same dates whichever other schools are listed. (The programme page balances an
    // officer's days across all their schools and may place a contact elsewhere in its window.)
    for (const s of cats.schools.filter((x) => x.code && x.engagement)) {
      try {
        const plan = planProgramme({
          year,
          calendar,
          officers: [{ id: 'me', name: 'me', capacityDays: 100_000 }],
          schools: [{ urn: s.urn, name: s.name, category: s.code!, categoryLabel: s.label!, engagement: s.engagement!, officerId: 'me', isMaintained: s.isMaintained }],
        });
        contacts.push(...plan.contacts);
      } catch {
        // A year the calendar lacks bank holidays for: contacts are left out rather than guessed.
        break;
      }
    }
  }
  const from = `${year.slice(0, 4)}-09-01`;
  const to = `${Number(year.slice(0, 4)) + 1}-08-31`;
  const held = await heldContacts(db, orgId, urns, from, to);
  const notes: HeldContact[] = [
    ...held.visits.map((v): HeldContact => ({ kind: 'visit', id: v.id, urn: v.urn, type: v.type, date: v.visitDate, status: v.status })),
    ...held.meetings.map((m): HeldContact => ({ kind: 'meeting', id: m.id, urn: m.urn, type: m.meetingType, date: m.meetingDate, status: 'recorded' })),
  ];
  const actions = await openActions(db, orgId, urns);
  const late = await lateNotes(db, orgId, urns);
  const groups = await coreGroupsOf(db, orgId, urns);
  const escalations = await escalationsOfSchools(db, orgId, urns);
  const schools = cats.schools.map((s): CaseloadSchool => {
    const statuses = contactStatuses(
      contacts.filter((c) => c.urn === s.urn),
      notes.filter((n) => n.urn === s.urn),
      today,
    ).map((c) => ({ ...c, typeLabel: MEETING_LABELS[c.contact.meetingType], href: c.held ? heldHref(c.held) : null }));
    const overdueActions = actions.filter((a) => a.urn === s.urn && compareDates(a.dueDate, today) < 0);
    const mine = escalations.filter((e) => e.urn === s.urn);
    const notices = mine.filter(isOpenNotice).map((r) => openNotice(r, today));
    const proposed = mine.filter((e) => e.status === 'proposed');
    const overdueContacts = statuses.filter((c) => c.state === 'overdue');
    const draftNotes = statuses.filter((c) => c.state === 'held-draft');
    const lateHere = late.filter((v) => v.urn === s.urn);
    const due = [
      ...statuses.filter((c) => NEEDS_ACTION.has(c.state)).map((c) => c.contact.date ?? ''),
      ...overdueActions.map((a) => a.dueDate),
      ...notices.filter((n) => n.reviewOverdue).map((n) => n.reviewDate ?? ''),
      ...proposed.map((p) => p.dueDate ?? today),
    ].filter(Boolean).sort();
    return {
      ...s,
      contacts: statuses,
      next: (nextContact(statuses) as CaseloadContact | null) ?? null,
      overdueContacts,
      draftNotes,
      overdueActions,
      late: lateHere,
      coreGroup: groups.find((g) => g.urn === s.urn) ?? null,
      proposed,
      notices,
      actionCount: overdueContacts.length + draftNotes.length + overdueActions.length + notices.filter((n) => n.reviewOverdue).length + proposed.length,
      firstDue: due[0] ?? null,
    };
  });
  return { source: sourceWords(cats.source), year, schools };
}

export type CaseloadSort = 'action' | 'name' | 'next';

/** What needs action first: most overdue first, then the number of things waiting, then name. */
export function sortCaseload(schools: CaseloadSchool[], sort: CaseloadSort): CaseloadSchool[] {
  const byName = (a: CaseloadSchool, b: CaseloadSchool) => a.name.localeCompare(b.name);
  const copy = [...schools];
  if (sort === 'name') return copy.sort(byName);
  if (sort === 'next') return copy.sort((a, b) => (a.next?.contact.date ?? '9999').localeCompare(b.next?.contact.date ?? '9999') || byName(a, b));
  return copy.sort((a, b) => {
    if (!!a.actionCount !== !!b.actionCount) return a.actionCount ? -1 : 1;
    return (a.firstDue ?? '9999').localeCompare(b.firstDue ?? '9999') || b.actionCount - a.actionCount || byName(a, b);
  });
}
