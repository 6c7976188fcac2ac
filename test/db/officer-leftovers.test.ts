// Issue 14, on the bundled Hertfordshire data: the risk page dates each factor's evidence and says the
// day its score was worked out; an academy whose category moderation changed reads the engagement of the
// category it now holds (with the academies' own wording) on its round entry, its own page and its letter;
// the audit log filtered by GOV.UK date boxes, its exports the same.
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, schools, users } from '../../src/db/schema.js';
import type { Role } from '../../src/domain/access/roles.js';
import { engagementFor } from '../../src/domain/categorisation/index.js';
import { getEntry } from '../../src/repositories/categorisation.js';
import { findUserByEmail, principalFor } from '../../src/repositories/users.js';
import { demoEmail, DEMO_SCHOOL_URN } from '../../src/services/demoUsers.js';
import { loadSchoolEvidence } from '../../src/services/evidence.js';
import { prepareLetters } from '../../src/services/letters.js';
import { confirmWholeRound, createRound, loadRound, moderateEntry, webRoundActor } from '../../src/services/rounds.js';
import { formatDate } from '../../src/web/views.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { Browserless } from '../support/http.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
}, 240_000);
afterAll(async () => t?.close());

async function actor(role: Role) {
  const [u] = await t.database.db.select().from(users).where(eq(users.email, demoEmail(role)));
  return webRoundActor({ userId: u.id, label: u.email, organisationId: t.organisation.id }, u.id, role);
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');

describe('the risk page', () => {
  it('says the day its score was worked out and the year of each factor’s figure', async () => {
    const officer = await new Browserless(t.url).signInAs('link_officer');
    const html = await (await officer.get(`/schools/${DEMO_SCHOOL_URN}/risk`)).text();
    const today = new Date().toISOString().slice(0, 10);
    expect(text(html)).toContain(`Worked out on ${formatDate(today)} from the evidence published before`);
    expect(html).not.toContain('Worked out today');
    const factors = [...html.matchAll(/<li><strong>(?:Raises|Lowers) the risk:<\/strong>(.*?)<\/li>/g)].map((m) => text(m[1]));
    expect(factors.length).toBeGreaterThan(0);
    // The real absence figures of Abbots Langley School: the newest year the model could know.
    const evidence = (await loadSchoolEvidence(t.database.db, t.organisation.id, DEMO_SCHOOL_URN, new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)))!;
    // Inspection-history factors (the stage weighs them where inspections are held) name their inspection instead.
    const fromInspection = (f: string) => /^ Its (last graded|time since the last graded)/.test(f);
    for (const f of factors.filter(fromInspection)) expect(f).toMatch(/\(the inspection of \d{1,2} [A-Z][a-z]+ \d{4}\)/);
    // Every other factor with a figure names the year of it (with the stage, a school's top factors may all be
    // inspection history, as Abbots Langley's are once its 2014 inspection is held).
    const withFigure = factors.filter((f) => /^ Its /.test(f) && !fromInspection(f) && !/No figure/.test(f));
    expect(withFigure.length + factors.filter(fromInspection).length).toBeGreaterThan(0);
    for (const f of withFigure) {
      const years = /\((\d{4}\/\d{2})(?: and (\d{4}\/\d{2}))? figures\)/.exec(f);
      expect(years, f).not.toBeNull();
      // Each year named is one the school has published figures for.
      for (const y of years!.slice(1).filter(Boolean)) expect(evidence.observations.some((o) => o.academicYear === y)).toBe(true);
    }
  });
});

describe('old rounds’ wording after a change of category', () => {
  it('an academy moved to a new category reads that category’s academy engagement on the entry, its own page and its letter', async () => {
    const db = t.database.db;
    const org = t.organisation.id;
    const sponsor = (await findUserByEmail(db, demoEmail('sponsor')))!;
    const [urn] = (await principalFor(db, sponsor)).schoolUrns;
    const created = await createRound(db, org, { academicYear: '2024/25', term: 'summer', policyId: 'staffordshire-2014', asOf: '2025-06-01', urns: [urn] }, await actor('senior_leader'));
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const roundId = created.round.id;
    const proposed = (await getEntry(db, org, roundId, urn))!.proposedCategory;
    const to = proposed === 'D' ? 'C' : 'D';
    const lo = await actor('link_officer');
    expect(await moderateEntry(db, org, roundId, urn, { step: 'link_officer_reviewed' }, lo)).toEqual({ ok: true });
    expect(await moderateEntry(db, org, roundId, urn, { step: 'district_moderated', toCategory: to, reason: 'Leadership capacity has fallen since the evidence date' }, await actor('district_lead'))).toEqual({ ok: true });

    const loaded = (await loadRound(db, org, roundId))!;
    const academy = engagementFor(loaded.policy, [{ id: 'academies' }], to)!.description;
    const maintained = loaded.policy.categories.find((c) => c.code === to)!.engagement.description;
    expect(academy).not.toBe(maintained);

    const admin = await new Browserless(t.url).signInAs('admin');
    const entry = text(await (await admin.get(`/categorisation/rounds/${roundId}/schools/${urn}`)).text());
    expect(entry).toContain(academy);

    const senior = await actor('senior_leader');
    expect(await moderateEntry(db, org, roundId, urn, { step: 'confirmed' }, senior)).toEqual({ ok: true });
    expect(await confirmWholeRound(db, org, roundId, senior)).toEqual({ ok: true });
    const own = text(await (await (await new Browserless(t.url).signInAs('sponsor')).get('/my-school/category')).text());
    expect(own).toContain(academy);
    expect(own).not.toContain(maintained);

    const [letter] = await prepareLetters(db, org, roundId, { laName: t.organisation.name, urns: [urn] });
    expect(letter.data.category.code).toBe(to);
    expect(letter.data.engagement).toBe(academy);
    // A letter to an academy is copied to its trust, named where the register files name it.
    const school = (await t.database.db.select().from(schools).where(eq(schools.urn, urn)))[0]!;
    expect(letter.data.recipients).toBe(`The Headteacher and Chair of Governors, copied to ${school.trustName ? `the Chief Executive Officer, ${school.trustName}` : 'the Chief Executive Officer of its academy trust'}`);
  });
});

