// Working days for deadlines. LA-facing deadlines skip weekends and bank holidays; deadlines the
// school must meet (or meetings held in the school day) can also skip school holidays, because a
// governing body cannot be expected to act over Christmas or the summer.
import { CalendarRangeError, isSchoolHoliday, type SchoolCalendar } from './academic-year.js';
import { addDays, compareDates, isWeekend, type IsoDate } from './dates.js';

export interface WorkingDayOptions {
  /** Also skip half-term breaks and school holidays (for school-facing deadlines). */
  excludeSchoolHolidays?: boolean;
}

export function isBankHoliday(date: IsoDate, cal: SchoolCalendar): boolean {
  const year = Number(date.slice(0, 4));
  if (!cal.bankHolidayYears.has(year)) {
    throw new CalendarRangeError(`The calendar "${cal.id}" does not list bank holidays for ${year}, so working days in ${year} are unknown`);
  }
  return cal.bankHolidays.has(date);
}

export function isWorkingDay(date: IsoDate, cal: SchoolCalendar, opts: WorkingDayOptions = {}): boolean {
  if (isWeekend(date)) return false;
  if (isBankHoliday(date, cal)) return false;
  return !(opts.excludeSchoolHolidays && isSchoolHoliday(date, cal));
}

/** The date itself if it is a working day, otherwise the next one: a deadline that lands on a Saturday moves to Monday. */
export function nextWorkingDay(date: IsoDate, cal: SchoolCalendar, opts: WorkingDayOptions = {}): IsoDate {
  let d = date;
  while (!isWorkingDay(d, cal, opts)) d = addDays(d, 1);
  return d;
}

/** The date itself if it is a working day, otherwise the last one before it. */
export function previousWorkingDay(date: IsoDate, cal: SchoolCalendar, opts: WorkingDayOptions = {}): IsoDate {
  let d = date;
  while (!isWorkingDay(d, cal, opts)) d = addDays(d, -1);
  return d;
}

/**
 * The n-th working day after `date` ("within 10 working days of the letter"): the start date itself
 * is not counted. n = 0 rolls a non-working date forward; negative n counts backwards.
 */
export function addWorkingDays(date: IsoDate, n: number, cal: SchoolCalendar, opts: WorkingDayOptions = {}): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`addWorkingDays needs a whole number of days, not ${n}`);
  if (n === 0) return nextWorkingDay(date, cal, opts);
  const step = n > 0 ? 1 : -1;
  let d = date;
  for (let left = Math.abs(n); left > 0; ) {
    d = addDays(d, step);
    if (isWorkingDay(d, cal, opts)) left--;
  }
  return d;
}

/**
 * Working days after `from` up to and including `to`, so that
 * workingDaysBetween(d, addWorkingDays(d, n)) === n. Negative when `to` is earlier.
 */
export function workingDaysBetween(from: IsoDate, to: IsoDate, cal: SchoolCalendar, opts: WorkingDayOptions = {}): number {
  const order = compareDates(from, to);
  if (order === 0) return 0;
  if (order > 0) return -workingDaysBetween(to, from, cal, opts);
  let count = 0;
  for (let d = addDays(from, 1); compareDates(d, to) <= 0; d = addDays(d, 1)) if (isWorkingDay(d, cal, opts)) count++;
  return count;
}

/** Working days from start to end inclusive, in order. */
export function workingDaysIn(start: IsoDate, end: IsoDate, cal: SchoolCalendar, opts: WorkingDayOptions = {}): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = start; compareDates(d, end) <= 0; d = addDays(d, 1)) if (isWorkingDay(d, cal, opts)) out.push(d);
  return out;
}
