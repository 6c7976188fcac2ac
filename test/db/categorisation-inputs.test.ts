// A whole-LA categorisation reads only what its policy reads (repositories/categorisationInputs.ts): the
// open state-funded schools' few register columns and the observations of the policy's measures. On real
// Hertfordshire rows this must give the schools in the order searchSchools gives them, each school the
// observations observationsByUrn gives for those measures, every school the result the engine gives on
// its full evidence, and `lodestar categorise --json`, written piece by piece, exactly the document
// JSON.stringify(…, null, 2) makes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoriseOutput, categoriseOutputPieces } from '../../src/cli/commands/categorise.js';
import type { Database } from '../../src/db/client.js';
import { categorise, measuresReadBy, type Policy } from '../../src/domain/categorisation/index.js';
import { createAccount } from '../../src/services/accounts.js';
import { insertItem } from '../../src/repositories/intelligence.js';
import { observationsOfMeasures, openStateFundedSchools } from '../../src/repositories/categorisationInputs.js';
import { observationsByUrn } from '../../src/repositories/evidence.js';
import { ensureOrganisation, type Organisation } from '../../src/repositories/organisations.js';
import type { SchoolWithDistrict } from '../../src/repositories/schools.js';
import { proposeCategories, shippedPolicy } from '../../src/services/categorisation.js';
import { loadLaContext } from '../../src/services/evidence.js';
import { loadEvidenceForSchools } from '../../src/services/riskEvidence.js';
import { openTestDatabase } from '../support/db.js';
import { loadHertfordshire } from '../support/hertfordshire.js';

const AS_OF = '2025-12-01';
let database: Database;
let org: Organisation;
let open: SchoolWithDistrict[];
let policy: Policy;

beforeAll(async () => {
  database = await openTestDatabase();
  ({ org, open } = await loadHertfordshire(database.db));
  // Intelligence, one item confidential, so a rule resting on it is worked out both ways.
  const user = await createAccount(
    database.db,
    { organisationId: org.id, email: 'officer@example.test', displayName: 'Test Officer', role: 'admin', password: null, urns: [], districtIds: [] },
    { userId: null, label: 'test', organisationId: org.id },
  );
  await database.db.transaction(async (tx) => {
    await insertItem(tx, org.id, open[0]!.urn, { kind: 'safeguarding_concern', indicator: null, summary: 'Referral', source: 'LADO', occurredOn: '2025-10-01', confidential: true }, user.id);
    await insertItem(tx, org.id, open[1]!.urn, { kind: 'leadership_concern', indicator: null, summary: 'Head leaving', source: 'Link officer', occurredOn: '2025-09-15', confidential: false }, user.id);
  });
  policy = shippedPolicy('staffordshire-2014');
}, 240_000);

afterAll(async () => {
  await database?.close();
});

describe('what a whole-LA categorisation reads', () => {
  it('reads the open state-funded schools searchSchools lists, in its order, with their register facts', async () => {
    const narrow = await openStateFundedSchools(database.db, org.id);
    expect(narrow.length).toBeGreaterThan(400);
    expect(narrow).toEqual(open.map((s) => ({ urn: s.urn, name: s.name, laCode: s.laCode, phase: s.phase, typeGroup: s.typeGroup, typeName: s.typeName, districtName: s.districtName })));
  });

  it("reads each school's observations of the policy's measures exactly as the whole read gives them", async () => {
    const measures = measuresReadBy(policy);
    expect(measures).toContain('ks2.rwm_expected_pct');
    const all = await observationsByUrn(database.db, org.id, null);
    const some = await observationsOfMeasures(database.db, org.id, measures, null);
    let kept = 0;
    let left = 0;
    for (const [urn, list] of all) {
      const wanted = list.filter((o) => measures.includes(o.measure));
      expect(some.get(urn) ?? [], `URN ${urn}`).toEqual(wanted);
      kept += wanted.length;
      left += list.length - wanted.length;
    }
    // The test compared real figures, and the policy's measures are a part of what the LA holds.
    expect(kept).toBeGreaterThan(1_000);
    expect(left).toBeGreaterThan(1_000);
    // A few schools read only theirs.
    const few = open.slice(0, 5).map((s) => s.urn);
    const theirs = await observationsOfMeasures(database.db, org.id, measures, few);
    expect([...theirs.keys()].every((u) => few.includes(u))).toBe(true);
    for (const u of few) expect(theirs.get(u) ?? []).toEqual(some.get(u) ?? []);
  });

  it('gives every school the result the engine gives on its full evidence', async () => {
    const proposed = await proposeCategories(database.db, org.id, policy, { asOf: AS_OF });
    const full = await loadEvidenceForSchools(database.db, org.id, open, AS_OF);
    const la = await loadLaContext(database.db, org.id);
    expect(proposed.map((p) => p.urn)).toEqual(open.map((s) => s.urn));
    for (const p of proposed) expect(p.result, `URN ${p.urn}`).toEqual(categorise(policy, full.get(p.urn)!, la, {}));
    // Rules fired, and one on confidential intelligence.
    expect(proposed.some((p) => p.result.firedRules.length > 0)).toBe(true);
    expect(proposed.some((p) => p.result.firedRules.some((f) => f.confidential))).toBe(true);
  });
});

describe('lodestar categorise --json, written in pieces', () => {
  it('is exactly the pretty-printed document, with or without confidential intelligence', async () => {
    for (const includeConfidential of [true, false]) {
      const pieces: string[] = [];
      for await (const piece of categoriseOutputPieces(database.db, org, policy, { asOf: AS_OF, json: true, includeConfidential })) pieces.push(piece);
      // More than one batch of schools, so the joins between pieces are tested.
      expect(pieces.length).toBeGreaterThan(3);
      const text = pieces.join('');
      const doc = JSON.parse(text) as { asOf: string; schools: { urn: number }[] };
      expect(text).toBe(JSON.stringify(doc, null, 2));
      expect(doc.asOf).toBe(AS_OF);
      expect(doc.schools.map((s) => s.urn)).toEqual(open.map((s) => s.urn));
      expect(await categoriseOutput(database.db, org, policy, { asOf: AS_OF, json: true, includeConfidential })).toBe(text);
    }
  });

  it('prints an LA with no open schools as an empty list', async () => {
    const other = await ensureOrganisation(database.db, { kind: 'local_authority', code: '888', name: 'Nowhere' });
    const text = await categoriseOutput(database.db, other, policy, { asOf: AS_OF, json: true });
    expect(text).toBe(JSON.stringify({ policy: { id: policy.id, version: policy.version, title: policy.title }, asOf: AS_OF, schools: [] }, null, 2));
  });
});
