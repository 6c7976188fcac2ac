// Whether each planned contact of a school happened: the officer's caseload and the school hub read
// the year's plan against what was actually recorded (visit notes, Core Group meetings). A contact
// only counts as done once its note is published (or the meeting recorded): a draft note means the
// visit was held but the school has not had the note, which still needs the officer.
import { compareDates, type IsoDate } from '../calendar/index.js';
import type { MeetingType } from '../engagement-types.js';
import type { PlannedContact } from './programme.js';

export interface HeldContact {
  kind: 'visit' | 'meeting';
  id: number;
  urn: number;
  type: MeetingType;
  date: IsoDate;
  /** A visit note's state; a recorded Core Group meeting is always 'recorded'. */
  status: 'draft' | 'published' | 'recorded';
}

export type ContactState = 'done' | 'held-draft' | 'overdue' | 'upcoming' | 'unscheduled';

export interface ContactStatus {
  contact: PlannedContact;
  state: ContactState;
  /** The note or meeting that fulfilled the contact (done or held-draft). */
  held: HeldContact | null;
}

export const CONTACT_STATE_LABELS: Record<ContactState, string> = {
  done: 'Done',
  'held-draft': 'Held, note not published',
  overdue: 'Overdue',
  upcoming: 'Upcoming',
  unscheduled: 'Not scheduled',
};

/** States that need the officer to do something. */
export const NEEDS_ACTION: ReadonlySet<ContactState> = new Set(['overdue', 'held-draft']);

/**
 * Matches held contacts to one school's planned contacts of the same type: each note, oldest first,
 * fulfils the nearest planned contact not yet fulfilled (the earlier on a tie), so a visit held a few
 * days early or late counts for the contact it was for and one note never fulfils two contacts.
 */
export function contactStatuses(planned: readonly PlannedContact[], held: readonly HeldContact[], today: IsoDate): ContactStatus[] {
  const byDate = (a: { date: IsoDate | null }, b: { date: IsoDate | null }) => (a.date ?? '9999-12-31').localeCompare(b.date ?? '9999-12-31');
  const sorted = [...planned].sort(byDate);
  const fulfilled = new Map<PlannedContact, HeldContact>();
  for (const note of [...held].sort(byDate)) {
    let best: PlannedContact | null = null;
    let bestGap = Infinity;
    for (const c of sorted) {
      if (!c.date || fulfilled.has(c) || c.urn !== note.urn || c.meetingType !== note.type) continue;
      const gap = Math.abs(dayNumber(c.date) - dayNumber(note.date));
      if (gap < bestGap) [best, bestGap] = [c, gap];
    }
    if (best) fulfilled.set(best, note);
  }
  return sorted.map((contact) => {
    const note = fulfilled.get(contact) ?? null;
    if (note) return { contact, state: note.status === 'draft' ? ('held-draft' as const) : ('done' as const), held: note };
    if (!contact.date) return { contact, state: 'unscheduled' as const, held: null };
    return { contact, state: compareDates(contact.date, today) < 0 ? ('overdue' as const) : ('upcoming' as const), held: null };
  });
}

const dayNumber = (d: IsoDate) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

/** The next contact still to happen: the first upcoming one (a done contact is never "next"). */
export function nextContact(statuses: readonly ContactStatus[]): ContactStatus | null {
  return statuses.find((s) => s.state === 'upcoming') ?? null;
}
