// Issue 14 (part 1), on the bundled Hertfordshire data and the demo accounts: the first page after
// sign-in for each role; the school page as the hub, with each section only for the roles that may
// see it and nothing confidential for a school reader; the caseload's truth about planned contacts
// (done with its note, held with the note unpublished, overdue, upcoming) driven through the pages.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, escalations, intelligenceItems, schools, users } from '../../src/db/tables.js';
import type { Role } from '../../src/domain/access/roles.js';
import { addDays, loadCalendar } from '../../src/domain/calendar/index.js';
import { contactStatuses, type HeldContact, type PlannedContact } from '../../src/domain/engagement/index.js';
import { linkOfficers } from '../../src/repositories/engagementEscalations.js';
import { caseloadOf } from '../../src/services/caseload.js';
import { DEMO_SCHOOL_URN } from '../../src/services/demoUsers.js';
import { todayIso } from '../../src/services/escalations.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { Browserless } from '../support/http.js';

let t: TestApp;
const today = todayIso();

beforeAll(async () => {
  t = await startTestApp();
}, 240_000);
afterAll(async () => t?.close());

async function officerUrns(): Promise<number[]> {
  const officer = (await t.database.db.select().from(users)).find((u) => u.email === 'link-officer@demo.lodestar.invalid')!;
  return (await linkOfficers(t.database.db, t.organisation.id)).find((o) => o.id === officer.id)!.urns;
}

describe('home by role', () => {
  it('sends each role to its first page, and never to a refusal', async () => {
    const landing = async (role: Role) => {
      const c = await new Browserless(t.url).signInAs(role);
      const res = await c.get('/');
      return { status: res.status, location: res.headers.get('location'), html: res.status === 200 ? await res.text() : '' };
    };
    expect(await landing('link_officer')).toMatchObject({ status: 303, location: '/engagement' });
    expect(await landing('head_teacher')).toMatchObject({ status: 303, location: `/schools/${DEMO_SCHOOL_URN}` });
    expect(await landing('chair_of_governors')).toMatchObject({ status: 303, location: `/schools/${DEMO_SCHOOL_URN}` });
    expect((await landing('sponsor')).location).toMatch(/^\/schools\/\d+$/);
    expect(await landing('elected_member')).toMatchObject({ status: 303, location: '/reports' });

    // Issue 18: the provider lands on its commissions, the contract manager on provider performance.
    expect(await landing('provider')).toMatchObject({ status: 303, location: '/provider' });
    expect(await landing('contract_manager')).toMatchObject({ status: 303, location: '/support/contracts' });

    const district = await landing('district_lead');
    expect(district.status).toBe(200);
    expect(district.html).toContain('Three Rivers');
    expect(district.html).toContain('Watford');
    expect(district.html).toMatch(/href="\/schools\?district=\d+"/);

    const analyst = await landing('analyst');
    expect(analyst.status).toBe(200);
    expect(analyst.html).toContain('data-qa="home-data"');
    expect(analyst.html).toContain('919_ks2final.csv');
  });

  it('shows a senior leader the escalations waiting for their sign-off', async () => {
    const [school] = await t.database.db.select().from(schools).where(eq(schools.urn, 117084));
    const [row] = await t.database.db
      .insert(escalations)
      .values({ organisationId: t.organisation.id, urn: school.urn, step: 'notice_of_concern', ruleId: 'test.home', triggerKey: 'test.home@1', title: 'Notice of Concern', reason: 'Two meetings without evidence of impact', evidence: [], proposal: {}, dueDate: addDays(today, 5) })
      .returning();
    const senior = await new Browserless(t.url).signInAs('senior_leader');
    const html = await (await senior.get('/')).text();
    expect(html).toContain('Decisions waiting for you');
    expect(html).toContain(`/escalations/${row.id}`);
    expect(html).toContain(school.name);
    await t.database.db.delete(escalations).where(eq(escalations.id, row.id));
  });
});

