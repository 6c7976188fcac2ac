// Issue 19: the LA's self-evaluation computed from its own records. "Proactive, not reactive" is worked
// out on the bundled Hertfordshire inspections after a categorisation round and review flags made
// through the services an officer uses, and checked against an independent SQL query.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfEvaluationOutput } from '../../src/cli/commands/selfEvaluation.js';
import { cliRoundActor, createRound } from '../../src/services/rounds.js';
import { raiseReviewFlag } from '../../src/services/reviewFlags.js';
import { readRiskSettings } from '../../src/services/riskAlerts.js';
import { computeEvidence } from '../../src/services/selfEvaluation.js';
import ExcelJS from 'exceljs';
import { unzipEntry } from '../../src/letters/test-helpers.js';
import { listAudit } from '../../src/repositories/audit.js';
import { findUserByEmail } from '../../src/repositories/users.js';
import { demoEmail } from '../../src/services/demoUsers.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { rows } from '../support/db.js';
import { Browserless } from '../support/http.js';

let t: TestApp;
const AS_OF = '2025-09-01';
// The bundled inspections are each school's latest as of early 2020 (2017–2020): a round on the
// evidence of June 2017 comes before most of them.
const ROUND_AS_OF = '2017-06-01';
const actor = { userId: null, label: 'self-evaluation test', organisationId: 0 };

interface Below {
  urn: number;
  inspection_date: string;
  prev: string | null;
}

/** Schools whose latest inspection up to AS_OF was below good, written without the domain code. */
async function belowGoodByQuery(): Promise<Below[]> {
  return rows<Below>(
    await t.database.db.execute(sql`
      with ranked as (
        select i.urn, i.inspection_date, i.overall_effectiveness, i.category_of_concern,
               lag(i.inspection_date) over (partition by i.urn order by i.inspection_date) as prev,
               row_number() over (partition by i.urn order by i.inspection_date desc) as rn
        from inspections i
        join schools s on s.organisation_id = i.organisation_id and s.urn = i.urn
        where i.organisation_id = ${t.organisation.id} and i.inspection_date <= ${AS_OF}::date
      )
      select urn, inspection_date::text as inspection_date, prev::text as prev from ranked
      where rn = 1 and (overall_effectiveness >= 3 or category_of_concern is not null)
      order by urn`),
  );
}

/** Each below-good school's earliest flag in the period before its inspection, by one SQL query. */
async function flaggedByQuery(threshold: number): Promise<Map<number, string | null>> {
  const r = rows<{ urn: number; first_flag: string | null }>(
    await t.database.db.execute(sql`
      with ranked as (
        select i.urn, i.inspection_date, i.overall_effectiveness, i.category_of_concern,
               lag(i.inspection_date) over (partition by i.urn order by i.inspection_date) as prev,
               row_number() over (partition by i.urn order by i.inspection_date desc) as rn
        from inspections i
        join schools s on s.organisation_id = i.organisation_id and s.urn = i.urn
        where i.organisation_id = ${t.organisation.id} and i.inspection_date <= ${AS_OF}::date
      ), below as (
        select * from ranked where rn = 1 and (overall_effectiveness >= 3 or category_of_concern is not null)
      ), flags as (
        select c.urn, r.as_of::date as on_date
        from categorisations c
        join categorisation_rounds r on r.id = c.round_id
        join policy_versions p on p.id = r.policy_version_id
        cross join lateral jsonb_array_elements(p.definition -> 'categories') cat
        where c.organisation_id = ${t.organisation.id} and c.stage <> 'excluded'
          and cat ->> 'code' = coalesce(c.current_category, c.proposed_category) and (cat ->> 'order')::int >= 2
        union all
        select urn, raised_on::date from review_flags where organisation_id = ${t.organisation.id} and kind <> 'ofsted'
        union all
        select urn, as_of::date from risk_scores where organisation_id = ${t.organisation.id} and risk >= ${threshold}
      )
      select b.urn,
        (select min(f.on_date)::text from flags f where f.urn = b.urn and f.on_date < b.inspection_date and (b.prev is null or f.on_date > b.prev)) as first_flag
      from below b order by b.urn`),
  );
  return new Map(r.map((x) => [Number(x.urn), x.first_flag]));
}

let below: Below[];
let riskFlagged: Below;
let ofstedOnly: Below;

