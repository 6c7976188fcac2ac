// Issue 15: the watch list is filtered, ranked, counted and paged in the database. Every sort order, direction
// and band the page offers must give exactly the order, ranks and totals the in-memory ranking gave (kept
// here as the oracle: the reader's schools from the register query, their latest scores, ranked by risk then
// URN, re-sorted by `localeCompare`, reversed for the other direction). Real Hertfordshire schools and their
// stored scores from the bundled data; a few extra scores are written for real schools to pin the choice of
// the latest score and the tie-breaks.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { riskScores } from '../../src/db/schema-categorisation.js';
import { riskBand } from '../../src/domain/risk/alerts.js';
import { searchSchools } from '../../src/repositories/schools.js';
import { latestScores, readRiskSettings } from '../../src/services/riskAlerts.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { Browserless } from '../support/http.js';

let t: TestApp;
let senior: Browserless;
/** Schools given extra scores below (real URNs of scored schools). */
let tieA = 0;
let tieB = 0;
let newest = 0;

type Sort = 'risk' | 'name' | 'district' | 'phase';

/** The ranking as the page computed it before issue 15's change, for an unrestricted reader. */
async function oracle(sort: Sort, dir: 'asc' | 'desc', band: string, district?: string) {
  const settings = readRiskSettings();
  const { rows: visible } = await searchSchools(t.database.db, t.organisation.id, { scope: { kind: 'all' }, status: 'open', stateFundedOnly: true, district }, null);
  const byUrn = new Map(visible.map((s) => [s.urn, s]));
  const latest = await latestScores(t.database.db, t.organisation.id, visible.map((s) => s.urn));
  const scored = [...latest.values()].filter((r) => byUrn.has(r.urn)).sort((a, b) => b.risk - a.risk || a.urn - b.urn);
  const rankOf = new Map(scored.map((r, i) => [r.urn, i + 1]));
  const inBand = scored.filter((r) => !band || riskBand(r.risk, settings).band === band);
  const text = (urn: number) => {
    const s = byUrn.get(urn)!;
    return sort === 'name' ? s.name : sort === 'district' ? (s.districtName ?? '') : sort === 'phase' ? s.phase : '';
  };
  const ranked = sort === 'risk' ? inBand : [...inBand].sort((a, b) => text(a.urn).localeCompare(text(b.urn), 'en-GB') || a.urn - b.urn);
  if (dir === (sort === 'risk' ? 'asc' : 'desc')) ranked.reverse();
  return {
    rows: ranked.map((r) => `${rankOf.get(r.urn)},${r.urn}`),
    scored: scored.length,
    above: scored.filter((r) => r.risk >= settings.threshold).length,
    risk: new Map(scored.map((r) => [r.urn, r.risk])),
  };
}

/** Rank and URN of each exported row, in order. */
async function exported(query: string): Promise<string[]> {
  const res = await senior.get(`/risk.csv?${query}`);
  expect(res.status).toBe(200);
  return (await res.text())
    .trim()
    .split('\r\n')
    .slice(1)
    .map((l) => l.split(',').slice(0, 2).join(','));
}

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  const org = t.organisation.id;
  const scored = await db.select({ urn: riskScores.urn }).from(riskScores).where(eq(riskScores.organisationId, org)).orderBy(riskScores.urn);
  const urns = [...new Set(scored.map((r) => r.urn))];
  expect(urns.length).toBeGreaterThan(120);
  [tieA, tieB, newest] = [urns[10]!, urns[11]!, urns[12]!];
  const later = new Date(Date.now() + 60_000);
  const row = (urn: number, risk: number, scoredAt: Date) => ({ organisationId: org, urn, scoredAt, asOf: '2026-09-01', risk, coverage: 1, topFactors: [], modelVersion: 'test', trigger: 'test' });
  // Two schools with the same newest risk: the lower URN ranks first.
  await db.insert(riskScores).values([row(tieB, 0.97, later), row(tieA, 0.97, later)]);
  // Two scores with the same time for one school: the later row (higher id) is its latest.
  await db.insert(riskScores).values(row(newest, 0.01, later));
  await db.insert(riskScores).values(row(newest, 0.99, later));
  // An old, high score of a school that has newer ones never counts.
  await db.insert(riskScores).values(row(urns[13]!, 0.999, new Date('2020-01-01')));
  senior = await new Browserless(t.url).signInAs('senior_leader');
}, 300_000);
afterAll(async () => t?.close());