describe('the school hub', () => {
  const sectionsOf = (html: string) => [...html.matchAll(/data-section="([a-z-]+)"/g)].map((m) => m[1]);

  it('links a link officer to every section, and a head teacher only to theirs', async () => {
    const officer = await new Browserless(t.url).signInAs('link_officer');
    const html = await (await officer.get(`/schools/${DEMO_SCHOOL_URN}`)).text();
    expect(sectionsOf(html)).toEqual(['dashboard', 'visits', 'core-group', 'categorisation', 'escalations', 'support', 'support-plans', 'risk', 'intelligence', 'letters', 'register']);
    for (const h of ['Category and why', 'Latest inspection', 'Stage of concern', 'Open notices', 'Link officer', 'Trust', 'Early-warning risk']) expect(html).toContain(h);
    // The link officer's name is on the school they hold.
    expect(html).toContain('Demo Link Officer');

    const head = await new Browserless(t.url).signInAs('head_teacher');
    const own = await (await head.get(`/schools/${DEMO_SCHOOL_URN}`)).text();
    expect(sectionsOf(own)).toEqual(['dashboard', 'visits', 'categorisation', 'support-plans', 'letters', 'register']);
    expect(own).not.toContain('Early-warning risk');
    expect(own).not.toContain('Open notices');
    // Every link a head teacher is offered on their page opens.
    for (const href of new Set([...own.matchAll(/href="(\/[^"#]*)/g)].map((m) => m[1].replace(/&amp;/g, '&')))) {
      if (href.startsWith('/govuk') || href.startsWith('/public') || href.startsWith('/assets')) continue;
      expect([200, 303], href).toContain((await head.get(href)).status);
    }

    const analyst = await new Browserless(t.url).signInAs('analyst');
    expect(sectionsOf(await (await analyst.get(`/schools/${DEMO_SCHOOL_URN}`)).text())).toEqual(['dashboard', 'categorisation', 'risk', 'letters', 'register']);
  });

  it('never shows a school reader confidential intelligence through the category explanation', async () => {
    const officer = (await t.database.db.select().from(users)).find((u) => u.email === 'link-officer@demo.lodestar.invalid')!;
    // Real shape, as the intelligence form records it: a confidential safeguarding concern.
    await t.database.db.insert(intelligenceItems).values({
      organisationId: t.organisation.id,
      urn: DEMO_SCHOOL_URN,
      kind: 'safeguarding_concern',
      occurredOn: addDays(today, -20),
      source: 'Designated officer',
      summary: 'Hub redaction check: allegation referred to LADO',
      confidential: true,
      status: 'open',
      authorUserId: officer.id,
    } as typeof intelligenceItems.$inferInsert);
    const head = await new Browserless(t.url).signInAs('head_teacher');
    const own = await (await head.get(`/schools/${DEMO_SCHOOL_URN}`)).text();
    expect(own).not.toMatch(/safeguarding|LADO|Hub redaction check/i);
  });

  it('shows an academy its trust from the register', async () => {
    const [academy] = await t.database.db.select().from(schools).where(eq(schools.organisationId, t.organisation.id)).then((rows) => rows.filter((r) => r.trustName && r.status === 'open'));
    expect(academy, 'the 2015 GIAS extract names trusts').toBeTruthy();
    const senior = await new Browserless(t.url).signInAs('senior_leader');
    const html = await (await senior.get(`/schools/${academy.urn}`)).text();
    expect(html).toContain(academy.trustName!.replace(/&/g, '&amp;').replace(/'/g, '&#39;'));
    expect(html).not.toContain('Not in the register files imported (the performance tables');
  });
});

describe('caseload truth', () => {
  it('marks contacts done by their note, held when the note is a draft, overdue when missed, and sorts by what needs action', () => {
    const c = (date: string, meetingType: PlannedContact['meetingType'] = 'termly-visit'): PlannedContact => ({ urn: 1, schoolName: 'X', officerId: 'me', date, academicYear: '2026/27', term: 'autumn', halfTerm: null, window: '', meetingType, reason: '', days: 1 });
    const planned = [c('2026-09-20'), c('2027-01-20'), c('2027-05-10'), c('2026-10-01', 'quality-assurance-visit')];
    const held: HeldContact[] = [
      // Held four days after the January date: it fulfils January, not September.
      { kind: 'visit', id: 7, urn: 1, type: 'termly-visit', date: '2027-01-24', status: 'published' },
      { kind: 'visit', id: 8, urn: 1, type: 'quality-assurance-visit', date: '2026-09-28', status: 'draft' },
    ];
    const s = contactStatuses(planned, held, '2027-02-01');
    expect(s.map((x) => [x.contact.date, x.state, x.held?.id ?? null])).toEqual([
      ['2026-09-20', 'overdue', null],
      ['2026-10-01', 'held-draft', 8],
      ['2027-01-20', 'done', 7],
      ['2027-05-10', 'upcoming', null],
    ]);
  });

  it('shows an overdue contact, then done once the visit note is published, no longer the next contact', async () => {
    const urns = await officerUrns();
    const calendar = loadCalendar();
    const before = await caseloadOf(t.database.db, t.organisation.id, urns, today, calendar);
    // A school of the officer's with a contact already past and one still to come this year.
    const school = before.schools.find((s) => s.overdueContacts.length && s.next);
    expect(school, 'the bundled categories plan contacts for the officer\'s schools').toBeTruthy();
    const missed = school!.overdueContacts[0];

    const officer = await new Browserless(t.url).signInAs('link_officer');
    const page = await (await officer.get('/engagement?show=action')).text();
    expect(page).toContain(`data-urn="${school!.urn}"`);
    expect(page).toContain('data-state="overdue"');

    // The officer records the missed contact on the day it was planned and publishes the note.
    const [y, m, d] = missed.contact.date!.split('-');
    const res = await officer.post(
      `/schools/${school!.urn}/visits/new`,
      { type: missed.contact.meetingType, 'date-day': d, 'date-month': m, 'date-year': y, agenda: 'Attendance', attendees: 'Headteacher; link officer', judgements: 'Attendance plan in place.' },
      `/schools/${school!.urn}/visits/new`,
    );
    expect(res.status).toBe(303);
    const noteUrl = res.headers.get('location')!;
    let after = (await caseloadOf(t.database.db, t.organisation.id, [school!.urn], today, calendar)).schools[0];
    expect(after.contacts.find((x) => x.contact === after.contacts.find((y2) => y2.contact.date === missed.contact.date && y2.contact.meetingType === missed.contact.meetingType)?.contact)?.state).toBe('held-draft');

    expect((await officer.post(`${noteUrl}/publish`, {}, noteUrl)).status).toBe(303);
    after = (await caseloadOf(t.database.db, t.organisation.id, [school!.urn], today, calendar)).schools[0];
    const done = after.contacts.find((x) => x.contact.date === missed.contact.date && x.contact.meetingType === missed.contact.meetingType)!;
    expect(done.state).toBe('done');
    expect(done.href).toBe(noteUrl);
    expect(after.overdueContacts.length).toBe(school!.overdueContacts.length - 1);
    const html = await (await officer.get('/engagement')).text();
    expect(html).toContain(`href="${noteUrl}"`);
  });

  it('a visit held today with its note published is no longer the next contact', async () => {
    const urns = await officerUrns();
    const calendar = loadCalendar();
    const cl = await caseloadOf(t.database.db, t.organisation.id, urns, today, calendar);
    const school = cl.schools.find((s) => s.next && s.next.contact.meetingType !== 'core-group' && s.next.contact.meetingType !== 'improvement-review')!;
    const next = school.next!;
    const officer = await new Browserless(t.url).signInAs('link_officer');
    const [y, m, d] = today.split('-');
    const res = await officer.post(
      `/schools/${school.urn}/visits/new`,
      { type: next.contact.meetingType, 'date-day': d, 'date-month': m, 'date-year': y, agenda: 'Early visit', attendees: 'Headteacher', judgements: 'Held early at the school\'s request.' },
      `/schools/${school.urn}/visits/new`,
    );
    const noteUrl = res.headers.get('location')!;
    expect((await officer.post(`${noteUrl}/publish`, {}, noteUrl)).status).toBe(303);
    const after = (await caseloadOf(t.database.db, t.organisation.id, [school.urn], today, calendar)).schools[0];
    expect(after.next?.contact.date).not.toBe(next.contact.date === after.contacts.find((c) => c.href === noteUrl)?.contact.date ? next.contact.date : 'never');
    expect(after.contacts.some((c) => c.href === noteUrl && c.state === 'done')).toBe(true);
  });
});

describe('forms', () => {
  const dateInput = (name: string, iso: string) => {
    const [y, m, d] = iso.split('-');
    return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y };
  };

  it('lets the officer edit a draft note until it is published, audited; a published note is never changed', async () => {
    const officer = await new Browserless(t.url).signInAs('link_officer');
    const form = `/schools/${DEMO_SCHOOL_URN}/visits/new`;
    // Day/month/year boxes as typed by a person ("15/01/2027" is three boxes, unpadded).
    const created = await officer.post(form, { type: 'termly-visit', ...dateInput('date', addDays(today, -1)), agenda: 'Reading', attendees: 'Headteacher', judgements: 'First draft.', 'action-0-text': 'Share the plan', 'action-0-owner': 'Headteacher', ...dateInput('action-0-due', addDays(today, 20)) }, form);
    expect(created.status).toBe(303);
    const noteUrl = created.headers.get('location')!;
    expect(await (await officer.get(noteUrl)).text()).toContain(`${noteUrl}/edit`);

    const editPage = await (await officer.get(`${noteUrl}/edit`)).text();
    expect(editPage).toContain('First draft.');
    expect(editPage).toContain('Share the plan');
    const refused = await officer.post(`${noteUrl}/edit`, { type: 'termly-visit', 'date-day': '31', 'date-month': '2', 'date-year': '2026', agenda: 'Reading', attendees: 'Headteacher', judgements: 'x' }, `${noteUrl}/edit`);
    expect(refused.status).toBe(400);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain('Enter the date of the visit as a real date');
    expect(refusedHtml).toContain('href="#date-day"');

    const saved = await officer.post(`${noteUrl}/edit`, { type: 'termly-visit', ...dateInput('date', addDays(today, -1)), agenda: 'Reading', attendees: 'Headteacher', judgements: 'Corrected before publishing.', 'action-0-text': 'Share the reading plan', 'action-0-owner': 'Deputy head', ...dateInput('action-0-due', addDays(today, 30)) }, `${noteUrl}/edit`);
    expect(saved.status).toBe(303);
    const shown = await (await officer.get(noteUrl)).text();
    expect(shown).toContain('Corrected before publishing.');
    expect(shown).toContain('Share the reading plan');
    expect(shown).not.toContain('First draft.');
    const visitId = noteUrl.split('/').pop()!;
    const [entry] = (await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'visit.edited'), eq(auditLog.entityId, visitId))));
    expect(entry.before).toMatchObject({ judgements: 'First draft.' });
    expect(entry.after).toMatchObject({ judgements: 'Corrected before publishing.' });

    const head = await new Browserless(t.url).signInAs('head_teacher');
    expect((await head.get(`${noteUrl}/edit`)).status).toBe(403);

    expect((await officer.post(`${noteUrl}/publish`, {}, noteUrl)).status).toBe(303);
    expect((await officer.get(`${noteUrl}/edit`)).headers.get('location')).toBe(noteUrl);
    expect(await (await officer.get(noteUrl)).text()).not.toContain(`${noteUrl}/edit`);
  });

  it('never offers a head teacher the CSV link they may not use', async () => {
    const head = await new Browserless(t.url).signInAs('head_teacher');
    const list = await (await head.get('/schools')).text();
    expect(list).not.toContain('/schools.csv');
    expect((await head.get('/schools.csv')).status).toBe(403);
    const officer = await new Browserless(t.url).signInAs('link_officer');
    expect(await (await officer.get('/schools')).text()).toContain('/schools.csv');
  });
});
