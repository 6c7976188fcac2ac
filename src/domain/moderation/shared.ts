// Small pieces every moderation function shares: role checks, errors and date checks.
import type { Role } from '../access/roles.js';
import type { Actor, AuditSnapshot, ModerationError, ModerationErrorCode, RoundEntry } from './types.js';

export const err = (code: ModerationErrorCode, message: string): ModerationError => ({ code, message });

export const fail = (...errors: ModerationError[]) => ({ ok: false as const, errors });

/** Admin may do everything; listing it here as well keeps each rule readable on its own. */
export function roleAllowed(actor: Actor, allowed: readonly Role[]): boolean {
  return actor.role === 'admin' || allowed.includes(actor.role);
}

export function roleError(actor: Actor, what: string, allowed: readonly Role[]): ModerationError {
  return err('forbidden-role', `A ${actor.role.replace(/_/g, ' ')} may not ${what}; allowed: ${[...allowed, 'admin'].join(', ')}.`);
}

/** ISO date or date-time; the audit trail sorts on it, so anything else is refused. */
export function isIsoTimestamp(at: string): boolean {
  return /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(at) && !Number.isNaN(Date.parse(at));
}

export const hasText = (s: string | null | undefined): s is string => typeof s === 'string' && s.trim().length > 0;

export const snapshot = (e: RoundEntry): AuditSnapshot => ({ state: e.state, category: e.category });

export const entrySubject = (e: Pick<RoundEntry, 'roundId' | 'school'>) => `${e.roundId}/${e.school.urn}`;

export function checkCategory(entry: RoundEntry, code: string | null): ModerationError | null {
  if (code === null || entry.categoryCodes.includes(code)) return null;
  return err('unknown-category', `"${code}" is not a category of this policy (${entry.categoryCodes.join(', ')}).`);
}
