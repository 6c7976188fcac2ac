import type { Command } from 'commander';
import { listAudit } from '../../repositories/audit.js';
import { toCsv } from '../../web/csv.js';
import { print, withRuntime } from '../runtime.js';

export function auditCommand(program: Command): void {
  program
    .command('audit')
    .description('Print the audit log (administrators), newest first')
    .option('--json', 'print JSON')
    .option('--csv', 'print CSV')
    .option('--action <prefix>', 'only actions starting with this, e.g. auth. or import.')
    .option('--limit <n>', 'at most this many entries', '1000')
    .action(async (opts: { json?: boolean; csv?: boolean; action?: string; limit: string }) => {
      await withRuntime(async (rt) => {
        const entries = await listAudit(rt.database.db, rt.organisation.id, { action: opts.action, limit: Number(opts.limit) });
        if (opts.json) print(JSON.stringify(entries, null, 2));
        else if (opts.csv) {
          // The columns live with the admin page; loading it pulls in the web stack, so only for --csv.
          const { auditCsvColumns } = await import('../../web/routes/admin.js');
          print(toCsv(auditCsvColumns, entries));
        }
        else for (const e of entries) print(`${e.at.toISOString()}  ${e.actor}  ${e.action}  ${e.entityType}${e.entityId ? ` ${e.entityId}` : ''}`);
      });
    });
}
