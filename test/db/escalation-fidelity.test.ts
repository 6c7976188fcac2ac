// Escalation fidelity (issue 12 items 4, 5, 8, 10, 11), driven through the services, pages and
// commands an officer uses on the bundled Hertfordshire data. Inspections after August 2024 are not in
// the bundle: where a test needs one, it imports a published-layout Ofsted file for real schools with
// synthetic judgements, and says so.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, concernJudgements, coreGroupMeetings, coreGroups, escalations, inspections, schoolInterventions, users } from '../../src/db/tables.js';
import { proposeEscalations } from '../../src/domain/engagement/escalation.js';
import { findImporter } from '../../src/importers/registry.js';
import { getSchool, schoolsByUrn } from '../../src/repositories/schools.js';
import { demoEmail } from '../../src/services/demoUsers.js';
import { manySchoolsInputs } from '../../src/services/escalationInputs.js';
import { categoryBatch, defaultContext, escalationState, todayIso, viewEscalations } from '../../src/services/escalations.js';
import { currentCategories } from '../../src/services/programme.js';
import { confirmUnchangedProposals, confirmWholeRound, createRound, webRoundActor } from '../../src/services/rounds.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { Browserless } from '../support/http.js';

let t: TestApp;
const today = todayIso();
/** Maintained schools, read before any test confirms a round (a round's categories cover its schools only). */
let maintained: Set<number>;

beforeAll(async () => {
  t = await startTestApp();
  const cats = await currentCategories(t.database.db, t.organisation.id);
  maintained = new Set(cats.schools.filter((s) => s.isMaintained && !s.isAcademy).map((s) => s.urn));
}, 600_000);
afterAll(async () => t?.close());

async function seniorActor() {
  const [senior] = await t.database.db.select().from(users).where(eq(users.email, demoEmail('senior_leader')));
  return { senior, audit: { userId: senior.id, label: senior.email, organisationId: t.organisation.id } };
}

/** Writes rows on the published Ofsted MI layout and imports them as an officer would. */
async function importOfsted(header: string[], rows: string[][]): Promise<void> {
  const csv = [header, ...rows].map((r) => r.map((c) => `"${c}"`).join(',')).join('\r\n') + '\r\n';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-esc-'));
  const file = path.join(dir, 'Management_information_-_state-funded_schools_-_latest_inspections.csv');
  fs.writeFileSync(file, csv);
  await findImporter('ofsted')!.run(t.database.db, { file, organisation: t.organisation, importedBy: 'test' });
}

/** Real maintained schools whose latest stored inspection (as bundled) has this four-grade overall judgement. */
async function maintainedWithLatestGrade(grade: 2 | 3, n: number): Promise<number[]> {
  const rows = await t.database.db
    .select({ urn: inspections.urn, grade: inspections.overallEffectiveness, date: inspections.inspectionDate })
    .from(inspections)
    .where(eq(inspections.organisationId, t.organisation.id))
    .orderBy(desc(inspections.inspectionDate));
  const latest = new Map<number, number | null>();
  for (const r of rows) if (!latest.has(r.urn) && r.date < '2024-09-01') latest.set(r.urn, r.grade);
  return [...latest].filter(([urn, g]) => g === grade && maintained.has(urn)).map(([urn]) => urn).sort((a, b) => a - b).slice(0, n);
}

/**
 * The daily check's reads (the whole LA's categories, every other input read once for many schools)
 * give each school the state its own reads give: high-concern and plain schools, and every school with
 * a Core Group, a meeting, an escalation, a designation or a concern judgement on record. Returns how
 * many schools of each kind it compared.
 */
