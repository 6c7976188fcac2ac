// Ofsted management information as at 31 August 2020, Warwickshire's schools, with columns renamed
// without spaces by its publisher (datasets/ofsted-mi-warwickshire-2020/…csv). Grades are numbers 1–4.
// The publisher's own model outputs (bad_out_chance, good_out_chance, prev_good, ...) are not Ofsted data
// and are ignored.
//
// The extract has publication dates only, no inspection dates: inspectionDate holds the publication date
// and dateBasis says so. Every row is the latest full (graded) inspection, so era and type follow from that.
// Academic year is not needed: inspections carry their own dates.
import { RowError, type LayoutContext } from '../layout.js';
import type { Inspection } from '../types.js';
import { defineLayout, emptyResult, parseUrn } from './common.js';
import { eraForDate, parseDate, parseFourGrade } from './ofsted-common.js';

export const ofstedMiWarwickshire2020 = defineLayout({
  id: 'ofsted-mi-warwickshire-2020',
  kind: 'ofsted',
  description: 'Ofsted MI (31 Aug 2020), Warwickshire extract with space-less column names',
  requiredColumns: ['URN', 'Publicationdate', 'Overalleffectiveness', 'Previouspublicationdate', 'Previousfullinspectionoveralleffectiveness'],
  mapRow(row: Record<string, string>, _line: number, ctx: LayoutContext) {
    const result = emptyResult();
    const urn = parseUrn(row);
    const published = parseDate(row['Publicationdate'] ?? '', 'Publicationdate');
    const overall = parseFourGrade(row['Overalleffectiveness'] ?? '', 'Overalleffectiveness');
    if (!published) {
      if (overall !== null) throw new RowError('column Publicationdate: blank although Overalleffectiveness is set');
      return result;
    }
    const era = eraForDate(published);
    if (overall !== null && era !== 'four-grade') {
      throw new RowError(`column Overalleffectiveness: an overall grade published ${published} is impossible in the ${era} era`);
    }
    const inspection: Inspection = {
      urn,
      inspectionDate: published,
      dateBasis: 'publication',
      publicationDate: published,
      inspectionType: 'graded',
      era,
      overallEffectiveness: overall,
      previousOverallEffectiveness: parseFourGrade(
        row['Previousfullinspectionoveralleffectiveness'] ?? '',
        'Previousfullinspectionoveralleffectiveness',
      ),
      // Also a publication date: the extract has no previous inspection date either.
      previousInspectionDate: parseDate(row['Previouspublicationdate'] ?? '', 'Previouspublicationdate'),
      source: ctx.source,
    };
    result.inspections.push(inspection);
    return result;
  },
});
