/** One reason a file or row was refused. `line` is the 1-based line in the file (header = 1). */
export interface ImportProblem {
  line: number | null;
  reason: string;
}

/** Raised when an import is refused; the database is left exactly as it was. */
export class ImportRefused extends Error {
  constructor(
    readonly fileName: string,
    readonly problems: ImportProblem[],
    readonly rowsRead = 0,
  ) {
    super(
      `${fileName}: import refused, nothing changed. ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems
          .slice(0, 50)
          .map((p) => `  ${p.line === null ? 'file' : `line ${p.line}`}: ${p.reason}`)
          .join('\n') +
        (problems.length > 50 ? `\n  … and ${problems.length - 50} more` : ''),
    );
  }
}
