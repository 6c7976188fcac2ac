// In-year "needs review" flags: a new Ofsted judgement, a safeguarding concern, a data release or
// a rise in early-warning risk asks officers to look at a school's confirmed category again.
// Importers, intelligence and the risk pages raise them here; the review queue considers them.
import { and, eq, gt } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { categorisationRounds } from '../db/schema-categorisation.js';
import { inspections, observations } from '../db/schema-evidence.js';
import { isConfidentialFlagRow } from '../domain/access/redaction.js';
import type { ReviewFlag } from '../domain/categorisation/index.js';
import { recordInYearReview, REVIEW_ROLES, type ModerationError } from '../domain/moderation/index.js';
import {
  findOpenFlag,
  getEntry,
  getFlag,
  insertReviewFlag,
  insertSteps,
  latestConfirmedEntry,
  listFlags,
  listSteps,
  markFlagConsidered,
  markLatestEntryNeedsReview,
  updateEntry,
  type ReviewFlagKind,
  type ReviewFlagRow,
} from '../repositories/categorisation.js';
import { audit, type Actor } from './audit.js';
import { loadRound, toEntry, type RoundActor } from './rounds.js';

export type { ReviewFlagKind, ReviewFlagRow };

export interface RaiseFlag {
  urn: number;
  kind: ReviewFlagKind;
  /** ISO date the trigger happened (inspection date, release date, date recorded). */
  raisedOn: string;
  reason: string;
  details?: Record<string, unknown>;
}

const system: Actor = { userId: null, label: 'lodestar (review trigger)', organisationId: null };

/**
 * Raises a flag, or returns the open one already raised for the same school, kind and date, so
 * re-running an import or re-scoring risk never piles duplicates into the queue.
 */
export async function raiseReviewFlag(db: Db | Tx, organisationId: number, flag: RaiseFlag, actor: Actor = system): Promise<ReviewFlagRow> {
  const existing = await findOpenFlag(db, organisationId, flag.urn, flag.kind, flag.raisedOn);
  if (existing) return existing;
  const row = await insertReviewFlag(db, {
    organisationId,
    urn: flag.urn,
    kind: flag.kind,
    raisedOn: flag.raisedOn,
    reason: flag.reason,
    details: flag.details ?? {},
  });
  await markLatestEntryNeedsReview(db, organisationId, flag.urn, true, flag.reason);
  await audit(db, { ...actor, organisationId }, 'categorisation.review_flag.raise', { type: 'review_flag', id: row.id }, { after: { urn: row.urn, kind: row.kind, raisedOn: row.raisedOn, reason: row.reason } });
  return row;
}

/** Open flags, newest first; `urns` limits to the schools a user may see. */
export function listOpenFlags(db: Db | Tx, organisationId: number, opts: { urns?: number[] } = {}): Promise<ReviewFlagRow[]> {
  return listFlags(db, organisationId, { status: 'open', urns: opts.urns });
}

/** Marks a flag considered with the officer's outcome; undefined when it was not open. */
export async function considerFlag(db: Db | Tx, organisationId: number, id: number, outcome: string, actor: Actor): Promise<ReviewFlagRow | undefined> {
  const before = await getFlag(db, organisationId, id);
  if (!before || before.status !== 'open') return undefined;
  const after = await markFlagConsidered(db, organisationId, id, actor.label, outcome);
  if (after && !(await listFlags(db, organisationId, { status: 'open', urns: [after.urn] })).length) await markLatestEntryNeedsReview(db, organisationId, after.urn, false, null);
  if (after) await audit(db, actor, 'categorisation.review_flag.consider', { type: 'review_flag', id }, { before: { status: before.status }, after: { status: after.status, outcome } });
  return after;
}

const EVENT: Record<ReviewFlagKind, ReviewFlag['event']> = {
  ofsted: 'ofsted-judgement',
  safeguarding: 'safeguarding-concern',
  data_release: 'data-release',
  risk: 'risk-alert',
  intelligence: 'safeguarding-concern',
  other: 'data-release',
};

/** The stored flag in the shape the moderation domain reads. */
export function toDomainFlag(f: ReviewFlagRow): ReviewFlag {
  return {
    triggerId: `flag-${f.id}`,
    event: EVENT[f.kind],
    action: 'review-now',
    description: f.reason,
    occurredOn: f.raisedOn,
    detail: f.reason,
    source: { document: 'Lodestar review flag', section: f.kind, quote: f.reason },
    ...(isConfidentialFlagRow(f) ? { confidential: true } : {}),
  };
}

export type ReviewOutcome = { ok: true; considered: number } | { ok: false; errors: ModerationError[] };

/**
 * Records an in-year review of a school: on its latest confirmed entry through the domain (which may
 * re-categorise it), then marks its open flags considered with the officer's reason. A school never
 * categorised has no entry; its flags are still considered so the queue empties.
 */
