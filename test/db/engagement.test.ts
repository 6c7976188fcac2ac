// Engagement on the bundled LA: the year's programme against officer capacity; visit notes published
// to the school's own HT only, with late drafts shown; two Core Group meetings without impact proposing
// a Notice of Concern; sign-off by a senior leader only, with the letter stored and the review on a
// school day 6–8 weeks on; an academy getting a letter to the trust and the DfE instead.
import { and, eq, gte, lt } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, engagementActions, escalations, inspections, liveCategories, schools, users } from '../../src/db/tables.js';
import { addDays, addWeeks, compareDates, isWorkingDay, loadCalendar } from '../../src/domain/calendar/index.js';
import { getSchool } from '../../src/repositories/schools.js';
import { proposeEscalations } from '../../src/domain/engagement/escalation.js';
import { linkOfficers, setOfficerCapacity } from '../../src/repositories/engagementEscalations.js';
import { createAccount } from '../../src/services/accounts.js';
import { establishCoreGroup, recordMeeting, type MeetingInput } from '../../src/services/coreGroups.js';
import { composeEscalationLetter, letterValues, loadEscalationTemplate } from '../../src/services/escalationLetters.js';
import { defaultContext, escalationState, syncEscalations, todayIso } from '../../src/services/escalations.js';
import { buildProgramme, currentCategories } from '../../src/services/programme.js';
import { lateNotes } from '../../src/services/visits.js';
import { DEMO_SCHOOL_URN } from '../../src/services/demoUsers.js';
import { letterText } from '../../src/letters/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { Browserless } from '../support/http.js';

let t: TestApp;
/** What the app logged at error level or above. */
const errorLogs: string[] = [];
const today = todayIso();
/** A GOV.UK date input's three boxes for an ISO date, as the form posts them. */
const dateInput = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: d, [`${name}-month`]: m, [`${name}-year`]: y };
};
const actor = () => ({ userId: null, label: 'test', organisationId: t.organisation.id });

beforeAll(async () => {
  t = await startTestApp({ logger: pino({ level: 'error' }, { write: (line: string) => void errorLogs.push(line) }) });
}, 600_000);
afterAll(async () => t?.close());

const meeting = (date: string, judgement = 'no_evidence_of_impact'): MeetingInput => ({
  date,
  judgement,
  notes: 'Leaders could not show the impact of the reading plan.',
  schoolCommentary: '',
  areas: ['teaching'],
  findings: { teaching: 'Phonics teaching remains inconsistent across year 1.' },
  carry: {},
  newActions: [{ text: 'Phonics audit', owner: 'Headteacher', due: addDays(today, 30) }],
});

async function twoMeetingsWithoutImpact(urn: number) {
  const ctx = defaultContext(t.organisation.name);
  const school = (await getSchool(t.database.db, t.organisation.id, urn, { kind: 'all' }))!;
  const g = await establishCoreGroup(t.database.db, t.organisation.id, urn, { membership: 'Chair of governors\nHeadteacher\nLink officer', cadence: 'half-termly' }, actor(), today);
  expect(g.ok).toBe(true);
  const first = await recordMeeting(t.database.db, t.organisation.id, school, meeting(addDays(today, -42)), ctx, actor(), today);
  expect(first.ok).toBe(true);
  const open = (first.ok && (await t.database.db.select().from(engagementActions).where(eq(engagementActions.urn, urn)))) || [];
  const second = await recordMeeting(t.database.db, t.organisation.id, school, { ...meeting(addDays(today, -7)), carry: Object.fromEntries(open.map((a) => [a.id, 'carry'])) }, ctx, actor(), today);
  if (!second.ok) throw new Error(JSON.stringify(second.errors));
  return { ctx, school, escalation: second.escalation };
}

