// The whole-page cache (issue 15): the heavy read pages are rendered once per reader, address, day and
// data version, and served again until the database's data version moves on. These tests drive it
// through the real app: a repeat is served from the cache, any change (through a form, or straight in
// the database as a CLI command or another process would make it) is shown at once, a kept page never
// reaches another reader, and every table a page can show moves the version.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SCHOOL_URN } from '../../src/services/demoUsers.js';
import { currentDataVersion } from '../../src/repositories/dataVersion.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { Browserless } from '../support/http.js';

let t: TestApp;
const dashboard = `/schools/${DEMO_SCHOOL_URN}/dashboard`;
const CONFIDENTIAL = 'Tamberlane disclosure about the after-school club';

beforeAll(async () => {
  t = await startTestApp();
}, 600_000);
afterAll(async () => t?.close());

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await t.database.db.execute(query)) as unknown as { rows: T[] }).rows;
}

async function page(client: Browserless, path: string) {
  const res = await client.get(path);
  expect(res.status).toBe(200);
  return { cache: res.headers.get('x-page-cache'), encoding: res.headers.get('content-encoding'), html: await res.text() };
}

describe('page cache', () => {
  it('serves a repeat of each heavy page from the cache, gzipped when the browser accepts it', async () => {
    const officer = await new Browserless(t.url).signInAs('link_officer');
    for (const path of [dashboard, `/schools/${DEMO_SCHOOL_URN}`, '/schools', '/categorisation', '/risk']) {
      const first = await page(officer, path);
      expect(first.cache, path).toBe('miss');
      const second = await page(officer, path);
      expect(second.cache, path).toBe('hit');
      // The same page, sent gzipped to a client that accepts it (fetch does, as browsers do).
      expect(second.html).toBe(first.html);
      expect(second.encoding).toBe('gzip');
      // And as it is to one that does not.
      const plain = await t.app.inject({ method: 'GET', url: path, headers: { cookie: officer.cookieHeader() } });
      expect(plain.headers['x-page-cache']).toBe('hit');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body).toBe(first.html);
    }
    // Another browser of the same reader gets the page with its own CSRF token, never the first browser's.
    const other = await new Browserless(t.url).signInAs('link_officer');
    const again = await page(other, dashboard);
    expect(again.cache).toBe('miss');
    const token = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    expect(token(again.html)).toBeTruthy();
    expect(token(again.html)).toBe(await other.csrf(dashboard));
    expect(token(again.html)).not.toBe(token((await page(officer, dashboard)).html));
  });

  it('shows a change made through a form at once', async () => {
    const officer = await new Browserless(t.url).signInAs('link_officer');
    await page(officer, dashboard);
    expect((await page(officer, dashboard)).cache).toBe('hit');
    const before = await currentDataVersion(t.database.db);
    const form = `/schools/${DEMO_SCHOOL_URN}/intelligence/new`;
    const res = await officer.post(form, { source: 'Telephone call to the LA', 'occurredOn-day': '2', 'occurredOn-month': '12', 'occurredOn-year': '2026', confidential: 'yes', indicator: '', kind: 'safeguarding_concern', summary: CONFIDENTIAL }, form);
    expect(res.status, await res.clone().text()).toBe(303);
    expect(await currentDataVersion(t.database.db)).toBeGreaterThan(before);
    const after = await page(officer, dashboard);
    expect(after.cache).toBe('miss');
    expect(after.html).toContain(CONFIDENTIAL);
  });

  it('never serves a page kept for one reader to another (the head teacher never meets the officer’s confidential item)', async () => {
    const officer = await new Browserless(t.url).signInAs('link_officer');
    const kept = await page(officer, dashboard);
    expect(kept.html).toContain(CONFIDENTIAL);
    const head = await new Browserless(t.url).signInAs('head_teacher');
    const theirs = await page(head, dashboard);
    expect(theirs.cache).toBe('miss');
    expect(theirs.html).not.toContain(CONFIDENTIAL);
    expect((await page(head, dashboard)).html).not.toContain(CONFIDENTIAL);
  });

  it('shows a change made straight in the database (a CLI command, another app process) at once', async () => {
    const officer = await new Browserless(t.url).signInAs('link_officer');
    await page(officer, '/schools');
    expect((await page(officer, '/schools')).cache).toBe('hit');
    const [{ name }] = await rows<{ name: string }>(sql`select name from schools where urn = ${DEMO_SCHOOL_URN}`);
    await t.database.db.execute(sql`update schools set name = 'Renamed Bellwether School' where urn = ${DEMO_SCHOOL_URN}`);
    try {
      const list = await page(officer, '/schools');
      expect(list.cache).toBe('miss');
      expect(list.html).toContain('Renamed Bellwether School');
      expect((await page(officer, `/schools/${DEMO_SCHOOL_URN}`)).html).toContain('Renamed Bellwether School');
    } finally {
      await t.database.db.execute(sql`update schools set name = ${name} where urn = ${DEMO_SCHOOL_URN}`);
    }
  });

  it('reading pages does not move the data version', async () => {
    const officer = await new Browserless(t.url).signInAs('senior_leader');
    const before = await currentDataVersion(t.database.db);
    for (const path of [dashboard, '/schools', '/categorisation', '/risk', '/', '/engagement']) await officer.get(path);
    expect(await currentDataVersion(t.database.db)).toBe(before);
  });

  it('a sign-in keeps every kept page (it is recorded in sign_ins, which moves no version)', async () => {
    const officer = await new Browserless(t.url).signInAs('link_officer');
    await page(officer, dashboard);
    expect((await page(officer, dashboard)).cache).toBe('hit');
    const before = await currentDataVersion(t.database.db);
    const signedInAt = new Date();
    await new Browserless(t.url).signInAs('analyst');
    expect(await currentDataVersion(t.database.db)).toBe(before);
    expect((await page(officer, dashboard)).cache).toBe('hit');
    // The sign-in is still recorded, for the administrators' list of accounts.
    const [{ at }] = await rows<{ at: string }>(sql`select s.last_sign_in_at as at from sign_ins s join users u on u.id = s.user_id where u.email = 'analyst@demo.lodestar.invalid'`);
    expect(new Date(at).getTime()).toBeGreaterThanOrEqual(signedInAt.getTime() - 1000);
  });

  it('an account disabled or given another school straight in the database is seen by its next request', async () => {
    const head = await new Browserless(t.url).signInAs('head_teacher');
    await page(head, dashboard);
    expect((await page(head, dashboard)).cache).toBe('hit');
    const [{ id }] = await rows<{ id: number }>(sql`select id from users where email = 'head-teacher@demo.lodestar.invalid'`);
    const [{ other }] = await rows<{ other: number }>(sql`select urn as other from schools where urn <> ${DEMO_SCHOOL_URN} order by urn limit 1`);
    // Another school in place of the demo school: the kept account and page must not outlive the change.
    await t.database.db.execute(sql`update user_scopes set school_urn = ${other} where user_id = ${id}`);
    try {
      // Out of scope is not found, as for any school the reader may not see.
      expect((await head.get(dashboard)).status).toBe(404);
      expect((await head.get(`/schools/${other}/dashboard`)).status).toBe(200);
    } finally {
      await t.database.db.execute(sql`update user_scopes set school_urn = ${DEMO_SCHOOL_URN} where user_id = ${id}`);
    }
    expect((await page(head, dashboard)).cache).not.toBeNull();
    await t.database.db.execute(sql`update users set disabled = true where id = ${id}`);
    try {
      const res = await head.get(dashboard);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toMatch(/^\/sign-in/);
    } finally {
      await t.database.db.execute(sql`update users set disabled = false where id = ${id}`);
    }
  });

  it('every table a page can show moves the version (a new table without the trigger fails here)', async () => {
    const EXEMPT = ['sessions', 'sign_ins', 'audit_log', 'jobs', 'job_items', 'data_version', 'live_categories'];
    const tables = await rows<{ tablename: string }>(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`);
    const triggered = new Set(
      (await rows<{ relname: string }>(sql`select c.relname from pg_trigger g join pg_class c on c.oid = g.tgrelid join pg_proc p on p.oid = g.tgfoid where p.proname = 'lodestar_bump_data_version'`)).map((r) => r.relname),
    );
    const missing = tables.map((r) => r.tablename).filter((n) => !EXEMPT.includes(n) && !triggered.has(n));
    expect(missing).toEqual([]);
    expect(triggered.size).toBeGreaterThan(40);
  });
});
