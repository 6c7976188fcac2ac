// Ofsted's monthly management information for state-funded schools. Two files each month, in two column
// layouts over the three eras (DOMAIN.md §4a):
//   "latest inspections as at <date>": one row per school: its latest inspection and, beside it, its
//     latest graded and latest ungraded inspection;
//   "all inspections – year to date": one row per inspection published this academic year.
// The four-grade layout (files to 2025) names grades "Overall effectiveness", "Quality of education", …;
// the current layout (report cards, from 10 November 2025) has the report-card areas, "Safeguarding standards"
// and the latest graded inspection under the previous framework ("Latest OEIF …"), with the URN the school
// had then (a converter academy's predecessor). Column names are the published ones
// (datasets/OFSTED-MI-FORMAT.md), matched by name. The era comes from each inspection's start date;
// content from another era (an overall grade after August 2024, report-card grades before 10 November 2025)
// is a RowError, never silently re-labelled. One row may yield several inspections (latest, latest graded,
// latest ungraded); the importer stores each once and never deletes an older one.
// Files are windows-1252, write NULL for empty and may open with a title line above the header; decoding
// and skipping that line is the importer's job.
import { RowError, type FileLayout, type LayoutContext } from '../layout.js';
import type { FourPointGrade, Inspection, ReportCardGrade } from '../types.js';
import { defineLayout, emptyResult, parseUrn } from './common.js';
import {
  eraForDate,
  parseCategoryOfConcern,
  parseDate,
  parseFourGrade,
  parseInspectionType,
  parseReportCardGrade,
  parseSafeguarding,
  parseUngradedOutcome,
} from './ofsted-common.js';

/** Era 1/2 sub-judgements: key → published column (four-grade layout). */
export const SUB_JUDGEMENT_COLUMNS: Readonly<Record<string, string>> = {
  quality_of_education: 'Quality of education',
  behaviour_and_attitudes: 'Behaviour and attitudes',
  personal_development: 'Personal development',
  leadership_and_management: 'Effectiveness of leadership and management',
  early_years: 'Early years provision (where applicable)',
  sixth_form: 'Sixth form provision (where applicable)',
};

/** The same judgements of the latest graded inspection under the previous framework (current layout). */
export const OEIF_COLUMNS: Readonly<Record<string, string>> = {
  quality_of_education: 'Latest OEIF quality of education',
  behaviour_and_attitudes: 'Latest OEIF behaviour and attitudes',
  personal_development: 'Latest OEIF personal development',
  leadership_and_management: 'Latest OEIF effectiveness of leadership and management',
  sixth_form: 'Latest OEIF sixth form provision (where applicable)',
};

/** Era 3 evaluation areas: key → accepted column names, first match wins. */
export const REPORT_CARD_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  inclusion: ['Inclusion'],
  curriculum_and_teaching: ['Curriculum and teaching'],
  achievement: ['Achievement'],
  attendance_and_behaviour: ['Attendance and behaviour'],
  personal_development_and_wellbeing: ['Personal development and wellbeing', 'Personal development and well-being'],
  leadership_and_governance: ['Leadership and governance'],
  early_years: ['Early years (where applicable)', 'Early years'],
  sixth_form: ['Post-16 provision (where applicable)', 'Sixth form', 'Sixth form (where applicable)', 'Sixth form in schools'],
};

// Ofsted renamed this column between releases; the report-card files call it "Safeguarding standards".
const SAFEGUARDING_COLUMNS = ['Safeguarding is effective?', 'Is safeguarding effective?', 'Safeguarding', 'Safeguarding standards'];

const UNGRADED_OUTCOME = 'Ungraded inspection overall outcome';
const UNGRADED_DATE = 'Date of latest ungraded inspection';

function firstPresent(row: Record<string, string>, names: readonly string[]): string | undefined {
  return names.find((n) => n in row);
}

const filled = (v: string | undefined) => v !== undefined && v.trim() !== '' && v.trim().toUpperCase() !== 'NULL';

/** A URN column that may be NULL; null when empty or the same as the school's own. */
function otherUrn(row: Record<string, string>, column: string, own: number): number | null {
  if (!filled(row[column])) return null;
  const urn = parseUrn(row, column);
  return urn === own ? null : urn;
}

/**
 * The inspection a row describes in its "Inspection …" columns, with whatever judgements it carries in
 * either layout's vocabulary. Null for a school never inspected.
 */
