import type { Command } from 'commander';
import { dataCatalogue, readReleaseCalendar } from '../../services/catalogue.js';
import { isoDateOption } from '../options.js';
import { print, withRuntime } from '../runtime.js';

export function catalogueCommand(program: Command): void {
  program
    .command('catalogue')
    .description('List each data source: its latest file and date, the next release expected (config/releases.json) and what is overdue')
    .option('--json', 'print JSON')
    .option('--today <date>', 'judge overdue releases on this day (yyyy-mm-dd; default today)', isoDateOption)
    .action(async (opts: { json?: boolean; today?: string }) => {
      const today = opts.today ?? new Date().toISOString().slice(0, 10);
      await withRuntime(async (rt) => {
        const calendar = readReleaseCalendar();
        const sources = await dataCatalogue(rt.database.db, rt.organisation.id, today);
        if (opts.json) return print(JSON.stringify({ today, calendar: { source: calendar.source, date: calendar.date, graceDays: calendar.graceDays }, sources }, null, 2));
        for (const s of sources) {
          const held = s.latestFile ? `${s.latestHeld ?? 'date unknown'}${s.latestRelease ? ` ${s.latestRelease}` : ''} (${s.latestFile}, imported ${s.latestImported})` : 'nothing held';
          print(`${s.label}: ${held}; next: ${s.next.covers}, due ${s.next.due}${s.overdue ? ` — OVERDUE by ${s.daysOverdue} days` : ''}`);
        }
      });
    });
}
