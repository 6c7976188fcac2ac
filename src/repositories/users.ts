import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { districts, signIns, users, userScopes } from '../db/schema.js';
import type { Principal } from '../domain/access/policy.js';
import type { Role } from '../domain/access/roles.js';

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

export async function findUserByEmail(db: Db | Tx, email: string): Promise<User | undefined> {
  const [u] = await db.select().from(users).where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`);
  return u;
}

/** Which of these addresses an account already has (compared as findUserByEmail does), lower-cased. */
export async function emailsInUse(db: Db | Tx, emails: string[]): Promise<string[]> {
  if (!emails.length) return [];
  const wanted = emails.map((e) => e.trim().toLowerCase());
  const rows = await db.select({ email: sql<string>`lower(${users.email})` }).from(users).where(inArray(sql`lower(${users.email})`, wanted));
  return rows.map((r) => r.email);
}

export async function getUser(db: Db | Tx, id: number): Promise<User | undefined> {
  const [u] = await db.select().from(users).where(eq(users.id, id));
  return u;
}

/** The organisation's accounts, each with when it last signed in (null: never). */
export async function listUsers(db: Db | Tx, organisationId: number): Promise<(User & { lastSignInAt: Date | null })[]> {
  const rows = await db
    .select({ user: users, lastSignInAt: signIns.lastSignInAt })
    .from(users)
    .leftJoin(signIns, eq(signIns.userId, users.id))
    .where(eq(users.organisationId, organisationId))
    .orderBy(asc(users.role), asc(users.email));
  return rows.map((r) => ({ ...r.user, lastSignInAt: r.lastSignInAt }));
}

/** Records a successful sign-in. `sign_ins` moves no data version, so cached pages survive it. */
export async function recordSignIn(db: Db | Tx, userId: number, at = new Date()): Promise<void> {
  await db.insert(signIns).values({ userId, lastSignInAt: at }).onConflictDoUpdate({ target: signIns.userId, set: { lastSignInAt: at } });
}

export async function createUser(tx: Tx | Db, u: NewUser, scope: { urns: number[]; districtIds: number[] }): Promise<User> {
  const [created] = await tx.insert(users).values(u).returning();
  await setScopes(tx, created, scope);
  return created;
}

export async function setScopes(tx: Tx | Db, u: User, scope: { urns: number[]; districtIds: number[] }): Promise<void> {
  await tx.delete(userScopes).where(eq(userScopes.userId, u.id));
  const rows = [
    ...scope.urns.map((schoolUrn) => ({ organisationId: u.organisationId, userId: u.id, schoolUrn })),
    ...scope.districtIds.map((districtId) => ({ organisationId: u.organisationId, userId: u.id, districtId })),
  ];
  if (rows.length) await tx.insert(userScopes).values(rows);
}

export async function updateUser(tx: Tx | Db, id: number, set: Partial<NewUser>): Promise<void> {
  await tx.update(users).set(set).where(eq(users.id, id));
}

export async function principalFor(db: Db | Tx, u: User): Promise<Principal> {
  const scopes = await db.select().from(userScopes).where(eq(userScopes.userId, u.id));
  return {
    userId: u.id,
    organisationId: u.organisationId,
    role: u.role as Role,
    schoolUrns: scopes.filter((s) => s.schoolUrn !== null).map((s) => s.schoolUrn as number),
    districtIds: scopes.filter((s) => s.districtId !== null).map((s) => s.districtId as number),
  };
}

export async function scopeLabels(db: Db | Tx, userId: number): Promise<{ urns: number[]; districts: string[] }> {
  const rows = await db
    .select({ urn: userScopes.schoolUrn, district: districts.name })
    .from(userScopes)
    .leftJoin(districts, eq(districts.id, userScopes.districtId))
    .where(and(eq(userScopes.userId, userId)));
  return {
    urns: rows.filter((r) => r.urn !== null).map((r) => r.urn as number),
    districts: rows.filter((r) => r.district !== null).map((r) => r.district as string),
  };
}

/** The active link officers who hold each of these schools (for the assignment page: who has it now). */
export async function linkOfficersOf(db: Db | Tx, organisationId: number, urns: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (!urns.length) return out;
  const held = await db
    .select({ urn: userScopes.schoolUrn, name: users.displayName })
    .from(userScopes)
    .innerJoin(users, eq(users.id, userScopes.userId))
    .where(and(eq(userScopes.organisationId, organisationId), inArray(userScopes.schoolUrn, urns), eq(users.role, 'link_officer'), eq(users.disabled, false)))
    .orderBy(asc(users.displayName));
  for (const h of held) out.set(h.urn as number, [...(out.get(h.urn as number) ?? []), h.name]);
  return out;
}
