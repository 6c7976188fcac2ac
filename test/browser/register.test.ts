// The school register, uploads, user administration and the audit log, in Chromium with axe checks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { axeViolations, launchBrowser, newPage, signIn } from '../support/browser.js';

let browser: Browser;
let t: TestApp;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-browser-'));

beforeAll(async () => {
  // Uploads run as jobs: the runner is started as `lodestar serve` starts it.
  t = await startTestApp({ jobs: true, env: { LODESTAR_UPLOAD_DIR: path.join(tmp, 'uploads') } });
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function expectAccessible(page: Page) {
  expect(await axeViolations(page), page.url()).toEqual([]);
}

describe('the accessibility check itself', () => {
  it('reports violations on a page that has them, so a clean result means something', async () => {
    const page = await newPage(browser);
    await page.setContent('<html><body><img src="x.png"><input type="text"></body></html>');
    const found = await axeViolations(page);
    expect(found.some((v) => v.startsWith('image-alt'))).toBe(true);
    expect(found.some((v) => v.startsWith('label'))).toBe(true);
    await page.context().close();
  });
});

describe('school register', () => {
  it('lists, searches, filters, pages and exports the open Hertfordshire schools', async () => {
    const page = await newPage(browser);
    const cspErrors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && cspErrors.push(m.text()));
    await signIn(page, t.url, 'analyst');
    await page.goto(`${t.url}/schools`);
    await expect.poll(() => page.locator('[data-qa=schools-table]').textContent()).toContain('Abbots Langley School');
    const count = await page.locator('[data-qa=result-count]').textContent();
    expect(Number(count!.replace(/\D/g, ''))).toBeGreaterThan(500);
    await expectAccessible(page);

    await page.getByLabel('Name, town, URN or postcode').fill('wd5 0bq');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    expect(await page.locator('[data-qa=result-count]').textContent()).toContain('1 school match');
    expect(await page.locator('[data-qa=schools-table]').textContent()).toContain('Abbots Langley School');

    await page.getByLabel('Name, town, URN or postcode').fill('');
    await page.getByLabel('District').selectOption({ label: 'Three Rivers' });
    await page.getByLabel('Phase').selectOption('Secondary');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const rows = await page.locator('[data-qa=schools-table] tbody tr').allTextContents();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r).toMatch(/Secondary[\s\S]*Three Rivers/);

    await page.goto(`${t.url}/schools`);
    await page.getByRole('link', { name: 'Next' }).click();
    expect(page.url()).toContain('page=2');
    expect(await page.locator('[data-qa=schools-table] caption').textContent()).toMatch(/Page 2 of/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-qa=export-links]').getByRole('link', { name: /^CSV/ }).click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^urn,laestab,name,/);
    expect(csv).toContain('117083,9192000,Abbots Langley School');
    expect(cspErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    await page.context().close();
  });

  it('shows a school page with its register facts and conversion history', async () => {
    const page = await newPage(browser);
    await signIn(page, t.url, 'senior_leader');
    await page.goto(`${t.url}/schools/150620`);
    expect(await page.locator('h1').textContent()).toBe('Mill Mead Primary Academy');
    const history = await page.locator('[data-qa=history-table]').textContent();
    expect(history).toContain('Academy conversion');
    expect(history).toContain('Mill Mead Primary School (URN 117297)');
    await expectAccessible(page);
    await page.getByRole('link', { name: /Mill Mead Primary School \(URN 117297\)/ }).click();
    expect(await page.locator('h1').textContent()).toBe('Mill Mead Primary School');
    expect(await page.locator('[data-qa=history-table]').textContent()).toContain('Mill Mead Primary Academy (URN 150620)');
    await page.context().close();
  });

  it('shows a head teacher only their own school, and "page not found" for any other', async () => {
    const page = await newPage(browser);
    await signIn(page, t.url, 'head_teacher');
    await page.goto(`${t.url}/schools`);
    expect(await page.locator('[data-qa=result-count]').textContent()).toContain('1 school match');
    await page.goto(`${t.url}/schools/117111`);
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    await expectAccessible(page);
    await page.context().close();
  });
});

describe('imports, users and the audit log', () => {
  it('refuses a malformed upload with the bad lines, then imports a good file into the catalogue', async () => {
    const good = path.join(process.cwd(), 'datasets/gias-extract-2015/edubasealldata20150407_extract.csv');
    const lines = fs.readFileSync(good, 'latin1').split('\n');
    lines[3] = lines[3].replace('"Open"', '"Gone"');
    const bad = path.join(tmp, 'edubasealldata20150407-broken.csv');
    fs.writeFileSync(bad, lines.join('\n'), 'latin1');

    const page = await newPage(browser);
    await signIn(page, t.url, 'analyst');
    await page.goto(`${t.url}/imports`);
    await expectAccessible(page);
    await page.getByLabel('Kind of file').selectOption('gias');
    await page.getByLabel('CSV file').setInputFiles(bad);
    await page.getByRole('button', { name: 'Import' }).click();
    // The officer lands on the job's page at once; it refreshes itself until the import has run.
    await page.waitForURL(/\/jobs\/\d+$/);
    await page.locator('.govuk-error-summary').waitFor({ timeout: 120_000 });
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Nothing was changed');
    expect(await page.locator('[data-qa=import-problems]').textContent()).toMatch(/4\s*EstablishmentStatus \(name\) "Gone" is not a known status/);
    await expectAccessible(page);

    await page.goto(`${t.url}/imports`);
    await page.getByLabel('Kind of file').selectOption('gias');
    await page.getByLabel('CSV file').setInputFiles(good);
    await page.getByRole('button', { name: 'Import' }).click();
    await page.waitForURL(/\/jobs\/\d+$/);
    await page.locator('.govuk-notification-banner--success').waitFor({ timeout: 120_000 });
    expect(await page.locator('.govuk-notification-banner--success').textContent()).toContain('323 rows read');
    expect(await page.locator('[data-qa=import-outcome]').textContent()).toMatch(/Rows read\s*323/);
    await expectAccessible(page);
    await page.goto(`${t.url}/imports`);
    expect(await page.locator('[data-qa=imports-table] tbody tr').first().textContent()).toContain('analyst@demo.lodestar.invalid');
    await page.context().close();
  });

  it('lets an administrator add a user (with GOV.UK error summary) and see every action in the audit log', async () => {
    const page = await newPage(browser);
    await signIn(page, t.url, 'admin');
    await page.goto(`${t.url}/admin/users/new`);
    await expectAccessible(page);
    await page.getByLabel('Name', { exact: true }).fill('New Head');
    await page.getByLabel('Email address').fill('not-an-email');
    await page.getByLabel('Head teacher').check();
    await page.getByRole('button', { name: 'Add user' }).click();
    expect(await page.title()).toMatch(/^Error: /);
    const summary = await page.locator('.govuk-error-summary').textContent();
    expect(summary).toContain('Enter an email address in the correct format');
    expect(summary).toContain('must name exactly one school');
    await expectAccessible(page);
    await page.getByLabel('Email address').fill('new.head@example.org');
    await page.getByLabel('Schools (URNs)').fill('117083');
    await page.getByRole('button', { name: 'Add user' }).click();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('User added');
    expect(await page.locator('[data-qa=users-table]').textContent()).toContain('new.head@example.org');
    await expectAccessible(page);

    // The head moves school: change their access, once refused with the reason, then saved.
    await page.getByRole('link', { name: 'Change access for new.head@example.org' }).click();
    expect(await page.getByLabel('Schools (URNs)').inputValue()).toBe('117083');
    await expectAccessible(page);
    await page.getByLabel('Schools (URNs)').fill('117083, 117111');
    await page.getByRole('button', { name: 'Save access' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('must name exactly one school');
    await expectAccessible(page);
    await page.getByLabel('Schools (URNs)').fill('117111');
    await page.getByRole('button', { name: 'Save access' }).click();
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Access changed');

    await page.goto(`${t.url}/admin/audit`);
    const audit = await page.locator('[data-qa=audit-table]').textContent();
    expect(audit).toContain('user.create');
    expect(audit).toContain('user.access-change');
    expect(audit).toContain('new.head@example.org');
    expect(audit).toContain('import.run');
    expect(audit).toContain('auth.sign-in');
    await expectAccessible(page);
    await page.context().close();
  });
});
