// Issue 18, end to end over HTTP on the real bundled data: a band A / category A school joins the
// strengths register with evidence from the dashboard, a high-concern school's Core Group action
// becomes a need, brokering ranks the match with its reasons, the officer records the agreement and a
// commission to the demo provider (waiting for the Core Group's sign-off), the provider reports, the
// school rates it, the impact is judged from the evidence held, and the ledger charges by the 2008
// formula. Each role sees only what it may.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/calendar/index.js';
import { findArea, computedStrength } from '../../src/domain/support/index.js';
import { listAudit } from '../../src/repositories/audit.js';
import { getSchool } from '../../src/repositories/schools.js';
import { quintileObservations, supportOutcomeCounts, providersOfUser, observationValue } from '../../src/repositories/support.js';
import { findUserByEmail } from '../../src/repositories/users.js';
import { createAccount } from '../../src/services/accounts.js';
import { establishCoreGroup, recordMeeting } from '../../src/services/coreGroups.js';
import { demoEmail } from '../../src/services/demoUsers.js';
import { defaultContext, todayIso } from '../../src/services/escalations.js';
import { currentCategories } from '../../src/services/programme.js';
import { buildLedger, suggestMatches } from '../../src/services/support.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { Browserless } from '../support/http.js';

let t: TestApp;
let supported: number; // high-concern maintained primary
let supporting: number; // category A primary with a KS2 writing strength on the dashboard
let notA: number;
let providerId: number;
const today = todayIso();
const actor = () => ({ userId: null, label: 'test', organisationId: t.organisation.id });

beforeAll(async () => {
  t = await startTestApp();
  const { db } = t.database;
  const cats = await currentCategories(db, t.organisation.id);
  const area = findArea('KS2 writing')!;
  const primaries = cats.schools.filter((s) => s.code !== null);
  const obs = await quintileObservations(db, t.organisation.id, primaries.map((s) => s.urn), area.measures);
  const best = cats.policy.categories.slice().sort((a, b) => a.order - b.order)[0].code;
  const withValue = async (urn: number) => (await observationValue(db, t.organisation.id, urn, 'ks2.rwm_expected_pct')).some((v) => v.value !== null);
  supported = (await Promise.all(primaries.filter((s) => s.highConcern && s.isMaintained).map(async (s) => ((await withValue(s.urn)) ? s.urn : 0)))).find(Boolean)!;
  supporting = primaries.find((s) => s.code === best && computedStrength(area, obs.get(s.urn) ?? []))!.urn;
  notA = primaries.find((s) => s.code !== best && s.urn !== supported)!.urn;
  expect([supported, supporting, notA].every(Boolean)).toBe(true);
  // The supported school's Core Group agreed an action on writing: where the need comes from.
  await establishCoreGroup(db, t.organisation.id, supported, { membership: 'Chair of governors\nHead teacher\nLink officer', cadence: 'half-termly' }, actor(), today);
  const school = (await getSchool(db, t.organisation.id, supported, { kind: 'all' }))!;
  const meeting = await recordMeeting(
    db,
    t.organisation.id,
    school,
    { date: today, judgement: 'some_impact', notes: '', schoolCommentary: '', areas: ['teaching'], findings: { teaching: 'Writing in upper KS2 is weak' }, carry: {}, newActions: [{ text: 'Improve the teaching of writing across KS2', owner: 'Head teacher', due: '2027-03-31' }] },
    defaultContext(t.organisation.name),
    actor(),
    today,
  );
  expect(meeting.ok).toBe(true);
  for (const [role, urn] of [['head_teacher', supported], ['head_teacher', supporting]] as const) {
    await createAccount(db, { organisationId: t.organisation.id, email: `ht-${urn}@example.org`, displayName: `Head ${urn}`, role, password: 'a-long-enough-password', urns: [urn], districtIds: [] }, actor());
  }
  providerId = (await providersOfUser(db, t.organisation.id, (await findUserByEmail(db, demoEmail('provider')))!.id))[0].id;
}, 600_000);
afterAll(async () => t?.close());