function mainInspection(row: Record<string, string>, urn: number, ctx: LayoutContext): Inspection | null {
  const date = parseDate(row['Inspection start date'] ?? '', 'Inspection start date');
  const overall = 'Overall effectiveness' in row ? parseFourGrade(row['Overall effectiveness'], 'Overall effectiveness') : null;

  const subJudgements: Record<string, FourPointGrade> = {};
  for (const [key, column] of Object.entries(SUB_JUDGEMENT_COLUMNS)) {
    if (!(column in row)) continue;
    const grade = parseFourGrade(row[column], column);
    if (grade !== null) subJudgements[key] = grade;
  }
  const reportCard: Record<string, ReportCardGrade> = {};
  for (const [key, names] of Object.entries(REPORT_CARD_COLUMNS)) {
    const column = firstPresent(row, names);
    if (!column) continue;
    const grade = parseReportCardGrade(row[column], column);
    if (grade !== null) reportCard[key] = grade;
  }
  // A file may carry both the old and the report-card column; the one with a value is the judgement.
  const safeguardingColumn = SAFEGUARDING_COLUMNS.find((n) => filled(row[n])) ?? firstPresent(row, SAFEGUARDING_COLUMNS);
  const safeguarding = safeguardingColumn ? parseSafeguarding(row[safeguardingColumn], safeguardingColumn) : null;
  const hasReportCard = Object.keys(reportCard).length > 0;
  const hasSubJudgements = Object.keys(subJudgements).length > 0;
  const categoryOfConcern = 'Category of concern' in row ? parseCategoryOfConcern(row['Category of concern'], 'Category of concern') : null;
  // Validated so a new word is refused, not stored: it may describe an earlier inspection than this row's.
  if ('Most recent category of concern' in row) parseCategoryOfConcern(row['Most recent category of concern'], 'Most recent category of concern');

  if (!date) {
    // A school never inspected since opening has an empty row; judgements without a date cannot be placed.
    if (overall !== null || hasSubJudgements || hasReportCard || categoryOfConcern !== null) {
      throw new RowError('column Inspection start date: blank although judgements are present');
    }
    return null;
  }
  const era = eraForDate(date);
  if (overall !== null && era !== 'four-grade') {
    throw new RowError(`column Overall effectiveness: an overall grade on ${date} is impossible in the ${era} era`);
  }
  if (hasReportCard && era !== 'report-card') {
    throw new RowError(`report-card grades on ${date}, before report cards began on 10 November 2025`);
  }
  if (hasSubJudgements && era === 'report-card') {
    throw new RowError(`four-point sub-judgements on ${date}, after report cards began on 10 November 2025`);
  }
  if (safeguardingColumn && safeguarding !== null) {
    // Met / not met belongs to report cards; Yes / No ("effective") to the earlier eras.
    const reportCardWording = safeguarding === 'met' || safeguarding === 'not_met';
    if (reportCardWording !== (era === 'report-card')) {
      throw new RowError(`column ${safeguardingColumn}: ${JSON.stringify(row[safeguardingColumn])} does not fit the ${era} era`);
    }
  }
  if (categoryOfConcern === 'requires_significant_improvement' && era !== 'report-card') {
    throw new RowError(`column Category of concern: "requires significant improvement" on ${date}, before report cards began on 10 November 2025`);
  }
  const endDate = 'Inspection end date' in row ? parseDate(row['Inspection end date'], 'Inspection end date') : null;
  if (endDate && endDate < date) throw new RowError(`column Inspection end date: ${endDate} is before the start date ${date}`);

  const inspection: Inspection = {
    urn,
    inspectionDate: date,
    dateBasis: 'inspection',
    publicationDate: parseDate(row['Publication date'] ?? '', 'Publication date'),
    inspectionType: parseInspectionType(row['Inspection type'] ?? ''),
    era,
    categoryOfConcern,
    safeguarding,
    source: ctx.source,
  };
  if (endDate) inspection.inspectionEndDate = endDate;
  if (era === 'four-grade') inspection.overallEffectiveness = overall;
  if (hasSubJudgements) inspection.subJudgements = subJudgements;
  if (hasReportCard) inspection.reportCard = reportCard;
  if ('Previous full inspection overall effectiveness' in row) {
    inspection.previousOverallEffectiveness = parseFourGrade(
      row['Previous full inspection overall effectiveness'],
      'Previous full inspection overall effectiveness',
    );
  }
  if ('Previous inspection start date' in row) {
    inspection.previousInspectionDate = parseDate(row['Previous inspection start date'], 'Previous inspection start date');
  }
  const inspected = 'URN at time of latest graded inspection' in row ? otherUrn(row, 'URN at time of latest graded inspection', urn) : null;
  if (inspected !== null) inspection.inspectedUrn = inspected;
  return inspection;
}

