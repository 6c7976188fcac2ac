// The moderation round as plain data. Functions in this folder never mutate: each returns the new
// value and the audit event the caller must store with it, so the audit trail cannot be skipped.
import type { Role } from '../access/roles.js';

/** The stages an entry moves through, in order. */
export const STAGES = ['proposed', 'link_officer_reviewed', 'district_moderated', 'confirmed'] as const;
export type Stage = (typeof STAGES)[number];
/** Excluded sits outside the order: a school closing or converting mid-round is not categorised. */
export type EntryState = Stage | 'excluded';

export interface Actor {
  userId: number;
  role: Role;
}

export interface RoundSchool {
  urn: number;
  name: string;
  /** District name; null where the school has not been placed in one. */
  district: string | null;
  phase: string;
}

export interface Round {
  id: string;
  /** e.g. "2025/26 autumn". */
  label: string;
  policyId: string;
  policyVersion: number;
  academicYear: string;
  status: 'open' | 'confirmed';
  confirmedAt?: string;
  confirmedBy?: number;
}

export interface RoundEntry {
  roundId: string;
  school: RoundSchool;
  /** The engine's category when the round was proposed; null where it could not place the school. */
  proposedCategory: string | null;
  /** The policy's category codes, lowest concern first, so steps can be validated without the policy. */
  categoryCodes: string[];
  /** Date of the evidence the proposal was made on. */
  proposedAsOf: string;
  state: EntryState;
  category: string | null;
  /** Why the category differs from the proposal, or why the school is excluded; null when neither. */
  reason: string | null;
  updatedAt: string;
  updatedBy: number | null;
  /** Review flags dated on or before this have been considered (proposal date, last in-year review). */
  reviewedThrough: string;
}

export type AuditAction =
  | 'open_round'
  | 'propose'
  | 'link_officer_review'
  | 'district_moderation'
  | 'confirm'
  | 'revise'
  | 'send_back'
  | 'exclude'
  | 'reinstate'
  | 'confirm_round'
  | 'in_year_review'
  | 'challenge_opened'
  | 'challenge_upheld'
  | 'challenge_not_upheld'
  | 'challenge_withdrawn';

export interface AuditSnapshot {
  state: EntryState | Round['status'] | ChallengeState;
  category: string | null;
}

export interface AuditEvent {
  action: AuditAction;
  /** The round, entry (`roundId/urn`) or challenge the event is about. */
  subject: string;
  from: AuditSnapshot | null;
  to: AuditSnapshot;
  why: string | null;
  who: Actor;
  when: string;
}

export type ModerationErrorCode =
  | 'forbidden-role'
  | 'out-of-order'
  | 'reason-required'
  | 'unknown-category'
  | 'category-required'
  | 'not-confirmed'
  | 'round-not-open'
  | 'round-incomplete'
  | 'challenge-closed'
  | 'challenge-window-closed'
  | 'challenge-already-open'
  | 'evidence-required'
  | 'mismatch'
  | 'bad-date';

export interface ModerationError {
  code: ModerationErrorCode;
  message: string;
}

export type Outcome<T> = ({ ok: true } & T) | { ok: false; errors: ModerationError[] };

export type ChallengeState = 'open' | 'upheld' | 'not_upheld' | 'withdrawn';

export interface ChallengeEvidence {
  title: string;
  description?: string;
  /** Where the document is kept (upload id, file name); storage is the caller's. */
  documentRef?: string;
}

export interface Challenge {
  id: string;
  roundId: string;
  urn: number;
  state: ChallengeState;
  /** The category the school was challenging. */
  categoryChallenged: string | null;
  requestedCategory: string | null;
  grounds: string;
  evidence: ChallengeEvidence[];
  openedBy: Actor;
  openedAt: string;
  response: { by: Actor; at: string; reason: string; resultingCategory: string | null } | null;
}