async function expectManyReadsAsOne(): Promise<{ highConcern: number; recorded: number }> {
  const db = t.database.db;
  const org = t.organisation.id;
  const all = await currentCategories(db, org, { asOf: today });
  const recorded = [
    ...(await db.selectDistinct({ urn: coreGroups.urn }).from(coreGroups).where(eq(coreGroups.organisationId, org))),
    ...(await db.selectDistinct({ urn: coreGroupMeetings.urn }).from(coreGroupMeetings).where(eq(coreGroupMeetings.organisationId, org))),
    ...(await db.selectDistinct({ urn: escalations.urn }).from(escalations).where(eq(escalations.organisationId, org))),
    ...(await db.selectDistinct({ urn: schoolInterventions.urn }).from(schoolInterventions).where(eq(schoolInterventions.organisationId, org))),
    ...(await db.selectDistinct({ urn: concernJudgements.urn }).from(concernJudgements).where(eq(concernJudgements.organisationId, org))),
  ].map((r) => r.urn);
  const high = all.schools.filter((s) => s.highConcern).slice(0, 40).map((s) => s.urn);
  const plain = all.schools.filter((s) => !s.highConcern).slice(0, 10).map((s) => s.urn);
  const urns = [...new Set([...high, ...plain, ...recorded])];
  const inputs = await manySchoolsInputs(db, org, urns);
  const schools = new Map((await schoolsByUrn(db, org, urns)).map((s) => [s.urn, s]));
  const ctx = defaultContext('Hertfordshire');
  let inspections = 0;
  for (const urn of urns) {
    const school = (await getSchool(db, org, urn, { kind: 'all' }))!;
    expect(schools.get(urn)).toEqual(school);
    const one = await escalationState(db, org, school, ctx, today);
    const many = await escalationState(db, org, school, ctx, today, categoryBatch(all), inputs.get(urn));
    expect(many.state).toEqual(one.state);
    expect(many.designation).toEqual(one.designation);
    expect(many.noRoute).toEqual(one.noRoute);
    // Read for many schools without the letters' bytes, which the engine never reads.
    expect(many.records).toEqual(one.records.map((r) => ({ ...r, letterDocx: null, letterPdf: null })));
    inspections += one.state.inspections?.length ?? 0;
  }
  expect(inspections).toBeGreaterThan(0);
  return { highConcern: high.length, recorded: new Set(recorded).size };
}

// First, while the categories are live proposals (later tests confirm rounds of a few schools).
describe('the daily check reads its schools’ categories once', () => {
  it('gives each school the same escalation state from one read of many schools’ categories as from its own read', async () => {
    const db = t.database.db;
    const all = await currentCategories(db, t.organisation.id, { asOf: today });
    const high = all.schools.filter((s) => s.highConcern).slice(0, 25);
    expect(high.length).toBeGreaterThan(0);
    const urns = [...high, ...all.schools.filter((s) => !s.highConcern).slice(0, 5)].map((s) => s.urn);
    const batch = await currentCategories(db, t.organisation.id, { urns, asOf: today });
    const ctx = defaultContext('Hertfordshire');
    for (const urn of urns) {
      const school = (await getSchool(db, t.organisation.id, urn, { kind: 'all' }))!;
      expect(await escalationState(db, t.organisation.id, school, ctx, today, categoryBatch(batch))).toEqual(await escalationState(db, t.organisation.id, school, ctx, today));
    }
  });

  it('gives each school the same state from the whole LA’s categories and every other input read once for many schools', async () => {
    expect((await expectManyReadsAsOne()).highConcern).toBeGreaterThan(0);
  });
});

