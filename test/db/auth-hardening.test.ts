// Production safety of sign-in and sessions (issue 10, items 2, 4, 7 and 10), over real HTTP: demo
// accounts refused in production, X-Forwarded-For trusted only from configured proxies, every refused
// sign-in audited where administrators read, lockout per account and address with the same answers for
// unknown accounts, and sessions that end on a password change or a new sign-in.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { auditLog } from '../../src/db/tables.js';
import { roles } from '../../src/domain/access/roles.js';
import { listAudit } from '../../src/repositories/audit.js';
import { createAccount, MAX_FAILED_SIGN_INS } from '../../src/services/accounts.js';
import { DEMO_PASSWORD, demoEmail } from '../../src/services/demoUsers.js';
import { disableDemoAccounts, refuseDemoAccountsInProduction } from '../../src/services/productionSafety.js';
import { MAX_FAILED_PER_ADDRESS } from '../../src/services/signInGuard.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { Browserless } from '../support/http.js';

const PRODUCTION = { NODE_ENV: 'production', LODESTAR_SECRET: 'a-production-secret-of-forty-characters!!' };
let t: TestApp;
/** The same database served as in production, with TRUST_PROXY unset. */
let prod: TestApp;
/** The same database behind a proxy the operator named (TRUST_PROXY=127.0.0.1). */
let proxied: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  prod = await startTestApp({ env: PRODUCTION, database: t.database });
  proxied = await startTestApp({ env: { TRUST_PROXY: '127.0.0.1' }, database: t.database });
}, 180_000);
afterAll(async () => {
  await proxied?.close();
  await prod?.close();
  await t?.close();
});

const system = () => ({ userId: null, label: 'test', organisationId: t.organisation.id });
let n = 0;
async function newAnalyst(): Promise<{ email: string; password: string }> {
  const email = `auth-hardening-${++n}@example.org`;
  const password = 'a long enough passphrase';
  await createAccount(t.database.db, { organisationId: t.organisation.id, email, displayName: `Analyst ${n}`, role: 'analyst', password, urns: [], districtIds: [] }, system());
  return { email, password };
}

async function signInFrom(c: Browserless, ip: string | null, email: string, password: string): Promise<Response> {
  const _csrf = await c.csrf('/sign-in');
  return c.request('POST', '/sign-in', { _csrf, email, password, returnTo: '/' }, ip ? { 'x-forwarded-for': ip } : {});
}

const errorOf = async (res: Response) => /href="#email">([^<]+)</.exec(await res.text())?.[1] ?? null;
const sessionCookie = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith('lodestar_session='))?.split(';')[0] ?? null;

// First: the production app's per-address limit is exhausted by the next describe.
describe('a production app and demo accounts', () => {
  it('a production app does not let a demo account sign in, and audits the refusal', async () => {
    const c = new Browserless(prod.url);
    const res = await signInFrom(c, null, demoEmail('admin'), DEMO_PASSWORD);
    expect(res.status).toBe(400);
    expect(sessionCookie(res)).toBeNull();
    const [entry] = await listAudit(t.database.db, t.organisation.id, { action: 'auth.sign-in-refused', actor: demoEmail('admin') });
    expect(entry.after).toEqual({ reason: 'demo account in production' });
    expect(await (await new Browserless(prod.url).get('/sign-in')).text()).not.toContain(DEMO_PASSWORD);
  });
});

describe('X-Forwarded-For is trusted only from configured proxies', () => {
  it('in production without TRUST_PROXY, forged addresses neither escape the per-address limit nor reach the audit log', async () => {
    const c = new Browserless(prod.url);
    for (let i = 0; i < MAX_FAILED_PER_ADDRESS; i++) {
      const res = await signInFrom(c, `203.0.113.${i + 1}`, `forged-${i}@example.org`, 'not the password');
      expect(await errorOf(res)).toBe('Enter a correct email address and password');
    }
    const blocked = await signInFrom(c, '198.51.100.77', `forged-last@example.org`, 'not the password');
    expect(blocked.status).toBe(400);
    expect(await errorOf(blocked)).toMatch(/Too many sign-in attempts from this network/);
    const entries = (await listAudit(t.database.db, t.organisation.id, { actor: 'forged-' })).filter((e) => e.action.startsWith('auth.'));
    expect(entries.length).toBe(MAX_FAILED_PER_ADDRESS + 1);
    expect(new Set(entries.map((e) => e.ip))).toEqual(new Set(['127.0.0.1']));
    expect(entries.find((e) => e.actor === 'forged-last@example.org')?.action).toBe('auth.sign-in-throttled');
  });

  it('behind a configured proxy, the address it forwards is the one used and audited', async () => {
    const c = new Browserless(proxied.url);
    await signInFrom(c, '192.0.2.44', 'via-proxy@example.org', 'not the password');
    const [entry] = await listAudit(t.database.db, t.organisation.id, { actor: 'via-proxy@example.org' });
    expect(entry).toMatchObject({ action: 'auth.sign-in-failed', ip: '192.0.2.44' });
  });
});

describe('refused sign-ins are audited where administrators read the log', () => {
  it('records an attempt at an unknown e-mail in the organisation, with the reason', async () => {
    await signInFrom(new Browserless(t.url), null, 'nobody-here@example.org', 'a guessed password');
    const [entry] = await listAudit(t.database.db, t.organisation.id, { actor: 'nobody-here@example.org' });
    expect(entry).toMatchObject({ action: 'auth.sign-in-failed', after: { reason: 'unknown account' }, ip: '127.0.0.1' });
  });
});

