import type { RowProblems } from '../fields.js';
import type { SchoolRecord } from '../record.js';

/** A published file layout that lists schools: the DfE school information file or a GIAS extract. */
export interface RegisterFormat {
  id: 'school-information' | 'gias';
  title: string;
  /** Every one must be in the header, or the file is refused before any row is read. */
  requiredColumns: readonly string[];
  /** The performance-tables export leaves out trailing empty fields; GIAS rows are always complete. */
  allowShortRows: boolean;
  /** Encoding of the published file when it carries no byte order mark and is not valid UTF-8. */
  fallbackEncoding: 'windows-1252';
  /** Facts this layout does not publish: an import keeps what an earlier file said about them. */
  notCarried: readonly (keyof SchoolRecord)[];
  mapRow(row: Record<string, string>, p: RowProblems): SchoolRecord;
}
