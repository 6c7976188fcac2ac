// Small pieces the categorisation pages share: the acting user for the moderation domain, scoping
// entries to what the user may see, and moderation errors as GOV.UK field errors.
import type { FastifyRequest } from 'fastify';
import { canSeeSchool } from '../../domain/access/policy.js';
import type { ModerationError } from '../../domain/moderation/index.js';
import { webRoundActor, type RoundActor } from '../../services/rounds.js';
import { actorFrom, type FieldErrors } from '../forms.js';

export function roundActor(req: FastifyRequest): RoundActor {
  return webRoundActor(actorFrom(req), req.user!.id, req.principal!.role);
}

export function visible<T extends { urn: number; districtId: number | null }>(req: FastifyRequest, rows: T[]): T[] {
  return rows.filter((r) => canSeeSchool(req.principal!, r));
}

export function positiveInt(v: unknown): number | null {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : null;
}

/** Each domain error against the form field it is about, so the summary links to the right place. */
export function moderationFieldErrors(errors: ModerationError[], fields: Partial<Record<ModerationError['code'], string>>, fallback: string): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) {
    const f = fields[e.code] ?? fallback;
    out[f] = out[f] ? `${out[f]} ${e.message}` : e.message;
  }
  return out;
}

export const STAGE_LABELS: Record<string, string> = {
  proposed: 'Proposed',
  link_officer_reviewed: 'Link officer’s view',
  district_moderated: 'District moderation',
  confirmed: 'Confirmed',
  excluded: 'Excluded',
};

export const STEP_LABELS: Record<string, string> = {
  propose: 'Proposed by the policy engine',
  link_officer_review: 'Link officer’s view',
  district_moderation: 'District moderation',
  confirm: 'Confirmed',
  revise: 'Revised',
  send_back: 'Sent back',
  exclude: 'Excluded',
  reinstate: 'Reinstated',
  in_year_review: 'In-year review',
  challenge_upheld: 'Challenge upheld',
  challenge_not_upheld: 'Challenge not upheld',
};
