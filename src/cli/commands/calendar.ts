import type { Command } from 'commander';
import { academicYear, loadCalendar, workingDaysIn, type IsoDate } from '../../domain/calendar/index.js';
import { print } from '../runtime.js';

export function calendarCommand(program: Command): void {
  program
    .command('calendar')
    .description('Print an academic year: terms, half terms and working days (from config/calendars)')
    .requiredOption('--year <label>', 'academic year, e.g. 2025/26')
    .option('--calendar <id>', 'calendar file in config/calendars', 'england-default')
    .option('--json', 'print JSON')
    .action((opts: { year: string; calendar: string; json?: boolean }) => {
      const cal = loadCalendar(opts.calendar);
      const year = academicYear(opts.year, cal);
      const working = (from: IsoDate, to: IsoDate, schoolDaysOnly: boolean) => workingDaysIn(from, to, cal, { excludeSchoolHolidays: schoolDaysOnly });
      const out = {
        calendar: opts.calendar,
        year: opts.year,
        start: year.start,
        end: year.end,
        terms: year.terms.map((t) => ({
          name: t.name,
          start: t.start,
          end: t.end,
          schoolDays: working(t.start, t.end, true).length,
          halfTerms: t.halfTerms.map((h) => ({ id: h.id, start: h.start, end: h.end, schoolDays: working(h.start, h.end, true).length })),
        })),
        workingDays: working(year.start, year.end, false),
        schoolDays: working(year.start, year.end, true).length,
      };
      if (opts.json) return print(JSON.stringify(out, null, 2));
      print(`${out.year} (${out.calendar}): ${out.start} to ${out.end}; ${out.workingDays.length} working days, ${out.schoolDays} school days`);
      for (const t of out.terms) {
        print(`  ${t.name}: ${t.start} to ${t.end} (${t.schoolDays} school days)`);
        for (const h of t.halfTerms) print(`    ${h.id}: ${h.start} to ${h.end} (${h.schoolDays} school days)`);
      }
    });
}
