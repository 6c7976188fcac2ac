// The single way anything is written to the audit log.
import type { Db, Tx } from '../db/client.js';
import { appendAudit } from '../repositories/audit.js';

export interface Actor {
  userId: number | null;
  /** e-mail, or a system name such as "lodestar (bundled data)" or "cli:root". */
  label: string;
  organisationId: number | null;
  requestId?: string | null;
  ip?: string | null;
}

export async function audit(
  db: Db | Tx,
  actor: Actor,
  action: string,
  entity: { type: string; id?: string | number | null },
  change: { before?: unknown; after?: unknown } = {},
): Promise<void> {
  await appendAudit(db, {
    organisationId: actor.organisationId,
    actorUserId: actor.userId,
    actor: actor.label,
    action,
    entityType: entity.type,
    entityId: entity.id === undefined || entity.id === null ? null : String(entity.id),
    before: change.before ?? null,
    after: change.after ?? null,
    requestId: actor.requestId ?? null,
    ip: actor.ip ?? null,
  });
}
