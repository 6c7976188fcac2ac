// An administrator changes what a person may see and do: role, schools, districts, and for a link
// officer the days a year they have for school visits. Every change is one audited transaction; a
// change of role or scope signs the person out everywhere, so no session carries the old permissions.
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { schools } from '../db/tables.js';
import { isRole, type Role } from '../domain/access/roles.js';
import { audit, type Actor } from './audit.js';
import { officerCapacityOf, setOfficerCapacity } from '../repositories/engagementEscalations.js';
import { deleteUserSessions } from '../repositories/sessions.js';
import { getUser, principalFor, setScopes, updateUser } from '../repositories/users.js';
import { scopeProblems } from './accounts.js';

export interface AccessChange {
  role: string;
  urns: number[];
  districtIds: number[];
  /** Link officers only: visit days a year; null leaves the programme's default in place. */
  capacityDays: number | null;
}

export interface CurrentAccess {
  role: Role;
  urns: number[];
  districtIds: number[];
  capacityDays: number | null;
}

export const MAX_OFFICER_DAYS = 260;

export async function currentAccess(db: Db, orgId: number, userId: number): Promise<CurrentAccess | null> {
  const user = await getUser(db, userId);
  if (!user || user.organisationId !== orgId) return null;
  const p = await principalFor(db, user);
  // Capacity is shown for link officers only, as the programme reads it.
  const capacityDays = p.role === 'link_officer' ? await officerCapacityOf(db, orgId, userId) : null;
  return { role: p.role, urns: [...p.schoolUrns].sort((a, b) => a - b), districtIds: [...p.districtIds].sort((a, b) => a - b), capacityDays };
}

/** Problems keyed by form field; empty when the change can be made. */
export async function accessProblems(db: Db, orgId: number, c: AccessChange): Promise<Record<string, string>> {
  const e = scopeProblems(c);
  if (c.capacityDays !== null && (!Number.isInteger(c.capacityDays) || c.capacityDays < 0 || c.capacityDays > MAX_OFFICER_DAYS)) {
    e.capacityDays = `Enter officer days a year as a whole number from 0 to ${MAX_OFFICER_DAYS}`;
  }
  if (!e.urns && c.urns.length) {
    const held = await db
      .select({ urn: schools.urn })
      .from(schools)
      .where(and(eq(schools.organisationId, orgId), inArray(schools.urn, c.urns)));
    const known = new Set(held.map((s) => s.urn));
    const unknown = c.urns.filter((u) => !known.has(u));
    if (unknown.length) e.urns = `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a school' : 'are not schools'} in this organisation's register`;
  }
  return e;
}

export type AccessOutcome = { ok: true; signedOut: boolean } | { ok: false; errors: Record<string, string> };

export async function changeAccess(db: Db, orgId: number, userId: number, c: AccessChange, actor: Actor): Promise<AccessOutcome> {
  const errors = await accessProblems(db, orgId, c);
  if (Object.keys(errors).length) return { ok: false, errors };
  const before = await currentAccess(db, orgId, userId);
  if (!before || !isRole(c.role)) return { ok: false, errors: { role: 'No such user' } };
  const after: CurrentAccess = {
    role: c.role,
    urns: [...new Set(c.urns)].sort((a, b) => a - b),
    districtIds: [...new Set(c.districtIds)].sort((a, b) => a - b),
    capacityDays: c.role === 'link_officer' ? c.capacityDays : null,
  };
  const permissionsChanged =
    before.role !== after.role || before.urns.join() !== after.urns.join() || before.districtIds.join() !== after.districtIds.join();
  await db.transaction(async (tx) => {
    const user = (await getUser(tx, userId))!;
    if (before.role !== after.role) await updateUser(tx, userId, { role: after.role });
    await setScopes(tx, user, { urns: after.urns, districtIds: after.districtIds });
    if (after.role === 'link_officer' && after.capacityDays !== null && after.capacityDays !== before.capacityDays) {
      await setOfficerCapacity(tx, orgId, userId, after.capacityDays, `set by ${actor.label} on ${new Date().toISOString().slice(0, 10)}`);
    }
    if (permissionsChanged) await deleteUserSessions(tx, userId);
    await audit(tx, actor, 'user.access-change', { type: 'user', id: userId }, { before: { ...before }, after: { ...after } });
  });
  return { ok: true, signedOut: permissionsChanged };
}

export type AssignOutcome = { ok: true; added: number; removed: number; signedOut: boolean } | { ok: false; errors: Record<string, string> };

/**
 * Assigning by ticking: the person's schools gain `add` and lose `remove`; the rest of their schools are
 * kept, so a paged list can be saved one page at a time. Goes through changeAccess, so it is validated
 * against the register, audited with before and after, and signs the person out when their schools change.
 */
export async function assignSchools(
  db: Db,
  orgId: number,
  userId: number,
  change: { add: number[]; remove: number[] },
  actor: Actor,
): Promise<AssignOutcome> {
  const before = await currentAccess(db, orgId, userId);
  if (!before) return { ok: false, errors: { urns: 'No such user' } };
  const held = new Set(before.urns);
  const removing = new Set(change.remove.filter((u) => held.has(u) && !change.add.includes(u)));
  const adding = [...new Set(change.add)].filter((u) => !held.has(u));
  if (!adding.length && !removing.size) return { ok: true, added: 0, removed: 0, signedOut: false };
  const urns = [...before.urns.filter((u) => !removing.has(u)), ...adding];
  const outcome = await changeAccess(db, orgId, userId, { role: before.role, urns, districtIds: before.districtIds, capacityDays: before.capacityDays }, actor);
  return outcome.ok ? { ok: true, added: adding.length, removed: removing.size, signedOut: outcome.signedOut } : outcome;
}

/** Every open state-funded school of a district, for assigning (or unassigning) them all at once. */
export async function districtSchoolUrns(db: Db, orgId: number, districtId: number): Promise<number[]> {
  const held = await db
    .select({ urn: schools.urn })
    .from(schools)
    .where(and(eq(schools.organisationId, orgId), eq(schools.districtId, districtId), eq(schools.status, 'open'), eq(schools.isStateFunded, true)));
  return held.map((s) => s.urn);
}
