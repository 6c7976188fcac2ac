// Ofsted dates, grades and eras (DOMAIN.md §4a), shared by the MI layouts and the enriched
// performance-table files that carry a school's latest rating.
import { RowError } from '../layout.js';
import type { FourPointGrade, Inspection, OfstedEra, ReportCardGrade } from '../types.js';

/** First day without an overall effectiveness grade for state-funded schools. */
export const NO_OVERALL_GRADE_FROM = '2024-09-01';
/** First day of report-card inspections. */
export const REPORT_CARD_FROM = '2025-11-10';

export function eraForDate(isoDate: string): OfstedEra {
  if (isoDate >= REPORT_CARD_FROM) return 'report-card';
  if (isoDate >= NO_OVERALL_GRADE_FROM) return 'no-overall-grade';
  return 'four-grade';
}

function isoIfReal(y: string, m: string, d: string): string | null {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) {
    return null;
  }
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

/** Dates as the files publish them: yyyymmdd (enriched 2019 files), yyyy-mm-dd, dd/mm/yyyy (Ofsted MI). Blank → null. */
export function parseDate(raw: string, column: string): string | null {
  const text = raw.trim();
  if (text === '' || text.toUpperCase() === 'NULL') return null;
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(text) ?? /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(text);
  let iso: string | null = null;
  if (m) iso = isoIfReal(m[1], m[2], m[3]);
  else if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text))) iso = isoIfReal(m[3], m[2], m[1]);
  if (!iso) throw new RowError(`column ${column}: not a date ${JSON.stringify(raw)}`);
  return iso;
}

// Cells that mean "no judgement here": Ofsted MI uses 9 for "not applicable" in the early years and sixth
// form columns, and "Not judged" for overall effectiveness from September 2024.
const NO_JUDGEMENT = new Set(['', '9', 'NULL', 'N/A', 'NA', 'NOT JUDGED', 'NOT APPLICABLE', 'DOES NOT APPLY']);

/** A 1–4 grade cell, or null when the cell says there is no judgement. */
export function parseFourGrade(raw: string, column: string): FourPointGrade | null {
  const text = raw.trim();
  if (NO_JUDGEMENT.has(text.toUpperCase())) return null;
  if (/^[1-4](?:\.0)?$/.test(text)) return Number(text) as FourPointGrade;
  const named = gradeFromWord(text);
  if (named !== undefined) return named;
  throw new RowError(`column ${column}: not an Ofsted grade ${JSON.stringify(raw)}`);
}

/** Grade words as the enriched 2019 files and older MI print them. Satisfactory was grade 3 before September 2012. */
export function gradeFromWord(text: string): FourPointGrade | undefined {
  switch (text.trim().toLowerCase()) {
    case 'outstanding':
      return 1;
    case 'good':
      return 2;
    case 'requires improvement':
    case 'satisfactory':
      return 3;
    case 'inadequate':
      return 4;
    default:
      return undefined;
  }
}

const REPORT_CARD_WORDS: Record<string, ReportCardGrade> = {
  exceptional: 'exceptional',
  'strong standard': 'strong_standard',
  'expected standard': 'expected_standard',
  'needs attention': 'needs_attention',
  'urgent improvement': 'urgent_improvement',
};

export function parseReportCardGrade(raw: string, column: string): ReportCardGrade | null {
  const text = raw.trim();
  if (NO_JUDGEMENT.has(text.toUpperCase())) return null;
  const grade = REPORT_CARD_WORDS[text.toLowerCase().replace(/\s+/g, ' ')];
  if (!grade) throw new RowError(`column ${column}: not a report-card grade ${JSON.stringify(raw)}`);
  return grade;
}

export function parseCategoryOfConcern(raw: string, column: string): Inspection['categoryOfConcern'] {
  const text = raw.trim().toLowerCase();
  if (NO_JUDGEMENT.has(text.toUpperCase()) || text === 'none') return null;
  if (text === 'sm' || text === 'special measures') return 'special_measures';
  if (text === 'swk' || text === 'sw' || text === 'serious weaknesses') return 'serious_weaknesses';
  if (text === 'nti' || text === 'notice to improve') return 'notice_to_improve';
  // Report cards (from 10 November 2025) replace serious weaknesses with this category; kept as its own value.
  if (text === 'requires significant improvement') return 'requires_significant_improvement';
  throw new RowError(`column ${column}: not a category of concern ${JSON.stringify(raw)}`);
}