describe('"below good" in escalation reads the confirmed category and the policy’s era mapping (issue 12.4)', () => {
  it('an era-2 early-years 3 or a report-card "needs attention" is not below good under Staffordshire 2014; a key judgement 3 after the round is', async () => {
    const [goodA, goodB, goodC] = await maintainedWithLatestGrade(2, 3);
    const [ri] = await maintainedWithLatestGrade(3, 1);
    expect([goodA, goodB, goodC, ri].every(Boolean)).toBe(true);
    const { senior, audit } = await seniorActor();
    const actor = webRoundActor(audit, senior.id, 'senior_leader');
    // The LA's round weighs the evidence to 1 December 2024, then is confirmed as proposed.
    const round = await createRound(t.database.db, t.organisation.id, { academicYear: '2024/25', term: 'autumn', policyId: 'staffordshire-2014', asOf: '2024-12-01', urns: [goodA, goodB, goodC, ri] }, actor);
    if (!round.ok) throw new Error(JSON.stringify(round.errors));
    expect((await confirmUnchangedProposals(t.database.db, t.organisation.id, round.round.id, actor)).ok).toBe(true);
    expect(await confirmWholeRound(t.database.db, t.organisation.id, round.round.id, actor)).toEqual({ ok: true });

    // Synthetic judgements on real schools: era 2 (no overall grade) in 2025, a report card in 2026.
    const era2 = ['URN', 'Inspection start date', 'Publication date', 'Inspection type', 'Overall effectiveness', 'Quality of education', 'Behaviour and attitudes', 'Personal development', 'Effectiveness of leadership and management', 'Early years provision (where applicable)', 'Safeguarding is effective?'];
    await importOfsted(era2, [
      [String(goodA), '11/03/2025', '20/04/2025', 'Full inspection', 'Not judged', '2', '2', '2', '2', '3', 'Yes'],
      [String(ri), '12/03/2025', '21/04/2025', 'Full inspection', 'Not judged', '2', '2', '2', '2', '3', 'Yes'],
      [String(goodC), '13/03/2025', '22/04/2025', 'Full inspection', 'Not judged', '3', '2', '2', '2', '2', 'Yes'],
    ]);
    // The current (report-card) latest-inspections layout (no overall grade), its previous-framework and ungraded columns empty.
    const rc = ['URN', 'Inspection start date', 'Publication date', 'Inspection type', 'Category of concern', 'Inclusion', 'Curriculum and teaching', 'Achievement', 'Attendance and behaviour', 'Personal development and well-being', 'Leadership and governance', 'Safeguarding standards', 'Latest OEIF overall effectiveness', 'Inspection start date of latest OEIF graded inspection', 'Publication date of latest OEIF graded inspection', 'URN at time of latest OEIF graded inspection', 'Ungraded inspection overall outcome', 'Date of latest ungraded inspection'];
    await importOfsted(rc, [[String(goodB), '12/01/2026', '20/02/2026', 'Full inspection', 'NULL', 'Needs attention', 'Expected standard', 'Expected standard', 'Expected standard', 'Expected standard', 'Expected standard', 'Met', 'NULL', 'NULL', 'NULL', 'NULL', 'NULL', 'NULL']]);

    const ctx = defaultContext(t.organisation.name);
    const run = async (urn: number) => {
      const school = (await getSchool(t.database.db, t.organisation.id, urn, { kind: 'all' }))!;
      const { state } = await escalationState(t.database.db, t.organisation.id, school, ctx, today);
      return { state, proposals: proposeEscalations(state) };
    };
    // Early years 3 (Staffordshire 2014 maps it to C): not below good, so no Core Group from Ofsted.
    const a = await run(goodA);
    const on = (x: { state: { inspections?: { date: string; label?: string }[] } }, date: string) => x.state.inspections!.find((i) => i.date === date);
    expect(on(a, '2025-03-11')).toMatchObject({ belowGood: false });
    expect(on(a, '2025-03-11')?.label).toContain('not below good');
    expect(a.proposals.map((p) => p.ruleId)).not.toContain('core-group.establish');
    // Report card "needs attention" in inclusion (mapped to B): not below good either.
    const b = await run(goodB);
    expect(on(b, '2026-01-12')).toMatchObject({ belowGood: false });
    expect(b.proposals.map((p) => p.ruleId)).not.toContain('core-group.establish');
    // A requires-improvement school followed by an early-years 3: not two consecutive below good.
    const r = await run(ri);
    expect(r.proposals.map((p) => p.ruleId)).not.toContain('dfe.regional-improvement-support');
    // Quality of education 3 (mapped to D, as requires improvement is), after the round: a Core Group.
    const c = await run(goodC);
    expect(c.state.school.category).toMatchObject({ evidenceTo: '2024-12-01' });
    expect(on(c, '2025-03-13')).toMatchObject({ belowGood: true });
    expect(c.proposals.find((p) => p.ruleId === 'core-group.establish')?.evidence.map((e) => e.date)).toContain('2025-03-13');
    // An inspection the confirmed round already weighed does not call for more than its category.
    const weighed = await run(ri);
    const riCategory = weighed.state.school.category!;
    expect(riCategory.evidenceTo).toBe('2024-12-01');
    const coreGroup = weighed.proposals.find((p) => p.ruleId === 'core-group.establish');
    for (const e of coreGroup?.evidence ?? []) expect(e.description).not.toMatch(/^Ofsted inspection on/);
    const stored = await t.database.db.select().from(inspections).where(and(eq(inspections.urn, goodA), eq(inspections.inspectionDate, '2025-03-11')));
    expect(stored).toHaveLength(1);
  }, 600_000);
});

