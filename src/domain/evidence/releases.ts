// The data catalogue's release calendar (config/releases.json) and what follows from it: for each source,
// the latest data held, the next release expected and whether it is overdue. Pure: the service supplies
// what is held and today's date. Years without performance tables (2019/20, 2020/21) are skipped.
import { z } from 'zod';
import { NO_TABLES } from './layouts/common.js';
import { startYear } from './measures.js';

const yearly = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  label: z.string().min(1),
  kind: z.enum(['ks2', 'ks4', 'census', 'absence']),
  cadence: z.literal('yearly'),
  /** Month and day of the release for an academic year's data … */
  monthDay: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/),
  /** … in the calendar year the academic year ends in, plus this many years. */
  yearsAfterEnd: z.number().int().min(0).max(2),
  /**
   * Which release of the year this is (KS2, KS4). A final release is held only once a final file is
   * imported; a provisional one is covered by either (the final figures replace the provisional).
   */
  release: z.enum(['provisional', 'final']).optional(),
}).strict();
const monthly = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  label: z.string().min(1),
  kind: z.literal('ofsted'),
  cadence: z.literal('monthly'),
  /** Day of the month the previous month's file appears. */
  dayOfMonth: z.number().int().min(1).max(28),
}).strict();

export const releaseCalendarSchema = z.object({
  source: z.string().min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** Days after the expected date before a release counts as overdue. */
  graceDays: z.number().int().min(0).max(90),
  /** A measure whose latest year was published longer ago than this is stale. */
  measureStaleAfterMonths: z.number().int().min(1).max(60),
  releases: z.array(z.discriminatedUnion('cadence', [yearly, monthly])).min(1),
}).strict();

export type ReleaseCalendar = z.infer<typeof releaseCalendarSchema>;
export type Release = ReleaseCalendar['releases'][number];

/** What an organisation holds of one kind: the newest academic year (yearly) or data date (monthly), and its file. */
export interface HeldSource {
  kind: string;
  latestYear: string | null;
  /** For Ofsted: the newest publication date among the inspections its MI files brought. */
  latestDate: string | null;
  fileName: string | null;
  importedAt: string | null;
  /** The release of the newest year held (KS2, KS4); absent for sources published once. */
  release?: 'provisional' | 'final' | null;
}

export interface CatalogueEntry {
  id: string;
  label: string;
  kind: string;
  cadence: 'yearly' | 'monthly';
  latestFile: string | null;
  latestImported: string | null;
  /** "2024/25" for yearly releases, a date for Ofsted's monthly files. */
  latestHeld: string | null;
  /** Whether the data held is from a provisional or a final release (KS2, KS4). */
  latestRelease: 'provisional' | 'final' | null;
  next: { covers: string; due: string };
  overdue: boolean;
  daysOverdue: number;
}

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const daysFrom = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
const yearName = (start: number) => `${start}/${String((start + 1) % 100).padStart(2, '0')}`;

export function yearlyDue(r: Extract<Release, { cadence: 'yearly' }>, year: string): string {
  return `${startYear(year) + 1 + r.yearsAfterEnd}-${r.monthDay}`;
}

function nextYear(kind: string, after: number): number {
  let y = after + 1;
  // No KS2 or KS4 tables were published for the pandemic years.
  while ((kind === 'ks2' || kind === 'ks4') && NO_TABLES.includes(yearName(y))) y++;
  return y;
}

