// Issue 14: a Notice of Concern speaks for the LA and names the school's actual concerns. Two Core Group
// meetings without impact are recorded for a real high-concern Hertfordshire school (through the Core
// Group service); a senior leader reads the proposed letter on the escalation page, edits it (one refused
// placeholder first, with the GOV.UK error summary), saves, and signs off on a 320 px screen. The signed
// letter is the edited text, names the Core Group's findings and open actions and the current category,
// and uses Hertfordshire's settings, never the source framework's officer or county. Axe at both widths.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/calendar/index.js';
import { listAudit } from '../../src/repositories/audit.js';
import { openActions } from '../../src/repositories/engagement.js';
import { getSchool } from '../../src/repositories/schools.js';
import { establishCoreGroup, recordMeeting, type MeetingInput } from '../../src/services/coreGroups.js';
import { defaultContext, todayIso } from '../../src/services/escalations.js';
import { currentCategories } from '../../src/services/programme.js';
import { unzipEntry } from '../../src/letters/test-helpers.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { axeViolations, launchBrowser, signIn } from '../support/browser.js';

let t: TestApp;
let browser: Browser;
let escalationId = 0;
let category = '';
const today = todayIso();
const actor = () => ({ userId: null, label: 'test', organisationId: t.organisation.id });
const FINDING = 'Phonics teaching remains inconsistent across year 1.';
const EDIT = 'We recognise the work of the new phonics leader since the spring term.';

const meeting = (date: string): MeetingInput => ({
  date,
  judgement: 'no_evidence_of_impact',
  notes: 'Leaders could not show the impact of the reading plan.',
  schoolCommentary: '',
  areas: ['teaching'],
  findings: { teaching: FINDING },
  carry: {},
  newActions: [{ text: 'Commission a phonics audit', owner: 'Headteacher', due: addDays(today, 30) }],
});

beforeAll(async () => {
  t = await startTestApp();
  browser = await launchBrowser();
  const db = t.database.db;
  const high = (await currentCategories(db, t.organisation.id)).schools.find((s) => s.highConcern && s.isMaintained)!;
  category = `${high.code} (${high.label})`;
  const ctx = defaultContext(t.organisation.name);
  const school = (await getSchool(db, t.organisation.id, high.urn, { kind: 'all' }))!;
  expect((await establishCoreGroup(db, t.organisation.id, high.urn, { membership: 'Chair of governors\nHeadteacher\nLink officer', cadence: 'half-termly' }, actor(), today)).ok).toBe(true);
  expect((await recordMeeting(db, t.organisation.id, school, meeting(addDays(today, -42)), ctx, actor(), today)).ok).toBe(true);
  const open = await openActions(db, t.organisation.id, [high.urn]);
  const second = await recordMeeting(db, t.organisation.id, school, { ...meeting(addDays(today, -7)), newActions: [], carry: Object.fromEntries(open.map((a) => [a.id, 'carry'])) }, ctx, actor(), today);
  if (!second.ok) throw new Error(JSON.stringify(second.errors));
  escalationId = second.escalation.proposals.find((p) => p.step === 'notice_of_concern')!.record!.id;
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function seniorAt(width: number): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
  await signIn(page, t.url, 'senior_leader');
  return page;
}

function docxText(docx: Buffer): string {
  return (unzipEntry(docx, 'word/document.xml') ?? '').replace(/<w:p[ >]/g, '\n$&').replace(/<[^>]+>/g, '').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

describe('a Notice of Concern letter', () => {
  it('is edited by a senior leader (desktop) and shows the Core Group’s concerns in the LA’s words', async () => {
    const page = await seniorAt(1280);
    await page.goto(`${t.url}/escalations/${escalationId}`);
    const box = page.getByLabel('Text of the letter');
    const proposed = await box.inputValue();
    expect(proposed).toContain('## What the Core Group found');
    expect(proposed).toContain(FINDING);
    expect(proposed).toContain('Commission a phonics audit (Headteacher, by');
    expect(proposed).toContain(`The school's current category is ${category}.`);
    expect(proposed).toContain('Meet the Director of Education');
    expect(proposed).not.toMatch(/county commissioner|Staffordshire/i);
    expect(proposed).toContain('{{reviewDate}}');
    expect(await axeViolations(page)).toEqual([]);

    // A placeholder Lodestar would not fill is refused, with the error summary, and the text kept.
    await box.fill(`${proposed}\n{{school.name}}`);
    await page.getByRole('button', { name: 'Save the letter' }).click();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Remove {{school.name}}');
    expect(await page.getByLabel('Text of the letter').inputValue()).toContain('{{school.name}}');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Text of the letter').fill(proposed.replace('## Why we are issuing this notice', `${EDIT}\n\n## Why we are issuing this notice`));
    await page.getByRole('button', { name: 'Save the letter' }).click();
    await page.waitForURL(/notice=letter-saved/);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Your edit of the letter is saved');
    expect(await page.locator('[data-qa="letter-edited"]').innerText()).toContain('senior-leader@demo.lodestar.invalid');
    expect(await axeViolations(page)).toEqual([]);
    const [edit] = await listAudit(t.database.db, t.organisation.id, { action: 'escalation.letter-edited' });
    expect((edit.after as { letterText: string }).letterText).toContain(EDIT);
    await page.context().close();
  }, 300_000);

  it('is signed off on a 320 px screen, and the signed letter is the edited text', async () => {
    const page = await seniorAt(320);
    await page.goto(`${t.url}/escalations/${escalationId}`);
    expect(await page.getByLabel('Text of the letter').inputValue()).toContain(EDIT);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Sign off: take this step and produce the letter').check();
    await page.getByLabel('Weeks until the impact review').fill('6');
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.waitForURL(/\?notice=signed_off$/);
    expect(await axeViolations(page)).toEqual([]);
    const res = await page.request.get(`${t.url}/escalations/${escalationId}/letter.docx`);
    const text = docxText(Buffer.from(await res.body()));
    expect(text).toContain(EDIT);
    expect(text).toContain(FINDING);
    expect(text).toContain('Commission a phonics audit');
    expect(text).toContain(`current category is ${category}`);
    expect(text).toContain('Hertfordshire County Council');
    expect(text).toContain('Meet the Director of Education');
    expect(text).not.toMatch(/county commissioner|Staffordshire|\{\{/i);
    // The review date was filled in at sign-off.
    expect(text).toMatch(/review the impact of this notice on \d{1,2} \w+ \d{4}/);
    await page.context().close();
  }, 300_000);
});
