// Categorisation rounds: proposing every school's category from a stored policy version, moving
// entries through moderation with the moderation domain's rules, and confirming the round. Every
// step is stored as a step row (the entry's history) and an audit entry (who, when, from, to, why).
import type { Db, Tx } from '../db/client.js';
import type { Role } from '../domain/access/roles.js';
import type { CategorisationResult, Policy } from '../domain/categorisation/index.js';
import {
  applyStep,
  categoryCodes,
  checkRoundOpen,
  confirmRound,
  openRound,
  ROUND_ROLES,
  type Actor as ModerationActor,
  type AuditEvent,
  type EntryState,
  type ModerationError,
  type Round,
  type RoundEntry,
  type Term,
} from '../domain/moderation/index.js';
import {
  findRoundByLabel,
  getEntry,
  getPolicyVersion,
  getRound,
  insertEntries,
  insertRound,
  insertSteps,
  listEntries,
  listSteps,
  markRoundConfirmed,
  updateEntry,
  type EntryWithSchool,
  type PolicyVersionRow,
  type RoundRow,
  type StepRow,
} from '../repositories/categorisation.js';
import { audit, type Actor } from './audit.js';
import { proposeCategories } from './categorisation.js';
import { defaultContext, escalationCheckActor, proposeDueEscalations } from './escalations.js';
import { policyOf, resolvePolicyVersion } from './policies.js';

/** Who acts: the audit actor (label, request) and the moderation actor (role rules). */
export interface RoundActor {
  audit: Actor;
  moderation: ModerationActor;
}

/** The command line holds the database and acts with full rights; it has no user row. */
export function cliRoundActor(audit: Actor): RoundActor {
  return { audit, moderation: { userId: 0, role: 'admin' } };
}

export function webRoundActor(audit: Actor, userId: number, role: Role): RoundActor {
  return { audit, moderation: { userId, role } };
}

const nowIso = () => new Date().toISOString();

export function toRound(row: RoundRow, pv: PolicyVersionRow): Round {
  return {
    id: String(row.id),
    label: row.label,
    policyId: pv.policyId,
    policyVersion: pv.version,
    academicYear: row.academicYear,
    status: row.status,
    confirmedAt: row.confirmedAt?.toISOString(),
  };
}

/**
 * The stored row carries stage and categories; the rest of the domain's entry (the reason the
 * category departs from the proposal, how far in-year flags have been considered) is read back from
 * the step history, which is the record of what was decided and why.
 */
export function toEntry(row: EntryWithSchool, codes: string[], steps: StepRow[] = []): RoundEntry {
  const result = row.result as CategorisationResult;
  const last = steps.at(-1);
  let reason: string | null = null;
  if (row.stage === 'excluded') reason = [...steps].reverse().find((s) => s.step === 'exclude')?.reason ?? null;
  else if (row.currentCategory !== row.proposedCategory)
    reason = [...steps].reverse().find((s) => s.fromCategory !== s.toCategory && s.toCategory === row.currentCategory)?.reason ?? [...steps].reverse().find((s) => s.reason)?.reason ?? null;
  const reviews = steps.filter((s) => s.step === 'in_year_review').map((s) => s.at.toISOString().slice(0, 10));
  return {
    roundId: String(row.roundId),
    school: { urn: row.urn, name: row.name, district: row.districtName, phase: row.phase },
    proposedCategory: row.proposedCategory,
    categoryCodes: codes,
    proposedAsOf: result.asOf,
    state: row.stage as EntryState,
    category: row.currentCategory,
    reason,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: last?.actorUserId ?? null,
    reviewedThrough: [result.asOf, ...reviews].reduce((a, b) => (b > a ? b : a)),
  };
}

export interface LoadedRound {
  row: RoundRow;
  policyVersion: PolicyVersionRow;
  policy: Policy;
  round: Round;
  codes: string[];
}