beforeAll(async () => {
  t = await startTestApp();
  actor.organisationId = t.organisation.id;
  below = await belowGoodByQuery();
  // Schools inspected below good after the round's evidence date: the round could have foreseen them.
  const later = below.filter((b) => b.inspection_date > ROUND_AS_OF && (!b.prev || b.prev < ROUND_AS_OF));
  expect(later.length).toBeGreaterThan(10);
  const urns = later.slice(0, 20).map((b) => b.urn);
  const round = await createRound(t.database.db, t.organisation.id, { academicYear: '2021/22', term: 'autumn', policyId: 'staffordshire-2008', asOf: ROUND_AS_OF, urns }, cliRoundActor(actor));
  expect(round.ok).toBe(true);
  // Two more below-good schools outside the round: one an officer flagged on a risk rise before its
  // inspection, one flagged only by the inspection itself (a reaction, which must not count).
  [riskFlagged, ofstedOnly] = later.slice(20);
  const dayBefore = (d: string, n: number) => new Date(Date.parse(d) - n * 86400_000).toISOString().slice(0, 10);
  await raiseReviewFlag(t.database.db, t.organisation.id, { urn: riskFlagged.urn, kind: 'risk', raisedOn: dayBefore(riskFlagged.inspection_date, 90), reason: 'Risk rose from 12% to 31%' });
  await raiseReviewFlag(t.database.db, t.organisation.id, { urn: ofstedOnly.urn, kind: 'ofsted', raisedOn: dayBefore(ofstedOnly.inspection_date, 10), reason: 'New inspection' });
  // A safeguarding flag after the inspection says nothing about foresight.
  await raiseReviewFlag(t.database.db, t.organisation.id, { urn: ofstedOnly.urn, kind: 'safeguarding', raisedOn: ofstedOnly.inspection_date, reason: 'Confidential: a named member of staff' });
}, 600_000);
afterAll(async () => t?.close());

describe('proactive, not reactive (bundled data)', () => {
  it('counts the same schools and the same first flags as an independent query', async () => {
    const evidence = await computeEvidence(t.database.db, t.organisation.id, AS_OF);
    const fig = evidence.figures.proactive;
    const expected = await flaggedByQuery(readRiskSettings().threshold);
    expect(fig.records).toBe(below.length);
    expect(fig.items.map((i) => i.urn).sort((a, b) => a! - b!)).toEqual([...expected.keys()]);
    const flagged = [...expected].filter(([, f]) => f !== null);
    expect(fig.value!.numerator).toBe(flagged.length);
    expect(fig.value!.denominator).toBe(below.length);
    // Some flagged, not all: a figure that could not fail would be all or nothing.
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.length).toBeLessThan(below.length);
    for (const item of fig.items) {
      expect(item.counted, `URN ${item.urn}`).toBe(expected.get(item.urn!) !== null);
      if (item.counted) expect(item.detail).toContain(`first flagged ${expected.get(item.urn!)}`);
    }
  });

  it('dates a flag by its evidence and says how long before the inspection it came; an inspection’s own flag is not foresight', async () => {
    const fig = (await computeEvidence(t.database.db, t.organisation.id, AS_OF)).figures.proactive;
    const risk = fig.items.find((i) => i.urn === riskFlagged.urn)!;
    expect(risk.counted).toBe(true);
    expect(risk.detail).toContain('90 days before');
    expect(risk.detail).toContain('in-year review flag (risk)');
    const ofsted = fig.items.find((i) => i.urn === ofstedOnly.urn)!;
    // Only flags Lodestar raised before the inspection from other evidence count (none here besides its category, if any).
    expect(ofsted.detail).not.toContain('in-year review flag');
    expect(JSON.stringify(fig)).not.toContain('Confidential');
    expect(JSON.stringify(fig)).not.toContain('safeguarding');
  });

  it('is computed for the date asked: before the round, no school had been flagged by it', async () => {
    const early = (await computeEvidence(t.database.db, t.organisation.id, '2017-05-31')).figures.proactive;
    const latestBefore = await rows<{ n: number }>(
      await t.database.db.execute(sql`
        select count(*)::int as n from (
          select distinct on (i.urn) i.urn, i.overall_effectiveness, i.category_of_concern from inspections i
          join schools s on s.organisation_id = i.organisation_id and s.urn = i.urn
          where i.organisation_id = ${t.organisation.id} and i.inspection_date <= '2017-05-31'
          order by i.urn, i.inspection_date desc) x
        where overall_effectiveness >= 3 or category_of_concern is not null`),
    );
    expect(early.records).toBe(latestBefore[0].n);
    expect(early.items.filter((i) => i.detail.includes('category'))).toEqual([]);
  });
});

