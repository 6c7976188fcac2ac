// Issue 14 (part 1) in Chromium, each page axe-checked at 320 px and at desktop width: the landing page
// of each role, the school hub for an officer and a head teacher, and an overdue contact on the caseload.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/access/roles.js';
import { DEMO_SCHOOL_URN } from '../../src/services/demoUsers.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { axeViolations, launchBrowser, newPage, signIn } from '../support/browser.js';

let t: TestApp;
let browser: Browser;

const WIDTHS = [320, 1280];

beforeAll(async () => {
  t = await startTestApp();
  browser = await launchBrowser();
  // Loading the bundled data on a busy shared machine can take minutes.
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Axe (WCAG 2.2 AA) at a phone width and a desktop width. */
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

describe('landing page by role', () => {
  const expected: [Role, RegExp, string][] = [
    ['link_officer', /\/engagement$/, 'My schools'],
    ['district_lead', /\/$/, 'Your districts'],
    ['senior_leader', /\/$/, 'Decisions waiting for you'],
    ['analyst', /\/$/, 'Data'],
    ['head_teacher', new RegExp(`/schools/${DEMO_SCHOOL_URN}$`), 'Abbots Langley School'],
    ['provider', /\/provider$/, 'Your commissions and agreements'],
    ['contract_manager', /\/support\/contracts$/, 'Commissions: provider performance'],
    ['elected_member', /\/reports$/, 'Reports'],
  ];
  it.each(expected)('%s lands on its first page', async (role, url, heading) => {
    const page = await signedIn(role);
    await page.goto(`${t.url}/`);
    expect(page.url()).toMatch(url);
    await expect(page.getByRole('heading', { level: 1 }).first().textContent()).resolves.toContain(heading);
    expect(await page.content()).not.toContain('You do not have access');
    await checkWidths(page, `${role} landing page`);
    await page.context().close();
  });
});

describe('the school hub', () => {
  it('links an officer to every section and a head teacher only to theirs', async () => {
    const officer = await signedIn('link_officer');
    await officer.goto(`${t.url}/schools/${DEMO_SCHOOL_URN}`);
    const sections = officer.getByRole('navigation', { name: 'Sections' }).getByRole('link');
    expect(await sections.allTextContents()).toEqual([
      'Dashboard: performance and Ofsted', 'Visit notes', 'Core Group', 'Categorisation history', 'Escalations and notices',
      'Support: contacts this year', 'Support agreements and commissions', 'Early-warning risk', 'Local intelligence', 'Letters', 'Register details and history',
    ]);
    await checkWidths(officer, 'hub as link officer');
    await officer.setViewportSize({ width: 1280, height: 900 });
    await officer.screenshot({ path: '/tmp/hub-officer.png', fullPage: true });
    await officer.context().close();

    const head = await signedIn('head_teacher');
    await head.goto(`${t.url}/schools/${DEMO_SCHOOL_URN}`);
    expect(await head.getByRole('navigation', { name: 'Sections' }).getByRole('link').allTextContents()).toEqual([
      'Dashboard: performance and Ofsted', 'Visit notes', 'Categorisation history', 'Support agreements and commissions', 'Letters', 'Register details and history',
    ]);
    await checkWidths(head, 'hub as head teacher');
    await head.context().close();
  });
});

describe('the caseload', () => {
  it('shows an overdue contact with a way to record it, first in the list', async () => {
    const officer = await signedIn('link_officer');
    await officer.goto(`${t.url}/engagement?sort=action`);
    const first = officer.locator('[data-qa="caseload-school"]').first();
    const overdue = first.locator('[data-qa="contact"][data-state="overdue"]').first();
    await expect(overdue.textContent()).resolves.toContain('Overdue');
    await expect(overdue.getByRole('link', { name: /Record it/ }).count()).resolves.toBe(1);
    await checkWidths(officer, 'caseload');
    await officer.setViewportSize({ width: 320, height: 900 });
    await officer.screenshot({ path: '/tmp/hub-caseload-320.png', fullPage: false });
    await officer.context().close();
  });
});
