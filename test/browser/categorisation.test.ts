// A categorisation round in Chromium, as the people who run it: a senior leader opens the round, the
// link officer records their view, the district lead overrides the category (after one validation
// round-trip), the senior leader confirms the rest and the round, generates the letters and opens
// one; the head teacher sees the category and challenges it. Every page is checked with axe.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/db/tables.js';
import type { Role } from '../../src/domain/access/roles.js';
import { DEMO_SCHOOL_URN } from '../../src/services/demoUsers.js';
import { createRound, webRoundActor } from '../../src/services/rounds.js';
import { getEntry } from '../../src/repositories/categorisation.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { axeViolations, launchBrowser, newPage, signIn } from '../support/browser.js';
import { zipEntryNames } from '../support/zip.js';

let t: TestApp;
let browser: Browser;
const pages = new Map<Role, Page>();
let roundUrl = '';

async function as(role: Role): Promise<Page> {
  let p = pages.get(role);
  if (!p) {
    p = await newPage(browser);
    await signIn(p, t.url, role);
    pages.set(role, p);
  }
  return p;
}

async function accessible(page: Page): Promise<void> {
  expect(await axeViolations(page), page.url()).toEqual([]);
}

beforeAll(async () => {
  t = await startTestApp({ jobs: true });
  browser = await launchBrowser();
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('categorisation round in the browser', () => {
  it('a senior leader opens a round and every school gets a proposal', async () => {
    const page = await as('senior_leader');
    await page.goto(`${t.url}/categorisation`);
    await accessible(page);
    await page.getByRole('button', { name: 'Open a new round' }).click();
    await accessible(page);
    await page.getByLabel('Academic year').fill('2025/26');
    await page.getByLabel('Autumn').check();
    await page.getByLabel('Policy').selectOption({ label: 'Staffordshire 2014: levels of concern (A–D) (version 4)' });
    await page.getByRole('button', { name: 'Open the round and propose categories' }).click();
    await page.waitForURL(/\/categorisation\/rounds\/\d+\?notice=created/, { timeout: 120_000 });
    roundUrl = page.url().split('?')[0];
    expect(await page.locator('h1').innerText()).toContain('2025/26 autumn');
    expect(Number((await page.locator('[data-qa="round-schools"] caption').innerText()).split(' ')[0])).toBeGreaterThan(500);
    await accessible(page);
  }, 180_000);

  it('the link officer records their view and the district lead overrides with a reason', async () => {
    const lo = await as('link_officer');
    await lo.goto(`${roundUrl}/schools/${DEMO_SCHOOL_URN}`);
    await accessible(lo);
    await lo.getByLabel('Record the link officer’s view').check();
    await lo.getByRole('button', { name: 'Record the step' }).click();
    await lo.waitForURL(/notice=saved/);
    expect(await lo.locator('[data-qa="stage"]').innerText()).toBe('Link officer’s view');

    const dl = await as('district_lead');
    await dl.goto(`${roundUrl}/schools/${DEMO_SCHOOL_URN}`);
    await dl.getByLabel('Record the district moderation').check();
    await dl.getByLabel('Category', { exact: true }).selectOption('C');
    await dl.getByRole('button', { name: 'Record the step' }).click();
    expect(await dl.locator('.govuk-error-summary').innerText()).toContain('A reason is needed');
    expect(await dl.locator('.govuk-error-summary a').first().getAttribute('href')).toBe('#reason');
    expect(await dl.title()).toMatch(/^Error: /);
    await accessible(dl);
    await dl.getByLabel('Record the district moderation').check();
    await dl.getByLabel('Category', { exact: true }).selectOption('C');
    await dl.getByLabel('Reason').fill('New head teacher and a fall in attendance this term');
    await dl.getByRole('button', { name: 'Record the step' }).click();
    await dl.waitForURL(/notice=saved/);
    expect(await dl.locator('[data-qa="current-category"]').innerText()).toMatch(/^C/);
    expect(await dl.locator('[data-qa="history"]').innerText()).toContain('New head teacher and a fall in attendance this term');
  }, 120_000);

  it('the senior leader confirms the rest and the round, generates the letters and opens one', async () => {
    const page = await as('senior_leader');
    await page.goto(roundUrl);
    await page.getByRole('button', { name: /^Confirm \d+ unchanged proposals$/ }).click();
    // The bulk action asks first, with how many are high concern and how many nobody has looked at.
    await page.waitForURL(/confirm-unchanged$/);
    expect(await page.locator('[data-qa="bulk-summary"]').innerText()).toMatch(/\d+ of them are high concern[\s\S]*\d+ of them nobody has looked at/);
    await accessible(page);
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Select yes to confirm');
    await accessible(page);
    await page.locator('input[name="answer"][value="yes"]').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/notice=bulk-confirmed/, { timeout: 120_000 });
    await page.goto(`${roundUrl}/schools/${DEMO_SCHOOL_URN}`);
    await page.getByLabel('Confirm this school’s category').check();
    await page.getByRole('button', { name: 'Record the step' }).click();
    await page.waitForURL(/notice=saved/);
    await page.goto(roundUrl);
    await page.getByRole('button', { name: 'Confirm the round' }).click();
    await page.waitForURL(/notice=confirmed/, { timeout: 60_000 });
    await accessible(page);

    await page.getByRole('link', { name: 'Letters for this round' }).click();
    const schools = Number(/for (\d+) schools/.exec(await page.getByRole('button', { name: /^Generate letters for \d+ schools$/ }).innerText())![1]);
    await page.getByRole('button', { name: /^Generate letters for \d+ schools$/ }).click();
    await page.locator('[data-qa="letter-progress"]').waitFor();
    await accessible(page);
    // While the whole LA's letters are made (a job, rendered in worker threads), another officer's
    // dashboard still answers.
    const officer = await as('link_officer');
    let answeredDuringJob = 0;
    while (!(await page.locator('[data-qa="letter-progress"]').innerText()).includes('Letters ready') && answeredDuringJob < 3) {
      const res = await officer.request.get(`${t.url}/schools/${DEMO_SCHOOL_URN}/dashboard`);
      expect(res.status()).toBe(200);
      answeredDuringJob += 1;
    }
    expect(answeredDuringJob).toBeGreaterThan(0);
    // The page reloads itself (a small script file) until the job finishes and the bar is full.
    await page.waitForFunction(() => document.querySelector('[data-qa="letter-progress"]')?.textContent?.includes('Letters ready'), undefined, { timeout: 900_000, polling: 1000 });
    const bar = page.locator('progress#letter-progress');
    expect(await bar.getAttribute('value')).toBe(String(schools));
    expect(await bar.getAttribute('max')).toBe(String(schools));
    expect(await page.locator('#letter-progress-text').innerText()).toContain(`${schools} of ${schools} letters (100%)`);
    await accessible(page);
    const zipHref = (await page.getByRole('link', { name: /Download all \d+ issued letters as one ZIP file/ }).getAttribute('href'))!;
    const zip = await page.request.get(`${t.url}${zipHref}`);
    expect(zip.status()).toBe(200);
    const names = zipEntryNames(await zip.body());
    expect(names.filter((n) => n.endsWith('.docx'))).toHaveLength(schools);
    expect(names.filter((n) => n.endsWith('.pdf'))).toHaveLength(schools);
    expect(new Set(names.map((n) => n.replace(/\.(docx|pdf)$/, ''))).size).toBe(schools);
    const link = page.getByRole('link', { name: 'PDF letter for Abbots Langley School' });
    const href = (await link.getAttribute('href'))!;
    const res = await page.request.get(`${t.url}${href}`);
    expect(res.status()).toBe(200);
    const body = await res.body();
    expect(body.subarray(0, 4).toString()).toBe('%PDF');
    expect(res.headers()['content-disposition']).toContain('abbots-langley-school');
    expect(body.toString('latin1')).toContain('Abbots Langley School');
  }, 1_000_000);

  it('the head teacher sees the category and challenges it', async () => {
    const ht = await as('head_teacher');
    await ht.goto(`${t.url}/my-school/category`);
    expect(await ht.locator('[data-qa="own-category"]').innerText()).toContain('category C');
    await accessible(ht);
    await ht.getByRole('button', { name: 'Send the challenge' }).click();
    expect(await ht.locator('.govuk-error-summary').innerText()).toContain('Say why the school disagrees');
    await accessible(ht);
    await ht.getByLabel('Why do you disagree?').fill('Attendance has recovered since half term');
    await ht.getByLabel('Your evidence').fill('Attendance returns for October');
    await ht.getByRole('button', { name: 'Send the challenge' }).click();
    await ht.waitForURL(/notice=challenged/);
    expect(await ht.locator('[data-qa="challenge-status"]').innerText()).toBe('Awaiting response');
    await accessible(ht);

    const lo = await as('link_officer');
    await lo.goto(`${t.url}/categorisation/challenges`);
    await accessible(lo);
    await lo.getByRole('link', { name: 'Abbots Langley School' }).click();
    await accessible(lo);
  }, 120_000);
});

describe('an adviser judgement in the browser (Wales policy)', () => {
  it('records capacity to improve after one validation round-trip, and the proposal is placed', async () => {
    const senior = (await t.database.db.select().from(users)).find((u) => u.role === 'senior_leader')!;
    const r = await createRound(
      t.database.db,
      t.organisation.id,
      { academicYear: '2026/27', term: 'autumn', policyId: 'wales-nscs', asOf: '2025-09-01', urns: [DEMO_SCHOOL_URN] },
      webRoundActor({ userId: senior.id, label: senior.email, organisationId: t.organisation.id }, senior.id, 'senior_leader'),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const page = await as('senior_leader');
    await page.goto(`${t.url}/categorisation/rounds/${r.round.id}/schools/${DEMO_SCHOOL_URN}`);
    expect(await page.locator('[data-qa="capacity-history"]').innerText()).toContain('No judgement has been recorded');
    await accessible(page);
    await page.getByRole('button', { name: 'Record the judgement' }).click();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Select the school’s capacity to improve');
    await accessible(page);
    await page.getByLabel('C', { exact: true }).check();
    await page.getByLabel('Evidence behind the judgement').fill('New governors; the action plan is not yet showing impact in maths.');
    await page.getByRole('button', { name: 'Record the judgement' }).click();
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('The judgement has been recorded');
    expect(await page.locator('[data-qa="capacity-history"]').innerText()).toContain('the action plan is not yet showing impact');
    expect((await getEntry(t.database.db, t.organisation.id, r.round.id, DEMO_SCHOOL_URN))!.proposedCategory).not.toBeNull();
    await accessible(page);
  });
});
