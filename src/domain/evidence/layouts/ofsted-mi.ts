// Ofsted's monthly management information for state-funded schools ("Management information - state-funded
// schools - as at ..."), one row per school describing its latest graded inspection. Column names are the
// published ones. Three eras (DOMAIN.md §4a) share the file:
//   four-grade (inspections before 1 September 2024): "Overall effectiveness" 1–4 plus sub-judgements;
//   no-overall-grade (1 Sept 2024 – 9 Nov 2025): sub-judgements, "Overall effectiveness" = "Not judged";
//   report-card (from 10 Nov 2025): evaluation areas graded exceptional … urgent improvement, safeguarding met/not met.
// The era comes from the inspection start date; content from another era (an overall grade after August
// 2024, report-card grades before 10 November 2025) is a RowError, never silently re-labelled.
//
// The report-card column names are not yet in a file we hold: REPORT_CARD_COLUMNS lists the area names as
// Ofsted's toolkit words them, with the variants we accept. Check them against the first real file.
// Academic year is not needed: inspections carry their own dates. Files are windows-1252 and may open
// with a title line above the header; decoding and skipping that line is the importer's job.
import { RowError, type LayoutContext } from '../layout.js';
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
} from './ofsted-common.js';

/** Era 1/2 sub-judgements: key → published column. */
export const SUB_JUDGEMENT_COLUMNS: Readonly<Record<string, string>> = {
  quality_of_education: 'Quality of education',
  behaviour_and_attitudes: 'Behaviour and attitudes',
  personal_development: 'Personal development',
  leadership_and_management: 'Effectiveness of leadership and management',
  early_years: 'Early years provision (where applicable)',
  sixth_form: 'Sixth form provision (where applicable)',
};

/** Era 3 evaluation areas: key → accepted column names, first match wins. */
export const REPORT_CARD_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  inclusion: ['Inclusion'],
  curriculum_and_teaching: ['Curriculum and teaching'],
  achievement: ['Achievement'],
  attendance_and_behaviour: ['Attendance and behaviour'],
  personal_development_and_wellbeing: ['Personal development and well-being', 'Personal development and wellbeing'],
  leadership_and_governance: ['Leadership and governance'],
  early_years: ['Early years', 'Early years (where applicable)'],
  sixth_form: ['Sixth form', 'Sixth form (where applicable)', 'Sixth form in schools'],
};

// Ofsted renamed this column between releases; the report-card files call it plain "Safeguarding".
const SAFEGUARDING_COLUMNS = ['Safeguarding is effective?', 'Is safeguarding effective?', 'Safeguarding', 'Safeguarding standards'];

function firstPresent(row: Record<string, string>, names: readonly string[]): string | undefined {
  return names.find((n) => n in row);
}

export const ofstedMiStateFunded = defineLayout({
  id: 'ofsted-mi-state-funded',
  kind: 'ofsted',
  description: 'Ofsted management information, state-funded schools, most recent inspections (published layout)',
  requiredColumns: ['URN', 'Inspection start date', 'Publication date', 'Inspection type', 'Overall effectiveness'],
  mapRow(row: Record<string, string>, _line: number, ctx: LayoutContext) {
    const result = emptyResult();
    const urn = parseUrn(row);
    const date = parseDate(row['Inspection start date'] ?? '', 'Inspection start date');
    const overall = parseFourGrade(row['Overall effectiveness'] ?? '', 'Overall effectiveness');

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
    const safeguardingColumn = SAFEGUARDING_COLUMNS.find((n) => row[n]?.trim() && row[n].trim().toUpperCase() !== 'NULL') ?? firstPresent(row, SAFEGUARDING_COLUMNS);
    const safeguarding = safeguardingColumn ? parseSafeguarding(row[safeguardingColumn], safeguardingColumn) : null;
    const hasReportCard = Object.keys(reportCard).length > 0;
    const hasSubJudgements = Object.keys(subJudgements).length > 0;

    if (!date) {
      // A school never inspected since opening has an empty row; judgements without a date cannot be placed.
      if (overall !== null || hasSubJudgements || hasReportCard) {
        throw new RowError('column Inspection start date: blank although judgements are present');
      }
      return result;
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

    const categoryOfConcern = 'Category of concern' in row ? parseCategoryOfConcern(row['Category of concern'], 'Category of concern') : null;
    if (categoryOfConcern === 'requires_significant_improvement' && era !== 'report-card') {
      throw new RowError(`column Category of concern: "requires significant improvement" on ${date}, before report cards began on 10 November 2025`);
    }

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
    result.inspections.push(inspection);
    return result;
  },
});