const dateParts = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y };
};

async function storedRuleIds(urn: number): Promise<string[]> {
  const rows = await t.database.db.select().from(escalations).where(and(eq(escalations.organisationId, t.organisation.id), eq(escalations.urn, urn)));
  return rows.map((r) => r.ruleId);
}

describe('stages of concern come from the route and are recorded through a form (issue 12 items 5 and 8)', () => {
  it('shows no stage until the LA designates one; a stage-3 intervention recorded on the form starts the two-term review and three-term referral; reviews show as held, due or overdue', async () => {
    // Abbots Langley (the demo school), a maintained school nobody has designated.
    const urn = 117083;
    const senior = await new Browserless(t.url).signInAs('senior_leader');
    const before = await (await senior.get(`/schools/${urn}/core-group`)).text();
    expect(before).toMatch(/data-qa="stage">Not designated as a school causing concern</);
    expect(before).toContain('Stages of concern apply only to schools the LA designates as causing concern');

    // Stage 3 without its plan, owner or review dates: the form comes back with an error summary.
    const bad = await senior.post(`/schools/${urn}/stage/new`, { stage: '3', ...dateParts('startedOn', '2025-09-03'), reason: 'Two Core Group meetings found no evidence of impact' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('There is a problem');
    expect(badHtml).toContain('Enter the school&#39;s statement of action or recovery plan');
    expect(badHtml).toContain('href="#review-0-day"');
    expect(badHtml).toContain('Two Core Group meetings found no evidence of impact');
    const invalid = await senior.post(`/schools/${urn}/stage/new`, { stage: '3', 'startedOn-day': '31', 'startedOn-month': '2', 'startedOn-year': '2025', reason: 'x', plan: 'p', planOwner: 'o', ...dateParts('review-0', '2026-01-15') });
    expect(await invalid.text()).toContain('The date the stage started must be a real date');

    const ok = await senior.post(`/schools/${urn}/stage/new`, {
      stage: '3',
      ...dateParts('startedOn', '2025-09-03'),
      reason: 'Two Core Group meetings found no evidence of impact',
      plan: 'Statement of action, September 2025: reading in key stage 1, governance',
      planOwner: 'Lead LA project officer',
      ...dateParts('review-0', '2026-01-15'),
      ...dateParts('review-1', '2027-02-01'),
    });
    expect(ok.status).toBe(303);
    // Recording it is the event: the 2008 term rules fire from the recorded start (three terms have ended by now).
    expect(await storedRuleIds(urn)).toEqual(expect.arrayContaining(['stage.two-terms-review', 'stage.three-terms-referral']));
    const page = await (await senior.get(`/schools/${urn}/core-group`)).text();
    expect(page).toMatch(/data-qa="stage">Stage 3: intensive programme</);
    expect(page).toContain('Designated from 3 September 2025: Two Core Group meetings found no evidence of impact');
    expect(page).toContain('Lead LA project officer');
    expect(page).toMatch(/3 terms completed since 3 September 2025/);
    const reviews = page.slice(page.indexOf('data-qa="intervention-reviews"'));
    expect(reviews).toMatch(/15 January 2026<\/td><td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--red">Overdue/);
    expect(reviews).toMatch(/1 February 2027<\/td><td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--blue">Due/);

    // A review that found significant improvement: the first review is held, and no referral is proposed any more.
    const badReview = await senior.post(`/schools/${urn}/stage/review`, { ...dateParts('on', '2026-01-20') });
    expect(badReview.status).toBe(400);
    expect(await badReview.text()).toContain('Select whether the review found significant improvement');
    expect((await senior.post(`/schools/${urn}/stage/review`, { ...dateParts('on', '2026-01-20'), significantImprovement: 'yes', note: 'Reading has improved; governors now hold leaders to account' })).status).toBe(303);
    const school = (await getSchool(t.database.db, t.organisation.id, urn, { kind: 'all' }))!;
    const now = await viewEscalations(t.database.db, t.organisation.id, school, defaultContext(t.organisation.name));
    expect(now.proposals.map((p) => p.ruleId)).not.toContain('stage.three-terms-referral');
    expect(now.stage.reviews[0]).toMatchObject({ date: '2026-01-15', status: 'held', heldOn: '2026-01-20' });
    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.entityType, 'school-intervention'));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['intervention.stage-recorded', 'intervention.review-recorded']));
  }, 300_000);

  it('a stage-2 school whose Core Group meeting finds no evidence of impact is proposed for stage 3', async () => {
    const urn = 117084; // Ashwell Primary School, maintained
    const senior = await new Browserless(t.url).signInAs('senior_leader');
    const start = '2026-09-07';
    expect((await senior.post(`/schools/${urn}/stage/new`, { stage: '2', ...dateParts('startedOn', start), reason: 'Leaders have the capacity to improve; a subject causes concern' })).status).toBe(303);
    expect(await storedRuleIds(urn)).not.toContain('stage.escalate-to-stage-3');
    expect((await senior.post(`/schools/${urn}/core-group`, { membership: 'Chair of governors\nHeadteacher\nLink officer', cadence: 'half-termly' })).status).toBe(303);
    const meeting = await senior.post(`/schools/${urn}/core-group/meetings/new`, { ...dateParts('date', '2026-11-10'), judgement: 'no_evidence_of_impact', areas: 'teaching', 'findings-teaching': 'Teaching in key stage 1 is still weak', notes: 'No evidence of impact on the agreed priorities' });
    expect(meeting.status).toBe(303);
    expect(await storedRuleIds(urn)).toContain('stage.escalate-to-stage-3');
    const page = await (await senior.get(`/schools/${urn}/core-group`)).text();
    expect(page).toMatch(/data-qa="stage">Stage 2: light touch</);
    expect(page).toContain('Move to stage 3 (intensive programme)');
  }, 300_000);
});