const as = async (role: Parameters<Browserless['signInAs']>[0]) => new Browserless(t.url).signInAs(role);
const asHead = async (urn: number) => {
  const c = new Browserless(t.url);
  expect((await c.signIn(`ht-${urn}@example.org`, 'a-long-enough-password')).status).toBe(303);
  return c;
};
const dateParts = (name: string, iso: string) => ({ [`${name}-day`]: String(Number(iso.slice(8))), [`${name}-month`]: String(Number(iso.slice(5, 7))), [`${name}-year`]: iso.slice(0, 4) });
const idFrom = (res: Response, after: string) => Number(new RegExp(`/${after}/(\\d+)`).exec(res.headers.get('location') ?? '')?.[1]);

describe('support brokered, commissioned, paid for and measured', () => {
  let strengthId: number;
  let needId: number;
  let agreementId: number;
  let commissionId: number;

  it('invites only a best-category school onto the register, with its strength computed from the dashboard', async () => {
    const admin = await as('admin');
    const refused = await admin.post('/support/providers', { kind: 'school', urn: String(notA) }, '/support/providers/new');
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('There is a problem');
    expect(html).toMatch(/only category \w+ schools are invited/);

    const added = await admin.post('/support/providers', { kind: 'school', urn: String(supporting) }, '/support/providers/new');
    expect(added.status).toBe(303);
    const pid = idFrom(added, 'providers');
    const path = `/support/providers/${pid}/strengths/new`;
    const noEvidence = await admin.post(path, { area: 'ks2-maths', evidenceKind: 'declared', capacity: '6', available: 'yes' });
    expect(noEvidence.status).toBe(400);
    expect(await noEvidence.text()).toContain('Describe the evidence of this strength');
    expect((await admin.post(path, { area: 'ks2-writing', evidenceKind: 'computed', capacity: '6', available: 'yes', availability: 'Tuesdays' })).status).toBe(303);
    const register = await (await admin.get('/support/register')).text();
    expect(register).toMatch(/in the LA&#39;s best fifth in \d of the latest \d years? held/);
    const suggestion = await suggestMatches(t.database.db, t.organisation.id, (await getSchool(t.database.db, t.organisation.id, supported, { kind: 'all' }))!, 'ks2-writing');
    expect(suggestion[0].candidate.providerId).toBe(pid);
    strengthId = suggestion[0].candidate.strengthId;
    expect(suggestion[0].reasons.join(' ')).toMatch(/area: KS2 writing.*evidence: .*best fifth.*distance: .*capacity: 6 of 6 days/);
  });

  it('proposes the need from the Core Group action, and brokering ranks the match with its reasons', async () => {
    const officer = await as('senior_leader');
    const page = await (await officer.get(`/schools/${supported}/support`)).text();
    expect(page).toMatch(/KS2 writing<\/strong> \(from core group\): Core Group action due 2027-03-31: Improve the teaching of writing/);
    const bad = await officer.post(`/schools/${supported}/support/needs`, { area: '', source: 'core_group', description: '' }, `/schools/${supported}/support`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('href="#area"');
    const res = await officer.post(`/schools/${supported}/support/needs`, { area: 'ks2-writing', source: 'core_group', description: 'Writing across KS2 (Core Group action)', ...dateParts('identifiedOn', today) }, `/schools/${supported}/support`);
    expect(res.status).toBe(303);
    needId = idFrom(res, 'needs');
    const broker = await (await officer.get(`/schools/${supported}/support/needs/${needId}`)).text();
    expect(broker).toContain('capacity: 6 of 6 days a term left');
  });

  it('records the agreement with a dashboard baseline, refusing an incomplete one with an error summary', async () => {
    const officer = await as('senior_leader');
    const path = `/schools/${supported}/support/needs/${needId}`;
    const incomplete = await officer.post(path, { strengthId: String(strengthId), specification: 'Writing moderation' });
    expect(incomplete.status).toBe(400);
    const html = await incomplete.text();
    for (const msg of ['Enter the start date', 'Enter who the support reports to', 'Enter what the providing school receives']) expect(html).toContain(msg);
    const ok = await officer.post(path, {
      strengthId: String(strengthId),
      specification: 'Joint moderation of writing and coaching of Year 5 and 6 teachers',
      'outcome-0-measure': 'ks2.rwm_expected_pct',
      'outcome-0-target': '70',
      ...dateParts('outcome-0-targetDate', '2026-07-31'),
      ...dateParts('startOn', '2025-09-01'),
      ...dateParts('endOn', '2026-07-31'),
      days: '6',
      payer: 'rule',
      reportingLine: 'To the Core Group each half term',
      confidentiality: 'Shared between the two schools and the LA',
      recompense: 'Supply cover for the supporting teacher',
    });
    expect(ok.status).toBe(303);
    agreementId = idFrom(ok, 'plans');
    const plan = await (await officer.get(`/support/plans/${agreementId}`)).text();
    const baseline = (await observationValue(t.database.db, t.organisation.id, supported, 'ks2.rwm_expected_pct')).find((v) => v.value !== null)!;
    expect(plan).toContain(`${baseline.value} (${baseline.year})`);
  });

  it('commissions the demo provider; a high-concern school’s commission waits for the Core Group', async () => {
    const officer = await as('senior_leader');
    const res = await officer.post(`/schools/${supported}/support/commissions/new`, {
      needId: String(needId),
      providerId: String(providerId),
      specification: 'Leadership of writing: audit, plan and coach',
      'outcome-0-description': 'Writing leader in post and monitoring',
      ...dateParts('outcome-0-targetDate', '2026-07-31'),
      ...dateParts('startOn', '2025-09-01'),
      ...dateParts('endOn', '2026-07-31'),
      days: '5',
      budget: '2400',
      payer: 'rule',
      reportingLine: 'Provider to the contract manager termly',
    });
    expect(res.status).toBe(303);
    commissionId = idFrom(res, 'plans');
    let page = await (await officer.get(`/support/plans/${commissionId}`)).text();
    expect(page).toContain('Waiting for the Core Group&#39;s sign-off');
    expect(page).toMatch(/The LA: category \w+: the LA funds/);

    const provider = await as('provider');
    // Before sign-off the provider's page offers no report form, and a forged post is refused.
    expect(await (await provider.get(`/support/plans/${commissionId}`)).text()).not.toContain('Send the report');
    const early = await provider.post(`/support/plans/${commissionId}/reports`, { progress: 'Started', daysUsed: '1', ...dateParts('reportedOn', today) }, `/support/plans/${commissionId}`);
    expect(early.status).toBe(400);
    expect(await early.text()).toContain('Progress can be reported once the commission is signed off');

    const meetingId = /<option value="(\d+)">/.exec(page)![1];
    expect((await officer.post(`/support/plans/${commissionId}/sign-off`, { meetingId })).status).toBe(303);
    page = await (await officer.get(`/support/plans/${commissionId}`)).text();
    expect(page).toContain('signed off by senior-leader@demo.lodestar.invalid');
  });

  it('the provider sees only its commissions and reports progress; the schools see theirs and rate quality', async () => {
    const provider = await as('provider');
    const list = await (await provider.get('/provider')).text();
    expect(list).toContain(`/support/plans/${commissionId}`);
    expect(list).not.toContain(`/support/plans/${agreementId}`);
    expect((await provider.get(`/support/plans/${agreementId}`)).status).toBe(404);
    const page = await (await provider.get(`/support/plans/${commissionId}`)).text();
    expect(page).not.toContain('the LA funds'); // the funding reason (the school's category) is the LA's
    const bad = await provider.post(`/support/plans/${commissionId}/reports`, { progress: '', daysUsed: 'x' }, `/support/plans/${commissionId}`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Enter the date of the report');
    expect((await provider.post(`/support/plans/${commissionId}/reports`, { progress: 'Writing leader coached; monitoring schedule agreed', daysUsed: '3', ...dateParts('reportedOn', today) }, `/support/plans/${commissionId}`)).status).toBe(303);

    const head = await asHead(supported);
    const mine = await (await head.get('/my-school/support')).text();
    expect(mine).toContain(`/support/plans/${commissionId}`);
    expect(mine).toContain(`/support/plans/${agreementId}`);
    expect((await head.post(`/support/plans/${commissionId}/rating`, { rating: '4', comment: 'Practical and well matched' }, `/support/plans/${commissionId}`)).status).toBe(303);

    const supportingHead = await asHead(supporting);
    expect((await supportingHead.get(`/support/plans/${agreementId}`)).status).toBe(200);
    expect((await supportingHead.get(`/support/plans/${commissionId}`)).status).toBe(404);
    expect((await supportingHead.get(`/schools/${supported}`)).status).toBe(404);

    const stranger = await as('head_teacher');
    expect((await stranger.get(`/support/plans/${agreementId}`)).status).toBe(404);
  });

  it('judges impact from the evidence held at the end date, shown on the school page, the contract view and the ledger', async () => {
    const officer = await as('senior_leader');
    for (const id of [agreementId, commissionId]) {
      const empty = await officer.post(`/support/plans/${id}/impact`, { note: '' }, `/support/plans/${id}`);
      expect(empty.status).toBe(400);
      expect((await officer.post(`/support/plans/${id}/impact`, { note: 'Core Group sees some impact; results not yet published' }, `/support/plans/${id}`)).status).toBe(303);
    }
    const plan = await (await officer.get(`/support/plans/${agreementId}`)).text();
    // No KS2 year after the baseline is held, so the measure cannot show impact; the Core Group's judgement does.
    expect(plan).toMatch(/Reading, writing and maths: % meeting the expected standard: no value held after the baseline/);
    expect(plan).toContain('latest Core Group judgement: some impact');
    expect(plan).toContain('Some improvement');

    const head = await asHead(supported);
    const hub = await (await head.get(`/schools/${supported}`)).text();
    expect(hub).toContain('data-qa="hub-support-plans"');
    expect(hub).toContain('Some improvement');

    const cm = await as('contract_manager');
    const contracts = await (await cm.get('/support/contracts')).text();
    expect(contracts).toContain('Demo School Improvement Partnership');
    expect(contracts).toMatch(/3 \/ 5/);
    expect(contracts).toContain('>4<');

    const xlsx = await cm.get('/support/ledger.xlsx?year=2025/26');
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const row = ws.getRows(2, ws.rowCount - 1)!.find((r) => r.getCell(1).value === supported)!;
    const cell = (h: string) => row.getCell(header.indexOf(h) + 1).value;
    // 6 + 5 LA-funded days: "11 to 20 days, the school pays 2", £480 a day.
    expect([cell('LA-funded days used'), cell('Days the school pays (charging formula)'), cell('Charge to the school (£)')]).toEqual([11, 2, 960]);
    expect(String(cell('Impact'))).toMatch(/Some improvement.*Some improvement/);
    const ledger = await buildLedger(t.database.db, t.organisation.id, '2025/26', 'all');
    expect(ledger.rows.find((r) => r.urn === supported)?.impacts).toEqual({ some_improvement: 2 });
  });

  it('counts support by outcome for the self-evaluation, and audits every write', async () => {
    const counts = await supportOutcomeCounts(t.database.db, t.organisation.id, today);
    expect(counts.byKind.agreement.some_improvement).toBe(1);
    expect(counts.byKind.commission.some_improvement).toBe(1);
    expect((await supportOutcomeCounts(t.database.db, t.organisation.id, '2025-08-31')).total).toBe(0);
    const actions = (await listAudit(t.database.db, t.organisation.id, { action: 'support.' })).map((e) => e.action);
    for (const a of ['support.provider-added', 'support.strength-added', 'support.need-recorded', 'support.agreement-recorded', 'support.commission-recorded', 'support.commission-signed-off', 'support.progress-reported', 'support.quality-rated', 'support.impact-judged']) expect(actions).toContain(a);
  });

  it('lists the best-category schools not yet on the register, and "Invite" adds one as invited (audited), once', async () => {
    const officer = await as('senior_leader');
    const cats = await currentCategories(t.database.db, t.organisation.id);
    const best = cats.policy.categories.slice().sort((a, b) => a.order - b.order)[0].code;
    let page = await (await officer.get('/support/register')).text();
    const listed = [...page.matchAll(/id="invite-(\d+)"/g)].map((m) => Number(m[1]));
    expect(listed.length).toBeGreaterThan(0);
    const bestUrns = new Set(cats.schools.filter((s) => s.code === best).map((s) => s.urn));
    expect(listed.every((u) => bestUrns.has(u))).toBe(true);
    expect(listed).not.toContain(supporting); // already on the register
    expect(listed).not.toContain(notA);
    expect(listed.length).toBe(bestUrns.size - 1);
    const invitee = listed[0];
    const name = cats.schools.find((s) => s.urn === invitee)!.name;

    const res = await officer.post('/support/providers', { from: 'register', kind: 'school', urn: String(invitee) }, '/support/register');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/support/register?notice=invited');
    page = await (await officer.get('/support/register?notice=invited')).text();
    expect(page).not.toContain(`id="invite-${invitee}"`);
    expect(page).toMatch(new RegExp(`Invited\\s*</strong>\\s*School \\(band A / category A, invited\\), URN ${invitee}`));
    const entry = (await listAudit(t.database.db, t.organisation.id, { action: 'support.provider-added' })).find((e) => (e.after as { urn?: number }).urn === invitee)!;
    expect(entry.after).toMatchObject({ kind: 'school', urn: invitee, status: 'invited' });
    expect(entry.actor).toBe(demoEmail('senior_leader'));

    // A second invite (a double click, a stale page) is refused rather than adding the school twice.
    const again = await officer.post('/support/providers', { from: 'register', kind: 'school', urn: String(invitee) }, '/support/register');
    expect(again.status).toBe(400);
    const html = await again.text();
    expect(html).toContain('There is a problem');
    expect(html).toContain('href="#urn"');
    expect(html).toContain('is already on the register');
    expect(name.length).toBeGreaterThan(0);
    const forged = await officer.post('/support/providers', { from: 'register', kind: 'school', urn: String(notA) }, '/support/register');
    expect(forged.status).toBe(400);
    expect(await forged.text()).toMatch(/only category \w+ schools are invited/);
    expect((await listAudit(t.database.db, t.organisation.id, { action: 'support.provider-added' })).filter((e) => (e.after as { urn?: number }).urn === invitee)).toHaveLength(1);
  });

  it('ends a plan early with a reason (audited, shown on the plan), after which its impact can be judged', async () => {
    const officer = await as('senior_leader');
    const start = addDays(today, -30);
    const created = await officer.post(`/schools/${supported}/support/needs/${needId}`, {
      strengthId: String(strengthId),
      specification: 'Coaching of the new writing leader',
      'outcome-0-description': 'Writing leader leads moderation',
      ...dateParts('outcome-0-targetDate', addDays(today, 200)),
      ...dateParts('startOn', start),
      ...dateParts('endOn', addDays(today, 200)),
      days: '2',
      payer: 'rule',
      reportingLine: 'To the Core Group',
      confidentiality: 'The two schools and the LA',
      recompense: 'Supply cover',
    });
    expect(created.status).toBe(303);
    const id = idFrom(created, 'plans');
    const path = `/support/plans/${id}`;
    let page = await (await officer.get(path)).text();
    expect(page).not.toContain('Record the impact judgement'); // before the end date there is nothing to judge
    expect(page).toContain('Change the end date');

    const blank = await officer.post(`${path}/end-date`, { ...dateParts('endOn', today), endReason: '  ' }, path);
    expect(blank.status).toBe(400);
    let html = await blank.text();
    expect(html).toContain('There is a problem');
    expect(html).toContain('href="#endReason"');
    expect(html).toContain('Give the reason for changing the end date');
    const beforeStart = await officer.post(`${path}/end-date`, { ...dateParts('endOn', addDays(start, -1)), endReason: 'Typo' }, path);
    expect(beforeStart.status).toBe(400);
    html = await beforeStart.text();
    expect(html).toContain('href="#endOn-day"');
    expect(html).toContain('The new end date must be after the start date');
    expect((await listAudit(t.database.db, t.organisation.id, { action: 'support.plan-end-changed' })).length).toBe(0);

    const ended = await officer.post(`${path}/end-date`, { ...dateParts('endOn', today), endReason: 'The writing leader has left the school' }, path);
    expect(ended.status).toBe(303);
    page = await (await officer.get(path)).text();
    expect(page).toContain('data-qa="end-changes"');
    expect(page).toContain('by senior-leader@demo.lodestar.invalid: The writing leader has left the school');
    expect(page).toContain('Record the impact judgement');
    const [entry] = await listAudit(t.database.db, t.organisation.id, { action: 'support.plan-end-changed' });
    expect(entry).toMatchObject({ entityId: String(id), before: { endOn: addDays(today, 200) }, after: { endOn: today, reason: 'The writing leader has left the school' } });
    // The supported school sees why its support stopped.
    expect(await (await (await asHead(supported)).get(path)).text()).toContain('The writing leader has left the school');

    expect((await officer.post(`${path}/impact`, { note: 'Ended early: judged on the evidence so far' }, path)).status).toBe(303);
    page = await (await officer.get(path)).text();
    expect(page).toContain('data-qa="impact"');
    expect(page).not.toContain('Change the end date');
    const late = await officer.post(`${path}/end-date`, { ...dateParts('endOn', addDays(today, 10)), endReason: 'Extend' }, path);
    expect(late.status).toBe(400);
    expect(await late.text()).toContain('the end date can no longer change');
  });
});
