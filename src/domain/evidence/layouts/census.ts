// School census as carried in the performance tables (NOR, SEN, EAL, FSM), two published layouts:
//   census-2019: datasets/england-2019/england_census.csv (2018/19; UTF-8 BOM; ESTAB; PNUMUNCFL)
//   census-2024: datasets/hertfordshire-919/2023-24/919_census.csv (2023/24; `Estab`; the real header
//     typo PNUMUNCLF for the same "% first language unclassified" column; adds NORFSMEVER; % signs)
// Renamed columns are listed per layout below, never guessed.
//
// Summary rows, checked against the real rows: URN "NAT" = England, one row per phase (ESTAB PRI/SEC/SPE);
// URN "LA" (2023/24 only) = the LA, one row per phase — and on those rows the publisher shifted two cells:
// the LA code sits in SCHOOLTYPE and the school type in LA. We take whichever of the two is a 3-digit code.
//
// Year: the files do not say; ctx.academicYear, else the layout's census year (2018/19 or 2023/24).
// The DfE publishes no FSM percentage here, so census.fsm_pct is derived as NUMFSM / NOR (see measures.ts).
import { RowError, type LayoutContext, type RaggedRows, type RowResult } from '../layout.js';
import { rangeProblem } from '../measures.js';
import type { AcademicYear, Comparator, Observation } from '../types.js';
import { parseColumn } from '../values.js';
import { defineLayout, emitRow, FIRST_DOWNLOADABLE_TABLES, parseUrn, phaseFromCode, resolveYear, type MeasureColumn, type RowTarget } from './common.js';

interface CensusColumns {
  estab: string;
  firstLanguageUnclassified: string;
}

function columnsFor(names: CensusColumns): MeasureColumn[] {
  return [
    { column: 'NOR', measure: 'census.pupils' },
    { column: 'NUMFSM', measure: 'census.fsm_count' },
    { column: 'PNUMFSMEVER', measure: 'census.fsm_ever6_pct' },
    { column: 'PSENELSE', measure: 'census.ehcp_pct' },
    { column: 'PSENELK', measure: 'census.sen_support_pct' },
    { column: 'PNUMEAL', measure: 'census.eal_pct' },
    { column: names.firstLanguageUnclassified, measure: 'census.first_language_unclassified_pct' },
  ];
}

function target(row: Record<string, string>, names: CensusColumns): RowTarget {
  const urn = (row['URN'] ?? '').trim();
  if (urn === 'NAT') return { kind: 'england', phase: phaseFromCode(row[names.estab] ?? '') };
  if (urn === 'LA') {
    const code = [row['LA'], row['SCHOOLTYPE']].map((c) => (c ?? '').trim()).find((c) => /^\d{3}$/.test(c));
    if (!code) throw new RowError('LA summary row without a 3-digit LA code in LA or SCHOOLTYPE');
    return { kind: 'la', laCode: code, phase: phaseFromCode(row[names.estab] ?? '') };
  }
  return { kind: 'school', urn: parseUrn(row) };
}

/** census.fsm_pct = NUMFSM / NOR; the observation keeps both published cells in `raw`. */
function fsmPct(
  row: Record<string, string>,
  t: RowTarget,
  year: AcademicYear,
  source: string,
): Pick<RowResult, 'observations' | 'comparators'> {
  const fsm = parseColumn(row, 'NUMFSM');
  const nor = parseColumn(row, 'NOR');
  const ok = fsm.status === 'ok' && nor.status === 'ok' && (nor.value ?? 0) > 0;
  const value = ok ? Math.round((1000 * (fsm.value as number)) / (nor.value as number)) / 10 : null;
  const problem = value === null ? null : rangeProblem('census.fsm_pct', value);
  if (problem) throw new RowError(`columns NUMFSM and NOR: NUMFSM ${fsm.raw} of NOR ${nor.raw} gives ${problem}`);
  if (t.kind === 'school') {
    const status = ok ? 'ok' : fsm.status !== 'ok' ? fsm.status : nor.status === 'ok' ? 'missing' : nor.status;
    const obs: Observation = {
      urn: t.urn,
      measure: 'census.fsm_pct',
      academicYear: year,
      value,
      status,
      raw: `NUMFSM=${fsm.raw};NOR=${nor.raw}`,
      source,
    };
    return { observations: [obs], comparators: [] };
  }
  if (!ok || t.kind === 'skip') return { observations: [], comparators: [] };
  const c: Comparator = { scope: t.kind, measure: 'census.fsm_pct', academicYear: year, value, source, phase: t.phase ?? null };
  if (t.kind === 'la') c.laCode = t.laCode;
  return { observations: [], comparators: [c] };
}

// Every real census row has every field (no row of either file is ragged): a short row has lost fields.
function censusLayout(id: string, year: AcademicYear, names: CensusColumns, extraRequired: string[], raggedRows: RaggedRows) {
  const meta = { id, defaultAcademicYear: year };
  const columns = columnsFor(names);
  return defineLayout({
    ...meta,
    kind: 'census',
    description: `School census ${year} (performance-tables extract)`,
    raggedRows,
    years: { from: FIRST_DOWNLOADABLE_TABLES, why: 'downloadable performance tables, with their census extract, start in 2010/11' },
    requiredColumns: ['URN', 'LA', names.estab, 'SCHOOLTYPE', 'NOR', 'PSENELSE', 'PSENELK', 'PNUMEAL', names.firstLanguageUnclassified, 'NUMFSM', 'PNUMFSMEVER', ...extraRequired],
    mapRow(row: Record<string, string>, _line: number, ctx: LayoutContext) {
      const academicYear = resolveYear(ctx, meta);
      const t = target(row, names);
      const result = emitRow(row, t, [{ year: academicYear, columns }], ctx.source);
      const fsm = fsmPct(row, t, academicYear, ctx.source);
      result.observations.push(...fsm.observations);
      result.comparators.push(...fsm.comparators);
      return result;
    },
  });
}

export const census2019 = censusLayout('census-2019', '2018/19', { estab: 'ESTAB', firstLanguageUnclassified: 'PNUMUNCFL' }, [], 'exact');
export const census2024 = censusLayout('census-2024', '2023/24', { estab: 'Estab', firstLanguageUnclassified: 'PNUMUNCLF' }, ['NORFSMEVER'], 'exact');
