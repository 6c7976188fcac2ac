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
import { startTestApp, type TestApp } from '../support/app.js';
import { rows } from '../support/db.js';

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
  const round = await createRound(t.database.db, t.organisation.id, { academicYear: '2021/22', term: 'autumn', policyId: 'staffordshire-2014', asOf: ROUND_AS_OF, urns }, cliRoundActor(actor));
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
    console.log(`proactive on the bundled data: ${fig.summary}`);
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
    expect(s2s.value).toBeNull();
    expect(s2s.summary).toBe('Not yet recorded in Lodestar.');
    expect(s2s.unavailable).toMatch(/does not yet hold school-to-school support agreements/);
  });
});
