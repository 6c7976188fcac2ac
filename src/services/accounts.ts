// Local accounts: argon2id password hashes, lockout after repeated failures, database sessions
// with an idle timeout, and administrator password resets.
import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Db } from '../db/client.js';
import type { Principal } from '../domain/access/policy.js';
import { isRole, type Role } from '../domain/access/roles.js';
import { deleteSession, deleteUserSessions, findLiveSession, insertSession, touchSession } from '../repositories/sessions.js';
import { createUser, findUserByEmail, getUser, principalFor, updateUser, type User } from '../repositories/users.js';
import { audit, type Actor } from './audit.js';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MINUTES = 15;
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
  | { ok: false; reason: 'invalid' | 'locked' | 'disabled'; lockedUntil?: Date };

// A fixed hash to verify against when the e-mail is unknown, so timing does not reveal accounts.
let dummyHash: Promise<string> | null = null;

export async function signInWithPassword(db: Db, email: string, password: string, ctx: Omit<Actor, 'userId' | 'label' | 'organisationId'>): Promise<SignInResult> {
  const user = await findUserByEmail(db, email);
  const now = new Date();
  if (!user || !user.passwordHash) {
    dummyHash ??= hashPassword('not-a-real-password-000');
    await verify(await dummyHash, password).catch(() => false);
    await audit(db, { ...ctx, userId: null, label: email.slice(0, 200), organisationId: user?.organisationId ?? null }, 'auth.sign-in-failed', { type: 'user' }, { after: { reason: 'unknown account' } });
    return { ok: false, reason: 'invalid' };
  }
  const actor: Actor = { ...ctx, userId: user.id, label: user.email, organisationId: user.organisationId };
  if (user.disabled) return { ok: false, reason: 'disabled' };
  if (user.lockedUntil && user.lockedUntil > now) return { ok: false, reason: 'locked', lockedUntil: user.lockedUntil };
  if (!(await verify(user.passwordHash, password).catch(() => false))) {
    const failed = user.failedSignIns + 1;
    const lockedUntil = failed >= MAX_FAILED_SIGN_INS ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) : null;
    await updateUser(db, user.id, { failedSignIns: lockedUntil ? 0 : failed, lockedUntil });
    await audit(db, actor, lockedUntil ? 'auth.locked' : 'auth.sign-in-failed', { type: 'user', id: user.id }, { after: { failed } });
    return lockedUntil ? { ok: false, reason: 'locked', lockedUntil } : { ok: false, reason: 'invalid' };
  }
  await updateUser(db, user.id, { failedSignIns: 0, lockedUntil: null, lastSignInAt: now });
  await audit(db, actor, 'auth.sign-in', { type: 'user', id: user.id }, { after: { method: 'password' } });
  return { ok: true, user };
}

export interface LiveSession {
  token: string;
  user: User;
  principal: Principal;
}

const tokenId = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

export async function startSession(db: Db, user: User): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url');
  const now = new Date();
  await insertSession(db, { id: tokenId(token), userId: user.id, expiresAt: new Date(now.getTime() + SESSION_MAX_HOURS * 3_600_000) });
  return token;
}

/** The signed-in user for a cookie token, or null when absent, expired or idle too long. */
export async function resumeSession(db: Db, token: string, now = new Date()): Promise<LiveSession | null> {
  const id = tokenId(token);
  const s = await findLiveSession(db, id, now);
  if (!s) return null;
  if (now.getTime() - s.lastSeenAt.getTime() > IDLE_TIMEOUT_MINUTES * 60_000) {
    await deleteSession(db, id);
    return null;
  }
  const user = await getUser(db, s.userId);
  if (!user || user.disabled) return null;
  // Writing on every request is wasteful; a minute's resolution is plenty for an idle timeout.
  if (now.getTime() - s.lastSeenAt.getTime() > 60_000) await touchSession(db, id, now);
  return { token, user, principal: await principalFor(db, user) };
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
  await updateUser(db, userId, { passwordHash: await hashPassword(temporary), mustChangePassword: true, failedSignIns: 0, lockedUntil: null });
  await deleteUserSessions(db, userId);
  await audit(db, actor, 'user.password-reset', { type: 'user', id: userId });
}

export async function changeOwnPassword(db: Db, user: User, current: string, next: string, actor: Actor): Promise<string | null> {
  if (user.passwordHash && !(await verify(user.passwordHash, current).catch(() => false))) return 'Your current password is wrong';
  const p = passwordProblem(next);
  if (p) return p;
  await updateUser(db, user.id, { passwordHash: await hashPassword(next), mustChangePassword: false });
  await audit(db, actor, 'user.password-change', { type: 'user', id: user.id });
  return null;
}

export async function setDisabled(db: Db, userId: number, disabled: boolean, actor: Actor): Promise<void> {
  await updateUser(db, userId, { disabled });
  if (disabled) await deleteUserSessions(db, userId);
  await audit(db, actor, disabled ? 'user.disable' : 'user.enable', { type: 'user', id: userId });
}
