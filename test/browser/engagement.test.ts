// The "done when" walk: a link officer takes a category D school through two Core Group meetings
// without evidence of impact; a Notice of Concern is proposed; a senior leader signs it off and sees
// the letter and the review date. Every page is checked with axe.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/calendar/index.js';
import { findUserByEmail, principalFor, setScopes } from '../../src/repositories/users.js';
import { demoEmail } from '../../src/services/demoUsers.js';
import { todayIso } from '../../src/services/escalations.js';
import { currentCategories } from '../../src/services/programme.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { engagementActions } from '../../src/db/tables.js';
import { axeViolations, launchBrowser, newPage, signIn } from '../support/browser.js';

let t: TestApp;
let browser: Browser;
let officer: Page;
let urn: number;
const today = todayIso();

beforeAll(async () => {
  t = await startTestApp();
  // A school the live proposals put in category D, added to the demo link officer's caseload.
  const cats = await currentCategories(t.database.db, t.organisation.id);
  urn = cats.schools.find((s) => s.code === 'D' && s.isMaintained)!.urn;
  const user = (await findUserByEmail(t.database.db, demoEmail('link_officer')))!;
  const p = await principalFor(t.database.db, user);
  await setScopes(t.database.db, user, { urns: [...p.schoolUrns, urn], districtIds: p.districtIds });
  browser = await launchBrowser();
  officer = await newPage(browser);
  await signIn(officer, t.url, 'link_officer');
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function recordMeeting(page: Page, date: string, carry: boolean) {
  await page.getByRole('button', { name: 'Record a meeting' }).click();
  await page.waitForURL(`**/schools/${urn}/core-group/meetings/new`);
  const [y, m, d] = date.split('-');
  // The meeting's date and each action's due date are GOV.UK date inputs: boxes by id.
  await page.locator('#date-day').fill(String(Number(d)));
  await page.locator('#date-month').fill(String(Number(m)));
  await page.locator('#date-year').fill(y);
  await page.getByRole('checkbox', { name: 'Quality of teaching' }).check();
  await page.getByLabel('Findings on quality of teaching').fill('Teaching in year 4 remains weak; the plan has not changed practice.');
  await page.getByLabel('No: no evidence of impact').check();
  if (carry) await page.getByLabel('Carry over').check();
  else {
    await page.locator('#action-0-text').fill('Commission an external review of teaching');
    await page.locator('#action-0-owner').fill('Headteacher');
    const [dy, dm, dd] = addDays(today, 21).split('-');
    await page.locator('#action-0-due-day').fill(String(Number(dd)));
    await page.locator('#action-0-due-month').fill(String(Number(dm)));
    await page.locator('#action-0-due-year').fill(dy);
  }
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Record the meeting' }).click();
  await page.waitForURL(`**/schools/${urn}/core-group?notice=meeting`);
}

describe('Core Group to Notice of Concern', () => {
  it('walks a category D school through two meetings without impact to a signed-off Notice of Concern', async () => {
    await officer.goto(`${t.url}/schools/${urn}/core-group`);
    expect(await officer.locator('h1').innerText()).toBe('Core Group');
    expect(await officer.locator('[data-qa="proposals"]').innerText()).toContain('Establish a Core Group');
    expect(await axeViolations(officer)).toEqual([]);

    await officer.getByLabel('Members').fill('Chair of governors\nHeadteacher\nLink officer');
    await officer.getByRole('button', { name: 'Set up the Core Group' }).click();
    await officer.waitForURL(`**/schools/${urn}/core-group?notice=saved`);
    expect(await officer.locator('[data-qa="members"]').innerText()).toContain('Chair of governors');

    // One validation round-trip with the GOV.UK error summary.
    await officer.getByRole('button', { name: 'Record a meeting' }).click();
    await officer.getByRole('button', { name: 'Record the meeting' }).click();
    const summary = officer.locator('.govuk-error-summary');
    expect(await summary.innerText()).toContain('Select whether the school is taking effective action at appropriate pace');
    expect(await officer.locator('[data-qa="evaluation-kpis"]').count()).toBe(1);
    expect(await axeViolations(officer)).toEqual([]);
    await officer.goto(`${t.url}/schools/${urn}/core-group`);

    await recordMeeting(officer, addDays(today, -42), false);
    await recordMeeting(officer, addDays(today, -7), true);
    const proposals = officer.locator('[data-qa="proposals"]');
    expect(await proposals.innerText()).toContain('Issue an LA Notice of Concern');
    expect(await officer.locator('[data-qa="meeting"]').first().innerText()).toContain('carried over');
    expect(await axeViolations(officer)).toEqual([]);

    const senior = await newPage(browser);
    await signIn(senior, t.url, 'senior_leader');
    await senior.goto(`${t.url}/engagement`);
    expect(await axeViolations(senior)).toEqual([]);
    await senior.locator('[data-qa="pending-escalations"]').getByRole('link', { name: 'Issue an LA Notice of Concern' }).click();
    await senior.waitForURL(/\/escalations\/\d+$/);
    expect(await axeViolations(senior)).toEqual([]);
    await senior.getByLabel('Sign off: take this step and produce the letter').check();
    await senior.getByLabel('Weeks until the impact review').fill('6');
    await senior.getByRole('button', { name: 'Record the decision' }).click();
    await senior.waitForURL(/\?notice=signed_off$/);
    expect(await senior.locator('.govuk-notification-banner').innerText()).toContain('Signed off');
    expect(await senior.locator('[data-qa="review-date"]').innerText()).toMatch(/\d{1,2} \w+ \d{4}/);
    const links = senior.locator('[data-qa="letter-links"]');
    expect(await links.getByRole('link').count()).toBe(2);
    expect(await axeViolations(senior)).toEqual([]);
    const pdf = await senior.request.get(`${senior.url().replace(/\?.*$/, '')}/letter.pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('shows the programme with officer days against capacity, accessibly', async () => {
    // The first request may only start the planning (every school is categorised live); it then refreshes.
    await officer.goto(`${t.url}/engagement/programme?year=2025/26`);
    for (let i = 0; i < 30 && (await officer.locator('h1').innerText()) !== 'Visit programme 2025/26'; i++) {
      expect(await axeViolations(officer)).toEqual([]);
      await officer.waitForTimeout(2000);
      await officer.reload();
    }
    expect(await officer.locator('h1').innerText()).toBe('Visit programme 2025/26');
    expect(await officer.locator('[data-qa="capacity-chart"] svg[role="img"]').count()).toBe(1);
    expect(await officer.locator('[data-qa="officer-load"]').innerText()).toContain('Demo Link Officer');
    expect(await officer.locator('[data-qa="unassigned-count"]').innerText()).toMatch(/\d+ schools/);
    expect(await axeViolations(officer)).toEqual([]);
  });

  it('lists an overdue action on the caseload and marks it done, accessibly', async () => {
    await t.database.db
      .insert(engagementActions)
      .values({ organisationId: t.organisation.id, urn, text: 'Share the governors\' minutes on attendance', owner: 'Chair of governors', dueDate: addDays(today, -5) });
    await officer.goto(`${t.url}/engagement`);
    const overdue = officer.locator('[data-qa="overdue-actions"]');
    expect(await overdue.innerText()).toContain('Share the governors\' minutes on attendance');
    expect(await axeViolations(officer)).toEqual([]);
    await overdue.locator('li', { hasText: 'Share the governors' }).getByRole('button', { name: /^Mark done/ }).click();
    expect(await officer.locator('.govuk-notification-banner').innerText()).toContain('The action is marked done');
    expect(await officer.locator('body').innerText()).not.toContain('Share the governors\' minutes on attendance');
    expect(await axeViolations(officer)).toEqual([]);
  });
});
