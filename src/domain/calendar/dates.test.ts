import { describe, expect, it } from 'vitest';
import { addDays, addMonths, addWeeks, dayOfWeek, daysBetween, formatLong, isIsoDate, isLeapYear, toDayNumber } from './dates.js';

describe('ISO dates in UTC', () => {
  it('knows leap years, including the century rules', () => {
    expect([2024, 2028, 2000].map(isLeapYear)).toEqual([true, true, true]);
    expect([2023, 2025, 1900, 2100].map(isLeapYear)).toEqual([false, false, false, false]);
  });

  it('accepts 29 February only in a leap year', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-13-01')).toBe(false);
    expect(isIsoDate('25-01-01')).toBe(false);
    expect(() => toDayNumber('2025-02-30')).toThrow(/yyyy-mm-dd/);
  });

  it('adds days across 29 February and across the clocks changing', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30'); // British Summer Time starts 29 March 2026
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
    expect(daysBetween('2024-02-01', '2024-03-01')).toBe(29);
    expect(daysBetween('2025-02-01', '2025-03-01')).toBe(28);
  });

  it('adds weeks and months', () => {
    expect(addWeeks('2025-11-10', 6)).toBe('2025-12-22');
    expect(addWeeks('2025-11-10', -1)).toBe('2025-11-03');
    expect(addMonths('2025-12-31', 2)).toBe('2026-02-28');
    expect(addMonths('2023-12-31', 2)).toBe('2024-02-29');
    expect(addMonths('2025-11-15', 2)).toBe('2026-01-15');
  });

  it('names weekdays and writes dates for letters', () => {
    expect(dayOfWeek('2025-09-01')).toBe(1);
    expect(dayOfWeek('2025-12-27')).toBe(6);
    expect(dayOfWeek('1969-12-31')).toBe(3);
    expect(formatLong('2026-02-09')).toBe('9 February 2026');
  });
});
