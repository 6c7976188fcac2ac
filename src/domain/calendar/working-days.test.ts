import { describe, expect, it } from 'vitest';
import { addWeeks } from './dates.js';
import { loadCalendar } from './load.js';
import { addWorkingDays, isWorkingDay, nextWorkingDay, workingDaysBetween, workingDaysIn } from './working-days.js';

const cal = loadCalendar();
const school = { excludeSchoolHolidays: true };

describe('working days', () => {
  it('excludes weekends and bank holidays, including substitute days', () => {
    expect(isWorkingDay('2025-12-24', cal)).toBe(true);
    expect(isWorkingDay('2025-12-25', cal)).toBe(false);
    expect(isWorkingDay('2025-12-27', cal)).toBe(false); // Saturday
    expect(isWorkingDay('2026-12-28', cal)).toBe(false); // Boxing Day substitute
    expect(isWorkingDay('2027-12-27', cal)).toBe(false); // Christmas Day substitute
    expect(isWorkingDay('2023-05-08', cal)).toBe(false); // coronation bank holiday
  });

  it('can also exclude school holidays for school-facing deadlines', () => {
    expect(isWorkingDay('2025-10-28', cal)).toBe(true);
    expect(isWorkingDay('2025-10-28', cal, school)).toBe(false);
  });

  it('carries a deadline across Christmas and New Year', () => {
    // Friday 19 Dec 2025 + 5: Mon 22, Tue 23, Wed 24, Mon 29, Tue 30
    expect(addWorkingDays('2025-12-19', 5, cal)).toBe('2025-12-30');
    expect(addWorkingDays('2025-12-19', 7, cal)).toBe('2026-01-02'); // skips 1 January
    // the school is on holiday until Monday 5 January
    expect(addWorkingDays('2025-12-19', 1, cal, school)).toBe('2026-01-05');
    expect(addWorkingDays('2025-12-15', 10, cal, school)).toBe('2026-01-12'); // 4 days before, 6 after
  });

  it('carries a deadline across the Easter bank holidays', () => {
    // Thursday 2 April 2026 + 2: Good Friday 3 and Easter Monday 6 are skipped
    expect(addWorkingDays('2026-04-02', 1, cal)).toBe('2026-04-07');
    expect(addWorkingDays('2026-04-02', 2, cal)).toBe('2026-04-08');
    expect(addWorkingDays('2026-03-26', 3, cal, school)).toBe('2026-04-14');
    expect(workingDaysBetween('2026-04-02', '2026-04-08', cal)).toBe(2);
  });

  it('moves a deadline that lands on a weekend to the Monday', () => {
    const sixWeeks = addWeeks('2025-11-08', 6); // a Saturday
    expect(sixWeeks).toBe('2025-12-20');
    expect(nextWorkingDay(sixWeeks, cal)).toBe('2025-12-22');
    expect(nextWorkingDay(sixWeeks, cal, school)).toBe('2026-01-05');
    expect(addWorkingDays('2026-01-09', 1, cal)).toBe('2026-01-12');
    expect(addWorkingDays('2026-01-10', 0, cal)).toBe('2026-01-12');
  });

  it('counts working days through a leap February', () => {
    expect(workingDaysBetween('2024-02-26', '2024-03-04', cal)).toBe(5); // Tue 27 … Mon 4, with 29 Feb
    expect(workingDaysIn('2024-02-01', '2024-02-29', cal)).toHaveLength(21);
    expect(workingDaysIn('2025-02-01', '2025-02-28', cal)).toHaveLength(20);
    expect(addWorkingDays('2024-02-28', 1, cal)).toBe('2024-02-29');
  });

  it('is the inverse of addWorkingDays and counts backwards', () => {
    for (const n of [1, 5, 15, 40]) expect(workingDaysBetween('2025-12-10', addWorkingDays('2025-12-10', n, cal), cal)).toBe(n);
    expect(addWorkingDays('2026-01-05', -3, cal)).toBe('2025-12-30');
    expect(workingDaysBetween('2026-01-05', '2025-12-30', cal)).toBe(-3);
  });

  it('refuses to guess outside the bank holidays it knows', () => {
    expect(() => isWorkingDay('2028-03-01', cal)).toThrow(/bank holidays for 2028/);
    expect(() => addWorkingDays('2025-01-01', 1.5, cal)).toThrow(RangeError);
  });
});
