// A link officer opens a real school's dashboard, adds local intelligence through the form (with one
// validation round-trip) and sees it in the timeline; no accessibility violations, no CSP violations.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SCHOOL_URN } from '../../src/services/demoUsers.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { axeViolations, launchBrowser, newPage, signIn } from '../support/browser.js';

let t: TestApp;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  t = await startTestApp();
  browser = await launchBrowser();
  page = await newPage(browser);
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  await signIn(page, t.url, 'link_officer');
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('school dashboard in the browser', () => {
  it('opens from the school page with charts, tables and no accessibility or CSP violations', async () => {
    await page.goto(`${t.url}/schools/${DEMO_SCHOOL_URN}`);
    await page.getByRole('link', { name: /Dashboard/ }).click();
    await page.waitForURL(`**/schools/${DEMO_SCHOOL_URN}/dashboard`);
    expect(await page.locator('h1').innerText()).toContain('school improvement dashboard');
    const chart = page.getByRole('img', { name: /Reading, writing and maths: % meeting the expected standard/ });
    expect(await chart.count()).toBe(1);
    expect(await page.locator('[data-qa="ofsted-timeline"]').innerText()).toContain('Good');
    expect(await axeViolations(page)).toEqual([]);
    expect(consoleErrors.filter((e) => /Content.Security.Policy|Refused to apply/i.test(e))).toEqual([]);
  });

  it('adds an item after one validation error and shows it in the timeline', async () => {
    await page.getByRole('link', { name: 'Add local intelligence' }).click();
    await page.getByLabel('Governance review').check();
    await page.getByLabel('Where the information came from').fill('Clerk to the governors');
    await page.getByLabel('Day').fill('12');
    await page.getByLabel('Month').fill('3');
    await page.getByLabel('Year').fill('2025');
    await page.getByRole('button', { name: "Add to the school's record" }).click();

    const summary = page.locator('.govuk-error-summary');
    expect(await summary.innerText()).toContain('Enter a summary of what happened');
    await summary.getByRole('link', { name: 'Enter a summary of what happened' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('summary');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Summary').fill('External review of governance commissioned after two chair resignations');
    await page.getByRole('button', { name: "Add to the school's record" }).click();
    await page.waitForURL(`**/schools/${DEMO_SCHOOL_URN}/dashboard?notice=added#intelligence`);
    const timeline = page.locator('[data-qa="intelligence-timeline"]');
    expect(await timeline.innerText()).toContain('External review of governance commissioned after two chair resignations');
    expect(await timeline.innerText()).toContain('Governance review');
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Local intelligence added');
    expect(await axeViolations(page)).toEqual([]);
    expect(consoleErrors.filter((e) => /Content.Security.Policy|Refused to apply/i.test(e))).toEqual([]);
  });
});