/** The current layout's latest graded inspection under the previous framework (OEIF), or null. */
function oeifInspection(row: Record<string, string>, urn: number, ctx: LayoutContext): Inspection | null {
  const dateColumn = 'Inspection start date of latest OEIF graded inspection';
  const date = parseDate(row[dateColumn] ?? '', dateColumn);
  const overall = parseFourGrade(row['Latest OEIF overall effectiveness'] ?? '', 'Latest OEIF overall effectiveness');
  const subJudgements: Record<string, FourPointGrade> = {};
  for (const [key, column] of Object.entries(OEIF_COLUMNS)) {
    if (!(column in row)) continue;
    const grade = parseFourGrade(row[column], column);
    if (grade !== null) subJudgements[key] = grade;
  }
  if (!date) {
    if (overall !== null || Object.keys(subJudgements).length) throw new RowError(`column ${dateColumn}: blank although OEIF judgements are present`);
    return null;
  }
  const era = eraForDate(date);
  if (era === 'report-card') throw new RowError(`column ${dateColumn}: ${date} is after the previous framework ended on 9 November 2025`);
  if (overall !== null && era !== 'four-grade') {
    throw new RowError(`column Latest OEIF overall effectiveness: an overall grade on ${date} is impossible in the ${era} era`);
  }
  const inspection: Inspection = {
    urn,
    inspectionDate: date,
    dateBasis: 'inspection',
    publicationDate: parseDate(row['Publication date of latest OEIF graded inspection'] ?? '', 'Publication date of latest OEIF graded inspection'),
    inspectionType: 'graded',
    era,
    source: ctx.source,
  };
  if (era === 'four-grade') inspection.overallEffectiveness = overall;
  if (Object.keys(subJudgements).length) inspection.subJudgements = subJudgements;
  const inspected = otherUrn(row, 'URN at time of latest OEIF graded inspection', urn);
  if (inspected !== null) inspection.inspectedUrn = inspected;
  return inspection;
}

/** The latest ungraded inspection beside a "latest inspections" row, or null. */
function ungradedInspection(row: Record<string, string>, urn: number, ctx: LayoutContext): Inspection | null {
  const outcome = UNGRADED_OUTCOME in row ? parseUngradedOutcome(row[UNGRADED_OUTCOME], UNGRADED_OUTCOME) : null;
  const date = UNGRADED_DATE in row ? parseDate(row[UNGRADED_DATE], UNGRADED_DATE) : null;
  if (!date) {
    if (outcome) throw new RowError(`column ${UNGRADED_DATE}: blank although ${UNGRADED_OUTCOME} is ${JSON.stringify(outcome)}`);
    return null;
  }
  const publication = 'Ungraded inspection publication date' in row ? parseDate(row['Ungraded inspection publication date'], 'Ungraded inspection publication date') : null;
  return { urn, inspectionDate: date, dateBasis: 'inspection', publicationDate: publication, inspectionType: 'ungraded', era: eraForDate(date), ungradedOutcome: outcome, source: ctx.source };
}

/** Joins the inspections one row describes: the same inspection reached twice becomes one record. */
function merge(parts: (Inspection | null)[]): Inspection[] {
  const out = new Map<string, Inspection>();
  for (const p of parts) {
    if (!p) continue;
    const held = out.get(p.inspectionDate);
    if (!held) {
      out.set(p.inspectionDate, p);
      continue;
    }
    // Fill what the first reading lacks; the main columns' type wins ("Graded inspection" over the ungraded block's guess).
    for (const [k, v] of Object.entries(p) as [keyof Inspection, unknown][]) {
      if (v !== null && v !== undefined && (held[k] === null || held[k] === undefined)) (held as unknown as Record<string, unknown>)[k] = v;
    }
    if (held.inspectionType === 'unknown') held.inspectionType = p.inspectionType;
  }
  return [...out.values()];
}

