/** One reason a file or row was refused. `line` is the 1-based line in the file (header = 1). */
export interface ImportProblem {
  line: number | null;
  reason: string;
  /** The form field / command-line option at fault, for problems with what was asked rather than the file. */
  field?: 'academicYear' | 'asAt';
}

/**
 * How many problems an import keeps to show. A junk file can have millions of bad lines: past this many
 * only a count is kept, so memory stays bounded and the page and the terminal stay readable.
 */
export const PROBLEMS_KEPT = 100;

/** The problems found while reading one file: the first PROBLEMS_KEPT in full, then only counted. */
export class ProblemList {
  readonly kept: ImportProblem[] = [];
  private overflow = 0;
  constructor(private readonly limit = PROBLEMS_KEPT) {}
  add(p: ImportProblem): void {
    if (this.kept.length < this.limit) this.kept.push(p);
    else this.overflow++;
  }
  get count(): number {
    return this.kept.length + this.overflow;
  }
  get more(): number {
    return this.overflow;
  }
}

const SHOWN_IN_MESSAGE = 50;

/** Raised when an import is refused; the database is left exactly as it was. */
export class ImportRefused extends Error {
  /** Problems found beyond those in `problems` (counted, not kept). */
  readonly more: number;
  constructor(
    readonly fileName: string,
    readonly problems: ImportProblem[],
    readonly rowsRead = 0,
    more = 0,
  ) {
    const total = problems.length + more;
    const hidden = total - Math.min(problems.length, SHOWN_IN_MESSAGE);
    super(
      `${fileName}: import refused, nothing changed. ${total} problem${total === 1 ? '' : 's'}:\n` +
        problems
          .slice(0, SHOWN_IN_MESSAGE)
          .map((p) => `  ${p.line === null ? 'file' : `line ${p.line}`}: ${p.reason}`)
          .join('\n') +
        (hidden > 0 ? `\n  … and ${hidden} more problem${hidden === 1 ? '' : 's'}` : ''),
    );
    this.more = more;
  }

  static from(fileName: string, list: ProblemList, rowsRead = 0): ImportRefused {
    return new ImportRefused(fileName, list.kept, rowsRead, list.more);
  }

  /** Every problem found, counted (kept or not). */
  get total(): number {
    return this.problems.length + this.more;
  }
}