export async function recordSchoolReview(db: Db, organisationId: number, urn: number, input: { toCategory?: string; reason: string }, actor: RoundActor): Promise<ReviewOutcome> {
  const open = await listFlags(db, organisationId, { status: 'open', urns: [urn] });
  const latest = await latestConfirmedEntry(db, organisationId, urn);
  const loaded = latest && (await loadRound(db, organisationId, latest.round.id));
  const row = loaded && (await getEntry(db, organisationId, latest.round.id, urn));
  const at = new Date().toISOString();
  if (!row || !loaded) {
    const role = actor.moderation.role;
    if (role !== 'admin' && !REVIEW_ROLES.includes(role)) return { ok: false, errors: [{ code: 'forbidden-role', message: 'Only a district lead or senior leader may record an in-year review.' }] };
    if (!input.reason.trim()) return { ok: false, errors: [{ code: 'reason-required', message: 'An in-year review records what was considered and why.' }] };
    if (input.toCategory) return { ok: false, errors: [{ code: 'not-confirmed', message: 'This school has no confirmed category to change.' }] };
  } else {
    const entry = toEntry(row, loaded.codes, await listSteps(db, organisationId, row.id));
    const outcome = recordInYearReview(entry, open.map(toDomainFlag), { actor: actor.moderation, at, toCategory: input.toCategory || undefined, reason: input.reason });
    if (!outcome.ok) return outcome;
    await db.transaction(async (tx) => {
      await updateEntry(tx, organisationId, row.id, { currentCategory: outcome.entry.category, needsReview: false, reviewReason: null });
      const ev = outcome.event;
      await insertSteps(tx, [{ organisationId, categorisationId: row.id, step: ev.action, fromCategory: ev.from?.category ?? null, toCategory: ev.to.category, reason: ev.why, actorUserId: actor.moderation.userId || null, actor: actor.audit.label, at: new Date(at) }]);
      await audit(tx, actor.audit, 'categorisation.in_year_review', { type: 'categorisation', id: row.id }, { before: ev.from, after: { ...ev.to, why: ev.why } });
    });
  }
  for (const f of open) await considerFlag(db, organisationId, f.id, input.reason.trim(), actor.audit);
  await markLatestEntryNeedsReview(db, organisationId, urn, false, null);
  return { ok: true, considered: open.length };
}

/** A safeguarding concern asks for the school's category to be looked at again, whatever its date. */
export async function flagSafeguardingConcern(
  db: Db | Tx,
  organisationId: number,
  item: { id: number; urn: number; kind: string; occurredOn: string; confidential: boolean },
  actor: Actor,
): Promise<void> {
  if (item.kind !== 'safeguarding_concern') return;
  // The reason is shown in the queue: it names the record, never its summary. A confidential item's
  // flag is marked so that only readers who may see confidential intelligence see it at all.
  await raiseReviewFlag(
    db,
    organisationId,
    { urn: item.urn, kind: 'safeguarding', raisedOn: item.occurredOn, reason: 'Safeguarding concern recorded in local intelligence', details: { intelligenceItemId: item.id, confidential: item.confidential } },
    actor,
  );
}

/**
 * After an evidence import: a new Ofsted judgement or a data release asks for review of schools that
 * already have a confirmed category. Before any round is confirmed there is nothing to review (the
 * first-start bundle must not fill the queue).
 */
export async function flagAfterEvidenceImport(db: Db, organisationId: number, importId: number, kind: string): Promise<number> {
  const [confirmed] = await db
    .select({ asOf: categorisationRounds.asOf })
    .from(categorisationRounds)
    .where(and(eq(categorisationRounds.organisationId, organisationId), eq(categorisationRounds.status, 'confirmed')))
    .limit(1);
  if (!confirmed) return 0;
  let raised = 0;
  if (kind === 'ofsted') {
    const rows = await db
      .select({ urn: inspections.urn, date: inspections.inspectionDate })
      .from(inspections)
      .where(and(eq(inspections.organisationId, organisationId), eq(inspections.importId, importId), gt(inspections.inspectionDate, confirmed.asOf)));
    for (const r of rows) {
      const latest = await latestConfirmedEntry(db, organisationId, r.urn);
      if (!latest || r.date <= latest.round.asOf) continue;
      await raiseReviewFlag(db, organisationId, { urn: r.urn, kind: 'ofsted', raisedOn: r.date, reason: `New Ofsted inspection on ${r.date}`, details: { importId } });
      raised++;
    }
    return raised;
  }
  if (!['ks2', 'ks4', 'absence', 'census'].includes(kind)) return 0;
  const rows = await db
    .selectDistinct({ urn: observations.urn, year: observations.academicYear })
    .from(observations)
    .where(and(eq(observations.organisationId, organisationId), eq(observations.importId, importId)));
  const today = new Date().toISOString().slice(0, 10);
  const byUrn = new Map<number, string[]>();
  for (const r of rows) byUrn.set(r.urn, [...(byUrn.get(r.urn) ?? []), r.year]);
  for (const [urn, years] of byUrn) {
    if (!(await latestConfirmedEntry(db, organisationId, urn))) continue;
    await raiseReviewFlag(db, organisationId, { urn, kind: 'data_release', raisedOn: today, reason: `New ${kind.toUpperCase()} data released (${[...new Set(years)].sort().join(', ')})`, details: { importId } });
    raised++;
  }
  return raised;
}
