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
  const nonce = /'nonce-([0-9a-f]+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1];
  return { cache: res.headers.get('x-page-cache'), nonce, html: await res.text() };
}

describe('page cache', () => {
  it('serves a repeat of each heavy page from the cache, with this response’s CSRF token', async () => {
    const officer = await new Browserless(t.url).signInAs('link_officer');
    for (const path of [dashboard, `/schools/${DEMO_SCHOOL_URN}`, '/schools', '/categorisation', '/risk']) {
      const first = await page(officer, path);
      expect(first.cache, path).toBe('miss');
      const second = await page(officer, path);
      expect(second.cache, path).toBe('hit');
      // The same page, with this response's own CSP nonce (the one its header allows).
      const noNonce = (html: string) => html.replace(/nonce="[0-9a-f]+"/g, 'nonce=""');
      expect(noNonce(second.html)).toBe(noNonce(first.html));
      expect(/nonce="([0-9a-f]+)"/.exec(second.html)?.[1]).toBe(second.nonce);
      expect(second.nonce).not.toBe(first.nonce);
      // The token in the kept page is the reader's own, never a placeholder.
      expect(second.html).not.toMatch(/lodestarcsrf[0-9a-f]{24}/);
    }
    // Another session of another browser gets its own token in the same kept page.
    const other = await new Browserless(t.url).signInAs('link_officer');
    const again = await page(other, dashboard);
    const token = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    expect(token(again.html)).toBeTruthy();
    expect(token(again.html)).toBe(await other.csrf(dashboard));
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

  it('every table a page can show moves the version (a new table without the trigger fails here)', async () => {
    const EXEMPT = ['sessions', 'audit_log', 'jobs', 'job_items', 'data_version'];
    const tables = await rows<{ tablename: string }>(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`);
    const triggered = new Set(
      (await rows<{ relname: string }>(sql`select c.relname from pg_trigger g join pg_class c on c.oid = g.tgrelid join pg_proc p on p.oid = g.tgfoid where p.proname = 'lodestar_bump_data_version'`)).map((r) => r.relname),
    );
    const missing = tables.map((r) => r.tablename).filter((n) => !EXEMPT.includes(n) && !triggered.has(n));
    expect(missing).toEqual([]);
    expect(triggered.size).toBeGreaterThan(40);
  });
});
