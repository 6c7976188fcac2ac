// When a published figure could first have been known. `asOf` views (the categorisation engine's
// autumn run, the risk model's back-tests) may only use evidence published by then, so each area gets
// the DfE's usual release point for its academic year. The dates are deliberately the *later* release
// (final tables, not provisional), so an as-of view never sees a figure early.
import { startYear } from './measures.js';
import type { AcademicYear } from './types.js';

/** ISO date from which a figure for `year` in `area` is treated as published. */
export function availableFrom(area: string, year: AcademicYear): string {
  const end = startYear(year) + 1; // the calendar year the academic year ends in
  switch (area) {
    case 'ks2': // final KS2 performance tables: December after the tests
      return `${end}-12-15`;
    case 'ks4': // final KS4 tables (revised data): late January/February after the exams
      return `${end + 1}-02-01`;
    case 'census': // January census, statistics published in June of the same academic year
      return `${end}-06-30`;
    case 'absence': // full-year absence statistics: March after the academic year ends
      return `${end + 1}-03-31`;
    default:
      return `${end + 1}-08-31`;
  }
}

export function isAvailable(area: string, year: AcademicYear, asOf: string): boolean {
  return availableFrom(area, year) <= asOf;
}
