// Absence as carried in the performance tables: LA, ESTAB, URN, PERCTOT and one persistent-absence column.
//   absence-2015-pa15: datasets/england-2015/england_abs.csv — PPERSABS15, the old 15% threshold, mapped to
//     its own code absence.persistent_15_pct. Year: ctx.academicYear, else 2014/15 (15% was replaced in 2015/16).
//   absence-pa10: datasets/england-2019/england_abs.csv and datasets/hertfordshire-919/2023-24/919_abs.csv —
//     identical headers in every year since 2015/16, so the file cannot tell us its year and neither can we:
//     ctx.academicYear is required (the performance tables carry the latest *published* absence year, which
//     may be the year before the release's own year — the importer must record the year it assumes).
//
// Summary rows, checked against the real rows: URN blank with LA "NAT" = England, one per phase (ESTAB
// PRI/SEC/SPE); URN blank with a 3-digit LA = that LA, one per phase.
import { RowError, type LayoutContext, type RaggedRows, type YearSpan } from '../layout.js';
import { defineLayout, emitRow, FIRST_DOWNLOADABLE_TABLES, parseUrn, phaseFromCode, resolveYear, type MeasureColumn, type RowTarget } from './common.js';

function target(row: Record<string, string>): RowTarget {
  if ((row['URN'] ?? '').trim() !== '') return { kind: 'school', urn: parseUrn(row) };
  const la = (row['LA'] ?? '').trim();
  const phase = phaseFromCode(row['ESTAB'] ?? '');
  if (la === 'NAT') return { kind: 'england', phase };
  if (/^\d{3}$/.test(la)) return { kind: 'la', laCode: la, phase };
  throw new RowError(`column LA: summary row with unknown area ${JSON.stringify(row['LA'] ?? '')}`);
}

function absenceLayout(id: string, persistentColumn: string, persistentMeasure: string, years: YearSpan, raggedRows: RaggedRows, defaultAcademicYear?: string) {
  const meta = { id, defaultAcademicYear };
  const columns: MeasureColumn[] = [
    { column: 'PERCTOT', measure: 'absence.overall_pct' },
    { column: persistentColumn, measure: persistentMeasure },
  ];
  return defineLayout({
    ...meta,
    kind: 'absence',
    description: `Absence (performance tables), persistent absence from ${persistentColumn}`,
    years,
    raggedRows,
    requiredColumns: ['LA', 'ESTAB', 'URN', 'PERCTOT', persistentColumn],
    mapRow(row: Record<string, string>, _line: number, ctx: LayoutContext) {
      const year = resolveYear(ctx, meta);
      return emitRow(row, target(row), [{ year, columns }], ctx.source);
    },
  });
}

export const absence2015 = absenceLayout(
  'absence-2015-pa15',
  'PPERSABS15',
  'absence.persistent_15_pct',
  { from: FIRST_DOWNLOADABLE_TABLES, to: '2014/15', why: 'the 15% persistent-absence threshold was replaced by 10% from 2015/16; downloadable tables start in 2010/11' },
  'exact',
  '2014/15',
);
// Every row of both real files has all five fields: a short row has lost fields.
export const absencePa10 = absenceLayout(
  'absence-pa10',
  'PPERSABS10',
  'absence.persistent_10_pct',
  { from: '2015/16', why: 'persistent absence at the 10% threshold was first published for 2015/16' },
  'exact',
);
