// The strategic view (issue 17) on the real bundled LA: indicators from the evidence store for any
// date, split by district, phase and type, and the LA's own categories from confirmed rounds.
import ExcelJS from 'exceljs';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schools, users } from '../../src/db/schema.js';
import type { Role } from '../../src/domain/access/roles.js';
import { demoEmail } from '../../src/services/demoUsers.js';
import { confirmUnchangedProposals, confirmWholeRound, createRound, webRoundActor } from '../../src/services/rounds.js';
import { listAudit } from '../../src/repositories/audit.js';
import { listDistricts } from '../../src/repositories/districts.js';
import { listPlanItems } from '../../src/repositories/strategic.js';
import { districtRadar, indicatorReport } from '../../src/services/strategic.js';
import { Browserless } from '../support/http.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;

async function actor(role: Role) {
  const [u] = await t.database.db.select().from(users).where(eq(users.email, demoEmail(role)));
  return webRoundActor({ userId: u.id, label: u.email, organisationId: t.organisation.id }, u.id, role);
}

beforeAll(async () => {
  t = await startTestApp();
}, 240_000);
afterAll(async () => t?.close());

describe('strategic indicators from the evidence store', () => {
  it('computes every indicator for the LA, each district, phase and type, with schools and pupils', async () => {
    const r = await indicatorReport(t.database.db, t.organisation, '2025-09-01');
    const la = r.scopes.find((s) => s.scope === 'la')!;
    expect(la.schools).toBeGreaterThan(400);
    expect(r.scopes.filter((s) => s.scope.startsWith('district:')).length).toBe(10);
    expect(r.scopes.map((s) => s.scope)).toEqual(expect.arrayContaining(['phase:primary', 'phase:secondary', 'phase:special', 'type:maintained', 'type:academy']));
    // Districts partition the schools that have one.
    const inDistricts = r.scopes.filter((s) => s.scope.startsWith('district:')).reduce((a, s) => a + s.schools, 0);
    expect(inDistricts).toBeLessThanOrEqual(la.schools);
    const withFigure = r.scopes.filter((s) => s.scope.startsWith('district:')).reduce((a, s) => a + s.figures['overall-absence']!.schools, 0);
    expect(withFigure).toBeLessThanOrEqual(la.figures['overall-absence']!.schools);
    for (const f of Object.values(la.figures)) {
      expect(typeof f.schools).toBe('number');
      expect(typeof f.pupils).toBe('number');
    }
    expect(la.figures['pupils-good-or-better']!.value).toBeGreaterThan(50);
    expect(la.figures['pupils-good-or-better']!.pupils).toBeGreaterThan(100_000);
    expect(la.figures['pupils-good-or-better']!.note).toContain('staffordshire-2014');
    // The latest KS2 published by 1 Sept 2025 is 2023/24 (2024/25's final tables come in December), with England.
    expect(la.figures['ks2-rwm-expected']).toMatchObject({ year: '2023/24', england: 61 });
  });

  it('uses only evidence published by the day asked', async () => {
    const before = await indicatorReport(t.database.db, t.organisation, '2024-09-01');
    const after = await indicatorReport(t.database.db, t.organisation, '2025-09-01');
    // 2023/24 absence is published at the end of March 2025.
    expect(before.scopes[0]!.figures['overall-absence']!.year).toBe('2018/19');
    expect(after.scopes[0]!.figures['overall-absence']!.year).toBe('2023/24');
  });

  it('reads the LA’s own categories from confirmed rounds only', async () => {
    const urns = [117083, 117111, 117141];
    const senior = await actor('senior_leader');
    const r = await createRound(t.database.db, t.organisation.id, { academicYear: '2025/26', term: 'autumn', policyId: 'staffordshire-2014', asOf: '2025-09-01', urns }, senior);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const open = await indicatorReport(t.database.db, t.organisation, '2025-10-01');
    expect(open.scopes[0]!.figures['la-category-distribution']!.schools).toBe(0);
    const unchanged = await confirmUnchangedProposals(t.database.db, t.organisation.id, r.round.id, senior);
    expect(unchanged.ok).toBe(true);
    const confirmed = await confirmWholeRound(t.database.db, t.organisation.id, r.round.id, senior);
    if (!confirmed.ok) throw new Error(JSON.stringify(confirmed.errors));
    const now = await indicatorReport(t.database.db, t.organisation, '2025-10-01');
    const dist = now.scopes[0]!.figures['la-category-distribution']!;
    expect(dist.schools).toBe(3);
    expect(Object.values(dist.distribution!).reduce((a, b) => a + b, 0)).toBe(3);
    // Before the round's evidence date it is not yet known.
    expect((await indicatorReport(t.database.db, t.organisation, '2025-08-01')).scopes[0]!.figures['la-category-distribution']!.schools).toBe(0);
  });
});

