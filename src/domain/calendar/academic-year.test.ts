import { describe, expect, it } from 'vitest';
import { academicYear, academicYearOf, CalendarRangeError, halfTermOf, isSchoolHoliday, termOf } from './academic-year.js';
import { loadCalendar } from './load.js';

const cal = loadCalendar();

describe('academic years', () => {
  it('runs September to August', () => {
    expect(academicYearOf('2025-09-01')).toBe('2025/26');
    expect(academicYearOf('2026-08-31')).toBe('2025/26');
    expect(academicYearOf('2025-08-31')).toBe('2024/25');
    expect(academicYearOf('2099-12-01')).toBe('2099/00');
  });

  it('lists the three terms and six half terms of 2025/26', () => {
    const year = academicYear('2025/26', cal);
    expect(year.start).toBe('2025-09-01');
    expect(year.end).toBe('2026-08-31');
    expect(year.terms.map((t) => [t.name, t.start, t.end])).toEqual([
      ['autumn', '2025-09-03', '2025-12-19'],
      ['spring', '2026-01-05', '2026-03-27'],
      ['summer', '2026-04-13', '2026-07-22'],
    ]);
    expect(year.halfTerms.map((h) => `${h.label} ${h.start}–${h.end}`)).toEqual([
      'Autumn 1 2025-09-03–2025-10-24',
      'Autumn 2 2025-11-03–2025-12-19',
      'Spring 1 2026-01-05–2026-02-13',
      'Spring 2 2026-02-23–2026-03-27',
      'Summer 1 2026-04-13–2026-05-22',
      'Summer 2 2026-06-01–2026-07-22',
    ]);
    expect(year.halfTerms.map((h) => h.id)).toEqual(['autumn-1', 'autumn-2', 'spring-1', 'spring-2', 'summer-1', 'summer-2']);
  });

  it('holds every year from 2023/24 to 2026/27', () => {
    expect(cal.years.map((y) => y.label)).toEqual(['2023/24', '2024/25', '2025/26', '2026/27']);
    expect(() => academicYear('2027/28', cal)).toThrow(CalendarRangeError);
  });

  it('finds the term and half term of a date, and null in holidays', () => {
    expect(termOf('2025-10-01', cal)?.name).toBe('autumn');
    expect(halfTermOf('2025-10-01', cal)?.id).toBe('autumn-1');
    expect(termOf('2025-10-28', cal)?.name).toBe('autumn'); // half-term break is still within the term
    expect(halfTermOf('2025-10-28', cal)).toBeNull();
    expect(termOf('2025-12-24', cal)).toBeNull();
    expect(halfTermOf('2026-02-24', cal)?.label).toBe('Spring 2');
    expect(halfTermOf('2026-07-22', cal)?.id).toBe('summer-2');
    expect(termOf('2026-08-10', cal)).toBeNull();
    expect(isSchoolHoliday('2026-04-01', cal)).toBe(true);
    expect(isSchoolHoliday('2024-02-29', cal)).toBe(false); // leap day in spring 1 of 2023/24
    expect(() => termOf('2030-01-10', cal)).toThrow(/no term dates for 2029\/30/);
  });
});
