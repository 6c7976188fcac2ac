// Opening a round, proposing each school's entry from the engine, and confirming the round once
// every school has been through moderation or been excluded with a reason.
import type { Role } from '../access/roles.js';
import type { Policy } from '../categorisation/policy/schema.js';
import type { CategorisationResult } from '../categorisation/result-types.js';
import { err, fail, hasText, isIsoTimestamp, roleAllowed, roleError } from './shared.js';
import type { Actor, AuditEvent, EntryState, ModerationError, Outcome, Round, RoundEntry, RoundSchool } from './types.js';

export const ROUND_ROLES: readonly Role[] = ['senior_leader'];
export const TERMS = ['autumn', 'spring', 'summer'] as const;
export type Term = (typeof TERMS)[number];

export function isAcademicYear(s: string): boolean {
  const m = /^(\d{4})\/(\d{2})$/.exec(s);
  return m !== null && (Number(m[1]) + 1) % 100 === Number(m[2]);
}

export function roundLabel(academicYear: string, term: Term): string {
  return `${academicYear} ${term}`;
}

export interface OpenRoundInput {
  id: string;
  academicYear: string;
  term: Term;
  policy: Pick<Policy, 'id' | 'version'>;
  actor: Actor;
  at: string;
}

export function openRound(input: OpenRoundInput): Outcome<{ round: Round; event: AuditEvent }> {
  const errors: ModerationError[] = [];
  if (!roleAllowed(input.actor, ROUND_ROLES)) errors.push(roleError(input.actor, 'open a categorisation round', ROUND_ROLES));
  if (!isAcademicYear(input.academicYear)) errors.push(err('bad-date', `"${input.academicYear}" is not an academic year like 2025/26.`));
  if (!isIsoTimestamp(input.at)) errors.push(err('bad-date', `"${input.at}" is not an ISO date or time.`));
  if (errors.length) return fail(...errors);
  const round: Round = {
    id: input.id,
    label: roundLabel(input.academicYear, input.term),
    policyId: input.policy.id,
    policyVersion: input.policy.version,
    academicYear: input.academicYear,
    status: 'open',
  };
  return { ok: true, round, event: { action: 'open_round', subject: round.id, from: null, to: { state: 'open', category: null }, why: null, who: input.actor, when: input.at } };
}

/** Category codes lowest concern first, as the policy orders them. */
export function categoryCodes(policy: Pick<Policy, 'categories'>): string[] {
  return [...policy.categories].sort((a, b) => a.order - b.order).map((c) => c.code);
}

export interface ProposeInput {
  round: Round;
  school: RoundSchool;
  result: CategorisationResult;
  policy: Pick<Policy, 'id' | 'version' | 'categories'>;
  actor: Actor;
  at: string;
}

export function proposeEntry(input: ProposeInput): Outcome<{ entry: RoundEntry; event: AuditEvent }> {
  const { round, result, policy } = input;
  if (round.status !== 'open') return fail(err('round-not-open', `Round ${round.label} is confirmed; use an in-year review instead.`));
  // An entry proposed under another policy could not be compared with the round's categories.
  if (result.policyId !== round.policyId || result.policyVersion !== round.policyVersion || policy.id !== round.policyId)
    return fail(err('mismatch', `The result is from ${result.policyId} v${result.policyVersion}; the round uses ${round.policyId} v${round.policyVersion}.`));
  if (result.urn !== input.school.urn) return fail(err('mismatch', `The result is for URN ${result.urn}, not ${input.school.urn}.`));
  const entry: RoundEntry = {
    roundId: round.id,
    school: input.school,
    proposedCategory: result.category,
    categoryCodes: categoryCodes(policy),
    proposedAsOf: result.asOf,
    state: 'proposed',
    category: result.category,
    reason: null,
    updatedAt: input.at,
    updatedBy: input.actor.userId,
    reviewedThrough: result.asOf,
  };
  return {
    ok: true,
    entry,
    event: { action: 'propose', subject: `${round.id}/${entry.school.urn}`, from: null, to: { state: 'proposed', category: entry.category }, why: null, who: input.actor, when: input.at },
  };
}

export interface ConfirmCheck {
  ok: boolean;
  outstanding: { urn: number; name: string; state: EntryState; problem: string }[];
}

export function canConfirmRound(entries: readonly RoundEntry[]): ConfirmCheck {
  const outstanding: ConfirmCheck['outstanding'] = [];
  for (const e of entries) {
    const base = { urn: e.school.urn, name: e.school.name, state: e.state };
    if (e.state === 'excluded' && !hasText(e.reason)) outstanding.push({ ...base, problem: 'excluded without a reason' });
    else if (e.state !== 'excluded' && e.state !== 'confirmed') outstanding.push({ ...base, problem: `still at ${e.state.replace(/_/g, ' ')}` });
    else if (e.state === 'confirmed' && e.category === null) outstanding.push({ ...base, problem: 'confirmed without a category' });
  }
  // A round with no schools has nothing to confirm and would issue no letters.
  return { ok: entries.length > 0 && outstanding.length === 0, outstanding };
}

export function confirmRound(round: Round, entries: readonly RoundEntry[], input: { actor: Actor; at: string }): Outcome<{ round: Round; event: AuditEvent }> {
  const errors: ModerationError[] = [];
  if (!roleAllowed(input.actor, ROUND_ROLES)) errors.push(roleError(input.actor, 'confirm a round', ROUND_ROLES));
  if (round.status !== 'open') errors.push(err('round-not-open', `Round ${round.label} is already confirmed.`));
  if (!isIsoTimestamp(input.at)) errors.push(err('bad-date', `"${input.at}" is not an ISO date or time.`));
  const foreign = entries.filter((e) => e.roundId !== round.id);
  if (foreign.length) errors.push(err('round-incomplete', `${foreign.length} entries belong to another round.`));
  const check = canConfirmRound(entries);
  if (!check.ok)
    errors.push(
      err('round-incomplete', entries.length === 0 ? 'The round has no schools.' : `${check.outstanding.length} schools are not ready: ${check.outstanding.slice(0, 5).map((o) => `${o.name} (${o.problem})`).join('; ')}${check.outstanding.length > 5 ? '; …' : ''}.`),
    );
  if (errors.length) return fail(...errors);
  const next: Round = { ...round, status: 'confirmed', confirmedAt: input.at, confirmedBy: input.actor.userId };
  return {
    ok: true,
    round: next,
    event: { action: 'confirm_round', subject: round.id, from: { state: 'open', category: null }, to: { state: 'confirmed', category: null }, why: null, who: input.actor, when: input.at },
  };
}

/** Steps on a confirmed round's entries would rewrite what the letters said; changes then go through review or challenge. */
export function checkRoundOpen(round: Round): ModerationError | null {
  return round.status === 'open' ? null : err('round-not-open', `Round ${round.label} is confirmed; use an in-year review or a challenge.`);
}