describe('strategy pages', () => {
  it('shows each target with its chart, table and status; officers see the schools that move it, elected members never', async () => {
    const member = await new Browserless(t.url).signInAs('elected_member');
    const res = await member.get('/strategy?asOf=2025-09-01');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Pupils in good or better schools: Whole LA');
    expect(html).toContain('Schools that are good or better: Broxbourne');
    expect(html).toMatch(/<svg[^>]*role="img"/);
    expect(html).toContain('data-qa="target-table"');
    expect(html).toMatch(/On track|Off track/);
    expect(html).toContain('staffordshire-2014'); // the good-or-better setting, stated beside the figure
    expect(html).not.toContain('data-qa="movers"');
    expect(html).not.toMatch(/href="\/schools\/\d+"/);
    const senior = await new Browserless(t.url).signInAs('senior_leader');
    const officerView = await (await senior.get('/strategy?asOf=2025-09-01')).text();
    expect(officerView).toContain('data-qa="movers"');
    expect(officerView).toMatch(/href="\/schools\/\d+"/);
  });

  it('draws a district radar against the LA and England with the same numbers in a table', async () => {
    const broxbourne = (await listDistricts(t.database.db, t.organisation.id)).find((d) => d.name === 'Broxbourne')!;
    const member = await new Browserless(t.url).signInAs('elected_member');
    const html = await (await member.get(`/strategy/districts/${broxbourne.id}?asOf=2025-09-01`)).text();
    expect(html).toContain('Broxbourne against Hertfordshire and England');
    const radar = await districtRadar(t.database.db, t.organisation, broxbourne, '2025-09-01');
    const sgb = radar.rows.find((r) => r.id === 'schools-good-or-better')!;
    expect(html).toContain(`>${sgb.district.value}<`);
    expect(html).toContain(`>${sgb.la.value}<`);
    expect(html).not.toContain('Add a plan line');
    expect((await member.get(`/schools/117083`)).status).toBe(403);
  });

  it('lets a district lead keep their own district’s plan (errors re-shown, audited) and no other', async () => {
    const all = await listDistricts(t.database.db, t.organisation.id);
    const watford = all.find((d) => d.name === 'Watford')!;
    const broxbourne = all.find((d) => d.name === 'Broxbourne')!;
    const lead = await new Browserless(t.url).signInAs('district_lead');
    const page = `/strategy/districts/${watford.id}`;
    const bad = await lead.post(`${page}/plan`, { priority: '', action: 'Review', owner: 'Lead', 'dueDate-day': '31', 'dueDate-month': '2', 'dueDate-year': '2026', status: 'in_progress' }, page);
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('There is a problem');
    expect(badHtml).toContain('href="#priority"');
    expect(badHtml).toContain('href="#dueDate-day"');
    expect(badHtml).toContain('>Review</textarea>'); // what was typed is kept
    expect(await listPlanItems(t.database.db, t.organisation.id, watford.id)).toEqual([]);
    const good = await lead.post(`${page}/plan`, { priority: 'Pupils in good or better schools', action: 'Termly review of every school below good', owner: 'District lead', 'dueDate-day': '17', 'dueDate-month': '7', 'dueDate-year': '2026', status: 'in_progress' }, page);
    expect(good.status).toBe(303);
    const [item] = await listPlanItems(t.database.db, t.organisation.id, watford.id);
    expect(item).toMatchObject({ priority: 'Pupils in good or better schools', dueDate: '2026-07-17', status: 'in_progress' });
    expect(await (await lead.get(page)).text()).toContain('Termly review of every school below good');
    const changed = await lead.post(`${page}/plan/${item!.id}`, { priority: item!.priority, action: item!.action, owner: 'Head of School Improvement', 'dueDate-day': '17', 'dueDate-month': '7', 'dueDate-year': '2026', status: 'done' }, `${page}/plan/${item!.id}`);
    expect(changed.status).toBe(303);
    const log = await listAudit(t.database.db, t.organisation.id, { action: 'strategy.plan_item' });
    expect(log.map((l) => l.action).sort()).toEqual(['strategy.plan_item_added', 'strategy.plan_item_changed']);
    const change = log.find((l) => l.action === 'strategy.plan_item_changed')!;
    expect(change.before).toMatchObject({ status: 'in_progress', owner: 'District lead' });
    expect(change.after).toMatchObject({ status: 'done', owner: 'Head of School Improvement' });
    // Not their district: as if it did not exist.
    const other = await lead.post(`/strategy/districts/${broxbourne.id}/plan`, { priority: 'x', action: 'y', owner: 'z', 'dueDate-day': '1', 'dueDate-month': '1', 'dueDate-year': '2027', status: 'done' }, `/strategy/districts/${broxbourne.id}`);
    expect(other.status).toBe(404);
    expect(await listPlanItems(t.database.db, t.organisation.id, broxbourne.id)).toEqual([]);
  });
});

