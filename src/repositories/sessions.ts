import { and, eq, gt, lt, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { sessions } from '../db/schema.js';

export type Session = typeof sessions.$inferSelect;

export async function insertSession(db: Db, s: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(s);
}

/**
 * A live session with the data version read in the same statement: a signed-in request's one query when
 * what it needs of the account is already known for that version (see `resumeSession`).
 */
export async function findLiveSessionAndVersion(db: Db, id: string, now: Date): Promise<{ userId: number; lastSeenAt: Date; dataVersion: number } | undefined> {
  const [s] = await db
    .select({ userId: sessions.userId, lastSeenAt: sessions.lastSeenAt, dataVersion: sql<string>`(select version from data_version where id = 1)` })
    .from(sessions)
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now)));
  return s && { userId: s.userId, lastSeenAt: s.lastSeenAt, dataVersion: Number(s.dataVersion ?? 0) };
}

export async function touchSession(db: Db, id: string, now: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, id));
}

/** Ends every session of a user, except `keepId` when given; returns how many ended. */
export async function deleteUserSessions(db: Db | Tx, userId: number, keepId?: string): Promise<number> {
  const gone = await db
    .delete(sessions)
    .where(keepId ? and(eq(sessions.userId, userId), ne(sessions.id, keepId)) : eq(sessions.userId, userId))
    .returning({ id: sessions.id });
  return gone.length;
}

export async function deleteExpiredSessions(db: Db, now: Date): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}