describe('visit programme', () => {
  it('plans every contact of 2025/26 for the bundled LA within officer capacity and flags unassigned schools', async () => {
    const r = await buildProgramme(t.database.db, t.organisation.id, '2025/26');
    expect(r.source.kind).toBe('live-proposals');
    expect(r.programme.contacts.length).toBeGreaterThan(500);
    for (const c of r.programme.contacts) {
      expect(c.date, `${c.urn} ${c.window}`).not.toBeNull();
      expect(compareDates(c.date!, '2025-09-01') >= 0 && compareDates(c.date!, '2026-07-31') <= 0).toBe(true);
    }
    const officer = r.officers.find((o) => o.email === 'link-officer@demo.lodestar.invalid')!;
    expect(officer.plannedDays).toBeGreaterThan(0);
    expect(officer.plannedDays).toBeLessThanOrEqual(officer.capacityDays);
    expect(officer.overloaded).toBe(false);
    expect(officer.capacityDays).toBe(170);
    expect(r.programme.unassigned.length).toBeGreaterThan(100);
    expect(r.programme.unassigned).not.toContain(DEMO_SCHOOL_URN);
    // High concern means a Core Group meeting in each of the six half terms (for a maintained school: an
    // academy's concern is raised with its trust and the DfE instead, as the policy's special handling says).
    const high = (await currentCategories(t.database.db, t.organisation.id)).schools.find((s) => s.highConcern && !s.isAcademy)!;
    expect(r.programme.contacts.filter((c) => c.urn === high.urn && c.meetingType === 'core-group')).toHaveLength(6);
    // No officer has two visits on one day.
    const mine = r.programme.contacts.filter((c) => c.officerId === officer.id).map((c) => c.date);
    expect(new Set(mine).size).toBe(mine.length);
  });

  it('flags an officer whose planned days exceed the capacity the LA set', async () => {
    const [o] = await linkOfficers(t.database.db, t.organisation.id);
    await setOfficerCapacity(t.database.db, t.organisation.id, o.id, 5, 'test: five days');
    const r = await buildProgramme(t.database.db, t.organisation.id, '2025/26');
    const load = r.officers.find((x) => x.id === String(o.id))!;
    expect(load).toMatchObject({ capacityDays: 5, overloaded: true, capacitySource: 'test: five days' });
    await setOfficerCapacity(t.database.db, t.organisation.id, o.id, 170, 'Default: 170 days a year (Staffordshire County Council, School Improvement Strategy, 2008)');
  });

  it('keeps the live categorisation and reuses it while the data version or the fingerprint matches', async () => {
    const db = t.database.db;
    const first = await currentCategories(db, t.organisation.id);
    expect(first.source.kind).toBe('live-proposals');
    const [stored] = await db.select().from(liveCategories).where(eq(liveCategories.organisationId, t.organisation.id));
    expect(stored.schools.map(([urn, , code]) => [urn, code])).toEqual(first.schools.map((s) => [s.urn, s.code]));
    // A marked row proves the next read comes from the store, not the engine (the table moves no version).
    const marked = stored.schools.map(([urn, name, code], i): [number, string, string | null] => [urn, name, i === 0 ? null : code]);
    await db.update(liveCategories).set({ schools: marked }).where(eq(liveCategories.organisationId, t.organisation.id));
    expect((await currentCategories(db, t.organisation.id)).schools[0].code).toBeNull();
    // Same fingerprint, another data version (as after a write the programme does not read): still reused.
    await db.update(liveCategories).set({ dataVersion: -1 }).where(eq(liveCategories.organisationId, t.organisation.id));
    expect((await currentCategories(db, t.organisation.id)).schools[0].code).toBeNull();
    // Neither matching: computed again, and stored again.
    await db.update(liveCategories).set({ dataVersion: -1, fingerprint: 'changed' }).where(eq(liveCategories.organisationId, t.organisation.id));
    expect((await currentCategories(db, t.organisation.id)).schools[0].code).toBe(first.schools[0].code);
    const [again] = await db.select().from(liveCategories).where(eq(liveCategories.organisationId, t.organisation.id));
    expect(again.fingerprint).not.toBe('changed');
  });

  it('shows the summary and one page of contacts at a time, paged and filtered', async () => {
    const senior = await new Browserless(t.url).signInAs('senior_leader');
    const page = async (query: string) => {
      for (let i = 0; i < 60; i++) {
        const html = await (await senior.get(`/engagement/programme?year=2025/26${query}`)).text();
        if (!html.includes('being prepared')) return html;
        await new Promise((r) => setTimeout(r, 1000));
      }
      throw new Error('the programme never finished');
    };
    const r = await buildProgramme(t.database.db, t.organisation.id, '2025/26');
    const rowsOf = (html: string) => (/data-qa="contacts">[\s\S]*?<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(html)![1].match(/<tr /g) ?? []).length;
    const first = await page('');
    expect(first).toContain('data-qa="summary-category"');
    expect(first).toContain('data-qa="summary-half-term"');
    const pages = Math.ceil(r.programme.contacts.length / 50);
    expect(first).toContain(`${r.programme.contacts.length.toLocaleString('en-GB')} contacts match (page 1 of ${pages})`);
    expect(rowsOf(first)).toBe(50);
    expect(first).toContain('class="govuk-pagination"');
    const last = await page(`&page=${pages}`);
    expect(rowsOf(last)).toBe(r.programme.contacts.length - (pages - 1) * 50);
    const core = r.programme.contacts.filter((c) => c.meetingType === 'core-group');
    expect(core.length).toBeGreaterThan(0);
    expect(await page('&type=core-group')).toContain(`${core.length.toLocaleString('en-GB')} contact${core.length === 1 ? '' : 's'} match`);
    const none = r.programme.contacts.filter((c) => !c.officerId).length;
    expect(first).toContain('officer=none#contacts');
    expect(await page('&officer=none')).toContain(`${none.toLocaleString('en-GB')} contacts match`);
    // The whole list of unassigned schools is no longer written into the page.
    const unnamed = r.programme.unassigned.map((u) => r.schoolNames.get(u)!).filter((n) => !first.includes(`>${n}<`) && !first.includes(n));
    expect(unnamed.length).toBeGreaterThan(r.programme.unassigned.length / 2);
  }, 180_000);

  it('answers a year the calendar has no dates for with a 404 page and its CSV likewise, and fails nothing after answering', async () => {
    const senior = await new Browserless(t.url).signInAs('senior_leader');
    errorLogs.length = 0;
    for (const path of ['/engagement/programme?year=2040/41', '/engagement/programme.csv?year=2040/41']) {
      const res = await senior.get(path);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('The school calendar has no dates for 2040/41.');
    }
    // Fastify logs a handler that fails after its answer has gone; give that log a turn to arrive.
    await new Promise((r) => setTimeout(r, 100));
    expect(errorLogs).toEqual([]);
  });
});