function monthName(iso: string): string {
  return new Date(`${iso.slice(0, 7)}-01T00:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** The next release of `r` after what is held, and whether it is overdue on `today`. */
export function catalogueEntry(r: Release, held: HeldSource | undefined, today: string, graceDays: number): CatalogueEntry {
  let next: CatalogueEntry['next'];
  if (r.cadence === 'yearly') {
    let start: number;
    if (held?.latestYear) start = nextYear(r.kind, startYear(held.latestYear));
    else {
      // Nothing held: the most recent year whose release is already due.
      start = Number(today.slice(0, 4)) - 3;
      while (yearlyDue(r, yearName(nextYear(r.kind, start))) <= today) start = nextYear(r.kind, start);
    }
    const year = yearName(start);
    next = { covers: year, due: yearlyDue(r, year) };
  } else {
    // The file "as at" the end of a month appears the next month; one dated in month M is covered by M's file.
    // Nothing held: last month's file was due (and so is overdue once the grace has passed).
    const basis = held?.latestDate ?? addDays(today, -62);
    const [y, m] = basis.split('-').map(Number);
    const dueMonth = new Date(Date.UTC(y, m, r.dayOfMonth)).toISOString().slice(0, 10);
    next = { covers: `as at the end of ${monthName(basis)}`, due: dueMonth };
  }
  const late = daysFrom(next.due, today);
  return {
    id: r.id,
    label: r.label,
    kind: r.kind,
    cadence: r.cadence,
    latestFile: held?.fileName ?? null,
    latestImported: held?.importedAt ?? null,
    latestHeld: r.cadence === 'yearly' ? (held?.latestYear ?? null) : (held?.latestDate ?? null),
    latestRelease: held?.release ?? null,
    next,
    overdue: late > graceDays,
    daysOverdue: Math.max(0, late),
  };
}

/**
 * What counts as held for release `r`: for a final release, only final files (a source whose files do not
 * say counts as final); otherwise the newest year held of either release.
 */
function heldFor(r: Release, held: readonly HeldSource[]): HeldSource | undefined {
  const ofKind = held.filter((h) => h.kind === r.kind && (r.cadence !== 'yearly' || r.release !== 'final' || h.release !== 'provisional'));
  const newest = (h: HeldSource) => (h.latestYear ? startYear(h.latestYear) : -1);
  // Of two files of the same year, the final one is what is held.
  return ofKind.sort((a, b) => newest(b) - newest(a) || (a.release === 'final' ? -1 : b.release === 'final' ? 1 : 0))[0];
}

export function catalogue(calendar: ReleaseCalendar, held: readonly HeldSource[], today: string): CatalogueEntry[] {
  return calendar.releases.map((r) => {
    const entry = catalogueEntry(r, heldFor(r, held), today, calendar.graceDays);
    if (r.cadence !== 'yearly' || r.release !== 'final') return entry;
    // A year held only provisionally is the one whose final release comes next.
    const provisional = held.filter((h) => h.kind === r.kind && h.release === 'provisional' && h.latestYear).map((h) => h.latestYear!);
    const pending = provisional.filter((y) => !entry.latestHeld || startYear(y) > startYear(entry.latestHeld)).sort((a, b) => startYear(a) - startYear(b))[0];
    if (!pending || pending === entry.next.covers) return entry;
    const due = yearlyDue(r, pending);
    const late = daysFrom(due, today);
    return { ...entry, next: { covers: pending, due }, overdue: late > calendar.graceDays, daysOverdue: Math.max(0, late) };
  });
}

/** Releases expected in today's calendar month, and those overdue, for an analyst's "due this month". */
export function dueThisMonth(entries: readonly CatalogueEntry[], today: string): { month: string; due: CatalogueEntry[]; overdue: CatalogueEntry[] } {
  const month = today.slice(0, 7);
  return {
    month: monthName(today),
    due: entries.filter((e) => e.next.due.slice(0, 7) === month && !e.overdue),
    overdue: entries.filter((e) => e.overdue),
  };
}

/** Whether a figure published on `asAt` is stale on `asOf` (more than `months` months before). */
export function measureIsStale(asAt: string, asOf: string, months: number): boolean {
  const [y, m, d] = asAt.split('-').map(Number);
  const limit = new Date(Date.UTC(y, m - 1 + months, d)).toISOString().slice(0, 10);
  return limit < asOf;
}
