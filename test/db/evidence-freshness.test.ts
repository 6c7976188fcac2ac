// Freshness (issue 13) on the bundled real data, as officers meet it: the dashboard names the newest evidence
// per source and flags what is older than its limit (the 2019 files' ratings are six to twelve years old),
// a converter academy's page shows its predecessor's inspection as the predecessor's, the data catalogue
// lists each source with its next release and what is overdue, and a round counts the schools resting on
// a stale or missing inspection, through the new inspection history.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/db/schema.js';
import type { Role } from '../../src/domain/access/roles.js';
import { listEntries } from '../../src/repositories/categorisation.js';
import { dataDueThisMonth } from '../../src/services/catalogue.js';
import { demoEmail } from '../../src/services/demoUsers.js';
import { createRound, webRoundActor } from '../../src/services/rounds.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { Browserless } from '../support/http.js';

let t: TestApp;
const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  t = await startTestApp();
}, 300_000);
afterAll(async () => t?.close());

const page = async (role: Role, path: string) => {
  const c = await new Browserless(t.url).signInAs(role);
  const res = await c.get(path);
  return { status: res.status, html: await res.text() };
};

describe('the dashboard says how old each piece of evidence is', () => {
  it('flags the 2014 inspection as older than the limit, lists Ofsted in "data held" and labels the 2019 snapshot', async () => {
    const { status, html } = await page('link_officer', '/schools/117083/dashboard');
    expect(status).toBe(200);
    const held = html.slice(html.indexOf('data-qa="freshness"'), html.indexOf('Groups of fewer than'));
    expect(held).toMatch(/data-qa="stale-evidence"[\s\S]*Ofsted \(latest graded inspection 2014-05-08\)/);
    expect(held).toMatch(/data-qa="source-ofsted"[\s\S]*8 May 2014[\s\S]*Older than limit[\s\S]*Limit: 6 years since the latest graded inspection/);
    expect(held).toMatch(/data-qa="source-ks2"[\s\S]*2024\/25[\s\S]*Within limit/);
    const timeline = html.slice(html.indexOf('data-qa="ofsted-timeline"'));
    expect(timeline).toContain('Four-grade era (to August 2024)');
    expect(timeline).toContain('Older than 6 years');
    expect(timeline).toContain('latest rating as recorded with the 2018/19 KS2 performance tables (early 2020)');
  });

  it("shows a converter academy its predecessor's inspection, labelled as the predecessor's", async () => {
    const { status, html } = await page('senior_leader', '/schools/150620/dashboard');
    expect(status).toBe(200);
    expect(html).toMatch(/data-qa="predecessor-inspection"><strong>The predecessor school's inspection:<\/strong> Mill Mead Primary School \(URN 117297\)/);
  });
});

describe('provisional and final releases on the dashboard and in the catalogue', () => {
  it("shows a secondary's 2018/19 figures with their release, and the other release's figure beside them", async () => {
    // The bundle holds KS4 2018/19 final and provisional (real rows): 117552's Attainment 8 went from 41.2 to
    // 41.8 (final in use); its Progress 8 -0.3 keeps its provisional interval (the final file has none).
    const { status, html } = await page('senior_leader', '/schools/117552/dashboard');
    expect(status).toBe(200);
    const measure = (code: string) => html.slice(html.indexOf(`data-qa="measure-${code}"`), html.indexOf('data-qa="measure-', html.indexOf(`data-qa="measure-${code}"`) + 10));
    expect(measure('ks4.attainment8')).toMatch(/2018\/19<br><span class="govuk-body-s" data-qa="release">Final<\/span>[\s\S]*?41\.8[\s\S]*?data-qa="superseded">Provisional figure 41\.2 \(england_ks4provisional\.csv\), replaced by the final release/);
    expect(measure('ks4.progress8')).toMatch(/2018\/19<br><span class="govuk-body-s" data-qa="release">Provisional<\/span>[\s\S]*?-0\.30[\s\S]*?data-qa="superseded">Final figure -0\.25 \(england_ks4final_with_ofsted\.csv\), not used: it has no confidence interval/);
    const held = html.slice(html.indexOf('data-qa="source-ks4"'));
    expect(held).toMatch(/^[^]*?2024\/25 \(final\)/);
    const data = await page('analyst', '/data');
    expect(data.html).toMatch(/data-qa="source-ks4-final"[\s\S]*?2024\/25<br><span class="govuk-body-s" data-qa="release">Final release/);
  });
});

describe('the data catalogue', () => {
  it('lists each source with its latest file, the next release and what is overdue, on /data for an analyst', async () => {
    const { status, html } = await page('analyst', '/data');
    expect(status).toBe(200);
    expect(html).toMatch(/data-qa="source-census"[\s\S]*?2023\/24[\s\S]*?919_census.csv[\s\S]*?2024\/25[\s\S]*?Overdue by \d+ days/);
    // No Ofsted management information file is bundled: the monthly file is overdue.
    expect(html).toMatch(/data-qa="source-ofsted-monthly"[\s\S]*?Nothing held[\s\S]*?Overdue/);
    expect(html).toContain('data-qa="due-this-month"');
    expect((await page('head_teacher', '/data')).status).toBe(403);
  });

  it('exposes "due this month" for an analyst\'s home page', async () => {
    const month = await dataDueThisMonth(t.database.db, t.organisation.id, '2026-12-07');
    expect(month.month).toBe('December 2026');
    expect(month.due.map((e) => e.id)).toEqual(['ks2-final']);
    expect(month.overdue.map((e) => e.id)).toEqual(expect.arrayContaining(['census', 'absence', 'ofsted-monthly']));
  });
});

describe("an analyst's home page", () => {
  it('shows the releases due this month and flags the overdue ones, from the catalogue', async () => {
    const c = await new Browserless(t.url).signInAs('analyst');
    const res = await c.get('/');
    expect(res.status).toBe(200);
    const html = await res.text();
    const due = html.slice(html.indexOf('id="due"'), html.indexOf('Latest data held'));
    const month = await dataDueThisMonth(t.database.db, t.organisation.id, today);
    expect(due).toContain(`Data due this month (${month.month})`);
    for (const e of month.due) expect(due).toContain(`${e.label}: ${e.next.covers}`);
    // The bundle holds no Ofsted MI and 2023/24 census and absence: each is flagged overdue with its days.
    const overdue = due.slice(due.indexOf('data-qa="home-overdue"'));
    expect(overdue).toMatch(/\d+ releases? overdue/);
    for (const label of ['School census: schools, pupils and their characteristics: 2024/25', 'Ofsted management information (latest inspections and year to date)']) {
      expect(overdue).toMatch(new RegExp(`${label.replace(/[()]/g, '\\$&')}[^<]*<strong class="govuk-tag govuk-tag--red">\\s*Overdue by \\d+ days`));
    }
    expect(due).toContain('href="/data"');
  });
});

describe('a round counts the schools whose inspection evidence is stale or missing', () => {
  it('reads the inspection history: predecessor inspections are named, missing ones counted', async () => {
    const [u] = await t.database.db.select().from(users).where(eq(users.email, demoEmail('senior_leader')));
    const actor = webRoundActor({ userId: u.id, label: u.email, organisationId: t.organisation.id }, u.id, 'senior_leader');
    // Abbots Langley (2014 inspection), Mill Mead Primary Academy (its predecessor's 2014 one), Jenyns First School (none).
    const r = await createRound(t.database.db, t.organisation.id, { academicYear: '2026/27', term: 'autumn', policyId: 'staffordshire-2014', asOf: today, urns: [117083, 150620, 117087] }, actor);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const entries = new Map((await listEntries(t.database.db, t.organisation.id, r.round.id)).map((e) => [e.urn, e.result as { staleEvidence: { kind: string; statement: string } }]));
    expect(entries.get(117083)!.staleEvidence.kind).toBe('old-inspection');
    expect(entries.get(150620)!.staleEvidence.statement).toMatch(/an Ofsted inspection of the predecessor school, Mill Mead Primary School \(URN 117297\) of 1 April 2014/);
    expect(entries.get(117087)!.staleEvidence.kind).toBe('no-inspection');

    const { html } = await page('senior_leader', `/categorisation/rounds/${r.round.id}`);
    expect(html).toMatch(/data-qa="inspection-gaps"[\s\S]*?2 schools rest on an inspection older than 6 years; 1 on no graded inspection/);
    const entry = await page('senior_leader', `/categorisation/rounds/${r.round.id}/schools/150620`);
    expect(entry.html).toMatch(/data-qa="stale-evidence"[\s\S]*Mill Mead Primary School \(URN 117297\)/);
  });
});

describe("whether a predecessor's inspections count is the policy's to say", () => {
  it('counts them by default and says so; a policy edited on its page to not count them leaves the academy on no inspection', async () => {
    const [u] = await t.database.db.select().from(users).where(eq(users.email, demoEmail('senior_leader')));
    const actor = webRoundActor({ userId: u.id, label: u.email, organisationId: t.organisation.id }, u.id, 'senior_leader');
    const round = async (term: 'spring' | 'summer') => {
      const r = await createRound(t.database.db, t.organisation.id, { academicYear: '2026/27', term, policyId: 'staffordshire-2014', asOf: today, urns: [150620] }, actor);
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      const [entry] = await listEntries(t.database.db, t.organisation.id, r.round.id);
      const { html } = await page('senior_leader', `/categorisation/rounds/${r.round.id}/schools/150620`);
      return { result: entry.result as { staleEvidence: { kind: string }; predecessorInspections: { counted: boolean } }, html };
    };
    const before = await round('spring');
    expect(before.result.predecessorInspections.counted).toBe(true);
    expect(before.result.staleEvidence.kind).toBe('old-inspection');
    expect(before.html).toMatch(/data-qa="predecessor-inspections">[\s\S]*?Counted as this school&#39;s own: the inspections of its predecessor, Mill Mead Primary School \(URN 117297\) \(1 April 2014\)\. Lodestar&#39;s default/);

    // The senior leader edits the policy on its page, as an LA would.
    const leader = await new Browserless(t.url).signInAs('senior_leader');
    const form = await (await leader.get('/policies/staffordshire-2014/edit')).text();
    const text = /<textarea[^>]*name="definition"[^>]*>([\s\S]*?)<\/textarea>/.exec(form)![1].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const definition = JSON.parse(text);
    const statement = 'Hertfordshire judges a converter academy on its own inspections: the predecessor school is a different school.';
    definition.evidence.predecessorInspections = { count: false, statement };
    const saved = await leader.post('/policies/staffordshire-2014/edit', { definition: JSON.stringify(definition), changeNote: 'Predecessor inspections no longer count' });
    expect(saved.status).toBe(303);

    const after = await round('summer');
    expect(after.result.predecessorInspections.counted).toBe(false);
    expect(after.result.staleEvidence.kind).toBe('no-inspection');
    expect(after.html).toContain(`Not counted as this school&#39;s own: the inspections of its predecessor, Mill Mead Primary School (URN 117297) (1 April 2014). ${statement}`);
  });
});
