// One demo account per role so a fresh `npm start` can be explored. Local demo only: refused in
// production, and every page says so while a demo account is signed in.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { districts, schools } from '../db/schema.js';
import type { Role } from '../domain/access/roles.js';
import type { Organisation } from '../repositories/organisations.js';
import { emailsInUse, findUserByEmail } from '../repositories/users.js';
import { createAccount } from './accounts.js';
import { audit } from './audit.js';
import { insertProvider, providersOfUser } from '../repositories/support.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_SCHOOL_URN, demoEmail } from './demoAccounts.js';

export { DEMO_PASSWORD, DEMO_SCHOOL_URN, demoEmail } from './demoAccounts.js';

export async function ensureDemoUsers(db: Db, config: Config, org: Organisation): Promise<string[]> {
  if (config.env === 'production') throw new Error('Demo accounts are refused when NODE_ENV=production');
  // One read for all of them (this runs at every start and every CLI command); the schools and districts
  // they are given are looked up only when one is missing.
  const held = new Set(await emailsInUse(db, DEMO_ACCOUNTS.map((a) => demoEmail(a.role))));
  const missing = DEMO_ACCOUNTS.filter((a) => !held.has(demoEmail(a.role)));
  const created: string[] = [];
  if (missing.length) {
    const scopes = await demoScopes(db, org);
    for (const a of missing) {
      const email = demoEmail(a.role);
      if (await findUserByEmail(db, email)) continue;
      await createAccount(
        db,
        { organisationId: org.id, email, displayName: a.name, role: a.role, password: DEMO_PASSWORD, ...scopes(a.role), isDemo: true },
        { userId: null, label: 'lodestar (demo set-up)', organisationId: org.id },
      );
      created.push(email);
    }
  }
  await ensureDemoProvider(db, org);
  return created;
}

/** The schools and districts each demo role is given. */
async function demoScopes(db: Db, org: Organisation): Promise<(role: Role) => { urns: number[]; districtIds: number[] }> {
  const ds = await db.select().from(districts).where(and(eq(districts.organisationId, org.id), inArray(districts.name, ['Three Rivers', 'Watford'])));
  const threeRivers = ds.filter((d) => d.name === 'Three Rivers').map((d) => d.id);
  const officerSchools = await db
    .select({ urn: schools.urn })
    .from(schools)
    .where(and(eq(schools.organisationId, org.id), eq(schools.status, 'open'), eq(schools.isStateFunded, true), inArray(schools.districtId, threeRivers)))
    .orderBy(asc(schools.name))
    .limit(12);
  const [academy] = await db
    .select({ urn: schools.urn })
    .from(schools)
    .where(and(eq(schools.organisationId, org.id), eq(schools.typeGroup, 'Academy'), eq(schools.status, 'open')))
    .orderBy(asc(schools.urn))
    .limit(1);
  return (role) => {
    switch (role) {
      case 'district_lead':
        return { urns: [], districtIds: ds.map((d) => d.id) };
      case 'link_officer':
        return { urns: [...new Set([DEMO_SCHOOL_URN, ...officerSchools.map((s) => s.urn)])], districtIds: threeRivers };
      case 'head_teacher':
      case 'chair_of_governors':
        return { urns: [DEMO_SCHOOL_URN], districtIds: [] };
      case 'sponsor':
        return { urns: academy ? [academy.urn] : [], districtIds: [] };
      default:
        return { urns: [], districtIds: [] };
    }
  };
}

/** The demo provider account is a named provider on the strengths register, so it has commissions to see. */
async function ensureDemoProvider(db: Db, org: Organisation): Promise<void> {
  const user = await findUserByEmail(db, demoEmail('provider'));
  if (!user || (await providersOfUser(db, org.id, user.id)).length) return;
  const actor = { userId: null, label: 'lodestar (demo set-up)', organisationId: org.id };
  await db.transaction(async (tx) => {
    const row = await insertProvider(tx, { organisationId: org.id, kind: 'provider', name: 'Demo School Improvement Partnership', postcode: 'AL10 9AB', userId: user.id, createdBy: actor.label });
    await audit(tx, actor, 'support.provider-added', { type: 'support-provider', id: row.id }, { after: { kind: row.kind, name: row.name, userId: user.id } });
  });
}