describe('category movement', () => {
  it('shows each round’s distribution and the transitions between two confirmed rounds, naming no school', async () => {
    const urns = [117083, 117111, 117141];
    const senior = await actor('senior_leader');
    const r = await createRound(t.database.db, t.organisation.id, { academicYear: '2025/26', term: 'spring', policyId: 'staffordshire-2014', asOf: '2026-01-05', urns }, senior);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect((await confirmUnchangedProposals(t.database.db, t.organisation.id, r.round.id, senior)).ok).toBe(true);
    expect((await confirmWholeRound(t.database.db, t.organisation.id, r.round.id, senior)).ok).toBe(true);
    const member = await new Browserless(t.url).signInAs('elected_member');
    const html = await (await member.get('/strategy/movement')).text();
    expect(html).toContain('From 2025/26 autumn (rows) to 2025/26 spring (columns)');
    expect(html).toContain('data-qa="distribution"');
    expect(html).toMatch(/<svg[^>]*role="img"/);
    // The same three schools in both rounds: none new, none left.
    expect(html).toMatch(/ 0 new, 0 not in the later round/);
    expect(html).not.toMatch(/href="\/schools\/\d+"/);
  });
});

describe('scrutiny report', () => {
  it('an elected member downloads the PDF and XLSX: aggregate, small numbers suppressed, no school named, data date shown', async () => {
    const member = await new Browserless(t.url).signInAs('elected_member');
    const page = await (await member.get('/reports')).text();
    expect(page).toContain('Download the scrutiny report (PDF)');
    const pdf = await member.get('/reports/scrutiny.pdf?term=autumn&year=2025/26');
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const xlsx = await member.get('/reports/scrutiny.xlsx?term=autumn&year=2025/26');
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.value)))));
    const text = cells.join('\n');
    // The autumn term 2025/26 ends before today: evidence as of its last day.
    expect(text).toMatch(/Data as of 2025-12-\d\d/);
    expect(text).toContain('Whole LA');
    expect(text).toContain('Broxbourne');
    // Three schools were categorised in the rounds above: each category's count is under 5.
    expect(text).toContain('fewer than 5');
    expect(text).toContain('No school is named in this report');
    const names = await t.database.db.select({ name: schools.name }).from(schools).where(inArray(schools.urn, [117083, 117111, 117141]));
    for (const { name } of names) expect(text).not.toContain(name);
  });
});
