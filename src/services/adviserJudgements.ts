// Adviser judgements that a policy needs and data cannot give (Wales: capacity to improve A–D). An
// officer records one on a school's round entry with a reason; the school's proposal is then worked
// out again on the round's evidence date with the judgement in, and later rounds start from it.
import type { Db } from '../db/client.js';
import { capacityDimension, categorise, type CategorisationInputs } from '../domain/categorisation/index.js';
import { insertJudgement, type AdviserJudgementRow } from '../repositories/adviserJudgements.js';
import { getEntry, insertSteps, updateEntry } from '../repositories/categorisation.js';
import { audit } from './audit.js';
import { loadLaContext, loadSchoolEvidence } from './evidence.js';
import { loadRound, type RoundActor } from './rounds.js';

/** The officers who advise a school and so may judge its capacity to improve. */
export const ADVISER_ROLES: readonly string[] = ['admin', 'senior_leader', 'district_lead', 'link_officer'];

/**
 * Why this person cannot record a judgement on this entry now, or null when they can (the page offers
 * the form on null). Scope (which schools they may act on) is checked by the caller.
 */
export function capacityJudgementBlocker(round: { status: string }, entry: { stage: string }, role: string): string | null {
  if (round.status !== 'open') return 'This round is confirmed; record the judgement in the next round';
  if (entry.stage === 'confirmed' || entry.stage === 'excluded') return `This school’s entry is ${entry.stage}; send it back before changing its inputs`;
  if (!ADVISER_ROLES.includes(role)) return 'Your role cannot record adviser judgements';
  return null;
}

export type JudgementOutcome =
  | { ok: true; judgement: AdviserJudgementRow; from: string | null; to: string | null }
  | { ok: false; errors: Record<string, string> };

export async function recordCapacityJudgement(
  db: Db,
  organisationId: number,
  roundId: number,
  urn: number,
  input: { value: string; reason: string },
  actor: RoundActor,
): Promise<JudgementOutcome> {
  const loaded = await loadRound(db, organisationId, roundId);
  const entry = loaded && (await getEntry(db, organisationId, roundId, urn));
  if (!loaded || !entry) return { ok: false, errors: { value: 'There is no such school in this round' } };
  const dimension = capacityDimension(loaded.policy);
  const errors: Record<string, string> = {};
  if (!dimension) errors.value = `The ${loaded.policy.title} policy does not take a capacity-to-improve judgement`;
  else if (!dimension.values.some((v) => v.code === input.value)) errors.value = 'Select the school’s capacity to improve';
  if (!input.reason.trim()) errors.reason = 'Give the evidence behind the judgement';
  else if (input.reason.length > 2000) errors.reason = 'The reason must be 2,000 characters or fewer';
  const blocker = capacityJudgementBlocker(loaded.row, entry, actor.moderation.role);
  if (blocker) errors.value = blocker;
  if (Object.keys(errors).length) return { ok: false, errors };

  // The engine reads evidence outside the transaction, as when the round was opened.
  const evidence = await loadSchoolEvidence(db, organisationId, urn, loaded.row.asOf);
  if (!evidence) return { ok: false, errors: { value: 'There is no evidence for this school on the round’s date' } };
  const result = categorise(loaded.policy, evidence, await loadLaContext(db, organisationId), { capacityToImprove: input.value as CategorisationInputs['capacityToImprove'] });
  const from = entry.proposedCategory;
  // A category nobody has moved from the proposal follows the new proposal; a moderated one stays.
  const followsProposal = entry.currentCategory === entry.proposedCategory;
  const judgement = await db.transaction(async (tx) => {
    const j = await insertJudgement(tx, {
      organisationId,
      urn,
      input: 'capacityToImprove',
      value: input.value,
      reason: input.reason.trim(),
      recordedByUserId: actor.moderation.userId || null,
      recordedBy: actor.audit.label,
    });
    await updateEntry(tx, organisationId, entry.id, {
      result,
      proposedCategory: result.category,
      ...(followsProposal ? { currentCategory: result.category } : {}),
    });
    await insertSteps(tx, [
      {
        organisationId,
        categorisationId: entry.id,
        step: 'propose',
        fromCategory: from,
        toCategory: result.category,
        reason: `Proposed again with the adviser's capacity-to-improve judgement ${input.value}: ${input.reason.trim()}`,
        actorUserId: actor.moderation.userId || null,
        actor: actor.audit.label,
        at: new Date(),
      },
    ]);
    await audit(tx, actor.audit, 'categorisation.adviser_judgement', { type: 'categorisation', id: entry.id }, {
      before: { urn, proposedCategory: from, currentCategory: entry.currentCategory },
      after: { urn, capacityToImprove: input.value, reason: input.reason.trim(), proposedCategory: result.category, currentCategory: followsProposal ? result.category : entry.currentCategory },
    });
    return j;
  });
  return { ok: true, judgement, from, to: result.category };
}
