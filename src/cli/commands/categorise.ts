import type { Command } from 'commander';
import type { Db } from '../../db/client.js';
import { PERMITTED_READER, redactResult, SCHOOL_READER } from '../../domain/access/redaction.js';
import { loadShippedPolicies, type Policy } from '../../domain/categorisation/index.js';
import type { Organisation } from '../../repositories/organisations.js';
import { withheldWordingFor } from '../../services/laConfig.js';
import { eachProposedCategory, proposeCategories, type ProposedCategory } from '../../services/categorisation.js';
import { listPolicies, policyOf } from '../../services/policies.js';
import { print, StdoutBuffer, withRuntime } from '../runtime.js';
import { isoDateOption } from '../options.js';
import { jsonListDocumentPieces } from '../jsonPieces.js';

/** The JSON `lodestar categorise --json` prints, as a school would read it unless asked. */
function schoolJson(p: { urn: number; name: string; district: string | null; phase: string; result: ReturnType<typeof redactResult> }) {
  return {
    urn: p.urn,
    name: p.name,
    district: p.district,
    phase: p.phase,
    category: p.result.category,
    categoryLabel: p.result.categoryLabel,
    status: p.result.status,
    firedRules: p.result.firedRules,
    // Best-fit policies: per category, the characteristics matched, not matched and not assessable.
    bestFit: p.result.bestFit ?? null,
    withheld: p.result.withheld.sentence,
    missingEvidence: p.result.missingEvidence,
    reviewNow: p.result.reviewNow,
    specialHandling: p.result.specialHandling,
    eraNotes: p.result.eraNotes,
    // Rules not applied and why: phase, special handling, or an input its publisher withdrew.
    notApplied: p.result.notApplied,
    staleEvidence: p.result.staleEvidence ?? null,
    dimensions: p.result.dimensions,
  };
}

/**
 * `lodestar categorise`'s output in pieces whose concatenation is the whole text. JSON is exactly
 * `JSON.stringify(document, null, 2)`, a school at a time (see jsonPieces.ts).
 */
export async function* categoriseOutputPieces(db: Db, organisation: Organisation, policy: Policy, opts: { asOf?: string; json?: boolean; includeConfidential?: boolean }): AsyncGenerator<string> {
  const reader = opts.includeConfidential ? PERMITTED_READER : SCHOOL_READER;
  const wording = withheldWordingFor(organisation);
  const shown = (p: ProposedCategory) => ({ ...p, result: redactResult(p.result, reader, wording) });
  if (!opts.json) {
    yield categoriseText(policy, (await proposeCategories(db, organisation.id, policy, { asOf: opts.asOf })).map(shown));
    return;
  }
  const head = { policy: { id: policy.id, version: policy.version, title: policy.title }, asOf: opts.asOf ?? new Date().toISOString().slice(0, 10) };
  // Each school is categorised, shown and stringified in turn: its explanation is garbage once written.
  async function* schools() {
    for await (const p of eachProposedCategory(db, organisation.id, policy, { asOf: opts.asOf })) yield schoolJson(shown(p));
  }
  yield* jsonListDocumentPieces(head, 'schools', schools());
}

/** What `lodestar categorise` prints. Output is often passed on, so it reads as a school would unless asked. */
export async function categoriseOutput(db: Db, organisation: Organisation, policy: Policy, opts: { asOf?: string; json?: boolean; includeConfidential?: boolean }): Promise<string> {
  const pieces: string[] = [];
  for await (const piece of categoriseOutputPieces(db, organisation, policy, opts)) pieces.push(piece);
  return pieces.join('');
}

function categoriseText(policy: Policy, proposals: { urn: number; name: string; result: ReturnType<typeof redactResult> }[]): string {
  const lines: string[] = [];
  const counts = new Map<string, number>();
  for (const p of proposals) counts.set(p.result.categoryLabel ?? 'not set', (counts.get(p.result.categoryLabel ?? 'not set') ?? 0) + 1);
  lines.push(`${policy.title} (version ${policy.version}): ${proposals.length} schools`);
  for (const [label, n] of counts) lines.push(`  ${label}: ${n}`);
  for (const p of proposals) {
    // Rule ids can name the kind ("open-safeguarding-concern"): only those the reader may see are listed.
    const said = [...p.result.firedRules.map((r) => r.ruleId), ...(p.result.withheld.sentence ? [p.result.withheld.sentence] : [])];
    lines.push(`${p.urn}  ${p.name}: ${p.result.categoryLabel ?? 'not set'} (${p.result.status}); ${said.join(', ') || (p.result.withheld.any ? '' : 'no rules fired')}`);
  }
  return lines.join('\n');
}

/**
 * The LA's latest stored version of a policy id, as a round would use: an LA's edited or renamed copy
 * is never replaced by the shipped file (issue 12.9).
 */
export async function categorisePolicy(db: Db, organisationId: number, policyId: string): Promise<Policy> {
  const policies = await listPolicies(db, organisationId);
  const found = policies.find((p) => p.policyId === policyId);
  if (!found) throw new Error(`Unknown policy "${policyId}". Policies: ${policies.map((p) => p.policyId).join(', ')}`);
  return policyOf(found.latest);
}

export function categoriseCommand(program: Command): void {
  program
    .command('categorise')
    .description('Propose a category for every open state-funded school of the LA, with the rules that fired, their evidence and the evidence missing')
    .requiredOption('--policy <id>', `policy: ${[...loadShippedPolicies().keys()].join(', ')}, or an LA's own copy; its latest stored version is used`)
    .option('--as-of <date>', 'use only evidence published by this date (yyyy-mm-dd); default today', isoDateOption)
    .option('--json', 'print JSON')
    .option('--include-confidential', 'show confidential LA intelligence in the explanations (for officers who may read it only)')
    .action(async (opts: { policy: string; asOf?: string; json?: boolean; includeConfidential?: boolean }) => {
      await withRuntime(async (rt) => {
        const policy = await categorisePolicy(rt.database.db, rt.organisation.id, opts.policy);
        if (!opts.json) return print(await categoriseOutput(rt.database.db, rt.organisation, policy, opts));
        // Written piece by piece (the same text print would write, newline included).
        const out = new StdoutBuffer();
        for await (const piece of categoriseOutputPieces(rt.database.db, rt.organisation, policy, opts)) out.write(piece);
        out.write('\n');
        out.end();
      });
    });
}
