// Early warning reads the LA's own signals (issue 16): a school with a Core Group whose latest meeting
// found no evidence of impact, a stage-of-concern designation and signed-off judgements of concern gets
// them named in plain words by `lodestar risk`, scored whether or not such records exist, and a
// confidential judgement stays out of what a reader without the permission sees. Real Hertfordshire register.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { coreGroupMeetings } from '../../src/db/schema-engagement.js';
import { riskOutput } from '../../src/cli/commands/risk.js';
import { findImporter } from '../../src/importers/registry.js';
import { insertConcernJudgement, insertIntervention } from '../../src/repositories/interventions.js';
import { ensureOrganisation, type Organisation } from '../../src/repositories/organisations.js';
import { searchSchools } from '../../src/repositories/schools.js';
import { establishCoreGroup } from '../../src/services/coreGroups.js';
import { loadEvidenceForSchools, loadRiskEvidence } from '../../src/services/riskEvidence.js';
import { openTestDatabase } from '../support/db.js';

const DATA = path.join(process.cwd(), 'datasets');
let database: Database;
let org: Organisation;
let urn: number;
const actor = { userId: null, label: 'test', organisationId: null };

interface Out {
  schools: { urn: number; risk: { risk: number; notInModel: string[] } }[];
}

beforeAll(async () => {
  database = await openTestDatabase();
  org = await ensureOrganisation(database.db, { kind: 'local_authority', code: '919', name: 'Hertfordshire' });
  await findImporter('school-information')!.run(database.db, {
    file: path.join(DATA, 'hertfordshire-919/2024-25/919_school_information.csv'),
    organisation: org,
    importedBy: 'test',
  });
  const { rows } = await searchSchools(database.db, org.id, { scope: { kind: 'all' }, status: 'open', stateFundedOnly: true }, null);
  urn = rows[0]!.urn;
  const db = database.db;
  const made = await establishCoreGroup(db, org.id, urn, { membership: 'A Governor, chair\nB Head, head teacher', cadence: 'half-termly' }, actor, '2026-09-01');
  expect(made.ok).toBe(true);
  const group = made.ok ? made.row : null;
  await db.insert(coreGroupMeetings).values({
    organisationId: org.id,
    coreGroupId: group!.id,
    urn,
    meetingDate: '2026-10-15',
    evaluationForm: { kpis: [], schoolCommentary: '' },
    judgement: 'no_evidence_of_impact',
    recordedBy: 'test',
  });
  await insertIntervention(db, { organisationId: org.id, urn, stage: 3, startedOn: '2026-09-10', reason: 'standards', recordedBy: 'test' });
  const judgement = { organisationId: org.id, urn, ground: 'standards', judgedOn: '2026-10-20', judgedBy: 'C Officer, senior adviser', evidence: 'e', recordedBy: 'test' };
  await insertConcernJudgement(db, { ...judgement, confidential: true, status: 'signed_off' });
  // Awaiting sign-off: not yet the LA's judgement, so never counted.
  await insertConcernJudgement(db, { ...judgement, judgedOn: '2026-11-01', status: 'awaiting_sign_off' });
}, 120_000);

afterAll(async () => {
  await database?.close();
});

describe('early warning reads LA signals', () => {
  it('names them in plain words for the school that has them, and scores every school either way', async () => {
    const out = JSON.parse(await riskOutput(database.db, org.id, { asOf: '2026-12-01', format: 'json', includeConfidential: true })) as Out;
    const mine = out.schools.find((s) => s.urn === urn)!;
    const words = mine.risk.notInModel.join(' ');
    expect(words).toMatch(/A Core Group meets about it/);
    expect(words).toMatch(/latest Core Group meeting judged 'no evidence of impact'/);
    expect(words).toMatch(/It is at LA stage of concern 3/);
    expect(words).toMatch(/1 signed-off LA judgement of concern in the last twelve months/);
    expect(words).toMatch(/weigh it yourself/);
    // The others have no LA records and are scored all the same, with none of these notes.
    const others = out.schools.filter((s) => s.urn !== urn);
    expect(others.length).toBeGreaterThan(300);
    expect(others.every((s) => Number.isFinite(s.risk.risk) && !s.risk.notInModel.join(' ').includes('Core Group'))).toBe(true);
  });

  it('leaves a confidential judgement of concern out for a reader without the permission', async () => {
    const out = JSON.parse(await riskOutput(database.db, org.id, { asOf: '2026-12-01', format: 'json' })) as Out;
    const words = out.schools.find((s) => s.urn === urn)!.risk.notInModel.join(' ');
    expect(words).toMatch(/Core Group meets about it/);
    expect(words).not.toMatch(/judgement/);
  });

  it('sees only what was recorded by the scoring day, and the one-school and whole-LA loaders agree', async () => {
    const before = JSON.parse(await riskOutput(database.db, org.id, { asOf: '2026-09-05', format: 'json', includeConfidential: true })) as Out;
    const words = before.schools.find((s) => s.urn === urn)!.risk.notInModel.join(' ');
    expect(words).toMatch(/A Core Group meets about it/);
    expect(words).not.toMatch(/stage of concern|judgement|no evidence of impact/);
    const { rows } = await searchSchools(database.db, org.id, { scope: { kind: 'all' }, status: 'open', stateFundedOnly: true }, null);
    const whole = await loadEvidenceForSchools(database.db, org.id, rows, '2026-11-30', { laSignals: true });
    const one = await loadRiskEvidence(database.db, org.id, urn, '2026-11-30');
    expect(whole.get(urn)!.laSignals).toEqual(one!.laSignals);
    expect(one!.laSignals!.stages).toEqual([{ stage: 3, startedOn: '2026-09-10', endedOn: null }]);
  });
});
