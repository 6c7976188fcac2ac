// Local accounts: argon2id password hashes, lockout after repeated failures, database sessions
// with an idle timeout, and administrator password resets.
import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Db } from '../db/client.js';
import type { Principal } from '../domain/access/policy.js';
import { isRole, type Role } from '../domain/access/roles.js';
import { deleteSession, deleteUserSessions, findLiveSessionAndVersion, insertSession, touchSession } from '../repositories/sessions.js';
import { createUser, findUserByEmail, getUser, principalFor, recordSignIn, updateUser, type User } from '../repositories/users.js';
import { audit, type Actor } from './audit.js';
import type { SignInGuard } from './signInGuard.js';

export { LOCKOUT_MINUTES, MAX_FAILED_SIGN_INS } from './signInGuard.js';

export const IDLE_TIMEOUT_MINUTES = 30;
export const SESSION_MAX_HOURS = 12;
export const MIN_PASSWORD_LENGTH = 12;

export function passwordProblem(pw: string): string | null {
  if (pw.length < MIN_PASSWORD_LENGTH) return `Password must be ${MIN_PASSWORD_LENGTH} characters or more`;
  if (pw.length > 256) return 'Password must be 256 characters or fewer';
  return null;
}

export async function hashPassword(pw: string): Promise<string> {
  // @node-rs/argon2 defaults to argon2id with OWASP-recommended memory and time costs.
  return hash(pw);
}

export type SignInResult =
  | { ok: true; user: User }
  | { ok: false; reason: 'invalid' | 'locked' | 'throttled' | 'disabled'; lockedUntil?: Date };

// A fixed hash to verify against when the e-mail is unknown, so timing does not reveal accounts.
let dummyHash: Promise<string> | null = null;

export interface SignInContext {
  requestId?: string | null;
  ip: string;
  /** The installation's organisation: attempts at unknown e-mails are audited there, where administrators read. */
  organisationId: number;
  /** Production never lets a demo account in, even one created after start-up. */
  refuseDemo?: boolean;
}

/**
 * Checks a password sign-in. Every outcome is audited, including attempts refused before a password is
 * checked. Unknown and real accounts get the same answers and the same work (one argon2 verification),
 * and a disabled account is only named to someone who gave its password.
 */
export async function signInWithPassword(db: Db, email: string, password: string, ctx: SignInContext, guard: SignInGuard): Promise<SignInResult> {
  const label = email.slice(0, 200);
  const anonymous: Actor = { requestId: ctx.requestId, ip: ctx.ip, userId: null, label, organisationId: ctx.organisationId };
  const refusal = guard.refusal(email, ctx.ip);
  if (refusal) {
    await audit(db, anonymous, refusal === 'throttled' ? 'auth.sign-in-throttled' : 'auth.sign-in-refused', { type: 'user' }, { after: { reason: refusal } });
    return { ok: false, reason: refusal };
  }
  const user = await findUserByEmail(db, email);
  let verified = false;
  if (user?.passwordHash) verified = await verify(user.passwordHash, password).catch(() => false);
  else {
    dummyHash ??= hashPassword('not-a-real-password-000');
    await verify(await dummyHash, password).catch(() => false);
  }
  const actor: Actor = user ? { ...anonymous, userId: user.id, label: user.email, organisationId: user.organisationId } : anonymous;
  const entity = { type: 'user', id: user?.id ?? null };
  if (!user || !verified) {
    const lockedUntil = guard.recordFailure(email, ctx.ip);
    const reason = user ? 'wrong password' : 'unknown account';
    await audit(db, actor, lockedUntil ? 'auth.locked' : 'auth.sign-in-failed', entity, { after: { reason, ...(lockedUntil ? { lockedUntil: lockedUntil.toISOString() } : {}) } });
    return lockedUntil ? { ok: false, reason: 'locked', lockedUntil } : { ok: false, reason: 'invalid' };
  }
  if (user.disabled || (ctx.refuseDemo && user.isDemo)) {
    await audit(db, actor, 'auth.sign-in-refused', entity, { after: { reason: user.disabled ? 'disabled' : 'demo account in production' } });
    return { ok: false, reason: 'disabled' };
  }
  guard.recordSuccess(email, ctx.ip);
  // Only a change to the account itself is written to `users` (which moves every cached page's version).
  if (user.failedSignIns !== 0 || user.lockedUntil !== null) await updateUser(db, user.id, { failedSignIns: 0, lockedUntil: null });
  await recordSignIn(db, user.id);
  await audit(db, actor, 'auth.sign-in', entity, { after: { method: 'password' } });
  return { ok: true, user };
}

export interface LiveSession {
  token: string;
  user: User;
  principal: Principal;
  /** The data version read with the session (migration 0020): the page cache keys on it. */
  dataVersion: number;
}

const tokenId = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

export async function startSession(db: Db, user: User): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url');
  const now = new Date();
  await insertSession(db, { id: tokenId(token), userId: user.id, expiresAt: new Date(now.getTime() + SESSION_MAX_HOURS * 3_600_000) });
  return token;
}

/**
 * Each database's accounts and scopes as last read, by user id, with the data version they were read at.
 * `users` and `user_scopes` move the data version whenever they change (migration 0020), so an entry read
 * at the version the session query returns is exactly what the database holds: a disabled account, a new
 * role or a changed scope is seen by the next request, in this process or any other on the same database.
 * Keyed by the database handle, so two apps in one process never share accounts.
 */
