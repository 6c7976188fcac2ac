// The early-warning pages in Chromium on the bundled real data: a link officer's watch list ranks their
// schools by risk with explanations and the "informs judgement, never sets a category" statement; one
// school's explanation and the backtest page; all axe clean; a head teacher is refused the watch list.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const percent = (s: string) => Number(/(\d+)%/.exec(s)?.[1] ?? NaN);

describe('early-warning watch list in the browser', () => {
  it('ranks the link officer’s schools by risk with explanations and trends, axe clean', async () => {
    await page.goto(`${t.url}/schools`);
    await page.getByRole('link', { name: 'Watch list' }).click();
    await page.waitForURL('**/risk');
    expect(await page.locator('h1').innerText()).toBe('Early-warning watch list');
    expect(await page.locator('[data-qa="judgement-statement"]').innerText()).toMatch(/never sets a category/);
    const rows = page.locator('[data-qa="watch-row"]');
    expect(await rows.count()).toBeGreaterThan(1);
    const risks = (await page.locator('[data-qa="watch-row"] [data-qa="risk"]').allInnerTexts()).map(percent);
    expect(risks.every((r) => r >= 0 && r <= 100)).toBe(true);
    expect(risks).toEqual([...risks].sort((a, b) => b - a));
    // Plain-words factors, and the first scoring reads as such (the bundled data was scored once on first start).
    expect(await rows.first().locator('[data-qa="factors"] li').first().innerText()).toMatch(/^(Raises|Lowers): .+ percentage point/);
    expect(await rows.first().locator('[data-qa="trend"]').innerText()).toMatch(/First scoring|since/);
    expect(await page.locator('[data-qa="model-info"]').count()).toBe(1);
    // How good the ranking is, in plain words, from the live model's own all-schools evaluation.
    if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/watch-list.png`, fullPage: false });
    expect(await page.locator('[data-qa="ranking-quality"]').innerText()).toMatch(/later judged below good, the riskiest 10% held \d+% \(95% CI \d+%–\d+%\)/);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('opens one school’s explanation with its factors and history, axe clean', async () => {
    const first = page.locator('[data-qa="watch-row"]').first();
    const name = await first.locator('th a').first().innerText();
    const listed = percent(await first.locator('[data-qa="risk"]').innerText());
    await first.getByRole('link', { name, exact: true }).click();
    await page.waitForURL('**/schools/*/risk');
    expect(await page.locator('h1').innerText()).toBe(`${name}: early-warning risk`);
    expect(Math.abs(percent(await page.locator('[data-qa="risk-now"]').innerText()) - listed)).toBeLessThanOrEqual(1);
    expect(await page.locator('[data-qa="factors"] li').count()).toBeGreaterThan(0);
    // Which model made the score: the national model alone, or with the inspection-history stage.
    expect(await page.locator('[data-qa="risk-basis"]').innerText()).toMatch(/national model/);
    if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/school-risk.png`, fullPage: true });
    expect(await page.locator('[data-qa="risk-history"] tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-qa="judgement-statement"]').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: "Open the school's dashboard" }).click();
    await page.waitForURL('**/schools/*/dashboard');
    expect(await page.locator('[data-qa="risk-section"] a').getAttribute('href')).toMatch(/^\/schools\/\d+\/risk$/);
  });

  it('shows the backtest with metrics tables and charts paired with tables, axe clean', async () => {
    await page.goto(`${t.url}/risk/backtest`);
    expect(await page.locator('[data-qa="metrics-cv"] tbody tr').count()).toBeGreaterThanOrEqual(3);
    // One ROC chart per evaluation block of reports/backtest.json (national, forward in time, current measures,
    // Warwickshire, the two all-schools designs, the live scores with inspection history, and the inspection-history
    // and previous-grade evaluations).
    expect(await page.getByRole('img', { name: /ROC curves for/ }).count()).toBe(9);
    // The live model's design is named, and its block lists the honest baselines with intervals.
    if (process.env.SCREENSHOT_DIR) {
      await page.locator('#live').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/backtest-live.png` });
    }
    expect(await page.locator('[data-qa="live-design"]').innerText()).toMatch(/All schools, forward in time/);
    const allSchools = await page.locator('[data-qa="metrics-all-schools"] tbody').innerText();
    for (const name of ['FSM-ever-6 alone', 'Size alone', 'Phase alone', 'Small logistic on context']) expect(allSchools).toContain(name);
    expect(await page.locator('[data-qa="feature-groups"] tbody tr').count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('[data-qa="metrics-current"] tbody tr').count()).toBeGreaterThanOrEqual(3);
    expect(await axeViolations(page)).toEqual([]);
    expect(consoleErrors.filter((e) => /Content.Security.Policy|Refused to apply/i.test(e))).toEqual([]);
  });

  it('refuses the watch list to a head teacher', async () => {
    const other = await newPage(browser);
    await signIn(other, t.url, 'head_teacher');
    const res = await other.goto(`${t.url}/risk`);
    expect(res?.status()).toBe(403);
    expect(await other.getByRole('link', { name: 'Watch list' }).count()).toBe(0);
    await other.close();
  });
});
