import crypto from 'node:crypto';
// Accounts, sessions, headers and the audit log, against the real app over HTTP.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/repositories/audit.js';
import { findUserByEmail } from '../../src/repositories/users.js';
import { createAccount, IDLE_TIMEOUT_MINUTES, MAX_FAILED_SIGN_INS, resumeSession, startSession } from '../../src/services/accounts.js';
import { buildProgramme, currentCategories } from '../../src/services/programme.js';
import { linkOfficers } from '../../src/repositories/engagementEscalations.js';
import { DEMO_PASSWORD, DEMO_SCHOOL_URN, demoEmail } from '../../src/services/demoUsers.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { Browserless } from '../support/http.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
}, 180_000);
afterAll(async () => t?.close());

describe('security headers', () => {
  it('sends a strict Content-Security-Policy without unsafe-inline scripts, and the usual headers', async () => {
    const res = await fetch(`${t.url}/sign-in`);
    const csp = res.headers.get('content-security-policy') ?? '';
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src ')) ?? '';
    expect(scriptSrc).toMatch(/'self'/);
    expect(scriptSrc).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    // The one inline script GOV.UK's template needs is allowed by its hash, and no other inline script is.
    const html = await res.text();
    const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter((m) => !/\bsrc=/.test(m[1]));
    expect(inline).toHaveLength(1);
    const hashes = [...scriptSrc.matchAll(/'sha256-([^']+)'/g)].map((m) => m[1]);
    expect(hashes).toEqual([crypto.createHash('sha256').update(inline[0][2]).digest('base64')]);
    expect(scriptSrc).not.toMatch(/nonce-/);
  });

  it('marks the session cookie HttpOnly and SameSite', async () => {
    const c = new Browserless(t.url);
    const token = await c.csrf();
    const res = await c.request('POST', '/sign-in', { _csrf: token, email: demoEmail('analyst'), password: DEMO_PASSWORD });
    const cookie = res.headers.getSetCookie().find((x) => x.startsWith('lodestar_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });
});

describe('sign-in, lockout and sessions', () => {
  it('locks an account after repeated wrong passwords, even for the right password, and audits it', async () => {
    const c = new Browserless(t.url);
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) {
      const res = await c.signIn(demoEmail('provider'), 'wrong password!');
      expect(res.status).toBe(400);
    }
    const locked = await c.signIn(demoEmail('provider'), DEMO_PASSWORD);
    expect(locked.status).toBe(400);
    expect(await locked.text()).toContain('Too many failed attempts to sign in to this account');
    const entries = await listAudit(t.database.db, t.organisation.id, { action: 'auth.locked' });
    expect(entries.some((e) => e.actor === demoEmail('provider'))).toBe(true);
  });

  it('shows the GOV.UK error summary for an empty sign-in form', async () => {
    const c = new Browserless(t.url);
    const res = await c.post('/sign-in', { email: '', password: '' });
    const html = await res.text();
    expect(res.status).toBe(400);
    expect(html).toContain('govuk-error-summary');
    expect(html).toContain('<title>Error: Sign in');
    expect(html).toContain('href="#email">Enter your email address');
  });

  it('ends a session after the idle timeout', async () => {
    const user = (await findUserByEmail(t.database.db, demoEmail('analyst')))!;
    const token = await startSession(t.database.db, user);
    expect(await resumeSession(t.database.db, token)).not.toBeNull();
    const later = new Date(Date.now() + (IDLE_TIMEOUT_MINUTES + 1) * 60_000);
    expect(await resumeSession(t.database.db, token, later)).toBeNull();
  });

  it('signs out: the old session cookie no longer works', async () => {
    const c = await new Browserless(t.url).signInAs('analyst');
    expect((await c.get('/schools')).status).toBe(200);
    const out = await c.post('/sign-out', {}, '/schools');
    expect(out.status).toBe(303);
    expect((await c.get('/schools')).status).toBe(303);
  });

  it('lets an administrator reset a password; the user must change it before anything else', async () => {
    const admin = await new Browserless(t.url).signInAs('admin');
    const target = (await findUserByEmail(t.database.db, demoEmail('elected_member')))!;
    const res = await admin.post(`/admin/users/${target.id}/reset-password`, {}, '/admin/users');
    const temporary = /data-qa='temporary-password'>([^<]+)</.exec(await res.text())?.[1];
    expect(temporary).toBeTruthy();
    const member = new Browserless(t.url);
    expect((await member.signIn(demoEmail('elected_member'), DEMO_PASSWORD)).status).toBe(400);
    const signedIn = await member.signIn(demoEmail('elected_member'), temporary!);
    expect(signedIn.headers.get('location')).toBe('/account/password');
    expect((await member.get('/reports')).headers.get('location')).toBe('/account/password');
    const short = await member.post('/account/password', { current: temporary!, next: 'short' });
    expect(short.status).toBe(400);
    const changed = await member.post('/account/password', { current: temporary!, next: 'a brand new passphrase' });
    expect(changed.status).toBe(303);
    expect((await member.get('/reports')).status).toBe(200);
  });
});

describe('a head teacher sees only their own school', () => {
  it('by list, search, page, export and other URLs', async () => {
    const ht = await new Browserless(t.url).signInAs('head_teacher');
    const list = await (await ht.get('/schools?status=any&sector=all')).text();
    expect(list).toContain('1 school match');
    expect(list).toContain(`/schools/${DEMO_SCHOOL_URN}`);
    expect(await (await ht.get('/schools?q=Watford&status=any&sector=all')).text()).toContain('0 schools match');
    expect((await ht.get(`/schools/${DEMO_SCHOOL_URN}`)).status).toBe(200);
    for (const other of [117111, 138201, 150620]) expect((await ht.get(`/schools/${other}`)).status).toBe(404);
    expect((await ht.get('/schools.csv')).status).toBe(403);
    expect((await ht.get('/reports')).status).toBe(403);
    expect((await ht.get('/imports')).status).toBe(403);
    expect((await ht.get('/admin/audit.csv')).status).toBe(403);
    expect((await ht.post(`/schools/${DEMO_SCHOOL_URN}/district`, { districtId: 'none' }, `/schools/${DEMO_SCHOOL_URN}`)).status).toBe(403);
  });

  it('a link officer exports only the schools they can see', async () => {
    const lo = await new Browserless(t.url).signInAs('link_officer');
    const csv = await (await lo.get('/schools.csv?status=any&sector=all')).text();
    const lines = csv.trim().split('\r\n').slice(1);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.includes(',Three Rivers,'))).toBe(true);
  });
});

describe('audit log', () => {
  it('records changes with who, before and after, and cannot be edited or deleted', async () => {
    const dl = await new Browserless(t.url).signInAs('district_lead');
    const res = await dl.post(`/schools/${DEMO_SCHOOL_URN}/district`, { districtId: 'none' }, `/schools/${DEMO_SCHOOL_URN}`);
    expect(res.status).toBe(303);
    const [entry] = await listAudit(t.database.db, t.organisation.id, { action: 'school.district' });
    expect(entry).toMatchObject({ actor: demoEmail('district_lead'), entityId: String(DEMO_SCHOOL_URN), before: { district: 'Three Rivers' }, after: { district: null } });
    await expect(t.database.db.execute(sql`update audit_log set actor = 'someone else'`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from audit_log`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`truncate audit_log`)).rejects.toThrow();
  });
});

describe('an administrator changes a person\'s access', () => {
  it('refuses bad input with the reasons and changes nothing; then assigns schools and capacity, signs the person out and audits it', async () => {
    const email = 'new.officer@demo.lodestar.invalid';
    const password = 'a long enough passphrase';
    const system = { userId: null, label: 'test', organisationId: t.organisation.id };
    const officer = await createAccount(
      t.database.db,
      { organisationId: t.organisation.id, email, displayName: 'New Officer', role: 'link_officer', password, urns: [DEMO_SCHOOL_URN], districtIds: [] },
      system,
    );
    const person = new Browserless(t.url);
    expect((await person.signIn(email, password)).status).toBe(303);
    expect((await person.get('/schools')).status).toBe(200);

    const admin = await new Browserless(t.url).signInAs('admin');
    const page = `/admin/users/${officer.id}/access`;
    const form = await (await admin.get(page)).text();
    expect(form).toContain(String(DEMO_SCHOOL_URN));
    expect(form).toContain('days a year for school visits');

    const bad = await admin.post(page, { role: 'link_officer', urns: `${DEMO_SCHOOL_URN}, 999999`, capacityDays: '400' }, page);
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('govuk-error-summary');
    expect(html).toContain('999999 is not a school in this organisation');
    expect(html).toContain('Enter officer days a year as a whole number from 0 to 260');
    expect((await person.get('/schools')).status).toBe(200);
    expect(await listAudit(t.database.db, t.organisation.id, { action: 'user.access-change' })).toEqual([]);

    // A categorised school no other officer holds, so the programme gives it to this one.
    const held = new Set((await linkOfficers(t.database.db, t.organisation.id)).flatMap((o) => o.urns));
    const free = (await currentCategories(t.database.db, t.organisation.id)).schools.find((x) => x.code && x.engagement && !held.has(x.urn))!.urn;
    const ok = await admin.post(page, { role: 'link_officer', urns: `${DEMO_SCHOOL_URN}, ${free}`, capacityDays: '150' }, page);
    expect(ok.status).toBe(303);
    // The old session carried the old scope, so it is gone.
    expect((await person.get('/schools')).status).toBe(303);
    const [entry] = await listAudit(t.database.db, t.organisation.id, { action: 'user.access-change' });
    expect(entry).toMatchObject({
      actor: demoEmail('admin'),
      entityId: String(officer.id),
      before: { role: 'link_officer', urns: [DEMO_SCHOOL_URN], capacityDays: null },
      after: { role: 'link_officer', urns: [DEMO_SCHOOL_URN, free].sort((a, b) => a - b), capacityDays: 150 },
    });
    const r = await buildProgramme(t.database.db, t.organisation.id, '2025/26');
    const load = r.officers.find((o) => o.email === email)!;
    expect(load.capacityDays).toBe(150);
    expect(load.schools).toBeGreaterThanOrEqual(1);
    expect(load.capacitySource).toMatch(/set by .*admin/);
  });

  it('does not let an administrator change their own role', async () => {
    const admin = await new Browserless(t.url).signInAs('admin');
    const me = (await findUserByEmail(t.database.db, demoEmail('admin')))!;
    const res = await admin.post(`/admin/users/${me.id}/access`, { role: 'analyst', urns: '' }, `/admin/users/${me.id}/access`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('You cannot change your own role');
    expect((await findUserByEmail(t.database.db, demoEmail('admin')))!.role).toBe('admin');
  });
});