describe('visit notes', () => {
  it('shows a published note to the HT of that school only, and lists drafts unpublished after 48 hours', async () => {
    const officer = await new Browserless(t.url).signInAs('link_officer');
    const visitDate = addDays(today, -3);
    const [y, m, d] = visitDate.split('-');
    const bad = await officer.post(`/schools/${DEMO_SCHOOL_URN}/visits/new`, { type: 'termly-visit', 'date-day': d, 'date-month': m, 'date-year': y });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Enter the agenda of the visit');
    const res = await officer.post(
      `/schools/${DEMO_SCHOOL_URN}/visits/new`,
      { type: 'termly-visit', 'date-day': d, 'date-month': m, 'date-year': y, agenda: 'Reading', attendees: 'Headteacher; link officer', judgements: 'Reading is improving.', 'action-0-text': 'Share reading plan', 'action-0-owner': 'Headteacher', ...dateInput('action-0-due', addDays(today, -1)) },
      `/schools/${DEMO_SCHOOL_URN}/visits/new`,
    );
    expect(res.status).toBe(303);
    const url = res.headers.get('location')!;
    const visitId = Number(url.split('/').pop());

    const late = await lateNotes(t.database.db, t.organisation.id, [DEMO_SCHOOL_URN]);
    expect(late.map((v) => v.id)).toContain(visitId);
    const caseload = await (await officer.get('/engagement')).text();
    expect(caseload).toContain(`/schools/${DEMO_SCHOOL_URN}/visits/${visitId}`);
    expect(caseload).toContain('1 overdue');

    const ht = await new Browserless(t.url).signInAs('head_teacher');
    expect((await ht.get(url)).status).toBe(404);
    expect(await (await ht.get(`/schools/${DEMO_SCHOOL_URN}/visits`)).text()).not.toContain(`/visits/${visitId}`);

    expect((await officer.post(`${url}/publish`, {}, url)).status).toBe(303);
    expect((await ht.get(url)).status).toBe(200);
    expect(await (await ht.get(`/schools/${DEMO_SCHOOL_URN}/visits`)).text()).toContain(`/visits/${visitId}`);
    expect((await lateNotes(t.database.db, t.organisation.id, [DEMO_SCHOOL_URN])).map((v) => v.id)).not.toContain(visitId);

    // The head teacher of another school sees nothing of it.
    const [other] = await t.database.db.select({ urn: schools.urn }).from(schools).where(and(eq(schools.organisationId, t.organisation.id), eq(schools.urn, 117084)));
    await createAccount(t.database.db, { organisationId: t.organisation.id, email: 'ht-other@example.test', displayName: 'Other Head', role: 'head_teacher', password: 'another-long-password', urns: [other.urn], districtIds: [] }, actor());
    const otherHt = new Browserless(t.url);
    await otherHt.signIn('ht-other@example.test', 'another-long-password');
    expect((await otherHt.get(url)).status).toBe(404);
    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, String(visitId)));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['visit.created', 'visit.published']));
  });
});

