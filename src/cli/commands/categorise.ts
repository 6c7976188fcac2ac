import type { Command } from 'commander';
import { loadShippedPolicies } from '../../domain/categorisation/index.js';
import { proposeCategories, shippedPolicy } from '../../services/categorisation.js';
import { print, withRuntime } from '../runtime.js';
import { isoDateOption } from '../options.js';

export function categoriseCommand(program: Command): void {
  program
    .command('categorise')
    .description('Propose a category for every open state-funded school of the LA, with the rules that fired, their evidence and the evidence missing')
    .requiredOption('--policy <id>', `policy: ${[...loadShippedPolicies().keys()].join(', ')}`)
    .option('--as-of <date>', 'use only evidence published by this date (yyyy-mm-dd); default today', isoDateOption)
    .option('--json', 'print JSON')
    .action(async (opts: { policy: string; asOf?: string; json?: boolean }) => {
      const policy = shippedPolicy(opts.policy);
      await withRuntime(async (rt) => {
        const proposals = await proposeCategories(rt.database.db, rt.organisation.id, policy, { asOf: opts.asOf });
        if (opts.json) {
          print(
            JSON.stringify(
              {
                policy: { id: policy.id, version: policy.version, title: policy.title },
                asOf: opts.asOf ?? new Date().toISOString().slice(0, 10),
                schools: proposals.map((p) => ({
                  urn: p.urn,
                  name: p.name,
                  district: p.district,
                  phase: p.phase,
                  category: p.result.category,
                  categoryLabel: p.result.categoryLabel,
                  status: p.result.status,
                  firedRules: p.result.firedRules,
                  missingEvidence: p.result.missingEvidence,
                  reviewNow: p.result.reviewNow,
                  specialHandling: p.result.specialHandling,
                  eraNotes: p.result.eraNotes,
                  dimensions: p.result.dimensions,
                })),
              },
              null,
              2,
            ),
          );
          return;
        }
        const counts = new Map<string, number>();
        for (const p of proposals) counts.set(p.result.categoryLabel ?? 'not set', (counts.get(p.result.categoryLabel ?? 'not set') ?? 0) + 1);
        print(`${policy.title} (version ${policy.version}): ${proposals.length} schools`);
        for (const [label, n] of counts) print(`  ${label}: ${n}`);
        for (const p of proposals) {
          print(`${p.urn}  ${p.name}: ${p.result.categoryLabel ?? 'not set'} (${p.result.status}); ${p.result.firedRules.map((r) => r.ruleId).join(', ') || 'no rules fired'}`);
        }
      });
    });
}