describe('the audit log between two days', () => {
  // Four entries with set times around a summer midnight (the log is append-only, so these stay; their
  // times are made up to sit on the day's edges, the only synthetic rows here).
  const at = { before: '2026-06-30T12:00:00Z', earlyBst: '2026-06-30T23:30:00Z', lateBst: '2026-07-01T22:59:00Z', nextDay: '2026-07-01T23:30:00Z' };
  beforeAll(async () => {
    await t.database.db.insert(auditLog).values(
      Object.entries(at).map(([k, v]) => ({ organisationId: t.organisation.id, at: new Date(v), actor: 'test', action: 'test.dated', entityType: 'test', entityId: k })),
    );
  });

  it('lists the entries of the UK days asked for in date boxes, and the CSV and XLSX links carry the same days', async () => {
    const admin = await new Browserless(t.url).signInAs('admin');
    const res = await admin.get('/admin/audit?action=test.&from-day=1&from-month=7&from-year=2026&to-day=1&to-month=7&to-year=2026');
    expect(res.status).toBe(200);
    const html = await res.text();
    // The GOV.UK date input, its boxes keeping the day asked for.
    expect(html).toContain('name="from-day"');
    expect(html).toMatch(/name="to-year" type="text" value="2026"|value="2026"[^>]*name="to-year"/);
    expect(text(html)).toContain('2 entries');
    // 00:30 on 1 July in UK time is 23:30 UTC on 30 June: it belongs to 1 July; 00:30 on 2 July does not.
    expect([...html.matchAll(/<td class="govuk-table__cell">test (\w+)<\/td>/g)].map((m) => m[1]).sort()).toEqual(['earlyBst', 'lateBst']);

    const csvHref = /href="(\/admin\/audit\.csv[^"]*)"/.exec(html)![1].replace(/&amp;/g, '&');
    expect(csvHref).toContain('from=2026-07-01');
    expect(csvHref).toContain('to=2026-07-01');
    const csv = await (await admin.get(csvHref)).text();
    expect(csv.trim().split('\r\n').slice(1).map((l) => l.split(',')[5]).sort()).toEqual(['earlyBst', 'lateBst']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await (await admin.get(csvHref.replace('audit.csv', 'audit.xlsx'))).arrayBuffer());
    const ids: string[] = [];
    wb.worksheets[0].eachRow((row, n) => {
      if (n > 1) ids.push(String((row.values as unknown[])[6]));
    });
    expect(ids.sort()).toEqual(['earlyBst', 'lateBst']);

    // From alone: everything from that day on.
    const from = text(await (await admin.get('/admin/audit?action=test.&from-day=1&from-month=7&from-year=2026')).text());
    expect(from).toContain('3 entries');
  });

  it('refuses a date that is not real, or a To before the From, with an error summary and lists nothing', async () => {
    const admin = await new Browserless(t.url).signInAs('admin');
    const bad = await admin.get('/admin/audit?action=test.&from-day=31&from-month=2&from-year=2026');
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('govuk-error-summary');
    expect(html).toContain('href="#from-day"');
    expect(html).toContain('From must be a real date');
    expect(html).toMatch(/name="from-day" type="text" value="31"|value="31"[^>]*name="from-day"/);
    expect(html).toContain('data-qa="dates-invalid"');
    expect(html).not.toContain('data-qa="audit-table"');

    const backwards = await admin.get('/admin/audit?from-day=2&from-month=7&from-year=2026&to-day=1&to-month=7&to-year=2026');
    expect(backwards.status).toBe(400);
    const bHtml = await backwards.text();
    expect(bHtml).toContain('href="#to-day"');
    expect(bHtml).toContain('To must be the same as or after From');
    expect((await admin.get('/admin/audit.csv?from=2026-02-31')).status).toBe(400);
  });
});