describe('actions between meetings', () => {
  it('lets the link officer mark an overdue action done from the caseload; audited; refused outside their scope', async () => {
    const officerUser = (await t.database.db.select().from(users)).find((u) => u.email === 'link-officer@demo.lodestar.invalid')!;
    const [mine] = (await linkOfficers(t.database.db, t.organisation.id)).filter((o) => o.id === officerUser.id).flatMap((o) => o.urns);
    const [action] = await t.database.db
      .insert(engagementActions)
      .values({ organisationId: t.organisation.id, urn: mine!, text: 'Send the updated attendance plan', owner: 'Headteacher', dueDate: addDays(today, -10) })
      .returning();
    const officer = await new Browserless(t.url).signInAs('link_officer');
    const caseload = await (await officer.get('/engagement')).text();
    expect(caseload).toContain('Send the updated attendance plan');
    expect(caseload).toContain(`/schools/${mine}/actions/${action.id}/done`);

    const analyst = await new Browserless(t.url).signInAs('analyst');
    expect((await analyst.post(`/schools/${mine}/actions/${action.id}/done`, {}, '/schools')).status).toBe(403);
    // The right action id under another school's URN is not found.
    expect((await officer.post(`/schools/${DEMO_SCHOOL_URN === mine ? 117111 : DEMO_SCHOOL_URN}/actions/${action.id}/done`, {}, '/engagement')).status).toBe(404);

    const res = await officer.post(`/schools/${mine}/actions/${action.id}/done`, { returnTo: '/engagement' }, '/engagement');
    expect(res.status).toBe(303);
    const [after] = await t.database.db.select().from(engagementActions).where(eq(engagementActions.id, action.id));
    expect(after.status).toBe('done');
    const [entry] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'engagement.action-done'));
    expect(entry.after).toMatchObject({ status: 'done', text: 'Send the updated attendance plan' });
    expect(await (await officer.get('/engagement')).text()).not.toContain('Send the updated attendance plan');
    // Done once is done: a second press is refused.
    expect((await officer.post(`/schools/${mine}/actions/${action.id}/done`, {}, '/engagement')).status).toBe(404);
  });
});

