// The data catalogue as an analyst meets it (issue 13): each source with its latest file and the next
// release, at phone and desktop widths, with no accessibility violations.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('the data catalogue', () => {
  for (const width of [320, 1280]) {
    it(`lists each source with its latest file and next release, and the analyst's home page what is due, at ${width} px`, async () => {
      const page = await newPage(browser);
      await page.setViewportSize({ width, height: 900 });
      await signIn(page, t.url, 'analyst');
      await page.goto(`${t.url}/data`);
      expect(await page.locator('h1').textContent()).toContain('Data catalogue');
      expect(await page.locator('[data-qa="source-census"]').textContent()).toContain('919_census.csv');
      if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/data-${width}.png`, fullPage: true });
      expect(await axeViolations(page)).toEqual([]);
      // The analyst's home page carries the same "due this month", overdue releases flagged.
      await page.goto(`${t.url}/`);
      expect(await page.locator('[data-qa="home-overdue-list"]').innerText()).toMatch(/Overdue by \d+ days/);
      if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/home-${width}.png`, fullPage: true });
      expect(await axeViolations(page)).toEqual([]);
      await page.context().close();
    }, 120_000);
  }
});