describe('lodestar self-evaluation --json', () => {
  it('prints every heading with its computed figures and their record counts', async () => {
    const out = JSON.parse(await selfEvaluationOutput(t.database.db, t.organisation.id, { asOf: AS_OF, json: true }));
    expect(out.asOf).toBe(AS_OF);
    expect(out.headings.map((h: { id: string }) => h.id)).toContain('proactive');
    const proactive = out.headings.find((h: { id: string }) => h.id === 'proactive').figures[0];
    expect(proactive.records).toBe(below.length);
    expect(proactive.link).toBe(`/self-evaluation/figures/proactive?asOf=${AS_OF}`);
    const knows = out.headings.find((h: { id: string }) => h.id === 'knowing-schools').figures[0];
    // No round is confirmed and no visit recorded: every open school is counted, none qualifies.
    expect(knows.value.numerator).toBe(0);
    expect(knows.records).toBeGreaterThan(400);
    const s2s = out.headings.find((h: { id: string }) => h.id === 'support-school-to-school').figures[0];
    // No support plan is recorded in this installation: a zero that says so, not an invented figure.
    expect(s2s.records).toBe(0);
    expect(s2s.value.share).toBeNull();
    expect(s2s.summary).toBe(`No support agreements or commissions were recorded in Lodestar by ${AS_OF}.`);
  });
});

