// Contact coverage (issue 17, the 2014 action plan's contact KPIs): the year's planned contacts read
// against those held, per link officer, district and kind of contact, with the share of visit notes
// published within 48 hours and the overdue contacts. Pure: it takes the caseload's contact statuses
// (one bulk read by the service) so the coverage page and each officer's caseload never disagree.
import { addDays, compareDates, type IsoDate } from '../calendar/index.js';
import type { MeetingType } from '../engagement-types.js';
import type { ContactStatus } from './contact-status.js';

/** The action plan counts visits, Core Group meetings and improvement reviews separately. */
export type ContactKind = 'visits' | 'core-group' | 'improvement-review';

export const CONTACT_KIND_LABELS: Record<ContactKind, string> = {
  visits: 'Visits (annual conversations, quality-assurance and termly visits)',
  'core-group': 'Core Group meetings',
  'improvement-review': 'Improvement Review meetings',
};

export function contactKind(t: MeetingType): ContactKind {
  return t === 'core-group' || t === 'improvement-review' ? t : 'visits';
}

/** The same window the late-notes list uses: a note is late once two whole days have passed after the visit. */
export const NOTE_WINDOW_DAYS = 2;

export interface CoverageSchool {
  urn: number;
  name: string;
  officer: string | null;
  district: string | null;
  contacts: readonly ContactStatus[];
}

export interface CoverageNote {
  urn: number;
  type: MeetingType;
  visitDate: IsoDate;
  status: 'draft' | 'published';
  /** The day (UTC) the note was published, null while it is a draft. */
  publishedOn: IsoDate | null;
}

export interface CoverageCounts {
  schools: number;
  /** Every contact planned for the year. */
  planned: number;
  /** Contacts whose date has passed or that have been held: held + overdue. */
  due: number;
  /** Held (the note published or the meeting recorded, or held with its note still a draft). */
  held: number;
  heldDraft: number;
  overdue: number;
  /** Held of due, as a whole percentage; null when nothing is due yet. */
  heldPct: number | null;
  /** Visit notes published within 48 hours, of those whose 48 hours have passed. */
  notesOnTime: number;
  notesDue: number;
  notesOnTimePct: number | null;
}

export interface CoverageRow extends CoverageCounts {
  key: string;
  label: string;
}

export interface OverdueContact {
  urn: number;
  school: string;
  officer: string | null;
  district: string | null;
  meetingType: MeetingType;
  plannedDate: IsoDate;
  daysOverdue: number;
}

export interface CoverageReport {
  total: CoverageCounts;
  byOfficer: CoverageRow[];
  byDistrict: CoverageRow[];
  byKind: CoverageRow[];
  /** Most overdue first. */
  overdue: OverdueContact[];
}

const pct = (n: number, d: number) => (d ? Math.round((100 * n) / d) : null);
const days = (from: IsoDate, to: IsoDate) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

interface Item {
  school: CoverageSchool;
  kind: ContactKind;
}

function counts(contacts: readonly (Item & { status: ContactStatus })[], notes: readonly (Item & { note: CoverageNote })[], today: IsoDate): CoverageCounts {
  const held = contacts.filter((c) => c.status.state === 'done' || c.status.state === 'held-draft').length;
  const overdue = contacts.filter((c) => c.status.state === 'overdue').length;
  let notesOnTime = 0;
  let notesDue = 0;
  for (const { note } of notes) {
    const deadline = addDays(note.visitDate, NOTE_WINDOW_DAYS);
    if (note.publishedOn) {
      notesDue++;
      if (compareDates(note.publishedOn, deadline) <= 0) notesOnTime++;
    } else if (compareDates(today, deadline) > 0) notesDue++;
  }
  const schools = new Set([...contacts.map((c) => c.school.urn), ...notes.map((n) => n.school.urn)]).size;
  return {
    schools,
    planned: contacts.length,
    due: held + overdue,
    held,
    heldDraft: contacts.filter((c) => c.status.state === 'held-draft').length,
    overdue,
    heldPct: pct(held, held + overdue),
    notesOnTime,
    notesDue,
    notesOnTimePct: pct(notesOnTime, notesDue),
  };
}

/**
 * Coverage of the schools given, on `today`. Notes are visit notes of the year up to today; a note of
 * a school not in `schools` is ignored. Rows without an officer or district are grouped under null
 * (the page says "No link officer" / "No district").
 */
export function contactCoverage(schools: readonly CoverageSchool[], notes: readonly CoverageNote[], today: IsoDate): CoverageReport {
  const byUrn = new Map(schools.map((s) => [s.urn, s]));
  const contacts = schools.flatMap((school) => school.contacts.map((status) => ({ school, status, kind: contactKind(status.contact.meetingType) })));
  const held = notes
    .filter((n) => byUrn.has(n.urn) && compareDates(n.visitDate, today) <= 0)
    .map((note) => ({ school: byUrn.get(note.urn)!, note, kind: contactKind(note.type) }));
  const group = (keyOf: (i: Item) => string | null, labelOf: (key: string) => string, order?: readonly string[]): CoverageRow[] => {
    const keys = new Set([...contacts, ...held].map((i) => keyOf(i) ?? ''));
    const sorted = order ? order.filter((k) => keys.has(k)) : [...keys].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
    return sorted.map((key) => ({
      key,
      label: labelOf(key),
      ...counts(
        contacts.filter((c) => (keyOf(c) ?? '') === key),
        held.filter((n) => (keyOf(n) ?? '') === key),
        today,
      ),
    }));
  };
  const overdue = contacts
    .filter((c) => c.status.state === 'overdue' && c.status.contact.date)
    .map(({ school, status }) => ({
      urn: school.urn,
      school: school.name,
      officer: school.officer,
      district: school.district,
      meetingType: status.contact.meetingType,
      plannedDate: status.contact.date!,
      daysOverdue: days(status.contact.date!, today),
    }))
    .sort((a, b) => b.daysOverdue - a.daysOverdue || a.school.localeCompare(b.school));
  return {
    total: counts(contacts, held, today),
    byOfficer: group((i) => i.school.officer, (k) => k || 'No link officer'),
    byDistrict: group((i) => i.school.district, (k) => k || 'No district'),
    byKind: group((i) => i.kind, (k) => CONTACT_KIND_LABELS[k as ContactKind], Object.keys(CONTACT_KIND_LABELS)),
    overdue,
  };
}