describe('an LA judgement of concern, signed off by a senior leader, makes the immediate notices fire (issue 12.10)', () => {
  it('records who, when, ground and evidence on a form; nothing fires until sign-off; the notice proposed does not carry confidential evidence', async () => {
    const urn = (await maintainedWithLatestGrade(2, 8)).at(-1)!;
    const senior = await new Browserless(t.url).signInAs('senior_leader');
    const empty = await senior.post(`/schools/${urn}/concerns/new`, {});
    expect(empty.status).toBe(400);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain('There is a problem');
    expect(emptyHtml).toContain('Select the ground of concern');
    expect(emptyHtml).toContain('href="#judgedOn-day"');

    const secret = 'Adviser visit: unvalidated account from a member of staff';
    const recorded = await senior.post(`/schools/${urn}/concerns/new`, { ground: 'would_be_category_of_concern', ...dateParts('judgedOn', today), judgedBy: 'Senior adviser, school improvement', evidence: secret, confidential: 'yes' });
    expect(recorded.status).toBe(303);
    const concernPath = recorded.headers.get('location')!.split('?')[0];
    expect(await storedRuleIds(urn)).not.toContain('noc.would-be-category-of-concern');

    // Only a senior leader signs it off.
    const officer = await new Browserless(t.url).signInAs('link_officer');
    expect((await officer.request('POST', concernPath, { _csrf: await officer.csrf('/account/password'), decision: 'sign_off' })).status).toBe(403);
    const noReason = await senior.post(concernPath, { decision: 'reject' });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain('Give the reason for rejecting the judgement');
    expect((await senior.post(concernPath, { decision: 'sign_off' })).status).toBe(303);
    const [noc] = await t.database.db.select().from(escalations).where(and(eq(escalations.urn, urn), eq(escalations.ruleId, 'noc.would-be-category-of-concern')));
    expect(noc.step).toBe('notice_of_concern');
    expect(noc.reason).toContain('would be judged to have serious weaknesses or to need special measures');
    expect(JSON.stringify(noc)).not.toContain(secret);
    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.entityType, 'concern-judgement'));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['concern.recorded', 'concern.signed-off']));
    expect(JSON.stringify(audits)).not.toContain(secret);

    // The safety ground proposes a warning notice at once.
    const safety = await senior.post(`/schools/${urn}/concerns/new`, { ground: 'safety_threatened', ...dateParts('judgedOn', today), judgedBy: 'Head of school improvement', evidence: 'Fire exits blocked on two visits' });
    expect((await senior.post(safety.headers.get('location')!.split('?')[0], { decision: 'sign_off' })).status).toBe(303);
    expect(await storedRuleIds(urn)).toContain('warning-notice.on-ground');
    const page = await (await senior.get(`/schools/${urn}/core-group`)).text();
    expect(page).toContain('data-qa="concerns"');
    expect(page).toContain('The safety of pupils or staff is threatened');
  }, 300_000);
});

