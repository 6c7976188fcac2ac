// KS4 2024/25 final as published per LA (datasets/hertfordshire-919/2024-25/919_ks4final.csv), with the
// two previous years in `_PREV` / `_PREV2` columns.
//
// Year: the columns are relative (PREV = the year before), so the file does not pin its year:
// ctx.academicYear, else 2024/25; PREV and PREV2 are the two years before whichever year applies.
//
// Record types, checked against the real rows: 1 mainstream school (incl. independent schools, NFTYPE
// IND), 2 special school, 4 LA (LEA = 919), 5 England all schools (its disadvantaged columns are blank),
// 7 England state-funded schools. We keep 7 as the England comparator and skip 5.
//
// Progress 8 is NA throughout 2024/25 (no KS2 results in 2020 for this cohort): the catalogue marks the
// year unpublished, so those cells become not_published; P8MEA_PREV holds 2023/24's real scores.
import type { LayoutContext } from '../layout.js';
import { shiftYear } from '../measures.js';
import { defineLayout, emitRow, NO_TABLES, rectypeTarget, resolveYear, type MeasureColumn } from './common.js';

const CURRENT: readonly MeasureColumn[] = [
  { column: 'P8MEA', measure: 'ks4.progress8', lower: 'P8CILOW', upper: 'P8CIUPP', cohort: 'P8PUP' },
  { column: 'ATT8SCR', measure: 'ks4.attainment8', cohort: 'TPUP' },
  { column: 'PTL2BASICS_95', measure: 'ks4.basics_95_pct', cohort: 'TPUP' },
  { column: 'PTL2BASICS_94', measure: 'ks4.basics_94_pct', cohort: 'TPUP' },
  { column: 'EBACCAPS', measure: 'ks4.ebacc_aps', cohort: 'TPUP' },
  { column: 'PTEBACC_E_PTQ_EE', measure: 'ks4.ebacc_entry_pct', cohort: 'TPUP' },
  {
    column: 'P8MEA_FSM6CLA1A',
    measure: 'ks4.progress8_disadv',
    lower: 'P8CILOW_FSM6CLA1A',
    upper: 'P8CIUPP_FSM6CLA1A',
    cohort: 'P8PUP_FSM6CLA1A',
  },
  {
    column: 'P8MEA_NFSM6CLA1A',
    measure: 'ks4.progress8_non_disadv',
    lower: 'P8CILOW_NFSM6CLA1A',
    upper: 'P8CIUPP_NFSM6CLA1A',
    cohort: 'P8PUP_NFSM6CLA1A',
  },
  { column: 'ATT8SCR_FSM6CLA1A', measure: 'ks4.attainment8_disadv', cohort: 'TFSM6CLA1A' },
  { column: 'ATT8SCR_NFSM6CLA1A', measure: 'ks4.attainment8_non_disadv', cohort: 'TNOTFSM6CLA1A' },
];

function prior(suffix: 'PREV' | 'PREV2'): MeasureColumn[] {
  const s = `_${suffix}`;
  return [
    { column: `P8MEA${s}`, measure: 'ks4.progress8', lower: `P8CILOW${s}`, upper: `P8CIUPP${s}`, cohort: `P8PUP${s}` },
    { column: `ATT8SCR${s}`, measure: 'ks4.attainment8' },
    { column: `PTL2BASICS_95${s}`, measure: 'ks4.basics_95_pct' },
    { column: `PTL2BASICS_94${s}`, measure: 'ks4.basics_94_pct' },
    { column: `EBACCAPS${s}`, measure: 'ks4.ebacc_aps' },
    { column: `PTEBACC_E_PTQ_EE${s}`, measure: 'ks4.ebacc_entry_pct' },
    { column: `ATT8SCR_FSM6CLA1A${s}`, measure: 'ks4.attainment8_disadv', cohort: `TFSM6CLA1A${s}` },
    { column: `ATT8SCR_NFSM6CLA1A${s}`, measure: 'ks4.attainment8_non_disadv', cohort: `TNOTFSM6CLA1A${s}` },
  ];
}

const META = { id: 'ks4-2025-final', defaultAcademicYear: '2024/25' };
const PREV = prior('PREV');
const PREV2 = prior('PREV2');

export const ks4Final2025 = defineLayout({
  ...META,
  kind: 'ks4',
  release: 'final',
  description: 'KS4 2024/25 final (per-LA performance tables) with _PREV and _PREV2 history columns',
  raggedRows: 'trailing-empties-omitted',
  years: {
    from: '2019/20',
    gaps: NO_TABLES,
    why: 'its _PREV2 columns carry EBacc average point scores, first published for 2017/18, two years before the file; no KS4 tables for 2019/20 and 2020/21',
  },
  requiredColumns: [
    'RECTYPE',
    'LEA',
    'URN',
    'TPUP',
    'ATT8SCR',
    'P8PUP',
    'P8MEA',
    'P8CILOW',
    'P8CIUPP',
    'PTL2BASICS_94',
    'PTL2BASICS_95',
    'EBACCAPS',
    'PTEBACC_E_PTQ_EE',
    'P8MEA_FSM6CLA1A',
    'ATT8SCR_FSM6CLA1A',
    'P8MEA_PREV',
    'ATT8SCR_PREV',
    'P8MEA_PREV2',
    'ATT8SCR_PREV2',
  ],
  mapRow(row: Record<string, string>, _line: number, ctx: LayoutContext) {
    const year = resolveYear(ctx, META);
    const target = rectypeTarget(row, { school: ['1', '2'], la: ['4'], england: ['7'], skip: ['5'] }, 'LEA');
    const groups = [
      { year, columns: CURRENT },
      { year: shiftYear(year, -1), columns: PREV },
      { year: shiftYear(year, -2), columns: PREV2 },
    ];
    return emitRow(row, target, groups, ctx.source);
  },
});
