// Contact coverage (issue 17) in Chromium: axe-clean for a senior leader (officer rows and the overdue
// list) and for an elected member (aggregate tables only).
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

describe('the contact coverage page', () => {
  it('is axe-clean for a senior leader and for an elected member, who sees no officer or school', async () => {
    const page = await newPage(browser);
    await signIn(page, t.url, 'senior_leader');
    await page.goto(`${t.url}/strategy/coverage`);
    expect(await page.locator('h1').textContent()).toContain('Contact coverage');
    expect(await page.locator('[data-qa="by-officer"]').count()).toBe(1);
    expect(await page.locator('[data-qa="overdue"] tbody tr').count()).toBeGreaterThan(0);
    if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/coverage-senior.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    const member = await newPage(browser);
    await signIn(member, t.url, 'elected_member');
    await member.goto(`${t.url}/strategy/coverage`);
    expect(await member.locator('[data-qa="by-district"]').count()).toBe(1);
    expect(await member.locator('[data-qa="by-officer"], [data-qa="overdue"]').count()).toBe(0);
    if (process.env.SCREENSHOT_DIR) await member.screenshot({ path: `${process.env.SCREENSHOT_DIR}/coverage-member.png`, fullPage: true });
    expect(await axeViolations(member)).toEqual([]);
  });
});
