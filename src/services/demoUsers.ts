// One demo account per role so a fresh `npm start` can be explored. Local demo only: refused in
// production, and every page says so while a demo account is signed in.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { districts, schools } from '../db/schema.js';
import type { Role } from '../domain/access/roles.js';
import type { Organisation } from '../repositories/organisations.js';
import { findUserByEmail } from '../repositories/users.js';
import { createAccount } from './accounts.js';
import { audit } from './audit.js';
import { insertProvider, providersOfUser } from '../repositories/support.js';

export const DEMO_PASSWORD = 'lodestar-demo-password';
export const demoEmail = (role: Role) => `${role.replace(/_/g, '-')}@demo.lodestar.invalid`;
/** Abbots Langley School: the demo head teacher's and chair's own school. */
export const DEMO_SCHOOL_URN = 117083;

export async function ensureDemoUsers(db: Db, config: Config, org: Organisation): Promise<string[]> {
  if (config.env === 'production') throw new Error('Demo accounts are refused when NODE_ENV=production');
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
  const plan: { role: Role; name: string; urns: number[]; districtIds: number[] }[] = [
    { role: 'admin', name: 'Demo Administrator', urns: [], districtIds: [] },
    { role: 'senior_leader', name: 'Demo Senior Leader', urns: [], districtIds: [] },
    { role: 'district_lead', name: 'Demo District Lead', urns: [], districtIds: ds.map((d) => d.id) },
    { role: 'link_officer', name: 'Demo Link Officer', urns: [...new Set([DEMO_SCHOOL_URN, ...officerSchools.map((s) => s.urn)])], districtIds: threeRivers },
    { role: 'analyst', name: 'Demo Analyst', urns: [], districtIds: [] },
    { role: 'provider', name: 'Demo Provider', urns: [], districtIds: [] },
    { role: 'contract_manager', name: 'Demo Contract Manager', urns: [], districtIds: [] },
    { role: 'head_teacher', name: 'Demo Head Teacher', urns: [DEMO_SCHOOL_URN], districtIds: [] },
    { role: 'chair_of_governors', name: 'Demo Chair of Governors', urns: [DEMO_SCHOOL_URN], districtIds: [] },
    { role: 'sponsor', name: 'Demo Sponsor', urns: academy ? [academy.urn] : [], districtIds: [] },
    { role: 'elected_member', name: 'Demo Elected Member', urns: [], districtIds: [] },
  ];
  const created: string[] = [];
  for (const p of plan) {
    const email = demoEmail(p.role);
    if (await findUserByEmail(db, email)) continue;
    await createAccount(
      db,
      { organisationId: org.id, email, displayName: p.name, role: p.role, password: DEMO_PASSWORD, urns: p.urns, districtIds: p.districtIds, isDemo: true },
      { userId: null, label: 'lodestar (demo set-up)', organisationId: org.id },
    );
    created.push(email);
  }
  await ensureDemoProvider(db, org);
  return created;
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
