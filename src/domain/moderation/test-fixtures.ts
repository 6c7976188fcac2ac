// Builders for the moderation unit tests. Not used by production code.
import type { Role } from '../access/roles.js';
import type { ReviewFlag } from '../categorisation/result-types.js';
import type { Actor, RoundEntry, RoundSchool } from './types.js';

export const actor = (role: Role, userId = 1): Actor => ({ userId, role });
export const LO = actor('link_officer', 10);
export const DL = actor('district_lead', 20);
export const SL = actor('senior_leader', 30);
export const ADMIN = actor('admin', 40);
export const HT = actor('head_teacher', 50);
export const AT = '2025-09-15T10:00:00Z';

export function school(over: Partial<RoundSchool> = {}): RoundSchool {
  return { urn: 100001, name: 'Oakfield Primary School', district: 'North', phase: 'primary', ...over };
}

export function entry(over: Partial<RoundEntry> = {}): RoundEntry {
  return {
    roundId: 'r-2025-autumn',
    school: school(),
    proposedCategory: 'B',
    categoryCodes: ['A', 'B', 'C', 'D'],
    proposedAsOf: '2025-09-01',
    state: 'proposed',
    category: 'B',
    reason: null,
    updatedAt: '2025-09-01',
    updatedBy: null,
    reviewedThrough: '2025-09-01',
    ...over,
  };
}

export function flag(occurredOn: string, event: ReviewFlag['event'] = 'ofsted-judgement'): ReviewFlag {
  return {
    triggerId: `t-${event}`,
    event,
    action: 'review-now',
    description: `${event} since the last categorisation`,
    occurredOn,
    detail: `${event} on ${occurredOn}`,
    source: { document: 'Test policy', section: 'Review', quote: 'reviewed at any time' },
  };
}

/** Unwraps a successful outcome, failing the test with the errors otherwise. */
export function ok<T extends { ok: boolean }>(o: T): Extract<T, { ok: true }> {
  if (!o.ok) throw new Error(`expected success: ${JSON.stringify((o as unknown as { errors: unknown }).errors)}`);
  return o as Extract<T, { ok: true }>;
}

export function codes(o: { ok: boolean }): string[] {
  return o.ok ? [] : (o as unknown as { errors: { code: string }[] }).errors.map((e) => e.code);
}
