// A school's challenge to its confirmed category: the head teacher or chair opens it with grounds
// and evidence; an officer upholds it (the category changes) or not, with a reason either way.
// The challenges table keeps grounds, evidence and requested category together as JSON in `evidence`.
import type { Db } from '../db/client.js';
import { openChallenge, respondToChallenge, type Challenge, type ChallengeEvidence, type ModerationError } from '../domain/moderation/index.js';
import { getChallenge, getEntry, getEntryById, insertChallenge, insertSteps, listChallenges, listSteps, updateChallenge, updateEntry, type ChallengeRow } from '../repositories/categorisation.js';
import { audit } from './audit.js';
import { loadRound, toEntry, type RoundActor } from './rounds.js';

export interface ChallengeBody {
  grounds: string;
  evidence: ChallengeEvidence[];
  requestedCategory: string | null;
  categoryChallenged: string | null;
  roundId: number;
}

export function challengeBody(row: ChallengeRow): ChallengeBody {
  try {
    return JSON.parse(row.evidence) as ChallengeBody;
  } catch {
    return { grounds: row.evidence, evidence: [], requestedCategory: null, categoryChallenged: null, roundId: 0 };
  }
}

function toChallenge(row: ChallengeRow, openedBy: RoundActor['moderation']): Challenge {
  const b = challengeBody(row);
  return {
    id: String(row.id),
    roundId: String(b.roundId),
    urn: row.urn,
    state: row.status as Challenge['state'],
    categoryChallenged: b.categoryChallenged,
    requestedCategory: b.requestedCategory,
    grounds: b.grounds,
    evidence: b.evidence,
    openedBy,
    openedAt: row.submittedAt.toISOString(),
    response: null,
  };
}

export type ChallengeOutcome = { ok: true; id: number } | { ok: false; errors: ModerationError[] };

export async function submitChallenge(
  db: Db,
  organisationId: number,
  categorisationId: number,
  input: { grounds: string; evidence: string; requestedCategory?: string },
  actor: RoundActor,
): Promise<ChallengeOutcome> {
  const base = await getEntryById(db, organisationId, categorisationId);
  const loaded = base && (await loadRound(db, organisationId, base.roundId));
  const row = loaded && (await getEntry(db, organisationId, base.roundId, base.urn));
  if (!base || !loaded || !row) return { ok: false, errors: [{ code: 'mismatch', message: 'There is no confirmed category to challenge.' }] };
  const entry = toEntry(row, loaded.codes, await listSteps(db, organisationId, row.id));
  const existing = (await listChallenges(db, organisationId, { categorisationId })).map((c) => toChallenge(c, actor.moderation));
  const at = new Date().toISOString();
  const outcome = openChallenge(
    entry,
    { id: 'new', actor: actor.moderation, at, grounds: input.grounds, evidence: input.evidence.trim() ? [{ title: input.evidence.trim() }] : [], requestedCategory: input.requestedCategory || undefined },
    existing,
  );
  if (!outcome.ok) return outcome;
  const c = outcome.challenge;
  const body: ChallengeBody = { grounds: c.grounds, evidence: c.evidence, requestedCategory: c.requestedCategory, categoryChallenged: c.categoryChallenged, roundId: base.roundId };
  const id = await db.transaction(async (tx) => {
    const saved = await insertChallenge(tx, { organisationId, categorisationId, urn: base.urn, evidence: JSON.stringify(body), status: 'open', submittedBy: actor.audit.label, submittedAt: new Date(at) });
    await audit(tx, actor.audit, 'categorisation.challenge_opened', { type: 'challenge', id: saved.id }, { before: null, after: { urn: base.urn, category: c.categoryChallenged, requested: c.requestedCategory, why: c.grounds } });
    return saved.id;
  });
  return { ok: true, id };
}

export async function respondChallenge(
  db: Db,
  organisationId: number,
  id: number,
  input: { outcome: string; toCategory?: string; reason: string },
  actor: RoundActor,
): Promise<ChallengeOutcome> {
  const row = await getChallenge(db, organisationId, id);
  const base = row && (await getEntryById(db, organisationId, row.categorisationId));
  const loaded = base && (await loadRound(db, organisationId, base.roundId));
  const entryRow = loaded && base && (await getEntry(db, organisationId, base.roundId, base.urn));
  if (!row || !base || !loaded || !entryRow) return { ok: false, errors: [{ code: 'mismatch', message: 'There is no such challenge.' }] };
  if (input.outcome !== 'upheld' && input.outcome !== 'not_upheld') return { ok: false, errors: [{ code: 'mismatch', message: 'Choose whether the challenge is upheld' }] };
  const entry = toEntry(entryRow, loaded.codes, await listSteps(db, organisationId, entryRow.id));
  const at = new Date().toISOString();
  const outcome = respondToChallenge(toChallenge(row, actor.moderation), entry, { actor: actor.moderation, at, outcome: input.outcome, toCategory: input.toCategory || undefined, reason: input.reason });
  if (!outcome.ok) return outcome;
  await db.transaction(async (tx) => {
    await updateChallenge(tx, organisationId, id, { status: outcome.challenge.state, response: outcome.challenge.response?.reason ?? null, respondedBy: actor.audit.label, respondedAt: new Date(at) });
    for (const ev of outcome.events) {
      if (ev.subject.startsWith('challenge/')) {
        await audit(tx, actor.audit, `categorisation.${ev.action}`, { type: 'challenge', id }, { before: ev.from, after: { ...ev.to, why: ev.why } });
      } else {
        // An upheld challenge changes the confirmed category: it joins the entry's history too.
        await insertSteps(tx, [{ organisationId, categorisationId: entryRow.id, step: ev.action, fromCategory: ev.from?.category ?? null, toCategory: ev.to.category, reason: ev.why, actorUserId: actor.moderation.userId || null, actor: actor.audit.label, at: new Date(at) }]);
        await audit(tx, actor.audit, `categorisation.${ev.action}`, { type: 'categorisation', id: entryRow.id }, { before: ev.from, after: { ...ev.to, why: ev.why } });
      }
    }
    if (outcome.entry.category !== entry.category) {
      await updateEntry(tx, organisationId, entryRow.id, { currentCategory: outcome.entry.category });
    }
  });
  return { ok: true, id };
}

export { listChallenges, getChallenge };
