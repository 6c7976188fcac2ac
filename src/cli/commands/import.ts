import fs from 'node:fs';
import type { Command } from 'commander';
import { findImporter, listImporters } from '../../importers/registry.js';
import { isIsoDate } from '../../domain/calendar/dates.js';
import { runImport } from '../../services/importRuns.js';
import { cliActor, print, withRuntime } from '../runtime.js';

export function importCommand(program: Command): void {
  program
    .command('import')
    .description(`Import a published data file (all or nothing). Kinds: ${listImporters().map((i) => i.kind).join(', ')}`)
    .argument('<kind>', 'what the file is')
    .argument('<file>', 'path to the CSV file')
    .option('--as-at <date>', 'date the register facts are true at (yyyy-mm-dd); default: date in the file name, else today')
    .option('--year <academicYear>', 'academic year for files that do not say, e.g. 2018/19')
    .action(async (kind: string, file: string, opts: { asAt?: string; year?: string }) => {
      const importer = findImporter(kind);
      if (!importer) {
        process.stderr.write(`Unknown kind "${kind}". Kinds: ${listImporters().map((i) => i.kind).join(', ')}\n`);
        process.exit(2);
      }
      if (!fs.existsSync(file)) {
        process.stderr.write(`No such file: ${file}\n`);
        process.exit(2);
      }
      if (opts.asAt !== undefined && !isIsoDate(opts.asAt)) {
        process.stderr.write(`--as-at must be a real date written yyyy-mm-dd (${JSON.stringify(opts.asAt)} is not)\n`);
        process.exit(2);
      }
      await withRuntime(async (rt) => {
        const actor = cliActor(rt.organisation.id);
        const request = {
          file,
          organisation: rt.organisation,
          importedBy: actor.label,
          asAt: opts.asAt,
          academicYear: opts.year,
          onProgress: (n: number) => process.stderr.write(`… ${n.toLocaleString('en-GB')} rows read\n`),
        };
        const outcome = await runImport(rt.database.db, importer, request, actor, file);
        print(`Imported ${file} (${kind})`);
        for (const line of outcome.summary) print(`  ${line}`);
      });
    });
}
