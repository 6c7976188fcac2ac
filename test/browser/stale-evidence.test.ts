// Stale evidence as a senior leader meets it in the browser (issue 13), on the bundled real data: the
// dashboard's warning and "data held" table, the round page's count of schools resting on a stale or missing
// inspection, a converter academy's round entry naming its predecessor's inspection, and the letters the
// confirmed round sends (PDF and DOCX) saying so; no accessibility violations on any of the pages.
import { inflateSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/db/schema.js';
import { demoEmail } from '../../src/services/demoUsers.js';
import { pdfTextRuns, unzipEntry } from '../../src/letters/test-helpers.js';
import { confirmUnchangedProposals, confirmWholeRound, createRound, webRoundActor } from '../../src/services/rounds.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { axeViolations, launchBrowser, newPage, signIn } from '../support/browser.js';

/** The text of a letter's PDF: its deflated page streams read, text runs joined. */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const runs: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    try {
      runs.push(...pdfTextRuns(inflateSync(pdf.subarray(start, raw.indexOf('endstream', start)))));
    } catch {
      // Not a deflated stream (fonts, images): no text.
    }
  }
  return runs.join(' ').replace(/\s+/g, ' ');
}

let t: TestApp;
let browser: Browser;
let page: Page;
let roundId: number;
let actor: ReturnType<typeof webRoundActor>;

beforeAll(async () => {
  // The letters are made by a job, as `lodestar serve` runs them.
  t = await startTestApp({ jobs: true });
  const [u] = await t.database.db.select().from(users).where(eq(users.email, demoEmail('senior_leader')));
  actor = webRoundActor({ userId: u.id, label: u.email, organisationId: t.organisation.id }, u.id, 'senior_leader');
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

  for (const width of [320, 1280]) {
    it(`the dashboard's Ofsted timeline names each inspection's era, and fits ${width} px`, async () => {
      const narrow = await newPage(browser);
      await narrow.setViewportSize({ width, height: 900 });
      await signIn(narrow, t.url, 'senior_leader');
      await narrow.goto(`${t.url}/schools/150620/dashboard#ofsted`);
      const timeline = narrow.locator('[data-qa="ofsted-timeline"]');
      expect(await timeline.locator('[data-qa="era"]').first().innerText()).toBe('Four-grade era (to August 2024)');
      expect(await timeline.innerText()).toMatch(/The predecessor school's inspection: Mill Mead Primary School \(URN 117297\)/);
      // The timeline itself never needs sideways scrolling, even on the narrowest phone.
      const box = await timeline.evaluate((el) => ({ right: el.getBoundingClientRect().right, scroll: el.scrollWidth, client: el.clientWidth }));
      expect(box.scroll).toBeLessThanOrEqual(box.client);
      expect(box.right).toBeLessThanOrEqual(width);
      if (process.env.SCREENSHOT_DIR) await timeline.screenshot({ path: `${process.env.SCREENSHOT_DIR}/timeline-${width}.png` });
      expect(await axeViolations(narrow)).toEqual([]);
      await narrow.context().close();
    }, 120_000);
  }

  it('the letter the confirmed round sends says the inspection evidence is old, in the PDF and the DOCX', async () => {
    // Moderation is driven through the pages elsewhere (categorisation.test.ts); here the round is confirmed as it stands.
    const bulk = await confirmUnchangedProposals(t.database.db, t.organisation.id, roundId, actor);
    if (!bulk.ok || bulk.left) throw new Error(`round not confirmable: ${JSON.stringify(bulk)}`);
    const confirmed = await confirmWholeRound(t.database.db, t.organisation.id, roundId, actor);
    if (!confirmed.ok) throw new Error(JSON.stringify(confirmed.errors));
    await page.goto(`${t.url}/categorisation/rounds/${roundId}/letters`);
    await page.getByRole('button', { name: /^Generate letters for 3 schools$/ }).click();
    await page.waitForFunction(() => document.querySelector('[data-qa="letter-progress"]')?.textContent?.includes('Letters ready'), undefined, { timeout: 300_000, polling: 1000 });
    expect(await axeViolations(page)).toEqual([]);
    const href = async (name: string) => (await page.getByRole('link', { name }).getAttribute('href'))!;
    const pdf = await page.request.get(`${t.url}${await href('PDF letter for Abbots Langley School')}`);
    expect(pdf.status()).toBe(200);
    expect(pdfText(await pdf.body())).toMatch(/This category rests on an Ofsted inspection of 8 May 2014, \d+ years before [^:]+: older than the age beyond which an inspection counts as stale/);
    const docx = await page.request.get(`${t.url}${await href('Word letter for Mill Mead Primary Academy')}`);
    expect(docx.status()).toBe(200);
    const text = unzipEntry(await docx.body(), 'word/document.xml')!.replace(/<[^>]+>/g, '');
    expect(text).toMatch(/an Ofsted inspection of the predecessor school, Mill Mead Primary School \(URN 117297\) of 1 April 2014/);
  }, 400_000);
});
