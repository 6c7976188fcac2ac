// Shared machinery for the performance-table layouts: each layout is mostly a table of
// column → measure mappings, and these helpers turn one row plus that table into records.
import { RowError, type EvidenceKind, type FileLayout, type LayoutContext, type RaggedRows, type RowResult, type YearSpan } from '../layout.js';
import { isPublished, rangeProblem, startYear } from '../measures.js';
import type { AcademicYear, Comparator, Observation } from '../types.js';
import { parseColumn } from '../values.js';

/** One published column and the measure it feeds. */
export interface MeasureColumn {
  column: string;
  measure: string;
  /** Columns holding the 95% confidence limits, where published. */
  lower?: string;
  upper?: string;
  /** Column with the number of pupils the figure rests on. */
  cohort?: string;
}

/** The columns that describe one academic year (files carry prior years in suffixed columns). */
export interface YearColumns {
  year: AcademicYear;
  columns: readonly MeasureColumn[];
}

export type Phase = NonNullable<Comparator['phase']>;

/** What a row describes: a school, an LA or England summary, or a summary we deliberately skip. */
export type RowTarget =
  | { kind: 'school'; urn: number }
  | { kind: 'la'; laCode: string | null; phase?: Phase | null }
  | { kind: 'england'; phase?: Phase | null }
  | { kind: 'skip' };

export const emptyResult = (): RowResult => ({ observations: [], comparators: [], inspections: [] });

/** Excel and some DfE exports put a UTF-8 byte-order mark before the first header name. */
export const stripBom = (header: string): string => header.replace(/^\uFEFF/, '');

/** Rows keyed by a header that kept its BOM would miss their first column; rename that one key. */
function withoutBom(row: Record<string, string>): Record<string, string> {
  const first = Object.keys(row)[0];
  if (first === undefined || !first.startsWith('\uFEFF')) return row;
  const copy: Record<string, string> = { ...row, [stripBom(first)]: row[first] };
  delete copy[first];
  return copy;
}

interface LayoutSpec {
  id: string;
  kind: EvidenceKind;
  description: string;
  defaultAcademicYear?: string;
  requiredColumns: string[];
  /** Columns whose presence means a *different* layout (e.g. a larger file that contains all our columns). */
  excludedColumns?: string[];
  raggedRows?: RaggedRows;
  years?: YearSpan;
  rowsPer?: FileLayout['rowsPer'];
  release?: FileLayout['release'];
  mapRow: FileLayout['mapRow'];
}

export function defineLayout(spec: LayoutSpec): FileLayout {
  const { excludedColumns = [], mapRow, ...layout } = spec;
  return {
    ...layout,
    mapRow: (row, line, ctx) => mapRow(withoutBom(row), line, ctx),
    detect(headers: string[]): boolean {
      const present = new Set(headers.map((h) => stripBom(h).trim()));
      return spec.requiredColumns.every((c) => present.has(c)) && !excludedColumns.some((c) => present.has(c));
    },
  };
}

/** The year a row belongs to, for layouts whose file does not say: the caller's word, else the layout default. */
export function resolveYear(ctx: LayoutContext, layout: { id: string; defaultAcademicYear?: string }): AcademicYear {
  const year = ctx.academicYear ?? layout.defaultAcademicYear;
  if (!year) {
    throw new RowError(
      `layout ${layout.id}: the file does not say which academic year it covers and no academicYear was given`,
    );
  }
  checkYear(year);
  return year;
}

/** For layouts whose columns pin the year: a caller asserting another year is a mistake, not a choice. */
export function fixedYear(ctx: LayoutContext, layoutId: string, year: AcademicYear): AcademicYear {
  if (ctx.academicYear !== undefined && ctx.academicYear !== year) {
    throw new RowError(`layout ${layoutId} holds ${year} data (its columns say so), not ${ctx.academicYear}`);
  }
  return year;
}

function checkYear(year: string): void {
  try {
    startYear(year);
  } catch {
    throw new RowError(`academic year ${JSON.stringify(year)} is not of the form 2018/19`);
  }
}

/** The DfE's downloadable performance tables (with their census and absence extracts) start in 2010/11. */
export const FIRST_DOWNLOADABLE_TABLES = '2010/11';
/** Performance tables were not published for these years (exams cancelled). */
export const NO_TABLES: readonly AcademicYear[] = ['2019/20', '2020/21'];

/**
 * Why a file in `layout` cannot hold `year`, or null when it can. `currentYear` is the academic year
 * today (data for a later year cannot have been published yet).
 */
