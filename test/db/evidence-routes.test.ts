// The dashboard, the LA comparison and the intelligence routes over real HTTP, on the bundled real data.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SCHOOL_URN } from '../../src/services/demoUsers.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { Browserless } from '../support/http.js';

const OTHER_URN = 117249; // Gade Valley Primary School: in Hertfordshire, not the demo head teacher's school
const ks2 = (parse(fs.readFileSync(path.join(process.cwd(), 'datasets/hertfordshire-919/2024-25/919_ks2final.csv'), 'utf8'), { columns: true, relax_column_count: true }) as Record<string, string>[]);
const own = ks2.find((r) => r.URN === String(DEMO_SCHOOL_URN))!;
const la = ks2.find((r) => r.RECTYPE === '3')!;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

const text = async (c: Browserless, p: string) => {
  const res = await c.get(p);
  return { status: res.status, html: await res.text() };
};

describe('school dashboard', () => {
  it('shows real published numbers with LA comparators, freshness, the Ofsted timeline and charts', async () => {
    const c = await new Browserless(t.url).signInAs('link_officer');
    const { status, html } = await text(c, `/schools/${DEMO_SCHOOL_URN}/dashboard`);
    expect(status).toBe(200);
    const block = html.slice(html.indexOf('data-qa="measure-ks2.rwm_expected_pct"'), html.indexOf('data-qa="measure-ks2.rwm_high_pct"'));
    expect(block).toContain(`>${own.PTRWM_EXP}`); // 2024/25, as published ("56%")
    expect(block).toContain(own.PTRWM_EXP_24);
    expect(block).toContain(la.PTRWM_EXP);
    expect(block).toMatch(/<svg[^>]*role="img"/);
    expect(html).toMatch(/KS2 2024\/25, imported \d+ \w{3} \d{4}/);
    expect(html).toContain('data-qa="ofsted-timeline"');
    expect(html).toContain('Good'); // the 2014 inspection, from the enriched 2019 KS2 file
    expect(html).toContain('Fewer than 11 pupils'); // the disadvantaged group of 6 pupils
    expect(html).not.toMatch(/<svg[\s\S]*?style="[\s\S]*?<\/svg>/);
    expect(html).toContain('Local intelligence');
  });

  it('links from the school page', async () => {
    const c = await new Browserless(t.url).signInAs('link_officer');
    expect((await text(c, `/schools/${DEMO_SCHOOL_URN}`)).html).toContain(`href="/schools/${DEMO_SCHOOL_URN}/dashboard"`);
  });

  it("a head teacher sees their own school's dashboard without intelligence, and no other school", async () => {
    const c = await new Browserless(t.url).signInAs('head_teacher');
    const mine = await text(c, `/schools/${DEMO_SCHOOL_URN}/dashboard`);
    expect(mine.status).toBe(200);
    expect(mine.html).not.toContain('id="intelligence"');
    expect((await c.get(`/schools/${OTHER_URN}/dashboard`)).status).toBe(404);
    // Intelligence URLs: the role holds no intelligence permission at all, for any school.
    for (const p of [`/schools/${OTHER_URN}/intelligence/new`, `/schools/${DEMO_SCHOOL_URN}/intelligence/new`, `/schools/${OTHER_URN}/intelligence/1/edit`]) {
      expect((await c.get(p)).status).toBe(403);
    }
  });

  it('the LA comparison lists only the schools in scope, ranked with quartiles', async () => {
    const head = await new Browserless(t.url).signInAs('head_teacher');
    const mine = await text(head, '/measures/ks2.rwm_expected_pct?year=2024%2F25');
    expect(mine.status).toBe(200);
    expect(mine.html.match(/href="\/schools\/\d+\/dashboard"/g)).toEqual([`href="/schools/${DEMO_SCHOOL_URN}/dashboard"`]);
    const leader = await new Browserless(t.url).signInAs('senior_leader');
    const all = await text(leader, '/measures/ks2.rwm_expected_pct');
    expect(all.html).toMatch(/>1 of \d+</);
    expect(all.html).toContain('Top quarter');
    expect(all.html).toContain('Bottom quarter');
    expect((await text(leader, '/measures')).html).toContain('href="/measures/ks4.progress8"');
    expect((await leader.get('/measures/not.a.measure')).status).toBe(404);
  });
});

describe('local intelligence over HTTP', () => {
  it('a link officer adds, corrects and resolves an item; an analyst never sees it', async () => {
    const c = await new Browserless(t.url).signInAs('link_officer');
    const form = `/schools/${DEMO_SCHOOL_URN}/intelligence/new`;
    const invalid = await c.post(form, { kind: 'budget_deficit', summary: '', source: 'Schools finance team', 'occurredOn-day': '3', 'occurredOn-month': '2', 'occurredOn-year': '2025' });
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain('Enter a summary of what happened');
    const ok = await c.post(form, { kind: 'budget_deficit', summary: 'Deficit budget of £85,000 set for 2025/26', source: 'Schools finance team', 'occurredOn-day': '3', 'occurredOn-month': '2', 'occurredOn-year': '2025' });
    expect(ok.status).toBe(303);
    const dash = await text(c, `/schools/${DEMO_SCHOOL_URN}/dashboard`);
    expect(dash.html).toContain('Deficit budget of £85,000 set for 2025/26');
    const id = /\/intelligence\/(\d+)\/edit/.exec(dash.html)![1];

    const edit = `/schools/${DEMO_SCHOOL_URN}/intelligence/${id}/edit`;
    const noReason = await c.post(edit, { kind: 'budget_deficit', summary: 'Deficit budget of £58,000 set for 2025/26', source: 'Schools finance team', 'occurredOn-day': '3', 'occurredOn-month': '2', 'occurredOn-year': '2025' });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain('Enter why you are correcting this item');
    expect((await c.post(edit, { kind: 'budget_deficit', summary: 'Deficit budget of £58,000 set for 2025/26', source: 'Schools finance team', 'occurredOn-day': '3', 'occurredOn-month': '2', 'occurredOn-year': '2025', reason: 'Figures transposed' })).status).toBe(303);
    const resolved = await c.post(`/schools/${DEMO_SCHOOL_URN}/intelligence/${id}/resolve`, { 'resolvedOn-day': '1', 'resolvedOn-month': '4', 'resolvedOn-year': '2025', note: 'Recovery plan agreed' }, `/schools/${DEMO_SCHOOL_URN}/dashboard`);
    expect(resolved.status).toBe(303);
    const after = (await text(c, `/schools/${DEMO_SCHOOL_URN}/dashboard`)).html;
    expect(after).toContain('£58,000');
    expect(after).toContain('Resolved 1 April 2025');
    expect(after).toContain('Figures transposed');

    const analyst = await new Browserless(t.url).signInAs('analyst');
    const seen = await text(analyst, `/schools/${DEMO_SCHOOL_URN}/dashboard`);
    expect(seen.status).toBe(200);
    expect(seen.html).not.toContain('£58,000');
    expect(seen.html).not.toContain('id="intelligence"');
    expect((await analyst.get(form)).status).toBe(403);
  });

  it("a link officer cannot write about a school outside their caseload: it looks like it does not exist", async () => {
    const c = await new Browserless(t.url).signInAs('link_officer');
    const outside = await c.request('GET', '/schools/102256/intelligence/new'); // an independent school, in no caseload
    expect(outside.status).toBe(404);
  });
});
