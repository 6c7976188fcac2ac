// Contract between a published file layout (KS2 2019, census 2023/24, Ofsted MI, ...) and the importers.
// Each layout is pure: it recognises a header and maps one row to evidence records.
import type { AcademicYear, Comparator, Inspection, Observation } from './types.js';

/** A performance-tables release: the autumn provisional figures or the final (revised) ones. */
export type Release = 'provisional' | 'final';

export type EvidenceKind = 'ks2' | 'ks4' | 'census' | 'absence' | 'ofsted' | 'destinations';

export interface LayoutContext {
  /** File name the rows came from, stored on every record. */
  source: string;
  /** Academic year the caller asserts for files that do not say (e.g. "2018/19"). */
  academicYear?: string;
}

export interface RowResult {
  observations: Observation[];
  comparators: Comparator[];
  inspections: Inspection[];
}

/**
 * Thrown by mapRow for a row that cannot be read; the importer reports it with the line number. A row
 * with several bad cells carries one reason per cell, so each is reported.
 */
export class RowError extends Error {
  readonly reasons: readonly string[];
  constructor(message: string, reasons?: readonly string[]) {
    super(message);
    this.reasons = reasons && reasons.length ? reasons : [message];
  }
}

/**
 * How a layout's real files treat row width.
 * - `exact`: every row has one field per header column (empty fields written out).
 * - `trailing-empties-omitted`: the DfE performance-tables export (2023/24 on) leaves out a row's trailing
 *   empty fields, so rows may be shorter than the header — but such a row then never ends with an empty field.
 * Rows wider than the header are never real.
 */
export type RaggedRows = 'exact' | 'trailing-empties-omitted';

/** The academic years a file in this layout can hold, for layouts whose file does not say. */
export interface YearSpan {
  from: AcademicYear;
  /** Open-ended: up to the current academic year. */
  to?: AcademicYear;
  /** Years inside the span with no publication (exams cancelled in the pandemic). */
  gaps?: readonly AcademicYear[];
  /** Why these are the bounds (the measures the layout carries, the first downloadable tables). */
  why: string;
}

export interface FileLayout {
  id: string;
  kind: EvidenceKind;
  description: string;
  /**
   * Which DfE release the file is (KS2, KS4): provisional figures are superseded by the final release of the
   * same year. Absent for kinds published once (census, absence, Ofsted).
   */
  release?: Release;
  /** Academic year the layout's data belongs to when the file itself does not say. */
  defaultAcademicYear?: string;
  /** Columns that must all be present for this layout to be chosen. */
  requiredColumns: string[];
  /** How its real files treat row width; `exact` when absent. */
  raggedRows?: RaggedRows;
  /** For layouts whose year the caller gives: the years such a file can hold. */
  years?: YearSpan;
  /**
   * What one row describes: a school (the default; a URN may appear once) or one inspection (Ofsted's
   * "all inspections – year to date" file, where a school inspected twice has two rows).
   */
  rowsPer?: 'school' | 'inspection';
  detect(headers: string[]): boolean;
  /** `row` maps header → cell; cells missing from a short (ragged) row are ''. */
  mapRow(row: Record<string, string>, line: number, ctx: LayoutContext): RowResult;
}