describe('Walsall’s own escalation route, selected with the round’s policy (issue 12.11)', () => {
  it('offers a Walsall school an Improvement Review group, no Core Group or Notice of Concern, and walks the route from insufficient progress to the DCS meeting', async () => {
    const urn = (await maintainedWithLatestGrade(2, 12))[9];
    const { senior: seniorUser, audit } = await seniorActor();
    const actor = webRoundActor(audit, seniorUser.id, 'senior_leader');
    const round = await createRound(t.database.db, t.organisation.id, { academicYear: '2026/27', term: 'autumn', policyId: 'walsall-2014', urns: [urn] }, actor);
    if (!round.ok) throw new Error(JSON.stringify(round.errors));
    expect((await confirmUnchangedProposals(t.database.db, t.organisation.id, round.round.id, actor)).ok).toBe(true);
    expect(await confirmWholeRound(t.database.db, t.organisation.id, round.round.id, actor)).toEqual({ ok: true });

    const senior = await new Browserless(t.url).signInAs('senior_leader');
    const page = await (await senior.get(`/schools/${urn}/core-group`)).text();
    expect(page).toContain('data-qa="group-name">Improvement Review group<');
    expect(page).toContain('Walsall School Improvement Strategy (2014)');
    expect(page).toMatch(/data-qa="stage">No stages of concern in this policy</);
    expect(page).not.toContain('Notice of Concern');
    expect(page).not.toContain('Establish a Core Group');

    expect((await senior.post(`/schools/${urn}/core-group`, { membership: 'Head teacher\nChair of governors\nImprovement Adviser\nAssistant Director Access and Achievement', cadence: 'half-termly' })).status).toBe(303);
    const [group] = await t.database.db.select().from(coreGroups).where(and(eq(coreGroups.organisationId, t.organisation.id), eq(coreGroups.urn, urn)));
    expect(group.meetingType).toBe('improvement-review');
    const meeting = await senior.post(`/schools/${urn}/core-group/meetings/new`, { ...dateParts('date', today), judgement: 'no_evidence_of_impact', areas: 'teaching', 'findings-teaching': 'Pupils’ progress in the tracked groups has not improved' });
    expect(meeting.status).toBe(303);

    // Each step is proposed once the step before it is signed off (the sign-off runs the rules again).
    const chain = ['ir.insufficient-progress', 'ir.report-to-assistant-director', 'ir.assistant-director-writes', 'ir.dcs-meets-head-and-chair'];
    for (const ruleId of chain) {
      const [row] = await t.database.db.select().from(escalations).where(and(eq(escalations.urn, urn), eq(escalations.ruleId, ruleId)));
      expect(row, ruleId).toBeDefined();
      expect(row.status).toBe('proposed');
      if (ruleId === 'ir.insufficient-progress') expect(row.reason).toContain("your LA's setting: one Improvement Review meeting");
      expect((await senior.post(`/escalations/${row.id}`, { decision: 'sign_off' })).status, ruleId).toBe(303);
    }
    const ids = await storedRuleIds(urn);
    expect(ids.filter((id) => /^(noc|core-group|warning-notice|statutory)\./.test(id))).toEqual([]);
    const after = await (await senior.get(`/schools/${urn}/core-group`)).text();
    expect(after).toContain('The Director of Children&#39;s Services meets the head teacher and chair of governors');
  }, 300_000);
});

// Last, with the Core Groups, meetings, notices (letters included), designations and concerns the tests above recorded.
describe('the daily check’s reads once escalations are on record', () => {
  it('give each school with records the same state as its own reads', async () => {
    expect((await expectManyReadsAsOne()).recorded).toBeGreaterThan(0);
  });
});
