// Issue 14 in Chromium, axe-checked at 320 px and at desktop width: an administrator assigns real
// Hertfordshire schools to the demo link officer by searching and ticking (and meets the error summary
// for a district not chosen); the audit log filtered by GOV.UK date boxes; the landing pages of the
// roles officer-day.test.ts does not visit (administrator, chair of governors, sponsor).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/access/roles.js';
import { findUserByEmail } from '../../src/repositories/users.js';
import { DEMO_SCHOOL_URN, demoEmail } from '../../src/services/demoUsers.js';
import { currentAccess } from '../../src/services/userAccess.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { axeViolations, launchBrowser, newPage, signIn } from '../support/browser.js';

let t: TestApp;
let browser: Browser;
const WIDTHS = [320, 1280];

beforeAll(async () => {
  t = await startTestApp();
  browser = await launchBrowser();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function checkWidths(page: Page, label: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    expect(await axeViolations(page), `${label} at ${width}px`).toEqual([]);
  }
}

async function signedIn(role: Role): Promise<Page> {
  const page = await newPage(browser);
  await signIn(page, t.url, role);
  return page;
}

describe('assigning schools to a link officer', () => {
  it('finds schools by town, ticks one and saves; a district not chosen is shown in the error summary', async () => {
    const officer = (await findUserByEmail(t.database.db, demoEmail('link_officer')))!;
    const before = (await currentAccess(t.database.db, t.organisation.id, officer.id))!.urns;
    const page = await signedIn('admin');
    await page.goto(`${t.url}/admin/users`);
    await page.getByRole('link', { name: `Assign schools to ${officer.email}` }).click();
    await page.getByLabel('Name, town, URN or postcode').fill('Bushey');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=Bushey/);
    await checkWidths(page, 'assign schools, searched');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: '/tmp/officer-assign.png', fullPage: true });
    // A real Bushey school (Hertsmere), ticked and saved.
    await page.getByLabel('Bushey Heath Primary School').check();
    await page.getByRole('button', { name: 'Save the schools on this page' }).click();
    await page.waitForURL(/added=1/);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Saved: 1 school assigned, 0 unassigned.');
    expect(await page.getByLabel('Bushey Heath Primary School').isChecked()).toBe(true);
    expect((await currentAccess(t.database.db, t.organisation.id, officer.id))!.urns).toEqual([...before, 117088].sort((a, b) => a - b));
    await checkWidths(page, 'assign schools, saved');

    await page.getByRole('button', { name: 'Apply to the district' }).click();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Select the district whose schools to assign');
    await checkWidths(page, 'assign schools, error summary');
    await page.setViewportSize({ width: 320, height: 900 });
    await page.screenshot({ path: '/tmp/officer-assign-error-320.png', fullPage: true });
    await page.context().close();
  }, 300_000);
});

describe('the audit log between two days', () => {
  it('filters by GOV.UK date boxes and shows an impossible date in the error summary', async () => {
    const page = await signedIn('admin');
    await page.goto(`${t.url}/admin/audit`);
    const today = new Date();
    const from = page.getByRole('group', { name: 'From', exact: true });
    await from.getByLabel('Day').fill(String(today.getUTCDate()));
    await from.getByLabel('Month').fill(String(today.getUTCMonth() + 1));
    await from.getByLabel('Year').fill(String(today.getUTCFullYear()));
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/from-day=/);
    // Today's sign-ins are in the log, and the export links carry the day.
    expect(await page.locator('[data-qa="audit-table"] tbody tr').count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: /CSV/ }).getAttribute('href')).toContain(`from=${today.toISOString().slice(0, 10)}`);
    await checkWidths(page, 'audit log from today');

    const to = page.getByRole('group', { name: 'To', exact: true });
    await to.getByLabel('Day').fill('31');
    await to.getByLabel('Month').fill('2');
    await to.getByLabel('Year').fill(String(today.getUTCFullYear()));
    await page.getByRole('button', { name: 'Filter' }).click();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('To must be a real date');
    expect(await to.getByLabel('Day').inputValue()).toBe('31');
    await checkWidths(page, 'audit log, impossible date');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: '/tmp/officer-audit-error.png', fullPage: true });
    await page.context().close();
  }, 300_000);
});

describe('landing pages of the other roles', () => {
  const expected: [Role, RegExp, string][] = [
    ['admin', /\/$/, ''],
    ['chair_of_governors', new RegExp(`/schools/${DEMO_SCHOOL_URN}$`), 'Abbots Langley School'],
    ['sponsor', /\/schools\/\d+$/, 'Future Academies Watford'],
  ];
  it.each(expected)('%s lands on its first page', async (role, url, heading) => {
    const page = await signedIn(role);
    await page.goto(`${t.url}/`);
    expect(page.url()).toMatch(url);
    expect(await page.getByRole('heading', { level: 1 }).first().textContent()).toContain(heading);
    expect(await page.content()).not.toContain('You do not have access');
    await checkWidths(page, `${role} landing page`);
    await page.context().close();
  }, 120_000);
});
