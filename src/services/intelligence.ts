// Recording, correcting and resolving local intelligence: validation, the write and its revision,
// and the audit entry, in one transaction each. Access (who may write for which school) is the
// caller's check; this layer trusts only what it validates itself.
import type { Db } from '../db/client.js';
import { validateDraft, validateReason, validateResolution, type DraftErrors, type IntelligenceDraft } from '../domain/evidence/intelligence.js';
import { getItem, insertItem, snapshot, updateItem, type IntelligenceRow } from '../repositories/intelligence.js';
import { audit, type Actor } from './audit.js';
import { flagSafeguardingConcern } from './reviewFlags.js';

export type Outcome = { ok: true; item: IntelligenceRow } | { ok: false; errors: DraftErrors };

const today = () => new Date().toISOString().slice(0, 10);

function fields(d: IntelligenceDraft) {
  return {
    kind: d.kind,
    indicator: d.indicator || null,
    summary: d.summary.trim(),
    source: d.source.trim(),
    occurredOn: d.occurredOn,
    confidential: d.confidential,
  };
}

export async function recordIntelligence(db: Db, organisationId: number, urn: number, draft: IntelligenceDraft, actor: Actor & { userId: number }): Promise<Outcome> {
  const errors = validateDraft(draft, today());
  if (Object.keys(errors).length) return { ok: false, errors };
  const item = await db.transaction(async (tx) => {
    const row = await insertItem(tx, organisationId, urn, fields(draft), actor.userId);
    await audit(tx, actor, 'intelligence.create', { type: 'intelligence_item', id: row.id }, { after: { urn, ...snapshot(row) } });
    await flagSafeguardingConcern(tx, organisationId, row, actor);
    return row;
  });
  return { ok: true, item };
}

export async function correctIntelligence(
  db: Db,
  item: IntelligenceRow,
  draft: IntelligenceDraft,
  reason: string,
  actor: Actor & { userId: number },
): Promise<Outcome> {
  const errors = { ...validateDraft(draft, today()), ...validateReason(reason) };
  if (item.resolvedOn && draft.occurredOn && draft.occurredOn > item.resolvedOn) errors.occurredOn = 'The date it happened must be on or before the date it was resolved';
  if (Object.keys(errors).length) return { ok: false, errors };
  const updated = await db.transaction(async (tx) => {
    const after = await updateItem(tx, item, fields(draft), { action: 'corrected', reason: reason.trim(), userId: actor.userId });
    await audit(tx, actor, 'intelligence.correct', { type: 'intelligence_item', id: item.id }, { before: snapshot(item), after: { ...snapshot(after), reason: reason.trim() } });
    return after;
  });
  return { ok: true, item: updated };
}

export async function resolveIntelligence(db: Db, item: IntelligenceRow, resolvedOn: string, note: string, actor: Actor & { userId: number }): Promise<Outcome> {
  const errors = validateResolution(resolvedOn, item.occurredOn, today());
  if (item.status === 'resolved') errors.resolvedOn = 'This item is already resolved';
  if (note.length > 500) errors.reason = 'Note must be 500 characters or fewer';
  if (Object.keys(errors).length) return { ok: false, errors };
  const updated = await db.transaction(async (tx) => {
    const fresh = (await getItem(tx, item.organisationId, item.urn, item.id)) ?? item;
    const after = await updateItem(tx, fresh, { status: 'resolved', resolvedOn }, { action: 'resolved', reason: note.trim() || null, userId: actor.userId });
    await audit(tx, actor, 'intelligence.resolve', { type: 'intelligence_item', id: item.id }, { before: snapshot(fresh), after: snapshot(after) });
    return after;
  });
  return { ok: true, item: updated };
}
