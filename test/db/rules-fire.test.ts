// Issue 12, "Done when": every categorisation rule fires in real use. For each shipped policy a senior
// leader opens a real round over every school of the bundled Hertfordshire data; where the real data
// cannot trigger a rule, its input is first recorded as an officer would: an Ofsted management-
// information file imported through the importer (three real schools; the judgements are synthetic,
// since the bundled file has no inadequate, 2024/25 or report-card inspections) and intelligence recorded
// through the intelligence service behind the form. New rules are picked up from policies/*.json: a rule
// that fires nowhere fails unless it is listed below with the reason.
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

/** Rules that no round on the bundled data plus the inputs below can fire, and why. */
const NOT_DRIVEN: Record<string, Record<string, string>> = {
  'staffordshire-2014': {
    'ks2-below-floor': 'the KS2 floor standard was in force to 2018/19; the bundled Hertfordshire data starts in 2023/24 (fires on an imported 2016–2019 file: staffordshire-2014.test.ts, evaluate.test.ts)',
    'progress-significantly-below-two-years': 'KS2 progress is not published from 2023/24 (no KS1 baseline), the bundled years; fires on imported earlier years or KS4 Progress 8 history (staffordshire-2014.test.ts)',
  },
};

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
    for (const e of await listEntries(t.database.db, t.organisation.id, r.round.id)) for (const f of (e.result as CategorisationResult).firedRules) ids.add(f.ruleId);
    fired.set(policy.id, ids);
  }
}, 1_500_000);
afterAll(async () => t?.close());

describe('every category rule fires in a real round', () => {
  for (const policy of loadShippedPolicies().values()) {
    it(`${policy.id}: each rule fires on real or officer-recorded data, or is listed with the reason it cannot`, () => {
      const notFired = policy.rules.map((r) => r.id).filter((id) => !fired.get(policy.id)!.has(id));
      expect(notFired.sort()).toEqual(Object.keys(NOT_DRIVEN[policy.id] ?? {}).sort());
    });
  }
});
