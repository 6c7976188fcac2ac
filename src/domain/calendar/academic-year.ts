// Academic years, terms and half terms. A school year "2025/26" runs 1 September 2025 to
// 31 August 2026; the term dates inside it come from the LA's calendar file.
import { compareDates, toDayNumber, type IsoDate } from './dates.js';
import { TERM_NAMES, validateCalendarFile, type TermName } from './schema.js';

export type HalfTermId = `${TermName}-${1 | 2}`;

export interface HalfTermDates {
  id: HalfTermId;
  term: TermName;
  academicYear: string;
  /** "Autumn 1" */
  label: string;
  start: IsoDate;
  end: IsoDate;
}

export interface TermDates {
  name: TermName;
  academicYear: string;
  /** "Autumn term 2025/26" */
  label: string;
  start: IsoDate;
  end: IsoDate;
  halfTerms: [HalfTermDates, HalfTermDates];
}

export interface AcademicYearDates {
  label: string;
  start: IsoDate;
  end: IsoDate;
  terms: [TermDates, TermDates, TermDates];
  halfTerms: HalfTermDates[];
}

export interface SchoolCalendar {
  id: string;
  name: string;
  note?: string;
  source: string;
  date: IsoDate;
  years: AcademicYearDates[];
  bankHolidays: ReadonlyMap<IsoDate, string>;
  /** Calendar years whose bank holidays the file lists; outside them working days are unknown. */
  bankHolidayYears: ReadonlySet<number>;
}

/** Raised when a question needs dates the calendar file does not hold. */
export class CalendarRangeError extends Error {}

const capital = (s: string) => s[0].toUpperCase() + s.slice(1);

/** Validates a parsed calendar file and builds the lookup structures. */
export function buildCalendar(input: unknown, source = 'calendar'): SchoolCalendar {
  const file = validateCalendarFile(input, source);
  const years = file.years
    .map((y): AcademicYearDates => {
      const first = Number(y.label.slice(0, 4));
      const terms = y.terms.map((t): TermDates => {
        const halfTerms = t.halfTerms.map(
          (h, i): HalfTermDates => ({
            id: `${t.name}-${(i + 1) as 1 | 2}`,
            term: t.name,
            academicYear: y.label,
            label: `${capital(t.name)} ${i + 1}`,
            start: h.start,
            end: h.end,
          }),
        ) as [HalfTermDates, HalfTermDates];
        return { name: t.name, academicYear: y.label, label: `${capital(t.name)} term ${y.label}`, start: t.start, end: t.end, halfTerms };
      }) as [TermDates, TermDates, TermDates];
      return { label: y.label, start: `${first}-09-01`, end: `${first + 1}-08-31`, terms, halfTerms: terms.flatMap((t) => t.halfTerms) };
    })
    .sort((a, b) => compareDates(a.start, b.start));
  const bankHolidays = new Map<IsoDate, string>();
  for (const list of Object.values(file.bankHolidays)) for (const h of list) bankHolidays.set(h.date, h.name);
  return {
    id: file.id,
    name: file.name,
    note: file.note,
    source: file.source,
    date: file.date,
    years,
    bankHolidays,
    bankHolidayYears: new Set(Object.keys(file.bankHolidays).map(Number)),
  };
}

export function academicYearLabel(startYear: number): string {
  return `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`;
}

/** The September–August academic year a date falls in: 31 August 2026 is still "2025/26". */
export function academicYearOf(date: IsoDate): string {
  toDayNumber(date);
  const [y, m] = date.split('-').map(Number);
  return academicYearLabel(m >= 9 ? y : y - 1);
}

export function academicYear(label: string, cal: SchoolCalendar): AcademicYearDates {
  const found = cal.years.find((y) => y.label === label);
  if (!found) {
    const held = cal.years.map((y) => y.label).join(', ');
    throw new CalendarRangeError(`The calendar "${cal.id}" has no term dates for ${label} (it holds ${held})`);
  }
  return found;
}

const within = (date: IsoDate, span: { start: IsoDate; end: IsoDate }) =>
  compareDates(date, span.start) >= 0 && compareDates(date, span.end) <= 0;

/** The term a date falls in, or null in a school holiday. */
export function termOf(date: IsoDate, cal: SchoolCalendar): TermDates | null {
  return academicYear(academicYearOf(date), cal).terms.find((t) => within(date, t)) ?? null;
}

/** The half term a date falls in, or null in a school holiday (including the half-term break). */
export function halfTermOf(date: IsoDate, cal: SchoolCalendar): HalfTermDates | null {
  return academicYear(academicYearOf(date), cal).halfTerms.find((h) => within(date, h)) ?? null;
}

/** True outside every half term of the year: half-term breaks, Christmas, Easter and the summer. */
export function isSchoolHoliday(date: IsoDate, cal: SchoolCalendar): boolean {
  return halfTermOf(date, cal) === null;
}

/** Every term the calendar holds, in date order. */
export function allTerms(cal: SchoolCalendar): TermDates[] {
  return cal.years.flatMap((y) => y.terms);
}

/** The term in progress on a date or, in a holiday, the next one to start (null past the calendar's end). */
export function termOnOrAfter(date: IsoDate, cal: SchoolCalendar): TermDates | null {
  return allTerms(cal).find((t) => compareDates(t.end, date) >= 0) ?? null;
}

export { TERM_NAMES, type TermName };
