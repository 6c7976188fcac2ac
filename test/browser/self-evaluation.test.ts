// Issue 19 as a senior leader meets it: rate a heading (after the form refuses a blank one), add an
// area and an action to the plan, and download the self-evaluation as DOCX; axe-clean throughout.
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipEntry } from '../../src/letters/test-helpers.js';
import { listAudit } from '../../src/repositories/audit.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { axeViolations, launchBrowser, newPage, signIn } from '../support/browser.js';

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  t = await startTestApp();
  browser = await launchBrowser();
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const shot = async (page: import('playwright-core').Page, name: string) => {
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/${name}.png`, fullPage: true });
};

describe('self-evaluation and action plan', () => {
  it('rates a heading, adds an action and downloads the DOCX', async () => {
    const page = await newPage(browser);
    await signIn(page, t.url, 'senior_leader');
    await page.goto(`${t.url}/self-evaluation?asOf=2025-09-01`);
    expect(await page.locator('h1').textContent()).toContain('Self-evaluation');
    expect(await page.locator('[data-qa="figure-proactive"]').first().textContent()).toMatch(/schools whose latest inspection was below good/);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'self-evaluation');

    await page.click('a[href^="/self-evaluation/headings/knowing-schools"]');
    await page.fill('#lead', '');
    await page.click('button:has-text("Save rating")');
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Select red, amber or green');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'self-evaluation-rate-errors');
    await page.check('input[name="rating"][value="amber"]');
    await page.fill('#lead', 'Head of School Improvement');
    await page.fill('#narrative', 'Contact is regular but no round has been confirmed this year.');
    await page.check('input[name="figureIds"][value="knows-schools"]');
    await page.click('button:has-text("Save rating")');
    await page.waitForURL(/\/self-evaluation\?notice=rated/);
    expect(await page.locator('[data-qa="heading-knowing-schools"] .govuk-tag').first().textContent()).toContain('Amber');
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${t.url}/action-plan`);
    await page.click('a:has-text("Add an area for improvement")');
    await page.fill('#title', 'Knowing our schools');
    await page.selectOption('#headingId', 'knowing-schools');
    await page.check('input[name="findingSource"][value="la"]');
    await page.fill('#finding', 'Categories were not confirmed for the year.');
    await page.fill('#aim', 'Every school categorised and visited each term.');
    await page.click('button:has-text("Add area")');
    await page.waitForURL(/\/action-plan\?notice=area/);
    await page.click('a:has-text("Add an action")');
    await page.fill('#text', 'Confirm the autumn categorisation round');
    const owner = await page.locator('#ownerUserId option', { hasText: '(Senior leader)' }).first().getAttribute('value');
    await page.selectOption('#ownerUserId', owner!);
    await page.fill('#dueOn-day', '30');
    await page.fill('#dueOn-month', '11');
    await page.fill('#dueOn-year', '2026');
    await page.check('input[name="status"][value="in_progress"]');
    expect(await axeViolations(page)).toEqual([]);
    await page.click('button:has-text("Save action")');
    await page.waitForURL(/\/action-plan\?notice=action/);
    expect(await page.locator('[data-qa="area"]').first().textContent()).toContain('Confirm the autumn categorisation round');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'action-plan');

    await page.goto(`${t.url}/self-evaluation?asOf=2025-09-01`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href^="/self-evaluation.docx"]')]);
    const file = await download.path();
    const xml = unzipEntry(fs.readFileSync(file!), 'word/document.xml') ?? '';
    expect(xml.replace(/<[^>]+>/g, ' ')).toContain('Knowing its schools: AMBER');
    expect((await listAudit(t.database.db, t.organisation.id, { action: 'self_evaluation.' })).map((a) => a.action)).toEqual(
      expect.arrayContaining(['self_evaluation.rate', 'self_evaluation.export']),
    );
    await page.context().close();
  }, 300_000);
});