describe('Core Group escalation', () => {
  it('proposes a Notice of Concern after two meetings without impact; only a senior leader signs it off; letter stored; review 6–8 weeks on a school day', async () => {
    const high = (await currentCategories(t.database.db, t.organisation.id)).schools.find((s) => s.highConcern && s.isMaintained)!;
    const { escalation } = await twoMeetingsWithoutImpact(high.urn);
    const noc = escalation.proposals.find((p) => p.ruleId === 'noc.consecutive-core-groups');
    expect(noc?.step).toBe('notice_of_concern');
    expect(noc?.record?.status).toBe('proposed');
    const id = noc!.record!.id;
    // Carried-over actions keep their link to the earlier meeting's action.
    const actions = await t.database.db.select().from(engagementActions).where(eq(engagementActions.urn, high.urn));
    expect(actions.some((a) => a.carriedOverFrom !== null)).toBe(true);

    const officer = await new Browserless(t.url).signInAs('link_officer');
    expect((await officer.request('POST', `/escalations/${id}`, { _csrf: await officer.csrf('/account/password'), decision: 'sign_off' })).status).toBe(403);
    const senior = await new Browserless(t.url).signInAs('senior_leader');
    const queue = await (await senior.get('/engagement')).text();
    expect(queue).toContain(`/escalations/${id}`);
    const invalid = await senior.post(`/escalations/${id}`, { decision: 'sign_off', reviewWeeks: '12' });
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain('Enter a whole number of weeks from 6 to 8');
    expect((await senior.post(`/escalations/${id}`, { decision: 'sign_off', reviewWeeks: '7' })).status).toBe(303);

    const [row] = await t.database.db.select().from(escalations).where(eq(escalations.id, id));
    expect(row.status).toBe('signed_off');
    expect(row.issuedOn).toBe(today);
    expect(row.letterDocx!.subarray(0, 2).toString()).toBe('PK');
    expect(row.letterPdf!.subarray(0, 5).toString()).toBe('%PDF-');
    const cal = loadCalendar();
    expect(compareDates(row.reviewDate!, addWeeks(today, 6)) >= 0 && compareDates(row.reviewDate!, addWeeks(today, 8)) <= 0).toBe(true);
    expect(isWorkingDay(row.reviewDate!, cal, { excludeSchoolHolidays: true })).toBe(true);
    expect((await senior.get(`/escalations/${id}/letter.pdf`)).headers.get('content-type')).toBe('application/pdf');
    const audits = await t.database.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'escalation'), eq(auditLog.entityId, String(id))));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['escalation.proposed', 'escalation.signed-off']));

    // Signed off, the notice is not proposed again; its review is proposed instead.
    const school = (await getSchool(t.database.db, t.organisation.id, high.urn, { kind: 'all' }))!;
    const after = await syncEscalations(t.database.db, t.organisation.id, school, defaultContext(t.organisation.name), actor(), today);
    expect(after.proposals.some((p) => p.step === 'notice_of_concern')).toBe(false);
    expect(after.proposals.some((p) => p.step === 'notice_of_concern_review')).toBe(true);
  });

  it('reads the real stored Ofsted judgements into the escalation state', async () => {
    const [ri] = await t.database.db
      .select({ urn: inspections.urn, date: inspections.inspectionDate })
      .from(inspections)
      .where(and(eq(inspections.organisationId, t.organisation.id), eq(inspections.overallEffectiveness, 3)))
      .limit(1);
    expect(ri).toBeDefined();
    const school = (await getSchool(t.database.db, t.organisation.id, ri.urn, { kind: 'all' }))!;
    const { state } = await escalationState(t.database.db, t.organisation.id, school, defaultContext(t.organisation.name), today);
    expect(state.inspections).toContainEqual(expect.objectContaining({ date: ri.date, belowGood: true, label: 'Requires improvement' }));
  });

  it('evaluates schools judged below good before the calendar lists working days, without failing', async () => {
    // The regression: a 2018 judgement made the sign-off date fall in a year with no bank-holiday
    // listing, and the Core Group page failed for that school.
    const ctx = defaultContext(t.organisation.name);
    const old = await t.database.db
      .selectDistinct({ urn: inspections.urn })
      .from(inspections)
      .where(and(eq(inspections.organisationId, t.organisation.id), lt(inspections.inspectionDate, '2023-01-01'), gte(inspections.overallEffectiveness, 3)))
      .limit(25);
    expect(old.length).toBeGreaterThan(5);
    // An old below-good inspection the confirmed round already weighed no longer proposes a Core Group of its
    // own (issue 12.4), so this checks only that every proposal's dates are real for these schools.
    for (const { urn } of old) {
      const school = (await getSchool(t.database.db, t.organisation.id, urn, { kind: 'all' }))!;
      const { state } = await escalationState(t.database.db, t.organisation.id, school, ctx, today);
      const proposals = proposeEscalations(state);
      for (const p of proposals) expect(p.dueDate === null || /^\d{4}-\d{2}-\d{2}$/.test(p.dueDate)).toBe(true);
    }
  });

  it('records a school\'s compliance with a warning notice; the statutory powers are then no longer proposed', async () => {
    const ctx = defaultContext(t.organisation.name);
    const cats = await currentCategories(t.database.db, t.organisation.id);
    const urn = cats.schools.filter((s) => s.isMaintained).at(-1)!.urn;
    const school = (await getSchool(t.database.db, t.organisation.id, urn, { kind: 'all' }))!;
    // A warning notice issued ten weeks ago whose compliance period ended a fortnight ago (set up as the
    // sign-off would have stored it).
    const issuedOn = addDays(today, -70);
    const [notice] = await t.database.db
      .insert(escalations)
      .values({
        organisationId: t.organisation.id, urn, step: 'warning_notice', ruleId: 'test.warning-notice', triggerKey: `test@${issuedOn}`,
        title: 'Warning notice', reason: 'Standards unacceptably low', evidence: [], proposal: {}, status: 'signed_off', issuedOn,
        details: { ground: 'standards_unacceptably_low', complianceEndsOn: addDays(today, -14) },
      })
      .returning();
    const rulesFor = async () => proposeEscalations((await escalationState(t.database.db, t.organisation.id, school, ctx, today)).state).map((p) => p.ruleId);
    expect(await rulesFor()).toContain('statutory.eligible-for-intervention');

    const senior = await new Browserless(t.url).signInAs('senior_leader');
    const page = `/escalations/${notice.id}`;
    const form = await (await senior.get(page)).text();
    expect(form).toContain('Record compliance');
    const bad = await senior.post(`${page}/compliance`, { ...dateInput('complianceOn', addDays(issuedOn, -1)), complianceNote: '' }, page);
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain(`Enter a date from the notice (${issuedOn}) to today`);
    expect(html).toContain('Say what the school did to comply');
    expect(await rulesFor()).toContain('statutory.eligible-for-intervention');

    const officer = await new Browserless(t.url).signInAs('link_officer');
    expect((await officer.post(`${page}/compliance`, { ...dateInput('complianceOn', addDays(today, -3)), complianceNote: 'x' }, '/engagement')).status).toBe(403);

    const ok = await senior.post(`${page}/compliance`, { ...dateInput('complianceOn', addDays(today, -3)), complianceNote: 'The governing body appointed an executive head and adopted the improvement plan.' }, page);
    expect(ok.status).toBe(303);
    expect(await rulesFor()).not.toContain('statutory.eligible-for-intervention');
    expect(await (await senior.get(page)).text()).toContain('The school complied on');
    const [entry] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'escalation.warning-notice-complied'));
    expect(entry.after).toMatchObject({ compliedOn: addDays(today, -3) });
    const again = await senior.post(`${page}/compliance`, { ...dateInput('complianceOn', addDays(today, -2)), complianceNote: 'again' }, page);
    expect(again.status).toBe(400);

    // Closing: refused without a reason, then recorded and audited; nothing more is proposed from it.
    expect((await senior.post(`${page}/close`, { ...dateInput('closeOn', today), closeNote: ' ' }, page)).status).toBe(400);
    expect((await senior.post(`${page}/close`, { ...dateInput('closeOn', today), closeNote: 'The school converted to an academy.' }, page)).status).toBe(303);
    expect(await (await senior.get(page)).text()).toContain('The notice was closed on');
    const [closed] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'escalation.notice-closed'));
    expect(closed.after).toMatchObject({ closedOn: today, closeNote: 'The school converted to an academy.' });
    expect((await senior.post(`${page}/close`, { ...dateInput('closeOn', today), closeNote: 'again' }, page)).status).toBe(400);
    const { state } = await escalationState(t.database.db, t.organisation.id, school, ctx, today);
    expect(state.notices?.find((n) => n.kind === 'warning_notice')).toMatchObject({ compliedOn: addDays(today, -3), closedOn: today });
  });

  it('writes to the trust and the DfE instead for an academy', async () => {
    const academy = (await currentCategories(t.database.db, t.organisation.id)).schools.find((s) => s.isAcademy)!;
    const { escalation, school, ctx } = await twoMeetingsWithoutImpact(academy.urn);
    expect(escalation.proposals.some((p) => p.step === 'notice_of_concern')).toBe(false);
    const p = escalation.proposals.find((x) => x.step === 'letter_to_trust_and_regional_director')!;
    expect(p.record?.status).toBe('proposed');
    const senior = await new Browserless(t.url).signInAs('senior_leader');
    expect((await senior.post(`/escalations/${p.record!.id}`, { decision: 'sign_off' })).status).toBe(303);
    const [row] = await t.database.db.select().from(escalations).where(eq(escalations.id, p.record!.id));
    expect(row.letterPdf!.length).toBeGreaterThan(1000);
    const { state } = await escalationState(t.database.db, t.organisation.id, school, ctx, today);
    const text = letterText(composeEscalationLetter(loadEscalationTemplate(row.step), letterValues({ row, school, state, today, reviewDate: null, details: {}, signedOffBy: 'Demo Senior Leader', laName: 'Hertfordshire' }), { title: 't', subject: 's', laName: 'Hertfordshire' }));
    expect(text).toContain('DfE Regional Director');
    expect(text).toContain('cannot use its statutory intervention powers for an academy');
  });
});