describe('the watch list ranked and paged in SQL', () => {
  it('takes each school’s latest score and breaks ties by URN', async () => {
    const first = await exported('');
    expect(first.slice(0, 3)).toEqual([`1,${newest}`, `2,${tieA}`, `3,${tieB}`]);
    const o = await oracle('risk', 'desc', '');
    expect(first).toEqual(o.rows);
  });

  it('gives the in-memory order, ranks and counts for every sort, direction and band', async () => {
    for (const sort of ['risk', 'name', 'district', 'phase'] as const)
      for (const dir of ['asc', 'desc'] as const)
        for (const band of ['', 'high', 'raised', 'lower']) {
          const o = await oracle(sort, dir, band);
          expect(await exported(`sort=${sort}&dir=${dir}${band ? `&band=${band}` : ''}`), `${sort} ${dir} ${band}`).toEqual(o.rows);
        }
  });

  it('shows the page asked for, with the totals over the whole filtered list', async () => {
    const o = await oracle('name', 'desc', '');
    expect(o.rows.length).toBeGreaterThan(100);
    const html = await (await senior.get('/risk?sort=name&dir=desc&page=2')).text();
    const shown = [...html.matchAll(/data-qa="watch-row" data-urn="(\d+)">\s*<td[^>]*>(\d+)<\/td>/g)].map((m) => `${m[2]},${m[1]}`);
    expect(shown).toEqual(o.rows.slice(50, 100));
    expect(html).toContain(`${o.rows.length} schools match (page 2 of ${Math.ceil(o.rows.length / 50)})`);
    expect(html).toContain(`${o.scored.toLocaleString('en-GB')} schools scored; ${o.above.toLocaleString('en-GB')} at or above`);
    // A page past the end is not found, as before.
    expect((await senior.get(`/risk?page=${Math.ceil(o.rows.length / 50) + 1}`)).status).toBe(404);
  });

  it('ranks within the district filter, and counts the district’s unscored schools', async () => {
    const db = t.database.db;
    const [d] = ((await db.execute(sql`select d.id::text as id, min(s.urn) as urn from districts d join schools s on s.district_id = d.id
      where d.organisation_id = ${t.organisation.id} and s.status = 'open' and s.is_state_funded
      group by d.id order by count(*) desc limit 1`)) as unknown as { rows: { id: string; urn: number }[] }).rows;
    // One of the district's schools loses its scores, so it counts as open but unscored.
    await db.delete(riskScores).where(eq(riskScores.urn, Number(d!.urn)));
    const o = await oracle('risk', 'desc', '', d!.id);
    expect(await exported(`district=${d!.id}`)).toEqual(o.rows);
    const { total } = await searchSchools(db, t.organisation.id, { scope: { kind: 'all' }, status: 'open', stateFundedOnly: true, district: d!.id }, null);
    expect(total - o.scored).toBeGreaterThan(0);
    const html = await (await senior.get(`/risk?district=${d!.id}`)).text();
    expect(html).toContain(`${total - o.scored} of your open schools have no evidence to score`);
    expect(html).toContain(`${o.rows.length} school${o.rows.length === 1 ? '' : 's'} match`);
  });
});

describe('the register page reads one page in one statement', () => {
  it('shows the schools and count the full query gives, for a sorted later page and past the end', async () => {
    const all = await searchSchools(t.database.db, t.organisation.id, { scope: { kind: 'all' }, status: 'open', stateFundedOnly: true }, null, { key: 'town', dir: 'desc' });
    expect(all.total).toBeGreaterThan(100);
    const html = await (await senior.get('/schools?sort=town&dir=desc&page=2')).text();
    const shown = [...html.matchAll(/<td class="govuk-table__cell"><a class="govuk-link" href="\/schools\/(\d+)">([^<]*)<\/a><br><span class="govuk-body-s">([^<]*)<\/span>/g)];
    expect(shown.map((m) => Number(m[1]))).toEqual(all.rows.slice(50, 100).map((s) => s.urn));
    // The town and postcode under each name still come with the narrower row.
    expect(shown[0]![3]!.trim()).toBe(`${all.rows[50]!.town ?? ''} ${all.rows[50]!.postcode ?? ''}`.trim());
    expect(html).toContain(`${all.total} schools match.`);
    const past = await (await senior.get(`/schools?page=${Math.ceil(all.total / 50) + 1}`)).text();
    expect(past).toContain(`${all.total} schools match.`);
  });
});
