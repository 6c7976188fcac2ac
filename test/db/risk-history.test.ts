// Issue 16: the live scores weigh inspection history where it is imported. Real Warwickshire Ofsted MI rows
// are imported for some of an LA's schools; `lodestar risk` then scores those with the saved model's
// inspection-history stage (their last grade and the time since it named as factors, each dated by its
// inspection) and the others with the national model alone, said in each score's basis.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { schools } from '../../src/db/schema.js';
import { factorEvidence } from '../../src/domain/risk/factorEvidence.js';
import { riskOutput } from '../../src/cli/commands/risk.js';
import { findImporter } from '../../src/importers/registry.js';
import { ensureOrganisation, type Organisation } from '../../src/repositories/organisations.js';
import { currentModel } from '../../src/services/risk.js';
import { loadRiskEvidence } from '../../src/services/riskEvidence.js';
import { openTestDatabase } from '../support/db.js';

const MI = path.join(process.cwd(), 'datasets/ofsted-mi-warwickshire-2020/ofsted_mi_warwickshire_2020_with_model_output.csv');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-risk-history-'));
const HELD = 20;
// Schools whose MI rows are imported; the rest of the HELD have none.
const WITH_HISTORY = 14;
const AS_OF = '2020-09-01';

interface Scored {
  urn: number;
  risk: { risk: number; basis: string; topFactors: { factor: string; direction: string; words: string }[] };
}

let database: Database;
let org: Organisation;
let rows: Record<string, string>[];
let before: Map<number, Scored>;

const score = async () =>
  new Map((JSON.parse(await riskOutput(database.db, org.id, { asOf: AS_OF, format: 'json' })) as { schools: Scored[] }).schools.map((s) => [s.urn, s]));

beforeAll(async () => {
  database = await openTestDatabase();
  org = await ensureOrganisation(database.db, { kind: 'local_authority', code: '937', name: 'Warwickshire' });
  const text = fs.readFileSync(MI, 'utf8');
  const [header, ...records] = parse(text, { relax_column_count: true }) as string[][];
  rows = records.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
  await database.db.insert(schools).values(
    rows.slice(0, HELD).map((r) => ({
      organisationId: org.id,
      urn: Number(r.URN),
      name: r.Schoolname!,
      laCode: '937',
      typeName: r.Typeofeducation!,
      typeGroup: r.Academy === '1' ? 'Academy' : 'LA maintained',
      phase: r.Ofstedphase!,
      status: 'open',
      isStateFunded: true,
      sourceDate: '2020-08-31',
    })),
  );
  before = await score();
  // The real file's lines for the first WITH_HISTORY schools only (one line per school in this extract).
  const lines = text.split('\n');
  const part = path.join(tmp, 'ofsted_mi_part.csv');
  fs.writeFileSync(part, [lines[0], ...lines.slice(1, 1 + WITH_HISTORY)].join('\n') + '\n');
  await findImporter('ofsted')!.run(database.db, { file: part, organisation: org, importedBy: 'test' });
}, 300_000);

afterAll(async () => {
  await database?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('live scores with inspection history', () => {
  it('the saved model carries an inspection-history stage fitted on the Warwickshire all-schools design', async () => {
    const model = await currentModel();
    expect(model.historyStage?.featureIds).toEqual(['last_grade', 'years_since_inspection']);
    expect(model.historyStage!.training.design).toBe('live-with-history');
    expect(model.historyStage!.training.outcomes).toBeGreaterThan(100);
    expect(model.historyStage!.training.positives).toBeGreaterThan(5);
  });

  it('scores on the national model alone before any inspection is imported', () => {
    expect(before.size).toBe(HELD);
    for (const s of before.values()) {
      expect(s.risk.basis).toMatch(/national model alone/);
      expect(s.risk.topFactors.map((f) => f.factor)).not.toContain('last_grade');
    }
  });

  it('applies the stage to schools with imported inspections, naming the last grade with its inspection date', async () => {
    const after = await score();
    const imported = rows.slice(0, WITH_HISTORY).map((r) => Number(r.URN));
    for (const urn of imported) expect(after.get(urn)!.risk.basis, String(urn)).toMatch(/adjusted for this school's inspection history/);
    // The stage moves the scores (the national model alone would leave them where they were).
    expect(imported.filter((u) => Math.abs(after.get(u)!.risk.risk - before.get(u)!.risk.risk) > 0.005).length).toBeGreaterThan(WITH_HISTORY / 2);
    // Nursery Hill Primary School (125500): judged Requires improvement, published 12 December 2019.
    const nh = after.get(125500)!;
    const factor = nh.risk.topFactors.find((f) => f.factor === 'last_grade')!;
    expect(factor).toMatchObject({ direction: 'up' });
    expect(factor.words).toMatch(/^Its last graded inspection outcome was Requires improvement, which raises the estimated risk/);
    expect(nh.risk.risk).toBeGreaterThan(before.get(125500)!.risk.risk);
    const evidence = await loadRiskEvidence(database.db, org.id, 125500, '2020-08-31');
    expect(factorEvidence(evidence!, 'last_grade')).toEqual({ kind: 'inspection', date: '2019-12-12' });
  });

  it('leaves schools without imported inspections on the national model alone, said in the basis', async () => {
    const after = await score();
    for (const r of rows.slice(WITH_HISTORY, HELD)) {
      const s = after.get(Number(r.URN))!;
      expect(s.risk.basis).toMatch(/No graded inspection of this school is held .* national model alone/);
      expect(s.risk.risk).toBeCloseTo(before.get(Number(r.URN))!.risk.risk, 10);
    }
  });
});