export async function loadRound(db: Db | Tx, organisationId: number, id: number): Promise<LoadedRound | undefined> {
  const row = await getRound(db, organisationId, id);
  if (!row) return undefined;
  const policyVersion = await getPolicyVersion(db, organisationId, row.policyVersionId);
  if (!policyVersion) throw new Error(`Round ${id} names a missing policy version ${row.policyVersionId}`);
  const policy = policyOf(policyVersion);
  return { row, policyVersion, policy, round: toRound(row, policyVersion), codes: categoryCodes(policy) };
}

/** Writes one domain event: the step row for the entry's history and the audit entry. */
async function recordEvent(tx: Tx | Db, actor: RoundActor, organisationId: number, entryId: number, event: AuditEvent): Promise<void> {
  await insertSteps(tx, [
    {
      organisationId,
      categorisationId: entryId,
      step: event.action,
      fromCategory: event.from?.category ?? null,
      toCategory: event.to.category,
      reason: event.why,
      actorUserId: actor.moderation.userId || null,
      actor: actor.audit.label,
      at: new Date(event.when),
    },
  ]);
  await audit(tx, actor.audit, `categorisation.${event.action}`, { type: 'categorisation', id: entryId }, { before: event.from, after: { ...event.to, why: event.why, subject: event.subject } });
}

export interface CreateRoundInput {
  academicYear: string;
  term: Term;
  policyId: string;
  /** A specific stored version; the latest when omitted. */
  policyVersion?: number;
  /** Evidence date: only evidence published by then is read. Defaults to today. */
  asOf?: string;
  /** Limit the round to these schools (a pilot round, tests). */
  urns?: number[];
  onProgress?: (done: number, total: number) => void;
}

export type CreateOutcome = { ok: true; round: RoundRow; schools: number } | { ok: false; errors: { field: string; message: string }[] };

/** The form's checks, without the work: the page answers at once and the round is opened by a job. */
export async function checkRoundInput(db: Db, organisationId: number, input: CreateRoundInput, actor: RoundActor) {
  const errors: { field: string; message: string }[] = [];
  const pv = input.policyId ? await resolvePolicyVersion(db, organisationId, input.policyId, input.policyVersion) : undefined;
  if (!pv) errors.push({ field: 'policy', message: input.policyId ? `There is no policy "${input.policyId}"${input.policyVersion ? ` version ${input.policyVersion}` : ''}` : 'Choose a policy' });
  const asOf = input.asOf || nowIso().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf))) errors.push({ field: 'asOf', message: 'Enter the evidence date as a real date, for example 1 9 2025' });
  const at = nowIso();
  const opened = openRound({ id: 'new', academicYear: input.academicYear, term: input.term, policy: { id: pv?.policyId ?? '', version: pv?.version ?? 1 }, actor: actor.moderation, at });
  if (!opened.ok) for (const e of opened.errors) errors.push({ field: e.code === 'bad-date' ? 'academicYear' : 'policy', message: e.code === 'bad-date' ? 'Enter the academic year like 2025/26' : e.message });
  if (!['autumn', 'spring', 'summer'].includes(input.term)) errors.push({ field: 'term', message: 'Choose the term' });
  if (opened.ok && (await findRoundByLabel(db, organisationId, opened.round.label))) errors.push({ field: 'academicYear', message: `There is already a ${opened.round.label} round` });
  return { errors, pv, opened, asOf, at, label: opened.ok ? opened.round.label : null };
}

