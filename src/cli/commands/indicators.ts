import type { Command } from 'commander';
import { INDICATORS, describeGoodOrBetter } from '../../domain/strategic/indicators.js';
import { indicatorReport } from '../../services/strategic.js';
import { isoDateOption } from '../options.js';
import { print, withRuntime } from '../runtime.js';

export function indicatorsCommand(program: Command): void {
  program
    .command('indicators')
    .description('Print each strategic indicator for the LA, each district, phase and type, with the schools and pupils behind it')
    .option('--as-of <date>', 'use only evidence published by this day (yyyy-mm-dd; default today)', isoDateOption)
    .option('--json', 'print JSON')
    .action(async (opts: { asOf?: string; json?: boolean }) => {
      const asOf = opts.asOf ?? new Date().toISOString().slice(0, 10);
      await withRuntime(async (rt) => {
        const report = await indicatorReport(rt.database.db, rt.organisation, asOf);
        if (opts.json) return print(JSON.stringify(report, null, 2));
        print(`Strategic indicators as of ${asOf}`);
        print(describeGoodOrBetter(report.setting.goodOrBetter));
        for (const s of report.scopes) {
          print(`\n${s.label} (${s.schools} schools)`);
          for (const d of INDICATORS) {
            const f = s.figures[d.id]!;
            const eng = f.england !== undefined && f.england !== null ? `; England ${f.england}` : '';
            print(`  ${d.label}: ${f.value ?? 'no evidence'}${f.year ? ` (${f.year})` : ''}${eng} — ${f.schools} schools, ${f.pupils} pupils`);
          }
        }
      });
    });
}
