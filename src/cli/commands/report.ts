import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { scrutinyPdf, scrutinyXlsx } from '../../reports/scrutiny.js';
import { buildScrutinyReport } from '../../services/strategic.js';
import { print, withRuntime } from '../runtime.js';

const TERMS = ['autumn', 'spring', 'summer'] as const;

export function reportCommand(program: Command): void {
  const report = program.command('report').description('Write aggregate reports');
  report
    .command('scrutiny')
    .description('Write the termly scrutiny report (PDF and XLSX): aggregate figures, small numbers suppressed, no school named when the LA anonymises')
    .requiredOption('--term <term>', 'autumn, spring or summer', (v: string) => {
      if (!(TERMS as readonly string[]).includes(v)) throw new InvalidArgumentError('expected autumn, spring or summer');
      return v;
    })
    .requiredOption('--year <year>', 'academic year, e.g. 2025/26', (v: string) => {
      if (!/^\d{4}\/\d{2}$/.test(v)) throw new InvalidArgumentError('expected an academic year such as 2025/26');
      return v;
    })
    .requiredOption('--out <dir>', 'folder to write the files to (created if missing)')
    .action(async (opts: { term: (typeof TERMS)[number]; year: string; out: string }) => {
      await withRuntime(async (rt) => {
        const r = await buildScrutinyReport(rt.database.db, rt.organisation, opts.term, opts.year);
        fs.mkdirSync(opts.out, { recursive: true });
        const base = path.join(opts.out, `scrutiny-${opts.year.replace('/', '-')}-${opts.term}`);
        fs.writeFileSync(`${base}.pdf`, await scrutinyPdf(r));
        fs.writeFileSync(`${base}.xlsx`, await scrutinyXlsx(r));
        print(`${base}.pdf\n${base}.xlsx\n(data as of ${r.dataDate})`);
      });
    });
}
