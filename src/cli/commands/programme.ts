import type { Command } from 'commander';
import { loadCalendar } from '../../domain/calendar/index.js';
import { MEETING_LABELS } from '../../domain/engagement/index.js';
import { buildProgramme, sourceWords } from '../../services/programme.js';
import { print, StdoutBuffer, withRuntime } from '../runtime.js';
import { jsonDocumentPieces } from '../jsonPieces.js';

export function programmeCommand(program: Command): void {
  program
    .command('programme')
    .description("Plan the year's visit programme from the schools' categories: every contact with school, officer, date and reason, and each officer's planned days against capacity")
    .requiredOption('--year <label>', 'academic year, e.g. 2025/26')
    .option('--calendar <id>', 'calendar file in config/calendars', 'england-default')
    .option('--policy <id>', 'categorisation policy for live proposals when no round is confirmed', 'staffordshire-2014')
    .option('--json', 'print JSON')
    .action(async (opts: { year: string; calendar: string; policy: string; json?: boolean }) => {
      const calendar = loadCalendar(opts.calendar);
      await withRuntime(async (rt) => {
        const r = await buildProgramme(rt.database.db, rt.organisation.id, opts.year, { calendar, policyId: opts.policy });
        const officerName = new Map(r.officers.map((o) => [o.id, o.name]));
        const out = {
          year: r.programme.year,
          calendar: opts.calendar,
          categories: { ...r.source, note: sourceWords(r.source) },
          contacts: r.programme.contacts.map((c) => ({
            urn: c.urn,
            school: c.schoolName,
            officerId: c.officerId,
            officer: c.officerId ? (officerName.get(c.officerId) ?? null) : null,
            date: c.date,
            term: c.term,
            halfTerm: c.halfTerm,
            type: c.meetingType,
            days: c.days,
            reason: c.reason,
          })),
          officers: r.officers.map((o) => ({ id: o.id, name: o.name, email: o.email, schools: o.schools, plannedDays: o.plannedDays, capacityDays: o.capacityDays, capacitySource: o.capacitySource, overloaded: o.overloaded })),
          unassigned: r.programme.unassigned.map((urn) => ({ urn, school: r.schoolNames.get(urn) ?? null })),
          unscheduled: r.programme.unscheduled.map((c) => ({ urn: c.urn, school: c.schoolName, window: c.window, type: c.meetingType })),
          uncategorised: r.uncategorised,
        };
        if (opts.json) {
          // A national programme is ~27 MB of JSON: written a contact at a time (see jsonPieces.ts), the same text print would write.
          const stdout = new StdoutBuffer();
          for (const piece of jsonDocumentPieces(out)) stdout.write(piece);
          stdout.write('\n');
          return stdout.end();
        }
        print(`Visit programme ${out.year}: ${out.contacts.length} contacts. ${out.categories.note}`);
        for (const o of out.officers) print(`  ${o.name}: ${o.plannedDays} of ${o.capacityDays} days planned for ${o.schools} schools${o.overloaded ? ' (OVERLOADED)' : ''}`);
        print(`  Schools without a link officer: ${out.unassigned.length}`);
        for (const c of out.contacts) print(`${c.date ?? 'unscheduled'}  ${c.urn}  ${c.school}  ${MEETING_LABELS[c.type]}  ${c.officer ?? 'no officer'}`);
      });
    });
}
