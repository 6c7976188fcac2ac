// The per-school moderation steps: proposed → link officer's view → district moderation → confirmed.
// Forward only, one stage at a time; a senior leader may send an entry back or exclude it, with a reason.
import type { Role } from '../access/roles.js';
import { checkCategory, entrySubject, err, fail, hasText, isIsoTimestamp, roleAllowed, roleError, snapshot } from './shared.js';
import { STAGES, type Actor, type AuditAction, type AuditEvent, type EntryState, type ModerationError, type Outcome, type RoundEntry, type Stage } from './types.js';

export interface StepInput {
  actor: Actor;
  at: string;
  /** Omit to keep the entry's current category. */
  toCategory?: string | null;
  reason?: string;
}

export type StepOutcome = Outcome<{ entry: RoundEntry; event: AuditEvent }>;

/** Who may move an entry into each stage (admin always may). */
export const STAGE_ROLES: Record<Exclude<Stage, 'proposed'>, readonly Role[]> = {
  link_officer_reviewed: ['link_officer'],
  district_moderated: ['district_lead', 'senior_leader'],
  confirmed: ['senior_leader'],
};
/** Sending back, excluding and reinstating undo others' work, so they sit with senior leaders. */
export const OVERRIDE_ROLES: readonly Role[] = ['senior_leader'];

const FORWARD_ACTION: Record<Exclude<Stage, 'proposed'>, AuditAction> = {
  link_officer_reviewed: 'link_officer_review',
  district_moderated: 'district_moderation',
  confirmed: 'confirm',
};

const stageIndex = (s: Stage) => STAGES.indexOf(s);

type Move = { action: AuditAction; roles: readonly Role[]; what: string; alwaysNeedsReason: boolean };

/** Which kind of move this is, or why it is not one. */
function classify(from: EntryState, to: EntryState): Move | ModerationError {
  if (to === 'excluded') {
    if (from === 'excluded') return err('out-of-order', 'The entry is already excluded.');
    return { action: 'exclude', roles: OVERRIDE_ROLES, what: 'exclude a school from the round', alwaysNeedsReason: true };
  }
  if (from === 'excluded') {
    if (to !== 'proposed') return err('out-of-order', 'An excluded entry can only be reinstated at the proposed stage.');
    return { action: 'reinstate', roles: OVERRIDE_ROLES, what: 'reinstate an excluded school', alwaysNeedsReason: true };
  }
  const fi = stageIndex(from);
  const ti = stageIndex(to);
  if (ti < fi) return { action: 'send_back', roles: OVERRIDE_ROLES, what: `send an entry back to ${to.replace(/_/g, ' ')}`, alwaysNeedsReason: true };
  if (ti > fi + 1) return err('out-of-order', `Cannot move from ${from} to ${to}: the ${STAGES[fi + 1].replace(/_/g, ' ')} step comes first.`);
  if (to === 'proposed') return err('out-of-order', 'The proposal is the engine’s; it is revised at the link officer step.');
  if (ti === fi) {
    if (to === 'confirmed') return err('out-of-order', 'A confirmed entry is not revised; a senior leader sends it back first.');
    return { action: 'revise', roles: STAGE_ROLES[to], what: `revise the ${to.replace(/_/g, ' ')} view`, alwaysNeedsReason: true };
  }
  return { action: FORWARD_ACTION[to], roles: STAGE_ROLES[to], what: `move an entry to ${to.replace(/_/g, ' ')}`, alwaysNeedsReason: false };
}

export function applyStep(entry: RoundEntry, step: EntryState, input: StepInput): StepOutcome {
  const move = classify(entry.state, step);
  if ('code' in move) return fail(move);
  const errors: ModerationError[] = [];
  if (!roleAllowed(input.actor, move.roles)) errors.push(roleError(input.actor, move.what, move.roles));
  if (!isIsoTimestamp(input.at)) errors.push(err('bad-date', `"${input.at}" is not an ISO date or time.`));

  // Reinstating starts again from the engine's proposal; otherwise the current category carries forward.
  const base = move.action === 'reinstate' ? entry.proposedCategory : entry.category;
  const category = input.toCategory === undefined ? base : input.toCategory;
  const badCategory = checkCategory(entry, category);
  if (badCategory) errors.push(badCategory);
  if (step === 'confirmed' && category === null) errors.push(err('category-required', 'A category must be set before the entry is confirmed.'));

  const changed = category !== entry.category;
  const departsFromProposal = category !== entry.proposedCategory;
  const needsReason = move.alwaysNeedsReason || changed || (departsFromProposal && !hasText(entry.reason));
  if (needsReason && !hasText(input.reason))
    errors.push(
      err(
        'reason-required',
        move.alwaysNeedsReason
          ? `A reason is needed to ${move.what}.`
          : `A reason is needed: ${category ?? 'no category'} differs from ${changed ? `the current ${entry.category ?? 'no category'}` : `the proposal ${entry.proposedCategory ?? 'no category'}`}.`,
      ),
    );
  if (errors.length) return fail(...errors);

  const reason = input.reason?.trim() ?? null;
  const next: RoundEntry = {
    ...entry,
    state: step,
    category,
    reason: step === 'excluded' ? reason : !departsFromProposal ? null : changed ? reason : (entry.reason ?? reason),
    updatedAt: input.at,
    updatedBy: input.actor.userId,
  };
  return {
    ok: true,
    entry: next,
    event: { action: move.action, subject: entrySubject(entry), from: snapshot(entry), to: snapshot(next), why: reason, who: input.actor, when: input.at },
  };
}
