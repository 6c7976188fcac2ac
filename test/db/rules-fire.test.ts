// Issue 12, "Done when": every categorisation rule fires in real use. For each shipped policy a senior
// leader opens a real round over every school of the bundled Hertfordshire data; where the real data
// cannot trigger a rule, its input is first recorded as an officer would: an Ofsted management-
// information file imported through the importer (three real schools; the judgements are synthetic,
// since the bundled file has no inadequate, 2024/25 or report-card inspections) and intelligence recorded
// through the intelligence service behind the form. New rules are picked up from policies/*.json: a rule
// that fires nowhere fails, unless the policy itself marks its input withdrawn by its publisher (with the
// decision's source and date); such a rule must then be shown on real schools as not applied, with that
// reason, and never silently answer "no".
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observations, users } from '../../src/db/tables.js';
import { loadShippedPolicies, type CategorisationResult } from '../../src/domain/categorisation/index.js';
import { findImporter } from '../../src/importers/registry.js';
import { listEntries } from '../../src/repositories/categorisation.js';
import { demoEmail } from '../../src/services/demoUsers.js';
import { recordIntelligence } from '../../src/services/intelligence.js';
import { createRound, webRoundActor } from '../../src/services/rounds.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { Browserless } from '../support/http.js';

const N = 'NULL';
// Three real schools, in the two layouts Ofsted publishes (synthetic judgements, since no such file is held
// here): a 2024/25 inspection without an overall grade (Abbots Langley) and an inadequate four-grade
// inspection in special measures (Watford Grammar School for Boys) in the four-grade layout; a report card
// (Ashwell) in the current layout.
const FOUR_GRADE_HEADER = ['URN', 'School name', 'Inspection start date', 'Publication date', 'Inspection type', 'Overall effectiveness', 'Category of concern', 'Quality of education', 'Behaviour and attitudes', 'Personal development', 'Effectiveness of leadership and management', 'Is safeguarding effective?'];
const FOUR_GRADE_ROWS = [
  ['117083', 'Abbots Langley School', '15/01/2025', '20/02/2025', 'Full inspection', 'Not judged', N, '4', '3', '2', '3', 'Yes'],
  ['136276', 'Watford Grammar School for Boys', '10/05/2023', '20/06/2023', 'Full inspection', '4', 'Special measures', '4', '4', '3', '4', 'No'],
];
const CURRENT_HEADER = ['URN', 'School name', 'Inspection start date', 'Publication date', 'Inspection type', 'Category of concern', 'Inclusion', 'Curriculum and teaching', 'Achievement', 'Attendance and behaviour', 'Personal development and well-being', 'Leadership and governance', 'Safeguarding standards', 'Latest OEIF overall effectiveness', 'Inspection start date of latest OEIF graded inspection', 'Publication date of latest OEIF graded inspection', 'URN at time of latest OEIF graded inspection', 'Ungraded inspection overall outcome', 'Date of latest ungraded inspection'];
const CURRENT_ROWS = [['117084', 'Ashwell Primary School', '12/01/2026', '20/02/2026', 'Full inspection', N, 'Urgent improvement', 'Needs attention', 'Expected standard', 'Expected standard', 'Expected standard', 'Needs attention', 'Met', N, N, N, N, N, N]];

let t: TestApp;
const fired = new Map<string, Set<string>>();
/** Per policy: rule id → the reasons rounds gave for not applying it. */
const notApplied = new Map<string, Map<string, Set<string>>>();
const roundIds = new Map<string, Parameters<typeof listEntries>[2]>();
const roundIdOf = (policyId: string) => roundIds.get(policyId)!;