export function yearProblem(layout: Pick<FileLayout, 'id' | 'description' | 'years'>, year: AcademicYear, currentYear: AcademicYear): string | null {
  try {
    startYear(year);
  } catch {
    return `academic year ${JSON.stringify(year)} is not of the form 2018/19`;
  }
  const y = startYear(year);
  if (y > startYear(currentYear)) return `academic year ${year} has not happened yet (this is ${currentYear}): no file can hold its data`;
  const span = layout.years;
  if (!span) return null;
  const to = span.to ?? currentYear;
  if (y < startYear(span.from) || y > startYear(to)) {
    return `a ${layout.description} file (layout ${layout.id}) holds ${span.from} to ${span.to ?? 'now'}, not ${year}: ${span.why}`;
  }
  if ((span.gaps ?? []).includes(year)) return `no ${layout.description} file was published for ${year}: ${span.why}`;
  return null;
}

export function parseUrn(row: Record<string, string>, column = 'URN'): number {
  const raw = (row[column] ?? '').trim();
  if (!/^\d{5,7}$/.test(raw)) throw new RowError(`column ${column}: not a URN ${JSON.stringify(row[column] ?? '')}`);
  return Number(raw);
}

function numberOrNull(row: Record<string, string>, column: string | undefined): number | null {
  if (!column) return null;
  const cell = parseColumn(row, column);
  return cell.status === 'ok' ? cell.value : null;
}

/** Collects every out-of-range value of a row, so each is reported with its column. */
export class RangeCheck {
  readonly reasons: string[] = [];
  check(column: string, measure: string, value: number | null): void {
    if (value === null) return;
    const problem = rangeProblem(measure, value);
    if (problem) this.reasons.push(`column ${column}: ${problem}`);
  }
  /** Throws one RowError carrying every out-of-range value found. */
  throwIfAny(): void {
    if (this.reasons.length) throw new RowError(this.reasons.join('; '), this.reasons);
  }
}

function observe(row: Record<string, string>, col: MeasureColumn, urn: number, year: AcademicYear, source: string, range: RangeCheck): Observation {
  const cell = parseColumn(row, col.column);
  range.check(col.column, col.measure, cell.value);
  let status = cell.status;
  // A blank or NA in a year the measure did not exist is a fact about the measure, not a gap in the school's return.
  if ((status === 'missing' || status === 'not_applicable') && !isPublished(col.measure, year)) status = 'not_published';
  const obs: Observation = {
    urn,
    measure: col.measure,
    academicYear: year,
    value: cell.value,
    status,
    raw: cell.raw,
    source,
  };
  if (col.lower) obs.ciLower = numberOrNull(row, col.lower);
  if (col.upper) obs.ciUpper = numberOrNull(row, col.upper);
  if (col.cohort) obs.cohort = numberOrNull(row, col.cohort);
  return obs;
}

/** Map a row through its year/column tables; summary rows only yield comparators for published numbers. */
export function emitRow(
  row: Record<string, string>,
  target: RowTarget,
  groups: readonly YearColumns[],
  source: string,
): RowResult {
  const result = emptyResult();
  if (target.kind === 'skip') return result;
  const range = new RangeCheck();
  for (const group of groups) {
    for (const col of group.columns) {
      if (target.kind === 'school') {
        result.observations.push(observe(row, col, target.urn, group.year, source, range));
        continue;
      }
      const cell = parseColumn(row, col.column);
      if (cell.status !== 'ok') continue;
      range.check(col.column, col.measure, cell.value);
      const comparator: Comparator = {
        scope: target.kind,
        measure: col.measure,
        academicYear: group.year,
        value: cell.value,
        source,
      };
      if (target.kind === 'la') comparator.laCode = target.laCode;
      if (target.phase !== undefined) comparator.phase = target.phase;
      result.comparators.push(comparator);
    }
  }
  range.throwIfAny();
  return result;
}

/** Phase codes used by the census and absence summary rows. */
export function phaseFromCode(code: string): Phase {
  switch (code.trim()) {
    case 'PRI':
      return 'primary';
    case 'SEC':
      return 'secondary';
    case 'SPE':
      return 'special';
    default:
      throw new RowError(`unknown phase code ${JSON.stringify(code)} on a summary row`);
  }
}

/** Performance-table RECTYPE → target, per the file's own record-type table. */
export function rectypeTarget(
  row: Record<string, string>,
  types: { school: readonly string[]; la: readonly string[]; england: readonly string[]; skip: readonly string[] },
  laColumn: string | null,
): RowTarget {
  const rectype = (row['RECTYPE'] ?? '').trim();
  if (types.school.includes(rectype)) return { kind: 'school', urn: parseUrn(row) };
  if (types.la.includes(rectype)) {
    const code = laColumn ? (row[laColumn] ?? '').trim() : '';
    return { kind: 'la', laCode: code === '' ? null : code };
  }
  if (types.england.includes(rectype)) return { kind: 'england' };
  if (types.skip.includes(rectype)) return { kind: 'skip' };
  throw new RowError(`column RECTYPE: unknown record type ${JSON.stringify(row['RECTYPE'] ?? '')}`);
}
