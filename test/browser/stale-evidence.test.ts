// Stale evidence as a senior leader meets it in the browser (issue 13), on the bundled real data: the
// dashboard's warning and "data held" table, the round page's count of schools resting on a stale or missing
// inspection, and a converter academy's round entry naming its predecessor's inspection; no accessibility
// violations on any of them.
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/db/schema.js';
import { demoEmail } from '../../src/services/demoUsers.js';
import { createRound, webRoundActor } from '../../src/services/rounds.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { axeViolations, launchBrowser, newPage, signIn } from '../support/browser.js';

let t: TestApp;
let browser: Browser;
let page: Page;
let roundId: number;

beforeAll(async () => {
  t = await startTestApp();
  const [u] = await t.database.db.select().from(users).where(eq(users.email, demoEmail('senior_leader')));
  const actor = webRoundActor({ userId: u.id, label: u.email, organisationId: t.organisation.id }, u.id, 'senior_leader');
  const r = await createRound(t.database.db, t.organisation.id, { academicYear: '2026/27', term: 'autumn', policyId: 'staffordshire-2014', asOf: new Date().toISOString().slice(0, 10), urns: [117083, 150620, 117087] }, actor);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  roundId = r.round.id;
  browser = await launchBrowser();
  page = await newPage(browser);
  await signIn(page, t.url, 'senior_leader');
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('stale evidence in the browser', () => {
  it('the dashboard warns that the inspection is older than the limit', async () => {
    await page.goto(`${t.url}/schools/117083/dashboard`);
    const warning = page.locator('[data-qa="freshness"] [data-qa="stale-evidence"]');
    expect(await warning.innerText()).toMatch(/Some evidence is older than its limit: .*Ofsted \(latest graded inspection 2014-05-08\)/);
    expect(await page.locator('[data-qa="source-ofsted"]').innerText()).toMatch(/Older than limit/);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the round page counts the schools resting on a stale or missing inspection', async () => {
    await page.goto(`${t.url}/categorisation/rounds/${roundId}`);
    expect(await page.locator('[data-qa="inspection-gaps"]').innerText()).toMatch(/2 schools rest on an inspection older than 6 years; 1 on no graded inspection/);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("a converter academy's round entry names its predecessor's inspection", async () => {
    await page.goto(`${t.url}/categorisation/rounds/${roundId}/schools/150620`);
    expect(await page.locator('[data-qa="stale-evidence"]').innerText()).toMatch(/predecessor school, Mill Mead Primary School \(URN 117297\) of 1 April 2014/);
    expect(await axeViolations(page)).toEqual([]);
  });
});
