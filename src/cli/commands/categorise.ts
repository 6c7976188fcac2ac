import type { Command } from 'commander';
import { PERMITTED_READER, redactResult, SCHOOL_READER } from '../../domain/access/redaction.js';
import { loadShippedPolicies } from '../../domain/categorisation/index.js';
import { withheldWordingFor } from '../../services/laConfig.js';
import { proposeCategories, shippedPolicy } from '../../services/categorisation.js';
import { print, withRuntime } from '../runtime.js';

export function categoriseCommand(program: Command): void {
  program
    .command('categorise')
    .description('Propose a category for every open state-funded school of the LA, with the rules that fired, their evidence and the evidence missing')
    .requiredOption('--policy <id>', `policy: ${[...loadShippedPolicies().keys()].join(', ')}`)
    .option('--as-of <date>', 'use only evidence published by this date (yyyy-mm-dd); default today')
    .option('--json', 'print JSON')
    .option('--include-confidential', 'show confidential LA intelligence in the explanations (output for officers who may read it only)')
    .action(async (opts: { policy: string; asOf?: string; json?: boolean; includeConfidential?: boolean }) => {
      const policy = shippedPolicy(opts.policy);
      await withRuntime(async (rt) => {
        // Output is often passed on: it is redacted as a school would read it unless asked otherwise.
        const reader = opts.includeConfidential ? PERMITTED_READER : SCHOOL_READER;
        const wording = withheldWordingFor(rt.organisation);
        const proposals = (await proposeCategories(rt.database.db, rt.organisation.id, policy, { asOf: opts.asOf })).map((p) => ({ ...p, result: redactResult(p.result, reader, wording) }));
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
                  withheld: p.result.withheld.sentence,
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
          print(`${p.urn}  ${p.name}: ${p.result.categoryLabel ?? 'not set'} (${p.result.status}); ${[...p.result.firedRules.map((r) => r.ruleId), ...(p.result.withheld.sentence ? [p.result.withheld.sentence] : [])].join(', ') || (p.result.withheld.any ? '' : 'no rules fired')}`);
        }
      });
    });
}
