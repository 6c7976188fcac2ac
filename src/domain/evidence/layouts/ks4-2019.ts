// The two KS4 2018/19 files in datasets/england-2019/.
//
// england_ks4provisional.csv: the DfE's provisional release, 25 columns incl. Progress 8 confidence
// intervals. Record types, checked against the real rows: 1 mainstream school, 2 special school, 4 LA
// (LEA set), 5 England all schools (incl. independent; P8 blank), 7 England state-funded schools. We keep
// 7 as the England comparator and skip 5. P8CILOW/P8CIUPP are the adjusted limits that go with P8MEA
// (the *_ORIG columns are before the extreme-score adjustment).
//
// england_ks4final_with_ofsted.csv: trimmed and enriched by its publisher with the latest Ofsted rating;
// school rows only, no confidence intervals, no cohort sizes.
//
// Year for both: the files do not say; ctx.academicYear, else 2018/19.
import type { LayoutContext } from '../layout.js';
import { defineLayout, emitRow, NO_TABLES, rectypeTarget, resolveYear, type MeasureColumn } from './common.js';
import { inspectionFromRating } from './ofsted-common.js';

const PROVISIONAL: readonly MeasureColumn[] = [
  { column: 'P8MEA', measure: 'ks4.progress8', lower: 'P8CILOW', upper: 'P8CIUPP', cohort: 'P8PUP' },
  { column: 'ATT8SCR', measure: 'ks4.attainment8', cohort: 'TPUP' },
  { column: 'PTL2BASICS_95', measure: 'ks4.basics_95_pct', cohort: 'TPUP' },
  { column: 'PTL2BASICS_94', measure: 'ks4.basics_94_pct', cohort: 'TPUP' },
  { column: 'EBACCAPS', measure: 'ks4.ebacc_aps', cohort: 'TPUP' },
  { column: 'PTEBACC_E_PTQ_EE', measure: 'ks4.ebacc_entry_pct', cohort: 'TPUP' },
];

const WITH_OFSTED: readonly MeasureColumn[] = [
  { column: 'P8MEA', measure: 'ks4.progress8' },
  { column: 'ATT8SCR', measure: 'ks4.attainment8' },
  { column: 'PTL2BASICS_95', measure: 'ks4.basics_95_pct' },
  { column: 'EBACCAPS', measure: 'ks4.ebacc_aps' },
  { column: 'PTEBACC_E_PTQ_EE', measure: 'ks4.ebacc_entry_pct' },
];

// Both carry EBACCAPS, the EBacc average point score first published for 2017/18.
const YEARS = { from: '2017/18', gaps: NO_TABLES, why: 'its EBACCAPS column was first published for 2017/18; no KS4 tables for 2019/20 and 2020/21' };

const PROVISIONAL_META = { id: 'ks4-2019-provisional', defaultAcademicYear: '2018/19' };
const OFSTED_META = { id: 'ks4-2019-ofsted', defaultAcademicYear: '2018/19' };

export const ks4Provisional2019 = defineLayout({
  ...PROVISIONAL_META,
  kind: 'ks4',
  release: 'provisional',
  description: 'KS4 2018/19 provisional, 25 columns with Progress 8 confidence intervals',
  years: YEARS,
  requiredColumns: ['RECTYPE', 'LEA', 'URN', 'TPUP', 'ATT8SCR', 'P8PUP', 'P8MEA', 'P8CILOW', 'P8CIUPP', 'PTL2BASICS_94', 'PTL2BASICS_95', 'EBACCAPS', 'PTEBACC_E_PTQ_EE'],
  // The 2024/25 final file contains every column above; its prior-year columns tell it apart.
  excludedColumns: ['P8MEA_PREV', 'ATT8SCR_PREV'],
  mapRow(row: Record<string, string>, _line: number, ctx: LayoutContext) {
    const year = resolveYear(ctx, PROVISIONAL_META);
    const target = rectypeTarget(row, { school: ['1', '2'], la: ['4'], england: ['7'], skip: ['5'] }, 'LEA');
    return emitRow(row, target, [{ year, columns: PROVISIONAL }], ctx.source);
  },
});

export const ks4Final2019WithOfsted = defineLayout({
  ...OFSTED_META,
  kind: 'ks4',
  release: 'final',
  description: 'KS4 2018/19 final, trimmed and enriched with the latest Ofsted rating',
  years: YEARS,
  requiredColumns: ['RECTYPE', 'URN', 'P8MEA', 'ATT8SCR', 'PTL2BASICS_95', 'EBACCAPS', 'PTEBACC_E_PTQ_EE', 'OFSTEDRATING', 'INSPECTIONDT'],
  mapRow(row: Record<string, string>, _line: number, ctx: LayoutContext) {
    const year = resolveYear(ctx, OFSTED_META);
    const target = rectypeTarget(row, { school: ['1', '2'], la: [], england: [], skip: [] }, null);
    const result = emitRow(row, target, [{ year, columns: WITH_OFSTED }], ctx.source);
    if (target.kind === 'school') {
      const inspection = inspectionFromRating(row, target.urn, ctx.source);
      if (inspection) result.inspections.push(inspection);
    }
    return result;
  },
});