describe('lockout per account and address', () => {
  it('an attacker at one address locks only their own attempts; the owner signs in from another', async () => {
    const { email, password } = await newAnalyst();
    const attacker = new Browserless(proxied.url);
    const answers: (string | null)[] = [];
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) answers.push(await errorOf(await signInFrom(attacker, '10.9.0.1', email, `wrong guess ${i}`)));
    expect(answers.at(-1)).toMatch(/Too many failed attempts to sign in to this account/);
    // Locked from that address even with the right password, and the refusal is audited.
    const refused = await signInFrom(attacker, '10.9.0.1', email, password);
    expect(refused.status).toBe(400);
    expect(sessionCookie(refused)).toBeNull();
    const refusals = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'auth.sign-in-refused'), eq(auditLog.actor, email)));
    expect(refusals.map((r) => r.after)).toEqual([{ reason: 'locked' }]);
    expect(refusals[0].organisationId).toBe(t.organisation.id);

    const owner = new Browserless(proxied.url);
    const ok = await signInFrom(owner, '10.9.0.2', email, password);
    expect(ok.status).toBe(303);
    expect((await owner.get('/schools')).status).toBe(200);
  });

  it('answers an unknown account exactly as a real one, attempt by attempt, so the messages reveal nothing', async () => {
    const { email } = await newAnalyst();
    const real = new Browserless(proxied.url);
    const unknown = new Browserless(proxied.url);
    for (let i = 0; i <= MAX_FAILED_SIGN_INS; i++) {
      const a = await signInFrom(real, '10.9.1.1', email, `wrong guess ${i}`);
      const b = await signInFrom(unknown, '10.9.1.2', `no-such-${email}`, `wrong guess ${i}`);
      expect(b.status).toBe(a.status);
      expect(await errorOf(b), `attempt ${i + 1}`).toBe(await errorOf(a));
    }
  });
});

describe('sessions', () => {
  it('a new sign-in rotates the session: the cookie held before no longer works', async () => {
    const { email, password } = await newAnalyst();
    const c = new Browserless(t.url);
    const first = sessionCookie(await signInFrom(c, null, email, password));
    expect(first).toBeTruthy();
    const second = sessionCookie(await signInFrom(c, null, email, password));
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
    const withOld = await fetch(`${t.url}/schools`, { headers: { cookie: first! }, redirect: 'manual' });
    expect(withOld.status).toBe(303);
    expect((await c.get('/schools')).status).toBe(200);
  });

  it('changing one’s password ends every other session of that person, not the one that changed it', async () => {
    const { email, password } = await newAnalyst();
    const here = new Browserless(t.url);
    const elsewhere = new Browserless(t.url);
    expect((await signInFrom(here, null, email, password)).status).toBe(303);
    expect((await signInFrom(elsewhere, null, email, password)).status).toBe(303);
    expect((await elsewhere.get('/schools')).status).toBe(200);
    const changed = await here.post('/account/password', { current: password, next: 'an entirely new passphrase' });
    expect(changed.status).toBe(303);
    expect((await here.get('/schools')).status).toBe(200);
    expect((await elsewhere.get('/schools')).status).toBe(303);
    const [entry] = await listAudit(t.database.db, t.organisation.id, { action: 'user.password-change', actor: email });
    expect(entry.after).toEqual({ otherSessionsEnded: 1 });
  });

  it('an administrator’s password reset ends every session of that person', async () => {
    const { email, password } = await newAnalyst();
    const person = new Browserless(t.url);
    expect((await signInFrom(person, null, email, password)).status).toBe(303);
    const admin = await new Browserless(t.url).signInAs('admin');
    const [created] = await listAudit(t.database.db, t.organisation.id, { action: 'user.create' }).then((l) => l.filter((e) => (e.after as { email: string }).email === email));
    expect((await admin.post(`/admin/users/${created.entityId}/reset-password`, {}, '/admin/users')).status).toBe(200);
    expect((await person.get('/schools')).status).toBe(303);
  });
});

// Last: disabling the demo accounts changes the shared database.
describe('demo accounts in production', () => {
  it('production start-up refuses while demo accounts can sign in, naming them and the command; after disable-demo (audited) it starts', async () => {
    const production = loadConfig(PRODUCTION);
    const refusal = await refuseDemoAccountsInProduction(t.database.db, production).then(() => null, (e: Error) => e.message);
    expect(refusal).toMatch(/Refusing to start/);
    for (const role of roles) expect(refusal).toContain(demoEmail(role));
    expect(refusal).toContain('lodestar users disable-demo');
    await expect(refuseDemoAccountsInProduction(t.database.db, loadConfig({}))).resolves.toBeUndefined();

    const disabled = await disableDemoAccounts(t.database.db, system());
    expect(disabled.sort()).toEqual(roles.map(demoEmail).sort());
    await expect(refuseDemoAccountsInProduction(t.database.db, production)).resolves.toBeUndefined();
    const audited = await listAudit(t.database.db, t.organisation.id, { action: 'user.disable' });
    expect(audited.filter((e) => (e.after as { reason?: string }).reason === 'demo account')).toHaveLength(roles.length);
    expect((await signInFrom(new Browserless(t.url), null, demoEmail('admin'), DEMO_PASSWORD)).status).toBe(400);
  });
});
