// The whole-LA evidence read (categorisation, early warning, the programme) returns each school's
// observations as one JSON array per school (repositories/evidence.ts `observationsByUrn`) rather than
// one drizzle row per figure: it must give every school exactly what the one-school read gives, field
// for field, on real Hertfordshire rows (KS2 and KS4 with confidence intervals, suppressed census
// figures, absence), both for the whole LA and for a small set of schools.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { observationsByUrn, schoolObservations } from '../../src/repositories/evidence.js';
import type { Organisation } from '../../src/repositories/organisations.js';
import type { SchoolWithDistrict } from '../../src/repositories/schools.js';
import { loadSchoolEvidence } from '../../src/services/evidence.js';
import { computeFeatures } from '../../src/domain/risk/features.js';
import { scoreSchool } from '../../src/domain/risk/model.js';
import { currentModel } from '../../src/services/risk.js';
import { loadEvidenceForSchools, loadScoringEvidenceForSchools } from '../../src/services/riskEvidence.js';
import { schoolFacts } from '../../src/repositories/schools.js';
import { openTestDatabase } from '../support/db.js';
import { loadHertfordshire } from '../support/hertfordshire.js';

let database: Database;
let org: Organisation;
let open: SchoolWithDistrict[];

beforeAll(async () => {
  database = await openTestDatabase();
  ({ org, open } = await loadHertfordshire(database.db));
}, 240_000);

afterAll(async () => {
  await database?.close();
});

describe('whole-LA evidence read', () => {
  it('gives every school the observations the one-school read gives, in the same order', async () => {
    const bulk = await observationsByUrn(database.db, org.id, null);
    let compared = 0;
    let withInterval = 0;
    let suppressed = 0;
    for (const s of open) {
      const one = (await schoolObservations(database.db, org.id, s.urn)).map(({ id: _id, organisationId: _o, importId: _i, ...rest }) => rest);
      expect(bulk.get(s.urn) ?? [], `URN ${s.urn}`).toEqual(one);
      compared += one.length;
      withInterval += one.filter((o) => o.ciLower !== null).length;
      suppressed += one.filter((o) => o.status !== 'ok').length;
    }
    // The comparison covered real figures of every shape, not empty lists.
    expect(compared).toBeGreaterThan(5_000);
    expect(withInterval).toBeGreaterThan(100);
    expect(suppressed).toBeGreaterThan(100);
  });

  it('builds the same SchoolEvidence as loadSchoolEvidence, for the whole LA and for a few schools', async () => {
    expect(open.length).toBeGreaterThan(200); // the whole-organisation path, not the few-schools one
    const day = '2026-11-30';
    const whole = await loadEvidenceForSchools(database.db, org.id, open, day);
    const few = await loadEvidenceForSchools(database.db, org.id, open.slice(0, 20), day);
    expect(few.size).toBe(20);
    for (const s of open) {
      const one = await loadSchoolEvidence(database.db, org.id, s.urn, day);
      expect(whole.get(s.urn)).toEqual(one);
      if (few.has(s.urn)) expect(few.get(s.urn)).toEqual(one);
    }
  });

  it("gives early warning's read the same features and scores as the full read, with only the figures they can use", async () => {
    const model = await currentModel();
    const facts = await schoolFacts(database.db, org.id, { scope: { kind: 'all' }, status: 'open', stateFundedOnly: true });
    expect(facts.map((s) => s.urn)).toEqual(open.map((s) => s.urn));
    // Late 2026 every file is out; in January 2025 the 2024/25 KS4 tables and the 2023/24 absence are not yet.
    for (const day of ['2026-11-30', '2025-01-15']) {
      const full = await loadEvidenceForSchools(database.db, org.id, open, day, { laSignals: true });
      const lean = await loadScoringEvidenceForSchools(database.db, org.id, facts, day);
      expect(lean.size).toBe(full.size);
      let fewer = 0;
      let kept = 0;
      for (const s of open) {
        const a = full.get(s.urn)!;
        const b = lean.get(s.urn)!;
        expect(b.observations.length).toBeLessThanOrEqual(a.observations.length);
        fewer += a.observations.length - b.observations.length;
        kept += b.observations.length;
        // Each figure read is the full read's, field for field.
        const byKey = new Map(a.observations.map((o) => [`${o.measure}|${o.academicYear}`, o]));
        for (const o of b.observations) expect(byKey.get(`${o.measure}|${o.academicYear}`), `URN ${s.urn}`).toMatchObject(o);
        expect(computeFeatures(b), `URN ${s.urn} on ${day}`).toEqual(computeFeatures(a));
        expect(scoreSchool(model, b), `URN ${s.urn} on ${day}`).toEqual(scoreSchool(model, a));
        expect({ ...b, observations: [] }).toEqual({ ...a, observations: [] });
      }
      // The lean read left figures out and still carried some: both sides of the comparison were exercised.
      expect(fewer, day).toBeGreaterThan(1_000);
      expect(kept, day).toBeGreaterThan(1_000);
    }
  });
});
