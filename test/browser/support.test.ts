// Issue 18 in Chromium: a high-concern school's Core Group action → a need → an agreement brokered with
// a category A school → a commission to the demo provider, signed off by the Core Group → the provider
// reports → the school rates it → the impact judgement on the school's page and in the ledger. Every
// page axe-clean; an incomplete form re-shows with its error summary.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computedStrength, findArea } from '../../src/domain/support/index.js';
import { getSchool } from '../../src/repositories/schools.js';
import { observationValue, quintileObservations } from '../../src/repositories/support.js';
import { createAccount } from '../../src/services/accounts.js';
import { establishCoreGroup, recordMeeting } from '../../src/services/coreGroups.js';
import { defaultContext, todayIso } from '../../src/services/escalations.js';
import { currentCategories } from '../../src/services/programme.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { axeViolations, launchBrowser, newPage, signIn } from '../support/browser.js';

let browser: Browser;
let t: TestApp;
let supported: number;
let supporting: number;
const today = todayIso();
const shots = process.env.LODESTAR_SCREENSHOTS;

beforeAll(async () => {
  t = await startTestApp();
  browser = await launchBrowser();
  const { db } = t.database;
  const actor = { userId: null, label: 'test', organisationId: t.organisation.id };
  const cats = await currentCategories(db, t.organisation.id);
  const area = findArea('KS2 writing')!;
  const obs = await quintileObservations(db, t.organisation.id, cats.schools.map((s) => s.urn), area.measures);
  const best = cats.policy.categories.slice().sort((a, b) => a.order - b.order)[0].code;
  for (const s of cats.schools.filter((x) => x.highConcern && x.isMaintained)) {
    if ((await observationValue(db, t.organisation.id, s.urn, 'ks2.rwm_expected_pct')).some((v) => v.value !== null)) {
      supported = s.urn;
      break;
    }
  }
  supporting = cats.schools.find((s) => s.code === best && computedStrength(area, obs.get(s.urn) ?? []))!.urn;
  await establishCoreGroup(db, t.organisation.id, supported, { membership: 'Chair of governors\nHead teacher\nLink officer', cadence: 'half-termly' }, actor, today);
  const school = (await getSchool(db, t.organisation.id, supported, { kind: 'all' }))!;
  await recordMeeting(db, t.organisation.id, school, { date: today, judgement: 'some_impact', notes: '', schoolCommentary: '', areas: ['teaching'], findings: { teaching: 'Writing in upper KS2 is weak' }, carry: {}, newActions: [{ text: 'Improve the teaching of writing across KS2', owner: 'Head teacher', due: '2027-03-31' }] }, defaultContext(t.organisation.name), actor, today);
  await createAccount(db, { organisationId: t.organisation.id, email: 'head-supported@example.org', displayName: 'Head of the supported school', role: 'head_teacher', password: 'a-long-enough-password', urns: [supported], districtIds: [] }, actor);
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function clean(page: Page, name: string) {
  expect(await axeViolations(page), name).toEqual([]);
  if (shots) await page.screenshot({ path: `${shots}/support-${name}.png`, fullPage: true });
}
async function fillDate(page: Page, prefix: string, iso: string) {
  await page.locator(`#${prefix}-day`).fill(String(Number(iso.slice(8))));
  await page.locator(`#${prefix}-month`).fill(String(Number(iso.slice(5, 7))));
  await page.locator(`#${prefix}-year`).fill(iso.slice(0, 4));
}
async function fillPlan(page: Page, days: string) {
  await fillDate(page, 'outcome-0-targetDate', '2026-07-31');
  await fillDate(page, 'startOn', '2025-09-01');
  await fillDate(page, 'endOn', '2026-07-31');
  await page.getByLabel('Days', { exact: true }).fill(days);
}

describe('support from a Core Group action to an impact judgement', () => {
  it('brokers, commissions, reports, rates and judges, accessibly', async () => {
    const officer = await newPage(browser);
    await signIn(officer, t.url, 'senior_leader');

    // The category A school joins the strengths register with its dashboard evidence.
    await officer.goto(`${t.url}/support/providers/new`);
    await officer.getByLabel('School (band A / category A, invited)').check();
    await officer.getByLabel('URN (schools only)').fill(String(supporting));
    await officer.getByRole('button', { name: 'Add the provider' }).click();
    await officer.waitForURL(/\/strengths\/new$/);
    await officer.getByLabel('Area', { exact: true }).selectOption('ks2-writing');
    await officer.getByLabel('From the dashboard').check();
    await officer.getByLabel('Capacity in days a term').fill('6');
    await officer.getByLabel('Yes', { exact: true }).check();
    await officer.getByRole('button', { name: 'Add the strength' }).click();
    await officer.waitForURL(/\/support\/register/);
    expect(await officer.content()).toContain('best fifth');
    await clean(officer, 'register');

    // The need, proposed from the Core Group action, recorded by the officer.
    await officer.goto(`${t.url}/schools/${supported}/support`);
    expect(await officer.locator('[data-qa="proposed-needs"]').textContent()).toContain('Improve the teaching of writing across KS2');
    await officer.getByRole('button', { name: 'Record the need' }).click();
    expect(await officer.locator('.govuk-error-summary').textContent()).toContain('Select the area of need');
    await clean(officer, 'need-errors');
    await officer.getByLabel('Area of need').selectOption('ks2-writing');
    await officer.getByLabel('Where the need comes from').selectOption('core_group');
    await officer.getByLabel('The need', { exact: true }).fill('Writing across KS2, from the Core Group action');
    await fillDate(officer, 'identifiedOn', today);
    await officer.getByRole('button', { name: 'Record the need' }).click();
    await officer.waitForURL(/\/support\/needs\/\d+$/);
    const needUrl = officer.url();
    await clean(officer, 'broker');

    // Brokering: the ranked match with its reasons; the agreement.
    await officer.locator('input[name="strengthId"]').first().check();
    await officer.getByLabel('Support agreed').fill('Joint moderation of writing and coaching of Year 5 and 6 teachers');
    await officer.locator('#outcome-0-measure').selectOption('ks2.rwm_expected_pct');
    await officer.locator('#outcome-0-target').fill('70');
    await fillPlan(officer, '6');
    await officer.getByLabel('Reporting line').fill('To the Core Group each half term');
    await officer.getByLabel('Confidentiality').fill('Shared between the two schools and the LA');
    await officer.getByLabel('Recompense to the providing school').fill('Supply cover for the supporting teacher');
    await officer.getByRole('button', { name: 'Record the agreement' }).click();
    await officer.waitForURL(/\/support\/plans\/\d+/);
    const agreementUrl = officer.url().split('?')[0];
    await clean(officer, 'agreement');

    // A commission to the demo provider, waiting for the Core Group's sign-off.
    await officer.goto(`${needUrl.replace(/\/needs\/(\d+)$/, '/commissions/new?need=$1')}`);
    await officer.getByLabel('Provider', { exact: true }).selectOption({ label: 'Demo School Improvement Partnership' });
    await officer.getByLabel('Specification', { exact: true }).fill('Leadership of writing: audit, plan and coach');
    await officer.locator('#outcome-0-description').fill('Writing leader in post and monitoring');
    await fillPlan(officer, '5');
    await officer.getByLabel('Budget', { exact: true }).fill('2400');
    await officer.getByLabel('Reporting line').fill('Provider to the contract manager termly');
    await officer.getByRole('button', { name: 'Record the commission' }).click();
    await officer.waitForURL(/\/support\/plans\/\d+/);
    const commissionUrl = officer.url().split('?')[0];
    expect(await officer.content()).toContain('Waiting for the Core Group');
    await officer.getByLabel('Core Group meeting that signed the commission off').selectOption({ index: 1 });
    await officer.getByRole('button', { name: 'Record the sign-off' }).click();
    await officer.waitForURL(/notice=signed-off/);
    await clean(officer, 'commission');

    // The provider reports.
    const provider = await newPage(browser);
    await signIn(provider, t.url, 'provider');
    expect(provider.url()).toMatch(/\/provider$/);
    await clean(provider, 'provider-menu');
    await provider.goto(commissionUrl);
    await fillDate(provider, 'reportedOn', today);
    await provider.getByLabel('Progress against the outcome measures').fill('Writing leader coached; monitoring schedule agreed');
    await provider.getByLabel('Days used so far').fill('3');
    await provider.getByRole('button', { name: 'Send the report' }).click();
    await provider.waitForURL(/notice=reported/);
    await clean(provider, 'provider-report');

    // The school rates it.
    const head = await newPage(browser);
    await head.goto(`${t.url}/sign-in`);
    await head.getByLabel('Email address').fill('head-supported@example.org');
    await head.getByLabel('Password').fill('a-long-enough-password');
    await head.getByRole('button', { name: 'Sign in' }).click();
    await head.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    await head.goto(commissionUrl);
    await head.getByLabel('4', { exact: true }).check();
    await head.getByLabel('Why', { exact: true }).fill('Practical and well matched to our staff');
    await head.getByRole('button', { name: 'Send the rating' }).click();
    await head.waitForURL(/notice=rated/);
    await clean(head, 'rated');

    // The impact judgement, from the evidence held, on the school's page and in the ledger.
    for (const url of [agreementUrl, commissionUrl]) {
      await officer.goto(url);
      await officer.getByLabel("Officer's commentary").fill('Core Group sees some impact; results not yet published');
      await officer.getByRole('button', { name: 'Record the impact judgement' }).click();
      await officer.waitForURL(/notice=judged/);
    }
    expect(await officer.locator('[data-qa="impact"]').textContent()).toContain('latest Core Group judgement: some impact');
    await head.goto(`${t.url}/schools/${supported}`);
    expect(await head.locator('[data-qa="hub-support-plans"]').textContent()).toContain('Some improvement');
    await clean(head, 'school-page');
    await officer.goto(`${t.url}/support/ledger?year=2025/26`);
    const ledger = (await officer.locator('[data-qa="ledger"]').textContent()) ?? '';
    expect(ledger).toContain('Some improvement');
    expect(ledger).toContain('960');
    await clean(officer, 'ledger');
    for (const p of [officer, provider, head]) await p.context().close();
  }, 600_000);
});
