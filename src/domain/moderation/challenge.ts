// The school's challenge to its confirmed category: the head teacher or chair submits grounds and
// evidence; an officer upholds it (the category changes) or does not, with a reason either way.
import type { Role } from '../access/roles.js';
import { checkCategory, entrySubject, err, fail, hasText, isIsoTimestamp, roleAllowed, roleError, snapshot } from './shared.js';
import type { Actor, AuditEvent, Challenge, ChallengeEvidence, ModerationError, Outcome, RoundEntry } from './types.js';

export const CHALLENGER_ROLES: readonly Role[] = ['head_teacher', 'chair_of_governors'];
export const RESPONDER_ROLES: readonly Role[] = ['link_officer', 'district_lead', 'senior_leader'];

export interface OpenChallengeInput {
  id: string;
  actor: Actor;
  at: string;
  grounds: string;
  evidence: ChallengeEvidence[];
  requestedCategory?: string;
  /** The "challenge by" date in the letter; challenges after it are refused. */
  deadline?: string;
}

const challengeSnapshot = (c: Challenge) => ({ state: c.state, category: c.response?.resultingCategory ?? c.categoryChallenged });

export function openChallenge(entry: RoundEntry, input: OpenChallengeInput, existing: readonly Challenge[] = []): Outcome<{ challenge: Challenge; event: AuditEvent }> {
  const errors: ModerationError[] = [];
  if (!roleAllowed(input.actor, CHALLENGER_ROLES)) errors.push(roleError(input.actor, 'challenge a category', CHALLENGER_ROLES));
  if (!isIsoTimestamp(input.at)) errors.push(err('bad-date', `"${input.at}" is not an ISO date or time.`));
  if (entry.state !== 'confirmed') errors.push(err('not-confirmed', 'Only a confirmed category can be challenged.'));
  if (input.deadline && input.at.slice(0, 10) > input.deadline) errors.push(err('challenge-window-closed', `Challenges closed on ${input.deadline}.`));
  if (!hasText(input.grounds)) errors.push(err('reason-required', 'Say why the school disagrees with its category.'));
  if (!input.evidence.some((e) => hasText(e.title))) errors.push(err('evidence-required', 'Attach or describe at least one piece of evidence.'));
  if (input.requestedCategory !== undefined) {
    const bad = checkCategory(entry, input.requestedCategory);
    if (bad) errors.push(bad);
    else if (input.requestedCategory === entry.category) errors.push(err('unknown-category', `The school is already in ${entry.category}.`));
  }
  if (existing.some((c) => c.state === 'open' && c.roundId === entry.roundId && c.urn === entry.school.urn))
    errors.push(err('challenge-already-open', 'This school already has an open challenge for the round.'));
  if (errors.length) return fail(...errors);

  const challenge: Challenge = {
    id: input.id,
    roundId: entry.roundId,
    urn: entry.school.urn,
    state: 'open',
    categoryChallenged: entry.category,
    requestedCategory: input.requestedCategory ?? null,
    grounds: input.grounds.trim(),
    evidence: input.evidence.filter((e) => hasText(e.title)),
    openedBy: input.actor,
    openedAt: input.at,
    response: null,
  };
  return { ok: true, challenge, event: { action: 'challenge_opened', subject: `challenge/${challenge.id}`, from: null, to: challengeSnapshot(challenge), why: challenge.grounds, who: input.actor, when: input.at } };
}

export interface RespondInput {
  actor: Actor;
  at: string;
  outcome: 'upheld' | 'not_upheld';
  /** For an upheld challenge: the new category; defaults to the one the school asked for. */
  toCategory?: string;
  reason: string;
}

export function respondToChallenge(
  challenge: Challenge,
  entry: RoundEntry,
  input: RespondInput,
): Outcome<{ challenge: Challenge; entry: RoundEntry; events: AuditEvent[] }> {
  const errors: ModerationError[] = [];
  if (!roleAllowed(input.actor, RESPONDER_ROLES)) errors.push(roleError(input.actor, 'respond to a challenge', RESPONDER_ROLES));
  if (!isIsoTimestamp(input.at)) errors.push(err('bad-date', `"${input.at}" is not an ISO date or time.`));
  if (challenge.state !== 'open') errors.push(err('challenge-closed', `The challenge is already ${challenge.state.replace('_', ' ')}.`));
  if (challenge.roundId !== entry.roundId || challenge.urn !== entry.school.urn) errors.push(err('mismatch', 'The challenge is not about this entry.'));
  if (!hasText(input.reason)) errors.push(err('reason-required', 'The school is told why, whatever the outcome.'));
  const upheld = input.outcome === 'upheld';
  const category = upheld ? (input.toCategory ?? challenge.requestedCategory) : entry.category;
  if (upheld) {
    if (category === null) errors.push(err('category-required', 'Say which category the school moves to.'));
    else {
      const bad = checkCategory(entry, category);
      if (bad) errors.push(bad);
      else if (category === entry.category) errors.push(err('unknown-category', `Upholding must change the category; the school is already in ${category}.`));
    }
  } else if (input.toCategory !== undefined && input.toCategory !== entry.category) {
    errors.push(err('unknown-category', 'A challenge that is not upheld leaves the category as it was.'));
  }
  if (errors.length) return fail(...errors);

  const reason = input.reason.trim();
  const next: Challenge = { ...challenge, state: upheld ? 'upheld' : 'not_upheld', response: { by: input.actor, at: input.at, reason, resultingCategory: category } };
  const action = upheld ? 'challenge_upheld' : 'challenge_not_upheld';
  const events: AuditEvent[] = [{ action, subject: `challenge/${challenge.id}`, from: challengeSnapshot(challenge), to: challengeSnapshot(next), why: reason, who: input.actor, when: input.at }];
  let nextEntry = entry;
  if (upheld) {
    nextEntry = { ...entry, category, reason: category === entry.proposedCategory ? null : reason, updatedAt: input.at, updatedBy: input.actor.userId };
    events.push({ action, subject: entrySubject(entry), from: snapshot(entry), to: snapshot(nextEntry), why: reason, who: input.actor, when: input.at });
  }
  return { ok: true, challenge: next, entry: nextEntry, events };
}

export function withdrawChallenge(challenge: Challenge, input: { actor: Actor; at: string; reason?: string }): Outcome<{ challenge: Challenge; event: AuditEvent }> {
  const errors: ModerationError[] = [];
  if (!roleAllowed(input.actor, CHALLENGER_ROLES)) errors.push(roleError(input.actor, 'withdraw a challenge', CHALLENGER_ROLES));
  if (!isIsoTimestamp(input.at)) errors.push(err('bad-date', `"${input.at}" is not an ISO date or time.`));
  if (challenge.state !== 'open') errors.push(err('challenge-closed', `The challenge is already ${challenge.state.replace('_', ' ')}.`));
  if (errors.length) return fail(...errors);
  const reason = input.reason?.trim() || null;
  const next: Challenge = { ...challenge, state: 'withdrawn', response: { by: input.actor, at: input.at, reason: reason ?? 'Withdrawn by the school.', resultingCategory: challenge.categoryChallenged } };
  return { ok: true, challenge: next, event: { action: 'challenge_withdrawn', subject: `challenge/${challenge.id}`, from: challengeSnapshot(challenge), to: challengeSnapshot(next), why: reason, who: input.actor, when: input.at } };
}
