// Issue 14, lists at scale: the register, a categorisation round, the watch list, the programme and the
// audit log are searched, filtered, sorted and paged in the database, and their CSV and XLSX exports
// hold exactly the rows the reader's page would (role scope and redaction), and are audited. Real
// Hertfordshire schools from the bundled data; a round of real schools opened through the service.
import ExcelJS from 'exceljs';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districts, schools, users } from '../../src/db/schema.js';
import { countAudit, listAudit } from '../../src/repositories/audit.js';
import { DEMO_SCHOOL_URN, demoEmail } from '../../src/services/demoUsers.js';
import { createRound, webRoundActor } from '../../src/services/rounds.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { Browserless } from '../support/http.js';

let t: TestApp;
let roundId = 0;
/** The round's schools: every open school in Three Rivers and Watford, and 20 in St Albans. */
let roundUrns: number[] = [];
let threeRivers: number[] = [];

async function xlsxRows(res: Response): Promise<Record<string, unknown>[]> {
  expect(res.headers.get('content-type')).toContain('spreadsheetml');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const ws = wb.worksheets[0];
  const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  const out: Record<string, unknown>[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const v = (row.values as unknown[]).slice(1);
    out.push(Object.fromEntries(header.map((h, i) => [h, v[i] ?? null])));
  });
  return out;
}

function csvLines(text: string): string[] {
  return text.trim().split('\r\n');
}

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  const inDistrict = async (name: string) =>
    (
      await db
        .select({ urn: schools.urn })
        .from(schools)
        .innerJoin(districts, eq(districts.id, schools.districtId))
        .where(and(eq(schools.organisationId, t.organisation.id), eq(districts.name, name), eq(schools.status, 'open'), eq(schools.isStateFunded, true)))
    ).map((r) => r.urn);
  threeRivers = await inDistrict('Three Rivers');
  roundUrns = [...threeRivers, ...(await inDistrict('Watford')), ...(await inDistrict('St Albans')).slice(0, 20)];
  const [u] = await db.select().from(users).where(eq(users.email, demoEmail('senior_leader')));
  const r = await createRound(db, t.organisation.id, { academicYear: '2026/27', term: 'autumn', policyId: 'staffordshire-2014', asOf: '2026-09-01', urns: roundUrns }, webRoundActor({ userId: u.id, label: u.email, organisationId: t.organisation.id }, u.id, 'senior_leader'));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  roundId = r.round.id;
}, 300_000);
afterAll(async () => t?.close());

describe('the register', () => {
  it('finds schools by town, sorts by a column and pages with the filters kept', async () => {
    const senior = await new Browserless(t.url).signInAs('senior_leader');
    const watford = await (await senior.get('/schools?q=Watford')).text();
    const [, n] = /(\d+) schools match/.exec(watford) ?? [];
    // Watford schools are found by their town, not only those with "Watford" in their name.
    const byTown = await t.database.db.select({ urn: schools.urn, name: schools.name }).from(schools).where(and(eq(schools.organisationId, t.organisation.id), eq(schools.town, 'Watford'), eq(schools.status, 'open'), eq(schools.isStateFunded, true)));
    expect(byTown.filter((s) => !/watford/i.test(s.name)).length).toBeGreaterThan(5);
    expect(Number(n)).toBeGreaterThanOrEqual(byTown.length);
    const sorted = await (await senior.get('/schools?sort=urn&dir=desc')).text();
    const urns = [...sorted.matchAll(/<td class="govuk-table__cell">(\d{6})<\/td>/g)].map((m) => Number(m[1]));
    expect(urns.length).toBe(50);
    expect(urns).toEqual([...urns].sort((a, b) => b - a));
    expect(sorted).toContain('aria-sort="descending"');
    // The next page keeps the sort; the headers link to the other direction.
    expect(sorted).toContain('href="/schools?sort=urn&amp;dir=desc&amp;page=2"');
    expect(sorted).toContain('href="/schools?sort=urn&amp;dir=asc"');
  });

  it('exports the filtered list as XLSX with the same rows as CSV, for a link officer only their schools, and audits it', async () => {
    const lo = await new Browserless(t.url).signInAs('link_officer');
    const csv = csvLines(await (await lo.get('/schools.csv?phase=Primary')).text());
    const rows = await xlsxRows(await lo.get('/schools.xlsx?phase=Primary'));
    expect(rows.length).toBe(csv.length - 1);
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.every((r) => r.districtName === 'Three Rivers' && r.phase === 'Primary')).toBe(true);
    expect(rows.map((r) => Number(r.urn)).sort()).toEqual(csv.slice(1).map((l) => Number(l.split(',')[0])).sort());
    const [entry] = await listAudit(t.database.db, t.organisation.id, { action: 'schools.export', actor: demoEmail('link_officer') });
    expect(entry.after).toMatchObject({ format: 'xlsx', rows: rows.length });
  });

  it('offers a head teacher no export link (they may not export), and refuses the file', async () => {
    const ht = await new Browserless(t.url).signInAs('head_teacher');
    const page = await (await ht.get('/schools')).text();
    expect(page).toContain(`/schools/${DEMO_SCHOOL_URN}`);
    expect(page).not.toContain('/schools.csv');
    expect(page).not.toContain('/schools.xlsx');
    expect((await ht.get('/schools.xlsx')).status).toBe(403);
  });
});

