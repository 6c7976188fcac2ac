// In-year review: the engine's review flags (new Ofsted judgement, safeguarding concern, data release,
// risk alert) put a school in the "needs review" queue until an officer records a review after them.
import type { Role } from '../access/roles.js';
import type { ReviewFlag } from '../categorisation/result-types.js';
import { checkCategory, entrySubject, err, fail, hasText, isIsoTimestamp, roleAllowed, roleError, snapshot } from './shared.js';
import type { Actor, AuditEvent, ModerationError, Outcome, RoundEntry } from './types.js';

export const REVIEW_ROLES: readonly Role[] = ['district_lead', 'senior_leader'];

export interface ReviewNeed {
  needed: boolean;
  /** Flags not yet considered, oldest first. */
  flags: ReviewFlag[];
}

export function needsReview(entry: RoundEntry, flags: readonly ReviewFlag[]): ReviewNeed {
  if (entry.state === 'excluded') return { needed: false, flags: [] };
  const open = flags.filter((f) => f.occurredOn > entry.reviewedThrough).sort((a, b) => a.occurredOn.localeCompare(b.occurredOn) || a.triggerId.localeCompare(b.triggerId));
  return { needed: open.length > 0, flags: open };
}

export interface QueueItem {
  entry: RoundEntry;
  flags: ReviewFlag[];
  oldest: string;
}

/** Longest-waiting first, so nothing sits at the bottom of the queue for ever. */
export function reviewQueue(entries: readonly RoundEntry[], flagsByUrn: ReadonlyMap<number, readonly ReviewFlag[]>): QueueItem[] {
  const items: QueueItem[] = [];
  for (const entry of entries) {
    const need = needsReview(entry, flagsByUrn.get(entry.school.urn) ?? []);
    if (need.needed) items.push({ entry, flags: need.flags, oldest: need.flags[0].occurredOn });
  }
  return items.sort((a, b) => a.oldest.localeCompare(b.oldest) || a.entry.school.name.localeCompare(b.entry.school.name));
}

export interface ReviewInput {
  actor: Actor;
  at: string;
  /** Omit or repeat the current category to record "reviewed, no change". */
  toCategory?: string;
  reason: string;
}

/**
 * Records an in-year review. On a confirmed entry it may re-categorise; before confirmation the change
 * belongs to the moderation steps, so the review only acknowledges the flags.
 */
export function recordInYearReview(entry: RoundEntry, flags: readonly ReviewFlag[], input: ReviewInput): Outcome<{ entry: RoundEntry; event: AuditEvent }> {
  const errors: ModerationError[] = [];
  if (!roleAllowed(input.actor, REVIEW_ROLES)) errors.push(roleError(input.actor, 'record an in-year review', REVIEW_ROLES));
  if (!isIsoTimestamp(input.at)) errors.push(err('bad-date', `"${input.at}" is not an ISO date or time.`));
  if (entry.state === 'excluded') errors.push(err('out-of-order', 'An excluded school is not reviewed.'));
  if (!hasText(input.reason)) errors.push(err('reason-required', 'An in-year review records what was considered and why.'));
  const category = input.toCategory ?? entry.category;
  const bad = checkCategory(entry, category);
  if (bad) errors.push(bad);
  const changed = category !== entry.category;
  if (changed && entry.state !== 'confirmed')
    errors.push(err('not-confirmed', 'Before the round is confirmed the category changes through the moderation steps.'));
  if (errors.length) return fail(...errors);

  const considered = needsReview(entry, flags).flags;
  // Everything known at the review has been considered, including flags dated that day.
  const through = [entry.reviewedThrough, input.at.slice(0, 10), ...considered.map((f) => f.occurredOn)].reduce((a, b) => (b > a ? b : a));
  const reason = input.reason.trim();
  // The step is read by everyone who may read the round: a confidential flag's kind and date stay out of it.
  const named = considered.filter((f) => !f.confidential);
  const why = named.length ? `${reason} (considered: ${named.map((f) => `${f.event} ${f.occurredOn}`).join(', ')})` : reason;
  const next: RoundEntry = {
    ...entry,
    category,
    reason: category === entry.proposedCategory ? null : changed ? reason : entry.reason,
    reviewedThrough: through,
    updatedAt: input.at,
    updatedBy: input.actor.userId,
  };
  return { ok: true, entry: next, event: { action: 'in_year_review', subject: entrySubject(entry), from: snapshot(entry), to: snapshot(next), why, who: input.actor, when: input.at } };
}
