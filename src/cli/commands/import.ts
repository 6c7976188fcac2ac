import fs from 'node:fs';
import type { Command } from 'commander';
import { findImporter, listImporters } from '../../importers/registry.js';
import { audit } from '../../services/audit.js';
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
      if (opts.asAt && !/^\d{4}-\d{2}-\d{2}$/.test(opts.asAt)) {
        process.stderr.write('--as-at must be a date as yyyy-mm-dd\n');
        process.exit(2);
      }
      await withRuntime(async (rt) => {
        const outcome = await importer.run(rt.database.db, {
          file,
          organisation: rt.organisation,
          importedBy: cliActor(rt.organisation.id).label,
          asAt: opts.asAt,
          academicYear: opts.year,
          onProgress: (n) => process.stderr.write(`… ${n.toLocaleString('en-GB')} rows read\n`),
        });
        await audit(rt.database.db, cliActor(rt.organisation.id), 'import.run', { type: 'import', id: outcome.importId }, { after: { kind, file, summary: outcome.summary } });
        print(`Imported ${file} (${kind})`);
        for (const line of outcome.summary) print(`  ${line}`);
      });
    });
}
