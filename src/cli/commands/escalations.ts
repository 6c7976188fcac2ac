import type { Command } from 'commander';
import { defaultContext, escalationCheckActor, proposeDueEscalations } from '../../services/escalations.js';
import { print, withRuntime } from '../runtime.js';

export function escalationsCommand(program: Command): void {
  const escalations = program.command('escalations').description('Escalation proposals');
  escalations
    .command('check')
    .description('Store the escalation proposals the rules make due today (the app does this 30 s after it starts, then daily); audited')
    .option('--urn <urn>', 'only this school (repeatable)', (v: string, prev: number[]) => [...prev, Number(v)], [] as number[])
    .action(async (opts: { urn: number[] }) => {
      await withRuntime(async (rt) => {
        const bad = opts.urn.filter((u) => !Number.isInteger(u) || u <= 0 || u > 2_147_483_647);
        if (bad.length) {
          process.stderr.write('--urn must be a school URN (a whole number)\n');
          process.exitCode = 2;
          return;
        }
        const r = await proposeDueEscalations(rt.database.db, rt.organisation.id, defaultContext(rt.organisation.name), escalationCheckActor(rt.organisation.id, `cli:${process.env.USER ?? 'unknown'}`), opts.urn.length ? { urns: opts.urn } : {});
        print(`Checked ${r.schools} school(s); ${r.proposed} new proposal(s) stored`);
      });
    });
}