export async function createRound(db: Db, organisationId: number, input: CreateRoundInput, actor: RoundActor): Promise<CreateOutcome> {
  const { errors, pv, opened, asOf, at } = await checkRoundInput(db, organisationId, input, actor);
  if (errors.length || !opened.ok || !pv) return { ok: false, errors };

  const policy = policyOf(pv);
  // The engine reads evidence outside the transaction; only the writes need to be all-or-nothing.
  const proposals = await proposeCategories(db, organisationId, policy, { asOf, urns: input.urns, onProgress: input.onProgress });
  const codes = categoryCodes(policy);
  const round = await db.transaction(async (tx) => {
    const row = await insertRound(tx, {
      organisationId,
      label: opened.round.label,
      academicYear: input.academicYear,
      policyVersionId: pv.id,
      asOf,
      createdBy: actor.audit.label,
    });
    const entries = await insertEntries(
      tx,
      proposals.map((p) => ({
        organisationId,
        roundId: row.id,
        urn: p.urn,
        proposedCategory: p.result.category,
        currentCategory: p.result.category,
        stage: 'proposed',
        result: p.result,
        needsReview: false,
      })),
    );
    await insertSteps(
      tx,
      entries.map((e) => ({
        organisationId,
        categorisationId: e.id,
        step: 'propose',
        fromCategory: null,
        toCategory: e.proposedCategory,
        reason: `Proposed by ${policy.title} (version ${policy.version}) on evidence to ${asOf}`,
        actorUserId: actor.moderation.userId || null,
        actor: actor.audit.label,
        at: new Date(at),
      })),
    );
    await audit(tx, actor.audit, 'categorisation.open_round', { type: 'categorisation_round', id: row.id }, {
      after: { label: row.label, policyId: pv.policyId, policyVersion: pv.version, policyVersionId: pv.id, asOf, schools: entries.length, categoryCodes: codes },
    });
    return row;
  });
  return { ok: true, round, schools: proposals.length };
}

export type StepOutcome = { ok: true } | { ok: false; errors: ModerationError[] };

/** One moderation step on one school's entry, by the domain's rules. */
export async function moderateEntry(
  db: Db,
  organisationId: number,
  roundId: number,
  urn: number,
  input: { step: string; toCategory?: string | null; reason?: string },
  actor: RoundActor,
): Promise<StepOutcome> {
  const loaded = await loadRound(db, organisationId, roundId);
  const row = loaded && (await getEntry(db, organisationId, roundId, urn));
  if (!loaded || !row) return { ok: false, errors: [{ code: 'mismatch', message: 'There is no such school in this round.' }] };
  const closed = checkRoundOpen(loaded.round);
  if (closed) return { ok: false, errors: [closed] };
  const steps = await listSteps(db, organisationId, row.id);
  const entry = toEntry(row, loaded.codes, steps);
  const outcome = applyStep(entry, input.step as EntryState, { actor: actor.moderation, at: nowIso(), toCategory: input.toCategory, reason: input.reason });
  if (!outcome.ok) return outcome;
  await db.transaction(async (tx) => {
    await updateEntry(tx, organisationId, row.id, { stage: outcome.entry.state, currentCategory: outcome.entry.category });
    await recordEvent(tx, actor, organisationId, row.id, outcome.event);
  });
  return { ok: true };
}

export interface UnchangedSummary {
  /** Proposals the bulk action would confirm. */
  unchanged: number;
  /** Of those, in the most concerning half of the policy's categories (two of four). */
  highConcern: number;
  highConcernLabels: string[];
  /** Of those, still as the engine proposed them: no officer has recorded a review. */
  notLookedAt: number;
  byCategory: { code: string; label: string; count: number }[];
}

const unchangedEntries = <T extends { stage: string; currentCategory: string | null; proposedCategory: string | null }>(entries: T[]) =>
  entries.filter((e) => e.stage !== 'confirmed' && e.stage !== 'excluded' && e.currentCategory !== null && e.currentCategory === e.proposedCategory);

/** What "Confirm N unchanged proposals" would do, for the page that asks before acting. */
export async function unchangedProposalsSummary(db: Db, organisationId: number, loaded: LoadedRound): Promise<UnchangedSummary> {
  const eligible = unchangedEntries(await listEntries(db, organisationId, loaded.row.id));
  const ordered = [...loaded.policy.categories].sort((a, b) => a.order - b.order);
  const high = ordered.slice(Math.floor(ordered.length / 2));
  const highCodes = new Set(high.map((c) => c.code));
  return {
    unchanged: eligible.length,
    highConcern: eligible.filter((e) => highCodes.has(e.currentCategory!)).length,
    highConcernLabels: [...high].reverse().map((c) => `${c.code} (${c.label})`),
    notLookedAt: eligible.filter((e) => e.stage === 'proposed').length,
    byCategory: [...ordered].reverse().map((c) => ({ code: c.code, label: c.label, count: eligible.filter((e) => e.currentCategory === c.code).length })),
  };
}

