// KS2 2018/19 final, trimmed and enriched by its publisher (datasets/england-2019/
// england_ks2final_with_ofsted.csv): progress scores without confidence intervals, plus the school's
// latest Ofsted rating (OFSTEDRATING) and inspection date (INSPECTIONDT, yyyymmdd) as of early 2020.
//
// Rows are schools only (RECTYPE 1 mainstream, 2 special); the publisher removed the summary rows.
// Year: the file does not say; ctx.academicYear, else 2018/19 (the release the file was cut from).
import type { LayoutContext } from '../layout.js';
import { defineLayout, emitRow, NO_TABLES, rectypeTarget, resolveYear, type MeasureColumn } from './common.js';
import { inspectionFromRating } from './ofsted-common.js';

const COLUMNS: readonly MeasureColumn[] = [
  { column: 'READPROG', measure: 'ks2.read_progress' },
  { column: 'WRITPROG', measure: 'ks2.writ_progress' },
  { column: 'MATPROG', measure: 'ks2.mat_progress' },
];

const META = { id: 'ks2-2019-ofsted', defaultAcademicYear: '2018/19' };

export const ks2Final2019WithOfsted = defineLayout({
  ...META,
  kind: 'ks2',
  release: 'final',
  description: 'KS2 2018/19 progress, trimmed and enriched with the latest Ofsted rating',
  years: {
    from: '2015/16',
    to: '2022/23',
    gaps: NO_TABLES,
    why: 'KS2 progress scores were published from 2015/16 to 2022/23; no KS2 tables for 2019/20 and 2020/21',
  },
  requiredColumns: ['RECTYPE', 'URN', 'READPROG', 'WRITPROG', 'MATPROG', 'OFSTEDRATING', 'INSPECTIONDT'],
  mapRow(row: Record<string, string>, _line: number, ctx: LayoutContext) {
    const year = resolveYear(ctx, META);
    const target = rectypeTarget(row, { school: ['1', '2'], la: [], england: [], skip: [] }, null);
    const result = emitRow(row, target, [{ year, columns: COLUMNS }], ctx.source);
    if (target.kind === 'school') {
      const inspection = inspectionFromRating(row, target.urn, ctx.source);
      if (inspection) result.inspections.push(inspection);
    }
    return result;
  },
});
