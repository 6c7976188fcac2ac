import type { Command } from 'commander';
import { scoreSchools } from '../../services/risk.js';
import { toCsv } from '../../web/csv.js';
import { print, withRuntime } from '../runtime.js';
import { isoDateOption } from '../options.js';

export function riskCommand(program: Command): void {
  program
    .command('risk')
    .description('Score every school with evidence using the early-warning model and only evidence dated before --as-of; riskiest first')
    .option('--as-of <date>', 'yyyy-mm-dd; evidence published before this day is used (default today)', isoDateOption)
    .option('--format <format>', 'csv or json', 'csv')
    .action(async (opts: { asOf?: string; format: string }) => {
      const asOf = opts.asOf ?? new Date().toISOString().slice(0, 10);
      await withRuntime(async (rt) => {
        const scored = await scoreSchools(rt.database.db, rt.organisation.id, asOf);
        if (opts.format === 'json') return print(JSON.stringify({ asOf, schools: scored }, null, 2));
        print(
          toCsv(
            ['URN', 'risk', 'top_factors'] as const,
            scored.map((s) => ({ URN: s.urn, risk: s.risk.risk.toFixed(3), top_factors: s.risk.topFactors.map((f) => f.words).join(' | ') })),
          ),
        );
      });
    });
}