const accountsByDatabase = new WeakMap<Db, Map<number, { dataVersion: number; user: User; principal: Principal }>>();

/** The signed-in user for a cookie token, or null when absent, expired or idle too long. */
export async function resumeSession(db: Db, token: string, now = new Date()): Promise<LiveSession | null> {
  const id = tokenId(token);
  const s = await findLiveSessionAndVersion(db, id, now);
  if (!s) return null;
  if (now.getTime() - s.lastSeenAt.getTime() > IDLE_TIMEOUT_MINUTES * 60_000) {
    await deleteSession(db, id);
    return null;
  }
  let accounts = accountsByDatabase.get(db);
  if (!accounts) accountsByDatabase.set(db, (accounts = new Map()));
  let known = accounts.get(s.userId);
  if (!known || known.dataVersion !== s.dataVersion) {
    const user = await getUser(db, s.userId);
    if (!user) return null;
    known = { dataVersion: s.dataVersion, user, principal: await principalFor(db, user) };
    accounts.set(s.userId, known);
  }
  if (known.user.disabled) return null;
  // Writing on every request is wasteful; a minute's resolution is plenty for an idle timeout.
  if (now.getTime() - s.lastSeenAt.getTime() > 60_000) await touchSession(db, id, now);
  return { token, user: known.user, principal: known.principal, dataVersion: s.dataVersion };
}

export async function endSession(db: Db, token: string): Promise<void> {
  await deleteSession(db, tokenId(token));
}

export interface NewAccount {
  organisationId: number;
  email: string;
  displayName: string;
  role: Role;
  password: string | null;
  urns: number[];
  districtIds: number[];
  isDemo?: boolean;
  mustChangePassword?: boolean;
}

/** What a role needs of its scope: one school for school roles, at least one district for a district lead. */
export function scopeProblems(a: { role: string; urns: number[]; districtIds: number[] }): Record<string, string> {
  const e: Record<string, string> = {};
  if (!isRole(a.role)) e.role = 'Select a role';
  const needsSchool = ['head_teacher', 'chair_of_governors', 'sponsor'].includes(a.role);
  if (needsSchool && a.urns.length !== 1) e.urns = 'A head teacher, chair of governors or sponsor account must name exactly one school';
  if (a.role === 'district_lead' && a.districtIds.length === 0) e.districtIds = 'Select at least one district';
  return e;
}

export function accountProblems(a: { email: string; displayName: string; role: string; password: string | null; urns: number[]; districtIds: number[] }): Record<string, string> {
  const scope = scopeProblems(a);
  const e: Record<string, string> = {};
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(a.email)) e.email = 'Enter an email address in the correct format, like name@example.org';
  if (!a.displayName.trim()) e.displayName = 'Enter the person’s name';
  // Kept in the order the summary has always listed them.
  if (scope.role) e.role = scope.role;
  if (a.password !== null) {
    const p = passwordProblem(a.password);
    if (p) e.password = p;
  }
  return { ...e, ...scope };
}

export async function createAccount(db: Db, a: NewAccount, actor: Actor): Promise<User> {
  return db.transaction(async (tx) => {
    const user = await createUser(
      tx,
      {
        organisationId: a.organisationId,
        email: a.email.trim(),
        displayName: a.displayName.trim(),
        role: a.role,
        passwordHash: a.password ? await hashPassword(a.password) : null,
        mustChangePassword: a.mustChangePassword ?? false,
        isDemo: a.isDemo ?? false,
      },
      { urns: a.urns, districtIds: a.districtIds },
    );
    await audit(tx, actor, 'user.create', { type: 'user', id: user.id }, { after: { email: user.email, role: user.role, urns: a.urns, districtIds: a.districtIds } });
    return user;
  });
}

/** An administrator sets a temporary password; the user must choose a new one at next sign-in. */
export async function resetPassword(db: Db, userId: number, temporary: string, actor: Actor): Promise<void> {
  const passwordHash = await hashPassword(temporary);
  await db.transaction(async (tx) => {
    await updateUser(tx, userId, { passwordHash, mustChangePassword: true, failedSignIns: 0, lockedUntil: null });
    const n = await deleteUserSessions(tx, userId);
    await audit(tx, actor, 'user.password-reset', { type: 'user', id: userId }, { after: { sessionsEnded: n } });
  });
}

/**
 * Changes a person's own password. Every other session of theirs ends (whoever else held one kept it
 * only through the old password); the session making the change, `keepSession`, goes on.
 */
export async function changeOwnPassword(db: Db, user: User, current: string, next: string, actor: Actor, keepSession: string | null): Promise<string | null> {
  if (user.passwordHash && !(await verify(user.passwordHash, current).catch(() => false))) return 'Your current password is wrong';
  const p = passwordProblem(next);
  if (p) return p;
  const passwordHash = await hashPassword(next);
  await db.transaction(async (tx) => {
    await updateUser(tx, user.id, { passwordHash, mustChangePassword: false });
    const n = await deleteUserSessions(tx, user.id, keepSession ? tokenId(keepSession) : undefined);
    await audit(tx, actor, 'user.password-change', { type: 'user', id: user.id }, { after: { otherSessionsEnded: n } });
  });
  return null;
}

export async function setDisabled(db: Db, userId: number, disabled: boolean, actor: Actor): Promise<void> {
  await updateUser(db, userId, { disabled });
  if (disabled) await deleteUserSessions(db, userId);
  await audit(db, actor, disabled ? 'user.disable' : 'user.enable', { type: 'user', id: userId });
}
