// Contract between a published file layout (KS2 2019, census 2023/24, Ofsted MI, ...) and the importers.
// Each layout is pure: it recognises a header and maps one row to evidence records.
import type { Comparator, Inspection, Observation } from './types.js';

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

/** Thrown by mapRow for a row that cannot be read; the importer reports it with the line number. */
export class RowError extends Error {}

export interface FileLayout {
  id: string;
  kind: EvidenceKind;
  description: string;
  /** Academic year the layout's data belongs to when the file itself does not say. */
  defaultAcademicYear?: string;
  /** Columns that must all be present for this layout to be chosen. */
  requiredColumns: string[];
  detect(headers: string[]): boolean;
  /** `row` maps header → cell; cells missing from a short (ragged) row are ''. */
  mapRow(row: Record<string, string>, line: number, ctx: LayoutContext): RowResult;
}