const text = (docx: Buffer) => (unzipEntry(docx, 'word/document.xml') ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const body = async (res: Response) => Buffer.from(await res.arrayBuffer());

describe('rating a heading (/self-evaluation)', () => {
  it('re-shows the form with a GOV.UK error summary, then keeps every rating as a revision, audited', async () => {
    const senior = await new Browserless(t.url).signInAs('senior_leader');
    const bad = await senior.post('/self-evaluation/headings/proactive', { rating: 'purple', lead: '', narrative: '', 'ratedOn-day': '31', 'ratedOn-month': '2', 'ratedOn-year': '2025', otherEvidence: 'not a link' });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('There is a problem');
    for (const href of ['#rating', '#lead', '#narrative', '#ratedOn-day', '#otherEvidence']) expect(html).toContain(`href="${href}"`);
    expect(html).toContain('not a link');
    expect(await listAudit(t.database.db, t.organisation.id, { action: 'self_evaluation.rate' })).toEqual([]);

    const ok = await senior.post('/self-evaluation/headings/proactive', { rating: 'amber', lead: 'Head of School Improvement', narrative: 'Most decline was spotted late.', 'ratedOn-day': '1', 'ratedOn-month': '9', 'ratedOn-year': '2025', figureIds: 'proactive', otherEvidence: '2025-07-14 Scrutiny committee minutes https://example.org/minutes' });
    expect(ok.status).toBe(303);
    const again = await senior.post('/self-evaluation/headings/proactive', { rating: 'red', lead: 'Head of School Improvement', narrative: 'On reflection, red.', 'ratedOn-day': '2', 'ratedOn-month': '9', 'ratedOn-year': '2025' });
    expect(again.status).toBe(303);
    const page = await (await senior.get('/self-evaluation/headings/proactive')).text();
    expect(page).toContain('Current rating: Red');
    expect(page).toContain('Earlier rating: Amber');
    // The attached figure is stored with its value on the rating date and a link to its records.
    expect(page).toContain('/self-evaluation/figures/proactive?asOf=2025-09-01');
    expect(page).toContain('Scrutiny committee minutes');
    const audited = await listAudit(t.database.db, t.organisation.id, { action: 'self_evaluation.rate' });
    expect(audited).toHaveLength(2);
    expect(await listAudit(t.database.db, t.organisation.id, { action: 'self_evaluation.framework.store_shipped' })).toHaveLength(1);
    const overview = await (await senior.get('/self-evaluation?asOf=2025-09-01')).text();
    expect(overview).toMatch(/heading-proactive[\s\S]*?Red/);
  });

  it('lets a district lead read, not rate, and lists only their districts\' schools behind a figure', async () => {
    const lead = await new Browserless(t.url).signInAs('district_lead');
    const page = await (await lead.get('/self-evaluation/headings/proactive')).text();
    expect(page).toContain('Current rating: Red');
    expect(page).not.toContain('Save rating');
    expect((await lead.post('/self-evaluation/headings/proactive', { rating: 'green', lead: 'x', narrative: 'x', 'ratedOn-day': '1', 'ratedOn-month': '9', 'ratedOn-year': '2025' }, '/account/password')).status).toBe(403);
    const all = (await computeEvidence(t.database.db, t.organisation.id, AS_OF)).figures['knows-schools'].items.length;
    const figure = await (await lead.get(`/self-evaluation/figures/knows-schools?asOf=${AS_OF}`)).text();
    const listed = (figure.match(/href="\/schools\/\d+"/g) ?? []).length;
    expect(listed).toBeGreaterThan(0);
    expect(listed).toBeLessThan(all);
    expect(figure).toContain(`${all - listed} records behind the LA-wide figure belong to schools outside your districts`);
  });
});

describe('action plan', () => {
  it('adds an area and a numbered action; an overdue action shows on its owner\'s home page until done', async () => {
    const senior = await new Browserless(t.url).signInAs('senior_leader');
    const bad = await senior.post('/action-plan/areas', { title: '', finding: '', aim: '', findingSource: '' }, '/action-plan/areas/new');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('href="#title"');
    const area = await senior.post('/action-plan/areas', { title: 'Inspection outcomes', headingId: 'proactive', findingSource: 'inspectors', finding: 'Decline was not arrested in time.', aim: 'Spot decline a year before inspection.', whatMore: 'Share the watch list with districts.' }, '/action-plan/areas/new');
    expect(area.status).toBe(303);
    const areaId = /area-(\d+)/.exec(area.headers.get('location')!)![1];
    const lead = (await findUserByEmail(t.database.db, demoEmail('district_lead')))!;
    const action = { text: 'Review every category 3 school termly', ownerUserId: String(lead.id), 'dueOn-day': '1', 'dueOn-month': '3', 'dueOn-year': '2025', status: 'in_progress', impact: '', indicatorId: 'ks2-rwm-expected' };
    const badAction = await senior.post(`/action-plan/areas/${areaId}/actions`, { ...action, ownerUserId: '', 'dueOn-day': '30', 'dueOn-month': '2' }, `/action-plan/areas/${areaId}/actions/new`);
    expect(badAction.status).toBe(400);
    const badHtml = await badAction.text();
    expect(badHtml).toContain('href="#ownerUserId"');
    expect(badHtml).toContain('href="#dueOn-day"');
    const added = await senior.post(`/action-plan/areas/${areaId}/actions`, action, `/action-plan/areas/${areaId}/actions/new`);
    expect(added.status).toBe(303);
    const actionId = /action-(\d+)/.exec(added.headers.get('location')!)![1];
    const plan = await (await senior.get('/action-plan')).text();
    expect(plan).toContain('1.1');
    expect(plan).toContain('Overdue');

    const leadClient = await new Browserless(t.url).signInAs('district_lead');
    const home = await (await leadClient.get('/')).text();
    expect(home).toContain('Your overdue action-plan actions');
    expect(home).toContain('Review every category 3 school termly');
    // Not the senior leader's: they do not own it.
    expect(await (await senior.get('/')).text()).not.toContain('Your overdue action-plan actions');

    const done = await senior.post(`/action-plan/actions/${actionId}/edit`, { ...action, status: 'done', impact: 'Two schools moved to good.' }, `/action-plan/actions/${actionId}/edit`);
    expect(done.status).toBe(303);
    expect(await (await leadClient.get('/')).text()).not.toContain('Your overdue action-plan actions');
    const edit = await (await senior.get(`/action-plan/actions/${actionId}/edit`)).text();
    expect(edit).toMatch(/status from “in_progress” to “done”/);
    const audited = await listAudit(t.database.db, t.organisation.id, { action: 'action_plan.' });
    expect(audited.map((a) => a.action).sort()).toEqual(['action_plan.action.add', 'action_plan.action.edit', 'action_plan.area.add']);
  });
});

describe('exports', () => {
  it('gives the self-evaluation and the action plan as DOCX and XLSX, naming no school', async () => {
    const lead = await new Browserless(t.url).signInAs('district_lead');
    const se = await lead.get(`/self-evaluation.docx?asOf=${AS_OF}`);
    expect(se.headers.get('content-type')).toContain('wordprocessingml');
    const seText = text(await body(se));
    expect(seText).toContain('Acting early rather than reacting: RED');
    expect(seText).toContain('On reflection, red.');
    expect(seText).toMatch(/Proactive, not reactive: \d+ of \d+/);
    expect(seText).toContain('No support agreements or commissions were recorded in Lodestar by');
    expect(seText).not.toContain(String(riskFlagged.urn));
    const ap = text(await body(await lead.get('/action-plan.docx')));
    expect(ap).toContain('Review every category 3 school termly');
    expect(ap).toContain('Two schools moved to good.');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await body(await lead.get(`/self-evaluation.xlsx?asOf=${AS_OF}`))) as unknown as ArrayBuffer);
    const headings = wb.getWorksheet('Headings')!;
    const proactiveRow = headings.getRows(2, headings.rowCount - 1)!.find((r) => r.getCell(2).value === 'Acting early rather than reacting')!;
    expect(proactiveRow.getCell(3).value).toBe('red');
    expect(proactiveRow.getCell(8).value).toBe(1);
    const apWb = new ExcelJS.Workbook();
    await apWb.xlsx.load((await body(await lead.get('/action-plan.xlsx'))) as unknown as ArrayBuffer);
    expect(apWb.getWorksheet('Action plan')!.getRow(2).getCell(5).value).toBe('Review every category 3 school termly');
    expect((await listAudit(t.database.db, t.organisation.id, { action: 'self_evaluation.export' })).length).toBeGreaterThan(0);
  });
});
