import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCalendar } from './academic-year.js';
import { calendarPath } from './load.js';
import { CalendarConfigError } from './schema.js';

const original = JSON.parse(readFileSync(calendarPath('england-default'), 'utf8'));
const copy = () => structuredClone(original);

function issuesOf(input: unknown): string[] {
  try {
    buildCalendar(input, 'test.json');
  } catch (err) {
    if (err instanceof CalendarConfigError) return err.issues;
    throw err;
  }
  return [];
}

describe('calendar file validation', () => {
  it('accepts the shipped default and says what it is', () => {
    expect(issuesOf(original)).toEqual([]);
    expect(original.note).toMatch(/not any local authority's published term dates/);
    expect(original.source).toMatch(/gov\.uk/i);
    expect(original.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Object.keys(original.bankHolidays)).toEqual(['2023', '2024', '2025', '2026', '2027']);
  });

  it('reports a half term outside its term', () => {
    const file = copy();
    file.years[2].terms[1].halfTerms[1].end = '2026-04-02';
    const issues = issuesOf(file);
    expect(issues.some((i) => /years\.2\.terms\.1\.halfTerms\.1: half term 2 of the spring term 2025\/26 .* must lie within its term/.test(i))).toBe(true);
  });

  it('reports overlapping terms', () => {
    const file = copy();
    file.years[2].terms[1].start = '2025-12-18';
    file.years[2].terms[1].halfTerms[0].start = '2025-12-18';
    expect(issuesOf(file).join('\n')).toMatch(/terms must not overlap/);
  });

  it('reports overlapping half terms, reversed dates and terms out of order', () => {
    const file = copy();
    file.years[0].terms[0].halfTerms[1].start = '2023-10-20';
    file.years[1].terms[2].halfTerms[0].end = '2025-04-01';
    file.years[3].terms[0].name = 'spring';
    const text = issuesOf(file).join('\n');
    expect(text).toMatch(/two half terms of the autumn term 2023\/24 overlap/);
    expect(text).toMatch(/half term 1 of the summer term 2024\/25 ends \(2025-04-01\) before it starts/);
    expect(text).toMatch(/term 1 must be the autumn term, not spring/);
  });

  it('reports impossible dates, bad labels and misfiled bank holidays', () => {
    const file = copy();
    file.years[0].terms[1].halfTerms[0].end = '2023-02-30';
    file.years[1].label = '2024/26';
    file.bankHolidays['2025'].push({ date: '2026-01-01', name: "New Year's Day" });
    const text = issuesOf(file).join('\n');
    expect(text).toMatch(/years\.0\.terms\.1\.halfTerms\.0\.end: must be a real date written yyyy-mm-dd/);
    expect(text).toMatch(/"2024\/26" is not a September–August academic year/);
    expect(text).toMatch(/2026-01-01 is listed under 2025/);
  });

  it('reports a missing field', () => {
    const file = copy();
    delete file.source;
    const err = (() => {
      try {
        buildCalendar(file, 'broken.json');
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(CalendarConfigError);
    expect(err?.message).toMatch(/^Calendar broken\.json is not valid:\n- source: /);
  });

  it('reports a term outside its academic year', () => {
    const file = copy();
    file.years[0].terms[0].start = '2023-08-29';
    file.years[0].terms[0].halfTerms[0].start = '2023-08-29';
    expect(issuesOf(file).join('\n')).toMatch(/autumn term 2023\/24 \(2023-08-29 to 2023-12-20\) must lie between 2023-09-01 and 2024-08-31/);
  });
});