/**
 * A senior leader's bulk decision that every remaining proposal stands as the engine made it. The
 * domain moves one stage at a time by role; this records the skipped stages openly in the reason
 * instead, and leaves alone any entry whose category was changed (that needs moderating properly).
 */
export async function confirmUnchangedProposals(db: Db, organisationId: number, roundId: number, actor: RoundActor): Promise<{ ok: true; confirmed: number; left: number } | { ok: false; errors: ModerationError[] }> {
  const loaded = await loadRound(db, organisationId, roundId);
  if (!loaded) return { ok: false, errors: [{ code: 'mismatch', message: 'There is no such round.' }] };
  const closed = checkRoundOpen(loaded.round);
  if (closed) return { ok: false, errors: [closed] };
  const { role } = actor.moderation;
  if (role !== 'admin' && !ROUND_ROLES.includes(role)) return { ok: false, errors: [{ code: 'forbidden-role', message: 'Only a senior leader may confirm proposals in bulk.' }] };
  const entries = await listEntries(db, organisationId, roundId);
  const eligible = unchangedEntries(entries);
  const at = nowIso();
  await db.transaction(async (tx) => {
    for (const e of eligible) {
      await updateEntry(tx, organisationId, e.id, { stage: 'confirmed' });
      await recordEvent(tx, actor, organisationId, e.id, {
        action: 'confirm',
        subject: `${roundId}/${e.urn}`,
        from: { state: e.stage as EntryState, category: e.currentCategory },
        to: { state: 'confirmed', category: e.currentCategory },
        why: `Proposal confirmed unchanged in bulk by a senior leader (from ${e.stage.replace(/_/g, ' ')}; remaining moderation stages not recorded separately)`,
        who: actor.moderation,
        when: at,
      });
    }
  });
  return { ok: true, confirmed: eligible.length, left: entries.filter((e) => e.stage !== 'confirmed' && e.stage !== 'excluded').length - eligible.length };
}

export async function confirmWholeRound(db: Db, organisationId: number, roundId: number, actor: RoundActor): Promise<StepOutcome> {
  const loaded = await loadRound(db, organisationId, roundId);
  if (!loaded) return { ok: false, errors: [{ code: 'mismatch', message: 'There is no such round.' }] };
  // Only an exclusion's reason lives in the history; the other entries need no steps to be checked.
  const entries = await Promise.all(
    (await listEntries(db, organisationId, roundId)).map(async (e) => toEntry(e, loaded.codes, e.stage === 'excluded' ? await listSteps(db, organisationId, e.id) : [])),
  );
  const at = nowIso();
  const outcome = confirmRound(loaded.round, entries, { actor: actor.moderation, at });
  if (!outcome.ok) return outcome;
  await db.transaction(async (tx) => {
    await markRoundConfirmed(tx, organisationId, roundId, actor.audit.label, new Date(at));
    await audit(tx, actor.audit, 'categorisation.confirm_round', { type: 'categorisation_round', id: roundId }, { before: { status: 'open' }, after: { status: 'confirmed', label: loaded.row.label, schools: entries.length } });
  });
  // Confirmed categories are what the escalation rules read, so this is when their proposals arise.
  await proposeDueEscalations(db, organisationId, defaultContext(''), escalationCheckActor(organisationId, `round ${roundId} confirmed`));
  return { ok: true };
}

export async function entryWithHistory(db: Db, organisationId: number, loaded: LoadedRound, urn: number) {
  const row = await getEntry(db, organisationId, loaded.row.id, urn);
  if (!row) return undefined;
  const steps = await listSteps(db, organisationId, row.id);
  return { row, steps, entry: toEntry(row, loaded.codes, steps), result: row.result as CategorisationResult };
}

export { listEntries };
