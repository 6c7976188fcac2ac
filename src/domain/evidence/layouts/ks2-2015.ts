// KS2 2014/15 final, 28 columns selected by the file's publisher (datasets/england-2015/
// england_ks2final_selected_columns.csv). Level-based measures, each with its own code: they are never
// comparable with the scaled-score measures from 2015/16.
//
// Record types, checked against the real rows: 1 mainstream school, 2 special school, 3 LA total (it
// follows its schools; the selection dropped LEA, so its LA code is unknown and stored as null),
// 4 England all schools, 5 England state-funded schools. We keep 5 as the England comparator, which is
// what the performance tables compare schools with, and skip 4.
//
// Year: the file does not say; ctx.academicYear, else 2014/15 (the last year of the PT2*12 columns).
// Not mapped: AVGLEVEL (a sub-level such as "4A", not a number), PTREADX/PTREADAT/GAPN_* (their exact
// definitions are not in the selection's documentation). No total-cohort column survives the selection.
import type { LayoutContext } from '../layout.js';
import { defineLayout, emitRow, FIRST_DOWNLOADABLE_TABLES, rectypeTarget, resolveYear, type MeasureColumn } from './common.js';

const COLUMNS: readonly MeasureColumn[] = [
  { column: 'PT2READ12', measure: 'ks2.read_2lp_pct' },
  { column: 'PT2WRITTA12', measure: 'ks2.writ_2lp_pct' },
  { column: 'PT2MATH12', measure: 'ks2.mat_2lp_pct' },
  { column: 'TAPS', measure: 'ks2.aps_levels' },
];

const META = { id: 'ks2-2015-selected', defaultAcademicYear: '2014/15' };

export const ks2Final2015Selected = defineLayout({
  ...META,
  kind: 'ks2',
  release: 'final',
  description: 'KS2 2014/15 final (level measures), publisher-selected 28 columns',
  years: {
    from: FIRST_DOWNLOADABLE_TABLES,
    to: '2014/15',
    why: 'level-based KS2 measures ended in 2014/15; downloadable tables start in 2010/11',
  },
  requiredColumns: ['RECTYPE', 'URN', 'PT2READ12', 'PT2WRITTA12', 'PT2MATH12', 'TAPS', 'AVGLEVEL'],
  mapRow(row: Record<string, string>, _line: number, ctx: LayoutContext) {
    const year = resolveYear(ctx, META);
    const target = rectypeTarget(row, { school: ['1', '2'], la: ['3'], england: ['5'], skip: ['4'] }, null);
    return emitRow(row, target, [{ year, columns: COLUMNS }], ctx.source);
  },
});
