import type { Command } from 'commander';
import type { Db } from '../../db/client.js';
import { PERMITTED_READER, redactRisk, SCHOOL_READER } from '../../domain/access/redaction.js';
import { scoreSchools } from '../../services/risk.js';
import { toCsv } from '../../web/csv.js';
import { StdoutBuffer, withRuntime } from '../runtime.js';
import { jsonListDocumentPieces } from '../jsonPieces.js';
import { isoDateOption } from '../options.js';

/** What `lodestar risk` prints, in pieces whose concatenation is the whole text: without --include-confidential, explanations leave confidential intelligence out. */
export async function* riskOutputPieces(db: Db, organisationId: number, opts: { asOf: string; format: string; includeConfidential?: boolean }): AsyncGenerator<string> {
  const reader = opts.includeConfidential ? PERMITTED_READER : SCHOOL_READER;
  const scored = (await scoreSchools(db, organisationId, opts.asOf)).map((s) => ({ ...s, risk: redactRisk(s.risk, reader) })).sort((a, b) => b.risk.risk - a.risk.risk);
  // A school at a time: the national list is ~27 MB of JSON (see jsonPieces.ts).
  if (opts.format === 'json') return yield* jsonListDocumentPieces({ asOf: opts.asOf }, 'schools', scored);
  yield toCsv(
    ['URN', 'risk', 'coverage', 'top_factors'] as const,
    scored.map((s) => ({ URN: s.urn, risk: s.risk.risk.toFixed(3), coverage: s.risk.coverage.toFixed(2), top_factors: s.risk.topFactors.map((f) => f.words).join(' | ') })),
  );
}

export async function riskOutput(db: Db, organisationId: number, opts: { asOf: string; format: string; includeConfidential?: boolean }): Promise<string> {
  const pieces: string[] = [];
  for await (const piece of riskOutputPieces(db, organisationId, opts)) pieces.push(piece);
  return pieces.join('');
}

export function riskCommand(program: Command): void {
  program
    .command('risk')
    .description('Score every open state-funded school in the register (a school with few or no figures gets a rough score, marked) with the early-warning model and only evidence published before --as-of; riskiest first')
    .option('--as-of <date>', 'yyyy-mm-dd; evidence published before this day is used (default today)', isoDateOption)
    .option('--format <format>', 'csv or json', 'csv')
    .option('--include-confidential', 'count confidential LA intelligence in the explanations (for officers who may read it only)')
    .action(async (opts: { asOf?: string; format: string; includeConfidential?: boolean }) => {
      const asOf = opts.asOf ?? new Date().toISOString().slice(0, 10);
      await withRuntime(async (rt) => {
        // The same text print would write, newline included.
        const out = new StdoutBuffer();
        let last = '';
        for await (const piece of riskOutputPieces(rt.database.db, rt.organisation.id, { asOf, format: opts.format, includeConfidential: opts.includeConfidential })) {
          out.write(piece);
          last = piece || last;
        }
        if (!last.endsWith('\n')) out.write('\n');
        out.end();
      });
    });
}