beforeAll(async () => {
  t = await startTestApp();
  for (const [header, rows] of [[FOUR_GRADE_HEADER, FOUR_GRADE_ROWS], [CURRENT_HEADER, CURRENT_ROWS]] as const) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-rules-'));
    const file = path.join(dir, 'Management_information_-_state-funded_schools_-_latest_inspections.csv');
    fs.writeFileSync(file, [header, ...rows].map((r) => r.map((c) => `"${c}"`).join(',')).join('\r\n') + '\r\n');
    await findImporter('ofsted')!.run(t.database.db, { file, organisation: t.organisation, importedBy: 'test' });
  }

  const [officer] = await t.database.db.select().from(users).where(eq(users.email, demoEmail('senior_leader')));
  const actor = { userId: officer.id, label: officer.email, organisationId: t.organisation.id };
  // Intelligence an officer records on the form, for kinds the bundled data holds none of.
  const record = async (urn: number, kind: string, indicator = '') => {
    const r = await recordIntelligence(t.database.db, t.organisation.id, urn, { kind, indicator, summary: `Recorded for the rule test (${kind}).`, source: 'Link officer visit', occurredOn: '2026-11-02', confidential: false }, actor);
    if (!r.ok) throw new Error(`${kind}: ${JSON.stringify(r.errors)}`);
  };
  for (const kind of ['budget_deficit', 'safeguarding_concern', 'parental_complaint', 'qualifying_complaint', 'head_teacher_change', 'staff_turnover', 'governance_review']) await record(117088, kind);
  await record(117088, 'parental_complaint');
  // Walsall band B: a fall in results with a particular and specific change. Real schools whose KS2
  // results fell from 2023/24 to 2024/25 get a new head teacher recorded.
  const ks2 = await t.database.db
    .select({ urn: observations.urn, year: observations.academicYear, value: observations.value })
    .from(observations)
    .where(and(eq(observations.measure, 'ks2.rwm_expected_pct'), inArray(observations.academicYear, ['2023/24', '2024/25']), eq(observations.status, 'ok')));
  const byUrn = new Map<number, Record<string, number>>();
  for (const o of ks2) byUrn.set(o.urn, { ...byUrn.get(o.urn), [o.year]: o.value as number });
  const falling = [...byUrn.entries()].filter(([, v]) => v['2024/25'] !== undefined && v['2023/24'] !== undefined && v['2024/25'] < v['2023/24']).map(([urn]) => urn).sort((a, b) => a - b);
  expect(falling.length).toBeGreaterThan(3);
  for (const urn of falling.slice(0, 3)) await record(urn, 'head_teacher_change');
  const walsall = loadShippedPolicies().get('walsall-2014')!;
  for (const i of walsall.indicators!.leadership.slice(0, 2)) await record(117089, 'leadership_concern', i.code);
  for (const i of walsall.indicators!.governance.slice(0, 2)) await record(117089, 'governance_concern', i.code);

  const round = webRoundActor(actor, officer.id, 'senior_leader');
  const terms = [
    ['2026/27', 'autumn'],
    ['2026/27', 'spring'],
    ['2026/27', 'summer'],
    ['2027/28', 'autumn'],
  ] as const;
  let i = 0;
  for (const policy of loadShippedPolicies().values()) {
    const [academicYear, term] = terms[i++ % terms.length];
    const r = await createRound(t.database.db, t.organisation.id, { academicYear, term, policyId: policy.id }, round);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const ids = new Set<string>();
    const reasons = new Map<string, Set<string>>();
    for (const e of await listEntries(t.database.db, t.organisation.id, r.round.id)) {
      const result = e.result as CategorisationResult;
      for (const f of result.firedRules) ids.add(f.ruleId);
      for (const n of result.notApplied) reasons.set(n.ruleId, (reasons.get(n.ruleId) ?? new Set()).add(n.reason));
    }
    fired.set(policy.id, ids);
    roundIds.set(policy.id, r.round.id);
    notApplied.set(policy.id, reasons);
  }
}, 1_500_000);
afterAll(async () => t?.close());

describe('every category rule fires in a real round', () => {
  for (const policy of loadShippedPolicies().values()) {
    it(`${policy.id}: each rule fires on real or officer-recorded data, or its policy marks its input withdrawn`, () => {
      const notFired = policy.rules.map((r) => r.id).filter((id) => !fired.get(policy.id)!.has(id));
      const withdrawn = policy.rules.filter((r) => r.withdrawn).map((r) => r.id);
      expect(notFired.sort()).toEqual(withdrawn.sort());
    });
  }

  it('staffordshire-2014: progress significantly below national two years running fires on real Progress 8 (2022/23 and 2023/24; 2024/25 not published)', async () => {
    const round = (await listEntries(t.database.db, t.organisation.id, roundIdOf('staffordshire-2014'))).map((e) => e.result as CategorisationResult);
    // The Astley Cooper School (117552): Progress 8 −0.82 (CI upper −0.57) in 2022/23 and −0.60 (−0.38) in 2023/24.
    const astley = round.find((r) => r.urn === 117552)!;
    const rule = astley.firedRules.find((f) => f.ruleId === 'progress-significantly-below-two-years');
    expect(rule?.evidence.map((e) => (e.kind === 'measure' ? `${e.academicYear} ${e.raw}` : ''))).toEqual(['2023/24 -0.6', '2022/23 -0.82']);
    expect(rule?.notes.join(' ')).toContain('not published by the DfE for 2024/25');
  });

  it('the policy page and a real school’s round entry say so for a withdrawn input (staffordshire-2014 floor standards)', async () => {
    const officer = await new Browserless(t.url).signInAs('senior_leader');
    const page = await (await officer.get('/policies/staffordshire-2014')).text();
    expect(page.match(/data-qa="withdrawn"/g)).toHaveLength(2);
    expect(page).toContain('Input withdrawn: not applied to results after 2017/18.');
    expect(page).toContain('Department for Education, “Identifying schools for support: government consultation response” (2019-05)');
    // A real primary with 2024/25 KS2 results: Abbots Langley (117083).
    const entry = await (await officer.get(`/categorisation/rounds/${roundIdOf('staffordshire-2014')}/schools/117083`)).text();
    expect(entry).toContain('ks2-below-floor: The Government stopped setting floor standards after the 2017/18 results');
  }, 120_000);

  it('a withdrawn input is shown on real schools as not applied, with the publisher, the decision and its date', () => {
    for (const policy of loadShippedPolicies().values())
      for (const rule of policy.rules.filter((r) => r.withdrawn)) {
        const reasons = [...(notApplied.get(policy.id)!.get(rule.id) ?? [])];
        expect(reasons.length, `${policy.id} ${rule.id} is never shown as not applied`).toBeGreaterThan(0);
        expect(reasons.some((r) => r.startsWith(rule.withdrawn!.statement) && r.includes(rule.withdrawn!.source.published) && r.includes(rule.withdrawn!.source.publisher))).toBe(true);
      }
  });
});
