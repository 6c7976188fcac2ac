// `lodestar rounds create|list` and `lodestar policies validate|list`: categorisation rounds and
// policy files from the command line, through the same services as the web pages.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { TERMS, type Term } from '../../domain/moderation/index.js';
import { listRounds } from '../../repositories/categorisation.js';
import { listPolicies, validatePolicyText } from '../../services/policies.js';
import { cliRoundActor, confirmUnchangedProposals, confirmWholeRound, createRound } from '../../services/rounds.js';
import { cliActor, print, withRuntime } from '../runtime.js';
import { isoDateOption } from '../options.js';

export function roundsCommand(program: Command): void {
  const rounds = program.command('rounds').description('Categorisation rounds: propose every school’s category for moderation');
  rounds
    .command('create')
    .description('Open a round and store every open state-funded school’s proposed category with its explanation')
    .requiredOption('--year <yyyy/yy>', 'academic year, e.g. 2025/26')
    .requiredOption('--term <term>', `term: ${TERMS.join(', ')}`)
    .requiredOption('--policy <id>', 'policy id (its latest stored version), e.g. staffordshire-2014')
    .option('--policy-version <n>', 'a specific stored version of the policy')
    .option('--as-of <date>', 'use only evidence published by this date (yyyy-mm-dd); default today', isoDateOption)
    .option('--urns <list>', 'limit the round to these URNs (comma-separated), e.g. for a pilot')
    .option('--json', 'print JSON')
    .action(async (opts: { year: string; term: string; policy: string; policyVersion?: string; asOf?: string; urns?: string; json?: boolean }) => {
      await withRuntime(async (rt) => {
        const outcome = await createRound(
          rt.database.db,
          rt.organisation.id,
          {
            academicYear: opts.year,
            term: opts.term as Term,
            policyId: opts.policy,
            policyVersion: opts.policyVersion ? Number(opts.policyVersion) : undefined,
            asOf: opts.asOf,
            urns: opts.urns ? opts.urns.split(',').map((u) => Number(u.trim())).filter((u) => Number.isInteger(u) && u > 0) : undefined,
            onProgress: (done, total) => {
              if (done % 50 === 0 || done === total) process.stderr.write(`proposed ${done} of ${total}\n`);
            },
          },
          cliRoundActor(cliActor(rt.organisation.id)),
        );
        if (!outcome.ok) {
          for (const e of outcome.errors) process.stderr.write(`${e.field}: ${e.message}\n`);
          process.exitCode = 1;
          return;
        }
        if (opts.json) print(JSON.stringify({ id: outcome.round.id, label: outcome.round.label, schools: outcome.schools, asOf: outcome.round.asOf }, null, 2));
        else print(`Round ${outcome.round.id} "${outcome.round.label}" opened: ${outcome.schools} schools proposed (evidence to ${outcome.round.asOf})`);
      });
    });
  rounds
    .command('confirm <id>')
    .description('Confirm a round; with --unchanged, first confirm every proposal still unchanged (a senior leader’s bulk decision)')
    .option('--unchanged', 'confirm unchanged proposals first')
    .action(async (id: string, opts: { unchanged?: boolean }) => {
      await withRuntime(async (rt) => {
        const actor = cliRoundActor(cliActor(rt.organisation.id));
        if (opts.unchanged) {
          const bulk = await confirmUnchangedProposals(rt.database.db, rt.organisation.id, Number(id), actor);
          if (!bulk.ok) {
            for (const e of bulk.errors) process.stderr.write(`${e.message}\n`);
            process.exitCode = 1;
            return;
          }
          print(`${bulk.confirmed} unchanged proposals confirmed; ${bulk.left} changed entries still need moderating`);
        }
        const r = await confirmWholeRound(rt.database.db, rt.organisation.id, Number(id), actor);
        if (!r.ok) {
          for (const e of r.errors) process.stderr.write(`${e.message}\n`);
          process.exitCode = 1;
          return;
        }
        print(`Round ${id} confirmed`);
      });
    });
  rounds
    .command('list')
    .description('List categorisation rounds')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withRuntime(async (rt) => {
        const rows = await listRounds(rt.database.db, rt.organisation.id);
        if (opts.json) return print(JSON.stringify(rows.map((r) => ({ id: r.id, label: r.label, status: r.status, asOf: r.asOf, policyVersionId: r.policyVersionId })), null, 2));
        if (!rows.length) return print('No rounds yet. Create one with: lodestar rounds create --year 2025/26 --term autumn --policy staffordshire-2014');
        for (const r of rows) print(`${r.id}\t${r.label}\t${r.status}\tevidence to ${r.asOf}`);
      });
    });
}

export function policiesCommand(program: Command): void {
  const policies = program.command('policies').description('Categorisation policies as data');
  policies
    .command('validate <file>')
    .description('Check a policy file and list every mistake with its JSON path')
    .action((file: string) => {
      const r = validatePolicyText(readFileSync(file, 'utf8'));
      if (r.ok) return print(`${file}: valid (${r.policy.id} version ${r.policy.version}, ${r.policy.rules.length} rules, ${r.policy.categories.length} categories)`);
      for (const e of r.errors) process.stderr.write(`${e.path}: ${e.message}\n`);
      process.exitCode = 1;
    });
  policies
    .command('list')
    .description('List stored policies and their versions')
    .action(async () => {
      await withRuntime(async (rt) => {
        for (const p of await listPolicies(rt.database.db, rt.organisation.id))
          print(`${p.policyId}\t${p.title}\tversions ${p.versions.map((v) => `${v.version} (${v.origin})`).join(', ')}`);
      });
    });
}
