import type { Command } from 'commander';
import { schoolListing } from '../../repositories/schools.js';
import { toCsv } from '../../web/csv.js';
import { print, withRuntime } from '../runtime.js';

export function schoolsCommand(program: Command): void {
  program
    .command('schools')
    .description('Print the register of the configured LA (open, state-funded schools unless --all)')
    .option('--json', 'print JSON')
    .option('--csv', 'print CSV')
    .option('--all', 'include closed and independent schools')
    .action(async (opts: { json?: boolean; csv?: boolean; all?: boolean }) => {
      await withRuntime(async (rt) => {
        const rows = await schoolListing(rt.database.db, rt.organisation.id, {
          scope: { kind: 'all' },
          status: opts.all ? undefined : 'open',
          stateFundedOnly: !opts.all,
        });
        const out = rows.map((s) => ({
          urn: s.urn,
          laestab: s.laestab,
          name: s.name,
          type: s.typeName,
          typeGroup: s.typeGroup,
          phase: s.phase,
          status: s.status,
          district: s.districtName,
          trust: s.trustName,
          postcode: s.postcode,
        }));
        if (opts.json) print(JSON.stringify(out, null, 2));
        else if (opts.csv) print(toCsv(Object.keys(out[0] ?? { urn: 0 }) as (keyof (typeof out)[number])[], out));
        else for (const s of out) print(`${s.urn}  ${s.name}  (${s.type}; ${s.phase}; ${s.status}; ${s.district ?? 'no district'})`);
      });
    });
}
