// When a piece of evidence could first have been known. The leakage guard: the model may only read
// evidence that was published (not merely measured) on or before the date it scores a school for.
import type { Inspection, IntelligenceItem, Observation } from '../evidence/types.js';

// Features ask for the same few years and measures for every observation of every school: each answer is kept.
const yearEnds = new Map<string, number>();

/** "2014/15" → 2015 (the calendar year the academic year ends in). */
export function academicYearEnd(year: string): number {
  const known = yearEnds.get(year);
  if (known !== undefined) return known;
  const m = /^(\d{4})\s*\/\s*(\d{2}|\d{4})$/.exec(year.trim());
  if (!m) throw new Error(`not an academic year: ${year}`);
  const end = Number(m[1]) + 1;
  yearEnds.set(year, end);
  return end;
}

const published = new Map<string, Map<string, string>>();

/**
 * Conservative first-publication date of a measure for an academic year. Dates follow the DfE's usual
 * release calendar, rounded later rather than earlier so a backtest can only under-use data:
 *  - KS2/KS4 performance tables: December after the summer tests (revised data, then final in spring);
 *  - absence: the full-year statistics come out in March of the following year;
 *  - census: January census, school-level tables in June;
 *  - anything else: the March after the year ends.
 */
export function publishedOn(obs: Pick<Observation, 'measure' | 'academicYear'>): string {
  let byYear = published.get(obs.measure);
  if (!byYear) published.set(obs.measure, (byYear = new Map()));
  let day = byYear.get(obs.academicYear);
  if (day === undefined) byYear.set(obs.academicYear, (day = firstPublished(obs)));
  return day;
}

function firstPublished(obs: Pick<Observation, 'measure' | 'academicYear'>): string {
  const end = academicYearEnd(obs.academicYear);
  const area = obs.measure.split('.')[0];
  switch (area) {
    case 'ks2':
    case 'ks4':
      return `${end}-12-31`;
    case 'absence':
      return `${end + 1}-03-31`;
    case 'census':
      return `${end}-06-30`;
    default:
      return `${end + 1}-03-31`;
  }
}

export function observationKnownBy(obs: Observation, asOf: string): boolean {
  return publishedOn(obs) <= asOf;
}

/** An inspection counts once its report is out; the visit date is the fallback when no publication date is held. */
export function inspectionKnownBy(ins: Inspection, asOf: string): boolean {
  return (ins.publicationDate ?? ins.inspectionDate) <= asOf;
}

export function intelligenceKnownBy(item: IntelligenceItem, asOf: string): boolean {
  return item.occurredOn <= asOf;
}

/** Open as at asOf: later resolutions are not known yet, so an item resolved after asOf was still open. */
export function openAt(item: IntelligenceItem, asOf: string): boolean {
  if (!intelligenceKnownBy(item, asOf)) return false;
  if (item.status === 'open') return true;
  return item.resolvedOn != null && item.resolvedOn > asOf;
}

export function yearsBetween(fromIso: string, toIso: string): number {
  return (Date.parse(toIso) - Date.parse(fromIso)) / (365.25 * 24 * 3600 * 1000);
}

// Every school scored on one day asks for the same day a year or two earlier.
const monthsApart = new Map<string, string>();

export function addMonths(iso: string, months: number): string {
  const key = `${iso}|${months}`;
  const known = monthsApart.get(key);
  if (known !== undefined) return known;
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  const day = d.toISOString().slice(0, 10);
  if (monthsApart.size < 10_000) monthsApart.set(key, day);
  return day;
}
