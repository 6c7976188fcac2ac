// KS2 2024/25 final as published per LA (datasets/hertfordshire-919/2024-25/919_ks2final.csv).
// The file carries the two previous years' key measures in `_24` and `_23` columns; we emit them as
// 2023/24 and 2022/23 so a school's history arrives from one file.
//
// Year: pinned by the columns themselves (`_24` is the year before this one), so it is always 2024/25;
// a caller asserting another year gets a RowError rather than mislabelled data.
//
// Record types, checked against the real rows: 1 mainstream school, 2 special school, 3 LA total
// (LEA = 919), 4 England all schools (incl. independent schools that took the tests; more pupils than
// 5), 5 England state-funded schools. We keep 5 as the England comparator and skip 4.
//
// KS2 progress is blank from 2023/24 (no KS1 baseline): the catalogue marks those years unpublished, so
// the blank READPROG/READPROG_24 cells become status not_published, while READPROG_23 holds real scores.
// Real rows omit trailing empty fields (the last 6 header columns never appear; new schools stop after
// 253 fields): the importer fills absent cells with '', which reads as missing.
import type { LayoutContext } from '../layout.js';
import { defineLayout, emitRow, fixedYear, rectypeTarget, type MeasureColumn, type YearColumns } from './common.js';

const CURRENT: readonly MeasureColumn[] = [
  { column: 'PTRWM_EXP', measure: 'ks2.rwm_expected_pct', cohort: 'TELIG' },
  { column: 'PTRWM_HIGH', measure: 'ks2.rwm_high_pct', cohort: 'TELIG' },
  { column: 'READPROG', measure: 'ks2.read_progress', lower: 'READPROG_LOWER', upper: 'READPROG_UPPER', cohort: 'TELIG' },
  { column: 'WRITPROG', measure: 'ks2.writ_progress', lower: 'WRITPROG_LOWER', upper: 'WRITPROG_UPPER', cohort: 'TELIG' },
  { column: 'MATPROG', measure: 'ks2.mat_progress', lower: 'MATPROG_LOWER', upper: 'MATPROG_UPPER', cohort: 'TELIG' },
  { column: 'READ_AVERAGE', measure: 'ks2.read_avg', cohort: 'TELIG' },
  { column: 'MAT_AVERAGE', measure: 'ks2.mat_avg', cohort: 'TELIG' },
  { column: 'GPS_AVERAGE', measure: 'ks2.gps_avg', cohort: 'TELIG' },
  { column: 'PTFSM6CLA1A', measure: 'ks2.disadvantaged_cohort_pct', cohort: 'TELIG' },
  { column: 'PTRWM_EXP_FSM6CLA1A', measure: 'ks2.rwm_expected_pct_disadv', cohort: 'TFSM6CLA1A' },
  { column: 'PTRWM_EXP_NotFSM6CLA1A', measure: 'ks2.rwm_expected_pct_non_disadv', cohort: 'TNOTFSM6CLA1A' },
  { column: 'PTRWM_HIGH_FSM6CLA1A', measure: 'ks2.rwm_high_pct_disadv', cohort: 'TFSM6CLA1A' },
  {
    column: 'READPROG_FSM6CLA1A',
    measure: 'ks2.read_progress_disadv',
    lower: 'READPROG_FSM6CLA1A_LOWER',
    upper: 'READPROG_FSM6CLA1A_UPPER',
    cohort: 'TFSM6CLA1A',
  },
  {
    column: 'WRITPROG_FSM6CLA1A',
    measure: 'ks2.writ_progress_disadv',
    lower: 'WRITPROG_FSM6CLA1A_LOWER',
    upper: 'WRITPROG_FSM6CLA1A_UPPER',
    cohort: 'TFSM6CLA1A',
  },
  {
    column: 'MATPROG_FSM6CLA1A',
    measure: 'ks2.mat_progress_disadv',
    lower: 'MATPROG_FSM6CLA1A_LOWER',
    upper: 'MATPROG_FSM6CLA1A_UPPER',
    cohort: 'TFSM6CLA1A',
  },
];

/** The prior-year block: the same measures, suffixed. Group cohorts are not published for prior years. */
function prior(suffix: string): MeasureColumn[] {
  const s = `_${suffix}`;
  const telig = `TELIG${s}`;
  return [
    { column: `PTRWM_EXP${s}`, measure: 'ks2.rwm_expected_pct', cohort: telig },
    { column: `PTRWM_HIGH${s}`, measure: 'ks2.rwm_high_pct', cohort: telig },
    { column: `READPROG${s}`, measure: 'ks2.read_progress', lower: `READPROG_LOWER${s}`, upper: `READPROG_UPPER${s}`, cohort: telig },
    { column: `WRITPROG${s}`, measure: 'ks2.writ_progress', lower: `WRITPROG_LOWER${s}`, upper: `WRITPROG_UPPER${s}`, cohort: telig },
    { column: `MATPROG${s}`, measure: 'ks2.mat_progress', lower: `MATPROG_LOWER${s}`, upper: `MATPROG_UPPER${s}`, cohort: telig },
    { column: `READ_AVERAGE${s}`, measure: 'ks2.read_avg', cohort: telig },
    { column: `MAT_AVERAGE${s}`, measure: 'ks2.mat_avg', cohort: telig },
    { column: `PTRWM_EXP_FSM6CLA1A${s}`, measure: 'ks2.rwm_expected_pct_disadv' },
    { column: `PTRWM_EXP_NotFSM6CLA1A${s}`, measure: 'ks2.rwm_expected_pct_non_disadv' },
    { column: `PTRWM_HIGH_FSM6CLA1A${s}`, measure: 'ks2.rwm_high_pct_disadv' },
  ];
}

const ID = 'ks2-2025-final';

const GROUPS: readonly YearColumns[] = [
  { year: '2024/25', columns: CURRENT },
  { year: '2023/24', columns: prior('24') },
  { year: '2022/23', columns: prior('23') },
];

export const ks2Final2025 = defineLayout({
  id: ID,
  kind: 'ks2',
  release: 'final',
  description: 'KS2 2024/25 final (per-LA performance tables) with 2023/24 and 2022/23 history columns',
  defaultAcademicYear: '2024/25',
  raggedRows: 'trailing-empties-omitted',
  requiredColumns: [
    'RECTYPE',
    'LEA',
    'URN',
    'TELIG',
    'PTRWM_EXP',
    'PTRWM_HIGH',
    'READPROG',
    'READPROG_LOWER',
    'READPROG_UPPER',
    'READ_AVERAGE',
    'MAT_AVERAGE',
    'PTRWM_EXP_FSM6CLA1A',
    'TELIG_24',
    'PTRWM_EXP_24',
    'TELIG_23',
    'PTRWM_EXP_23',
  ],
  mapRow(row: Record<string, string>, _line: number, ctx: LayoutContext) {
    fixedYear(ctx, ID, '2024/25');
    const target = rectypeTarget(row, { school: ['1', '2'], la: ['3'], england: ['5'], skip: ['4'] }, 'LEA');
    return emitRow(row, target, GROUPS, ctx.source);
  },
});
