// The strategic view as an elected member meets it (issue 17): the targets page and a district radar,
// axe-clean, the scrutiny report downloaded, and no school page.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDistricts } from '../../src/repositories/districts.js';
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

describe('the strategic view for an elected member', () => {
  it('opens the targets page and a district radar (axe-clean), downloads the scrutiny report, and cannot open a school', async () => {
    const page = await newPage(browser);
    await signIn(page, t.url, 'elected_member');
    await page.goto(`${t.url}/strategy?asOf=2025-09-01`);
    expect(await page.locator('h1').textContent()).toContain('Strategic targets');
    expect(await page.locator('[data-qa="target-table"]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-qa="movers"]').count()).toBe(0);
    if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/strategy.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    const broxbourne = (await listDistricts(t.database.db, t.organisation.id)).find((d) => d.name === 'Broxbourne')!;
    await page.goto(`${t.url}/strategy/districts/${broxbourne.id}?asOf=2025-09-01`);
    expect(await page.locator('[data-qa="radar-table"]').textContent()).toContain('Schools that are good or better');
    expect(await page.locator('svg[role="img"]').count()).toBe(1);
    if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/radar.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${t.url}/reports`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a', { hasText: 'Download the scrutiny report (PDF)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^scrutiny-\d{4}-\d{2}-(autumn|spring|summer)\.pdf$/);
    expect(await axeViolations(page)).toEqual([]);

    const school = await page.goto(`${t.url}/schools/117083`);
    expect([403, 404]).toContain(school!.status());
    await page.context().close();
  }, 300_000);
});