function latestRow(withOeif: boolean) {
  return (row: Record<string, string>, _line: number, ctx: LayoutContext) => {
    const result = emptyResult();
    const urn = parseUrn(row);
    const main = mainInspection(row, urn, ctx);
    const oeif = withOeif ? oeifInspection(row, urn, ctx) : null;
    if (main && oeif && main.inspectionDate === oeif.inspectionDate && main.era === 'report-card') {
      throw new RowError('the latest inspection and the latest OEIF graded inspection share a date but not a framework');
    }
    result.inspections.push(...merge([main, oeif, ungradedInspection(row, urn, ctx)]));
    return result;
  };
}

function perInspectionRow(row: Record<string, string>, _line: number, ctx: LayoutContext) {
  const result = emptyResult();
  const urn = parseUrn(row);
  const main = mainInspection(row, urn, ctx);
  const outcome = UNGRADED_OUTCOME in row ? parseUngradedOutcome(row[UNGRADED_OUTCOME], UNGRADED_OUTCOME) : null;
  if (!main) {
    if (outcome) throw new RowError(`column Inspection start date: blank although ${UNGRADED_OUTCOME} is ${JSON.stringify(outcome)}`);
    throw new RowError('column Inspection start date: blank, but every row of this file is an inspection');
  }
  if (outcome) main.ungradedOutcome = outcome;
  result.inspections.push(main);
  return result;
}

const FOUR_GRADE_CORE = ['URN', 'Inspection start date', 'Publication date', 'Inspection type', 'Overall effectiveness'];
const CURRENT_CORE = ['URN', 'Inspection start date', 'Publication date', 'Inspection type', 'Category of concern', 'Safeguarding standards'];
const CURRENT_LATEST_ONLY = [
  'Latest OEIF overall effectiveness',
  'Inspection start date of latest OEIF graded inspection',
  'Publication date of latest OEIF graded inspection',
  'URN at time of latest OEIF graded inspection',
  UNGRADED_OUTCOME,
  UNGRADED_DATE,
];

/** Four-grade layout, latest inspections: one row per school (to the 2025 files). */
export const ofstedMiStateFunded: FileLayout = defineLayout({
  id: 'ofsted-mi-state-funded',
  kind: 'ofsted',
  description: 'Ofsted management information, state-funded schools, latest inspections (four-grade layout)',
  requiredColumns: FOUR_GRADE_CORE,
  // "Inspection number" heads the year-to-date file; the latest file numbers its graded inspection in another column.
  excludedColumns: ['Inspection number', 'Safeguarding standards'],
  mapRow: latestRow(false),
});

/** Four-grade layout, all inspections of the year to date: one row per inspection. */
export const ofstedMiStateFundedYearToDate: FileLayout = defineLayout({
  id: 'ofsted-mi-state-funded-year-to-date',
  kind: 'ofsted',
  description: 'Ofsted management information, state-funded schools, all inspections year to date (four-grade layout)',
  requiredColumns: ['Inspection number', ...FOUR_GRADE_CORE],
  excludedColumns: ['Safeguarding standards'],
  rowsPer: 'inspection',
  mapRow: perInspectionRow,
});

/** Current layout (report cards), latest inspections: one row per school. */
export const ofstedMiCurrent: FileLayout = defineLayout({
  id: 'ofsted-mi-current',
  kind: 'ofsted',
  description: 'Ofsted management information, state-funded schools, latest inspections (report-card layout, from November 2025)',
  requiredColumns: [...CURRENT_CORE, ...CURRENT_LATEST_ONLY],
  excludedColumns: ['Overall effectiveness'],
  mapRow: latestRow(true),
});

/**
 * Current layout, all inspections of the year to date: one row per inspection. No such file is held here;
 * we take it to carry the latest file's inspection columns with "Inspection number" and without the
 * "Latest OEIF" block, as the four-grade year-to-date file did. Check against the first real file.
 */
export const ofstedMiCurrentYearToDate: FileLayout = defineLayout({
  id: 'ofsted-mi-current-year-to-date',
  kind: 'ofsted',
  description: 'Ofsted management information, state-funded schools, all inspections year to date (report-card layout)',
  requiredColumns: ['Inspection number', ...CURRENT_CORE],
  excludedColumns: ['Overall effectiveness', 'Latest OEIF overall effectiveness'],
  rowsPer: 'inspection',
  mapRow: perInspectionRow,
});