export function parseSafeguarding(raw: string, column: string): Inspection['safeguarding'] {
  const text = raw.trim().toLowerCase();
  if (NO_JUDGEMENT.has(text.toUpperCase())) return null;
  if (text === 'yes') return 'effective';
  if (text === 'no') return 'not_effective';
  if (text === 'met') return 'met';
  if (text === 'not met') return 'not_met';
  throw new RowError(`column ${column}: not a safeguarding judgement ${JSON.stringify(raw)}`);
}

/** Ofsted's inspection-type labels vary by year ("S5 Inspection", "Section 8 ...", "Monitoring inspection"). */
export function parseInspectionType(raw: string): Inspection['inspectionType'] {
  const text = raw.trim().toLowerCase();
  if (text === '') return 'unknown';
  if (text.includes('monitoring')) return 'monitoring';
  if (text.includes('ungraded')) return 'ungraded';
  // A section 8 inspection "deemed" section 5 produces graded judgements.
  if (text.includes('deemed')) return 'graded';
  if (/\b(s8|section 8)\b/.test(text)) return 'ungraded';
  if (/\b(s5|section 5|graded|full)\b/.test(text)) return 'graded';
  return 'unknown';
}

/**
 * The enriched 2019 KS2/KS4 files: OFSTEDRATING (word) + INSPECTIONDT (yyyymmdd) of the school's latest graded
 * inspection as the publisher found it in early 2020. A blank rating means no inspection on record.
 */
export function inspectionFromRating(
  row: Record<string, string>,
  urn: number,
  source: string,
): Inspection | null {
  const rating = (row['OFSTEDRATING'] ?? '').trim();
  const date = parseDate(row['INSPECTIONDT'] ?? '', 'INSPECTIONDT');
  if (rating === '') {
    if (date) throw new RowError('column OFSTEDRATING: blank although INSPECTIONDT is set');
    return null;
  }
  const grade = gradeFromWord(rating);
  if (grade === undefined) throw new RowError(`column OFSTEDRATING: not an Ofsted rating ${JSON.stringify(rating)}`);
  if (!date) throw new RowError(`column INSPECTIONDT: blank although OFSTEDRATING is ${JSON.stringify(rating)}`);
  const era = eraForDate(date);
  if (era !== 'four-grade') {
    throw new RowError(`column OFSTEDRATING: an overall grade dated ${date} is impossible in the ${era} era`);
  }
  return {
    urn,
    inspectionDate: date,
    inspectionType: 'graded',
    era,
    overallEffectiveness: grade,
    source,
  };
}

// Ungraded (section 8) outcomes as Ofsted's MI words them: to August 2024 "School remains Good",
// "School remains Outstanding (Concerns) - S5 Next", "… (Improving) - S5 Next"; from September 2024
// "Standards maintained", "Improved significantly", "Some aspects not as strong"; and "Status maintained"
// for outstanding schools. Anything else is a new word Ofsted introduced: refused, naming it, so it is
// mapped on purpose rather than stored unread.
const UNGRADED_OUTCOMES: readonly RegExp[] = [
  /^school remains (?:outstanding|good)(?: \((?:concerns|improving|declining)\))?(?: - s5 next)?$/,
  /^(?:standards maintained|status maintained|improved significantly|some aspects not as strong)$/,
  /^(?:converted to|deemed) (?:a )?(?:s5|section 5|graded)(?: inspection)?$/,
];

/** An ungraded inspection's outcome as published (spacing tidied), or null when the cell is empty. */
export function parseUngradedOutcome(raw: string, column: string): string | null {
  const text = raw.trim().replace(/\s+/g, ' ');
  if (NO_JUDGEMENT.has(text.toUpperCase())) return null;
  const key = text.toLowerCase().replace(/\s*[–—-]\s*/g, ' - ');
  if (!UNGRADED_OUTCOMES.some((re) => re.test(key))) throw new RowError(`column ${column}: unknown ungraded inspection outcome ${JSON.stringify(raw.trim())}`);
  return text;
}

/**
 * Whether an ungraded outcome signals concern: "(Concerns)" (the next inspection will be graded because
 * standards may have declined) or "Some aspects not as strong". Early-warning features read this.
 */
export function ungradedConcerns(outcome: string | null | undefined): boolean {
  if (!outcome) return false;
  const t = outcome.toLowerCase();
  return t.includes('(concerns)') || t.includes('(declining)') || t === 'some aspects not as strong';
}
