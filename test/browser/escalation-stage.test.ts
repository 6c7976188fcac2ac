// The stage-of-concern and judgement-of-concern forms in Chromium: error summaries link to the
// fields, the recorded stage shows on the Core Group page with its reviews, and axe finds nothing.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { axeViolations, launchBrowser, newPage, signIn } from '../support/browser.js';

let browser: Browser;
let t: TestApp;
const urn = 117083; // Abbots Langley School, the demo school
const shots = process.env.LODESTAR_SCREENSHOTS;

beforeAll(async () => {
  t = await startTestApp();
  browser = await launchBrowser();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('stage of concern and judgement of concern forms', () => {
  it('re-shows the stage form with an error summary, records stage 3, and shows it with its reviews; accessible', async () => {
    const page = await newPage(browser);
    await signIn(page, t.url, 'senior_leader');
    await page.goto(`${t.url}/schools/${urn}/stage/new`);
    await page.getByLabel('Stage 3: intensive programme').check();
    await page.getByRole('button', { name: 'Record the stage' }).click();
    await expect(page.locator('.govuk-error-summary')).toBeDefined();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter the date the stage started');
    expect(await axeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: `${shots}/stage-errors.png`, fullPage: true });

    const fill = async (prefix: string, d: string, m: string, y: string) => {
      await page.locator(`#${prefix}-day`).fill(d);
      await page.locator(`#${prefix}-month`).fill(m);
      await page.locator(`#${prefix}-year`).fill(y);
    };
    await fill('startedOn', '3', '9', '2025');
    await page.getByLabel('Why the school is designated at this stage').fill('Two Core Group meetings found no evidence of impact');
    await page.getByLabel("The school's statement of action or recovery plan").fill('Statement of action, September 2025');
    await page.getByLabel('Who owns the plan').fill('Lead LA project officer');
    await fill('review-0', '15', '1', '2026');
    await fill('review-1', '1', '2', '2027');
    await page.getByRole('button', { name: 'Record the stage' }).click();
    await page.waitForURL((u) => u.pathname.endsWith('/core-group'));
    expect(await page.locator('[data-qa="stage"]').textContent()).toBe('Stage 3: intensive programme');
    expect(await page.locator('[data-qa="intervention-reviews"]').textContent()).toContain('Overdue');
    expect(await axeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: `${shots}/core-group-stage3.png`, fullPage: true });

    await page.goto(`${t.url}/schools/${urn}/concerns/new`);
    await page.getByRole('button', { name: 'Record the judgement for sign-off' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Select the ground of concern');
    expect(await axeViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: `${shots}/concern-errors.png`, fullPage: true });
  }, 300_000);
});
