// The shape of a term-dates file (config/calendars/*.json). Term dates differ between LAs and
// are published a year or two ahead, so they are data; the checks below turn a typing slip in
// a file into a message an officer can act on rather than a silently wrong deadline.
import { z } from 'zod';
import { compareDates, isIsoDate, type IsoDate } from './dates.js';

export const TERM_NAMES = ['autumn', 'spring', 'summer'] as const;
export type TermName = (typeof TERM_NAMES)[number];

const isoDate = z.string().refine(isIsoDate, { message: 'must be a real date written yyyy-mm-dd' });
const span = z.object({ start: isoDate, end: isoDate }).strict();

const termSchema = z
  .object({ name: z.enum(TERM_NAMES), start: isoDate, end: isoDate, halfTerms: z.array(span).length(2) })
  .strict();

const yearSchema = z
  .object({
    label: z.string().regex(/^\d{4}\/\d{2}$/, { message: 'must look like "2025/26"' }),
    terms: z.array(termSchema).length(3),
  })
  .strict();

const bankHolidaySchema = z.object({ date: isoDate, name: z.string().min(1) }).strict();

export const calendarFileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, { message: 'must be lower-case letters, digits and hyphens' }),
    name: z.string().min(1),
    note: z.string().optional(),
    source: z.string().min(1),
    date: isoDate,
    years: z.array(yearSchema).min(1),
    bankHolidays: z.record(z.string().regex(/^\d{4}$/, { message: 'year keys must be four digits' }), z.array(bankHolidaySchema)),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.years.forEach((year, yi) => {
      const issue = (message: string, ...path: (string | number)[]) =>
        ctx.addIssue({ code: 'custom', message, path: ['years', yi, ...path] });
      const first = Number(year.label.slice(0, 4));
      if (Number(year.label.slice(5)) !== (first + 1) % 100) issue(`"${year.label}" is not a September–August academic year`, 'label');
      if (seen.has(year.label)) issue(`${year.label} appears more than once`, 'label');
      seen.add(year.label);
      checkYear(year, first, issue);
    });
    for (const [key, holidays] of Object.entries(file.bankHolidays)) {
      const dates = new Set<string>();
      holidays.forEach((h, hi) => {
        const path = ['bankHolidays', key, hi, 'date'];
        if (isIsoDate(h.date) && !h.date.startsWith(`${key}-`)) ctx.addIssue({ code: 'custom', path, message: `${h.date} is listed under ${key}` });
        if (dates.has(h.date)) ctx.addIssue({ code: 'custom', path, message: `${h.date} is listed twice` });
        dates.add(h.date);
      });
    }
  });

type YearFile = z.infer<typeof yearSchema>;

function checkYear(year: YearFile, firstYear: number, issue: (message: string, ...path: (string | number)[]) => void): void {
  const yearStart = `${firstYear}-09-01`;
  const yearEnd = `${firstYear + 1}-08-31`;
  const allDatesValid = year.terms.every(
    (t) => isIsoDate(t.start) && isIsoDate(t.end) && t.halfTerms.every((h) => isIsoDate(h.start) && isIsoDate(h.end)),
  );
  if (!allDatesValid) return; // the date errors are already reported; comparisons would only add noise
  year.terms.forEach((term, ti) => {
    const expected = TERM_NAMES[ti];
    if (term.name !== expected) issue(`term ${ti + 1} must be the ${expected} term, not ${term.name}`, 'terms', ti, 'name');
    const label = `${term.name} term ${year.label}`;
    if (compareDates(term.start, term.end) > 0) issue(`the ${label} ends (${term.end}) before it starts (${term.start})`, 'terms', ti);
    if (compareDates(term.start, yearStart) < 0 || compareDates(term.end, yearEnd) > 0)
      issue(`the ${label} (${term.start} to ${term.end}) must lie between ${yearStart} and ${yearEnd}`, 'terms', ti);
    const prev = year.terms[ti - 1];
    if (prev && compareDates(term.start, prev.end) <= 0)
      issue(`the ${label} starts ${term.start}, on or before the ${prev.name} term ends (${prev.end}): terms must not overlap`, 'terms', ti, 'start');
    term.halfTerms.forEach((half, hi) => {
      const where = ['terms', ti, 'halfTerms', hi];
      const name = `half term ${hi + 1} of the ${label}`;
      if (compareDates(half.start, half.end) > 0) issue(`${name} ends (${half.end}) before it starts (${half.start})`, ...where);
      if (compareDates(half.start, term.start) < 0 || compareDates(half.end, term.end) > 0)
        issue(`${name} (${half.start} to ${half.end}) must lie within its term (${term.start} to ${term.end})`, ...where);
    });
    const [h1, h2] = term.halfTerms;
    if (compareDates(h2.start, h1.end) <= 0) issue(`the two half terms of the ${label} overlap`, 'terms', ti, 'halfTerms', 1, 'start');
    if (h1.start !== term.start) issue(`the first half term must start when the ${label} starts (${term.start})`, 'terms', ti, 'halfTerms', 0, 'start');
    if (h2.end !== term.end) issue(`the second half term must end when the ${label} ends (${term.end})`, 'terms', ti, 'halfTerms', 1, 'end');
  });
}

export type CalendarFile = z.infer<typeof calendarFileSchema>;

/** Raised for a calendar file that does not validate; `issues` holds one readable line per problem. */
export class CalendarConfigError extends Error {
  constructor(
    readonly source: string,
    readonly issues: string[],
  ) {
    super(`Calendar ${source} is not valid:\n- ${issues.join('\n- ')}`);
  }
}

export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
}

export function validateCalendarFile(input: unknown, source = 'calendar'): CalendarFile {
  const parsed = calendarFileSchema.safeParse(input);
  if (!parsed.success) throw new CalendarConfigError(source, formatIssues(parsed.error));
  return parsed.data;
}

export type { IsoDate };
