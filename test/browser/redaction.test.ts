// Confidential intelligence in Chromium: after a link officer records a confidential safeguarding
// concern for Abbots Langley School and its round is confirmed, the head teacher's "Your school's
// category" page gives the category with the LA's sentence and nothing of the concern, while the
// officer's explanation page shows the rule, marked confidential. Both pages are checked with axe.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { users } from '../../src/db/schema.js';
import { DEMO_SCHOOL_URN, demoEmail } from '../../src/services/demoUsers.js';
import { confirmUnchangedProposals, confirmWholeRound, createRound, webRoundActor } from '../../src/services/rounds.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { axeViolations, launchBrowser, newPage, signIn } from '../support/browser.js';
import { Browserless } from '../support/http.js';

let t: TestApp;
let browser: Browser;
let roundId = 0;
const on = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${on}T00:00:00Z`));

beforeAll(async () => {
  t = await startTestApp();
  browser = await launchBrowser();
  const officer = await new Browserless(t.url).signInAs('link_officer');
  const [y, m, d] = on.split('-');
  const form = `/schools/${DEMO_SCHOOL_URN}/intelligence/new`;
  const res = await officer.post(form, { kind: 'safeguarding_concern', indicator: '', summary: 'Ysolde disclosure at the gate', source: 'Telephone call', 'occurredOn-day': String(Number(d)), 'occurredOn-month': String(Number(m)), 'occurredOn-year': y, confidential: 'yes' }, form);
  expect(res.status).toBe(303);
  const [u] = await t.database.db.select().from(users).where(eq(users.email, demoEmail('senior_leader')));
  const actor = webRoundActor({ userId: u.id, label: u.email, organisationId: t.organisation.id }, u.id, 'senior_leader');
  const r = await createRound(t.database.db, t.organisation.id, { academicYear: '2026/27', term: 'autumn', policyId: 'staffordshire-2014', urns: [DEMO_SCHOOL_URN] }, actor);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  roundId = r.round.id;
  await confirmUnchangedProposals(t.database.db, t.organisation.id, roundId, actor);
  expect((await confirmWholeRound(t.database.db, t.organisation.id, roundId, actor)).ok).toBe(true);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('confidential intelligence in the browser', () => {
  it('the head teacher reads the category and the LA’s sentence, never the concern', async () => {
    const page = await newPage(browser);
    await signIn(page, t.url, 'head_teacher');
    await page.goto(`${t.url}/my-school/category`);
    const text = await page.locator('main').innerText();
    expect(text).toContain('The LA holds information it has taken into account.');
    expect(text).not.toMatch(/safeguarding concern|Ysolde/i);
    expect(text).not.toContain(longDate);
    expect(text).not.toContain(on);
    expect(await axeViolations(page)).toEqual([]);
  }, 60_000);

  it('the link officer sees the rule that fired, marked as confidential intelligence', async () => {
    const page = await newPage(browser);
    await signIn(page, t.url, 'link_officer');
    await page.goto(`${t.url}/categorisation/rounds/${roundId}/schools/${DEMO_SCHOOL_URN}`);
    const text = await page.locator('main').innerText();
    expect(text).toContain('An open safeguarding concern is recorded by the LA.');
    expect(text).toContain(longDate);
    await expect(page.locator('[data-qa="confidential-rule"]').first().innerText()).resolves.toContain('do not see this rule');
    expect(await axeViolations(page)).toEqual([]);
  }, 60_000);
});