describe('a categorisation round', () => {
  it('shows one page of 50 with every filter, and the page count', async () => {
    const senior = await new Browserless(t.url).signInAs('senior_leader');
    const page = await (await senior.get(`/categorisation/rounds/${roundId}`)).text();
    expect(page).toContain(`${roundUrns.length} schools match (page 1 of ${Math.ceil(roundUrns.length / 50)})`);
    expect((page.match(/data-qa="round-row"/g) ?? []).length).toBe(50);
    const names = async (dir: string) => {
      const html = await (await senior.get(`/categorisation/rounds/${roundId}?district=Three%20Rivers&sort=name&dir=${dir}`)).text();
      expect(html).toContain(`${threeRivers.length} schools match`);
      return [...html.matchAll(/data-qa="round-row">\s*<td class="govuk-table__cell"><a class="govuk-link" href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
    };
    const up = await names('asc');
    expect(up.length).toBe(threeRivers.length);
    expect(await names('desc')).toEqual([...up].reverse());
    expect((await senior.get(`/categorisation/rounds/${roundId}?sort=nonsense`)).status).toBe(400);
  });

  it('exports exactly the reader’s schools: a link officer gets Three Rivers only, a senior leader all; audited', async () => {
    const lo = await new Browserless(t.url).signInAs('link_officer');
    const loRows = await xlsxRows(await lo.get(`/categorisation/rounds/${roundId}/schools.xlsx`));
    expect(loRows.map((r) => Number(r.URN)).sort()).toEqual([...threeRivers].sort());
    expect(loRows.every((r) => r.District === 'Three Rivers')).toBe(true);
    const loCsv = csvLines(await (await lo.get(`/categorisation/rounds/${roundId}/schools.csv`)).text());
    expect(loCsv[0]).toBe('URN,School,District,Phase,Proposed category,Current category,Stage,Review,Rules that decided it,Inspection evidence');
    expect(loCsv.length - 1).toBe(threeRivers.length);

    const senior = await new Browserless(t.url).signInAs('senior_leader');
    const all = await xlsxRows(await senior.get(`/categorisation/rounds/${roundId}/schools.xlsx`));
    expect(all.length).toBe(roundUrns.length);
    expect(all.every((r) => typeof r['Proposed category'] === 'string' && r.Stage === 'Proposed')).toBe(true);
    const audited = await listAudit(t.database.db, t.organisation.id, { action: 'categorisation.export' });
    expect(audited.map((a) => a.actor)).toEqual(expect.arrayContaining([demoEmail('link_officer'), demoEmail('senior_leader')]));
  });

  it('refuses the export to roles without categorisation:read', async () => {
    const ht = await new Browserless(t.url).signInAs('head_teacher');
    expect((await ht.get(`/categorisation/rounds/${roundId}/schools.csv`)).status).toBe(403);
  });
});

describe('the watch list', () => {
  it('filters by district, and its export holds the link officer’s schools only', async () => {
    const lo = await new Browserless(t.url).signInAs('link_officer');
    const rows = await xlsxRows(await lo.get('/risk.xlsx'));
    expect(rows.length).toBeGreaterThan(0);
    // The link officer reads Three Rivers; their own schools are in it.
    expect(rows.every((r) => r.District === 'Three Rivers')).toBe(true);
    const senior = await new Browserless(t.url).signInAs('senior_leader');
    const [wf] = await t.database.db.select().from(districts).where(and(eq(districts.organisationId, t.organisation.id), eq(districts.name, 'Watford')));
    const watford = csvLines(await (await senior.get(`/risk.csv?district=${wf.id}`)).text()).slice(1);
    expect(watford.length).toBeGreaterThan(0);
    expect(watford.every((l) => l.includes(',Watford,'))).toBe(true);
    const page = await (await senior.get(`/risk?district=${wf.id}`)).text();
    expect(page).toContain(`${watford.length} schools match`);
  });
});

describe('the audit log', () => {
  it('shows before and after as field: old → new, paged, filtered by what it is about', async () => {
    const dl = await new Browserless(t.url).signInAs('district_lead');
    expect((await dl.post(`/schools/${DEMO_SCHOOL_URN}/district`, { districtId: 'none' }, `/schools/${DEMO_SCHOOL_URN}`)).status).toBe(303);
    const admin = await new Browserless(t.url).signInAs('admin');
    const page = await (await admin.get(`/admin/audit?entityType=school&entityId=${DEMO_SCHOOL_URN}`)).text();
    expect(page).toMatch(/<span class="govuk-!-font-weight-bold">district<\/span>: Three Rivers → blank/);
    expect(page).not.toContain('{&quot;district&quot;');
    const all = await (await admin.get('/admin/audit')).text();
    const n = await countAudit(t.database.db, t.organisation.id);
    expect(all).toContain(`${n} entries${n > 50 ? ` (page 1 of ${Math.ceil(n / 50)})` : ''}`);
    expect((all.match(/data-qa="changes"/g) ?? []).length).toBe(Math.min(50, n));
    // Oldest first is a header link away.
    const oldest = await (await admin.get('/admin/audit?dir=asc')).text();
    expect(oldest).toContain('aria-sort="ascending"');
    const rows = await xlsxRows(await admin.get(`/admin/audit.xlsx?entityType=school&entityId=${DEMO_SCHOOL_URN}`));
    expect(rows[0].changes).toBe('district: Three Rivers → blank');
  });
});

describe('exports are not left unscoped by a forged filter', () => {
  it('a link officer asking for another district gets nothing', async () => {
    const lo = await new Browserless(t.url).signInAs('link_officer');
    const rows = await xlsxRows(await lo.get(`/categorisation/rounds/${roundId}/schools.xlsx?district=Watford`));
    expect(rows).toEqual([]);
    const others = await t.database.db.select({ urn: schools.urn }).from(schools).where(and(eq(schools.organisationId, t.organisation.id), inArray(schools.urn, roundUrns)));
    expect(others.length).toBe(roundUrns.length);
  });
});
