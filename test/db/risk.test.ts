// Early-warning alerts on the real Hertfordshire files: rescoring stores a score per school, a school
// whose risk rose past the threshold joins the needs-review queue with the reason, one below it does
// not, the import hook rescores after an evidence import, and a scoring failure never undoes the import.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { reviewFlags, riskScores } from '../../src/db/schema-categorisation.js';
import { observations } from '../../src/db/schema-evidence.js';
import { imports } from '../../src/db/schema.js';
import type { RiskSettings } from '../../src/domain/risk/alerts.js';
import { findImporter } from '../../src/importers/registry.js';
import { ensureOrganisation, type Organisation } from '../../src/repositories/organisations.js';
import { latestScores, readRiskSettings, rescoreAfterImport, rescoreIfModelChanged } from '../../src/services/riskAlerts.js';
import { riskOutput } from '../../src/cli/commands/risk.js';
import { searchSchools } from '../../src/repositories/schools.js';
import { openTestDatabase } from '../support/db.js';

// A switch that makes scoring throw, to prove the import stands when rescoring fails.
const failing = vi.hoisted(() => ({ on: false }));
vi.mock('../../src/services/risk.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/services/risk.js')>();
  return {
    ...actual,
    scoreSchools: (...args: Parameters<typeof actual.scoreSchools>) =>
      failing.on ? Promise.reject(new Error('scoring failed on purpose')) : actual.scoreSchools(...args),
  };
});

const DATA = path.join(process.cwd(), 'datasets');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-risk-test-'));
let database: Database;
let org: Organisation;

const base: RiskSettings = { threshold: 0.4, minimumRise: 0.05, raisedFrom: 0.3, source: 'test', date: '2026-01-01' };

function run(kind: string, relative: string, academicYear?: string) {
  return findImporter(kind)!.run(database.db, { file: path.join(DATA, relative), organisation: org, importedBy: 'test', academicYear });
}

async function setLatest(urn: number, risk: number) {
  const row = (await latestScores(database.db, org.id, [urn])).get(urn)!;
  await database.db.update(riskScores).set({ risk }).where(eq(riskScores.id, row.id));
}

async function riskFlags(urn?: number) {
  return database.db
    .select()
    .from(reviewFlags)
    .where(and(eq(reviewFlags.organisationId, org.id), eq(reviewFlags.kind, 'risk'), urn ? eq(reviewFlags.urn, urn) : undefined));
}

beforeAll(async () => {
  database = await openTestDatabase();
  org = await ensureOrganisation(database.db, { kind: 'local_authority', code: '919', name: 'Hertfordshire' });
  await run('school-information', 'hertfordshire-919/2024-25/919_school_information.csv');
  await run('census', 'hertfordshire-919/2023-24/919_census.csv', '2023/24');
  // The measures the model was trained on (2014/15), so scores as of 2016 spread out as they do in the backtest.
  await run('absence', 'england-2015/england_abs.csv', '2014/15');
}, 120_000);

const AS_OF_2016 = '2016-09-01';
afterAll(async () => {
  delete process.env.LODESTAR_RISK_CONFIG;
  fs.rmSync(tmp, { recursive: true, force: true });
  await database?.close();
});

describe('early-warning alerts', () => {
  it('ships valid alert settings with a source and a date', () => {
    const s = readRiskSettings();
    expect(s.threshold).toBeGreaterThan(s.raisedFrom);
    expect(s.source.length).toBeGreaterThan(20);
  });

  it('lodestar risk --as-of scores every open state-funded school in the register, even one with no published figures', async () => {
    const { rows: open } = await searchSchools(database.db, org.id, { scope: { kind: 'all' }, status: 'open', stateFundedOnly: true }, null);
    const out = JSON.parse(await riskOutput(database.db, org.id, { asOf: AS_OF_2016, format: 'json' })) as {
      schools: { urn: number; risk: { risk: number; coverage: number; notInModel: string[] } }[];
    };
    expect(out.schools.map((s) => s.urn).sort((a, b) => a - b)).toEqual(open.map((s) => s.urn).sort((a, b) => a - b));
    // Schools opened since 2015 have no figures published by 2016: scored on phase and type, and say so.
    const bare = out.schools.filter((s) => s.risk.coverage === 0);
    expect(bare.length).toBeGreaterThan(0);
    expect(bare.every((s) => s.risk.risk > 0 && s.risk.risk < 1)).toBe(true);
    expect(bare[0]!.risk.notInModel.join(' ')).toMatch(/the score is rough/);
  });

  it('the import hook scored every school with evidence after each evidence import, and flagged none without a rise', async () => {
    const latest = await latestScores(database.db, org.id);
    expect(latest.size).toBeGreaterThan(400);
    const one = [...latest.values()][0]!;
    expect(one.trigger).toMatch(/^import (census|absence) #\d+$/);
    expect(one.risk).toBeGreaterThan(0);
    expect(one.risk).toBeLessThan(1);
    expect(Array.isArray(one.topFactors)).toBe(true);
    expect(await riskFlags()).toHaveLength(0);
  });

  it('flags a school whose risk rose past the threshold, with the reason and top factors; none below it', async () => {
    const first = await rescoreAfterImport(database.db, org.id, 'test: baseline', { settings: base, asOf: AS_OF_2016 });
    // Scores as of 2016 against today's may themselves be rises; start this test from an empty queue.
    await database.db.delete(reviewFlags).where(eq(reviewFlags.organisationId, org.id));
    // Only the schools this rescoring covers (those with evidence as of 2016).
    const ranked = [...(await latestScores(database.db, org.id)).values()].filter((r) => r.trigger === 'test: baseline').sort((a, b) => b.risk - a.risk);
    const top = ranked[0]!;
    // The threshold sits just under the top school's score; its previous score is set well below it.
    const settings = { ...base, threshold: top.risk - 0.001, raisedFrom: 0.01 };
    const low = ranked.find((r) => r.risk < settings.threshold - 0.02)!;
    await setLatest(top.urn, top.risk - 0.1);
    await setLatest(low.urn, Math.max(0, low.risk - 0.1));
    const second = await rescoreAfterImport(database.db, org.id, 'test: rise', { settings, asOf: AS_OF_2016 });
    expect(second.scored).toBe(first.scored);
    expect(second.flagged.map((f) => f.urn)).toContain(top.urn);
    expect(second.flagged.map((f) => f.urn)).not.toContain(low.urn);
    const [flag] = await riskFlags(top.urn);
    expect(flag!.status).toBe('open');
    expect(flag!.reason).toMatch(/^Early-warning risk rose from \d+% to \d+%, past the alert threshold of \d+%\./);
    expect(flag!.reason).toContain('does not set a category');
    expect(flag!.details).toMatchObject({ modelVersion: second.modelVersion, trigger: 'test: rise' });
    expect(await riskFlags(low.urn)).toHaveLength(0);
    // Stored: one new score per school per rescoring, each saying when and why it was made.
    // In the order they were made: a select without an order has none (the latest-score index changed the plan).
    const rows = await database.db.select().from(riskScores).where(and(eq(riskScores.organisationId, org.id), eq(riskScores.urn, top.urn))).orderBy(riskScores.id);
    expect(rows.filter((r) => r.trigger.startsWith('test: ')).map((r) => [r.trigger, r.asOf])).toEqual([
      ['test: baseline', AS_OF_2016],
      ['test: rise', AS_OF_2016],
    ]);
  });

  it('does not flag a rise that is smaller than the minimum, or one across model versions', async () => {
    // Only schools the 2016 rescoring covers, so that a flag could be raised if the rules were wrong.
    const ranked = [...(await latestScores(database.db, org.id)).values()].filter((r) => r.asOf === AS_OF_2016).sort((a, b) => b.risk - a.risk);
    const [a, b] = ranked;
    const settings = { ...base, threshold: b!.risk - 0.005, raisedFrom: 0.01, minimumRise: 0.05 };
    await setLatest(a!.urn, a!.risk - 0.01); // a rise of one point: under the minimum
    const row = (await latestScores(database.db, org.id, [b!.urn])).get(b!.urn)!;
    await database.db.update(riskScores).set({ risk: b!.risk - 0.2, modelVersion: 'an-older-model' }).where(eq(riskScores.id, row.id));
    const before = (await riskFlags()).length;
    const r = await rescoreAfterImport(database.db, org.id, 'test: no rise', { settings, asOf: AS_OF_2016 });
    expect(r.flagged.map((f) => f.urn)).not.toContain(a!.urn);
    expect(r.flagged.map((f) => f.urn)).not.toContain(b!.urn);
    expect((await riskFlags()).length).toBe(before);
  });

  it('raises a flag through the import hook after an evidence import', async () => {
    await rescoreAfterImport(database.db, org.id, 'test: today', { settings: base });
    const ranked = [...(await latestScores(database.db, org.id)).values()].sort((a, b) => b.risk - a.risk);
    const target = ranked[1]!;
    const file = path.join(tmp, 'risk.json');
    fs.writeFileSync(file, JSON.stringify({ ...base, threshold: target.risk - 0.001, raisedFrom: 0.01, minimumRise: 0.05 }));
    process.env.LODESTAR_RISK_CONFIG = file;
    await database.db.delete(reviewFlags).where(eq(reviewFlags.organisationId, org.id));
    await setLatest(target.urn, target.risk - 0.1);
    // The same census again: nothing changes in the evidence, so the score is what it was before we lowered it.
    const outcome = await run('census', 'hertfordshire-919/2023-24/919_census.csv', '2023/24');
    expect(outcome.summary.at(-1)).toMatch(/^Early-warning risk rescored for \d+ schools; \d+ joined the needs-review queue/);
    const flags = await riskFlags(target.urn);
    expect(flags).toHaveLength(1);
    expect(flags[0]!.details).toMatchObject({ trigger: `import census #${outcome.importId}` });
    delete process.env.LODESTAR_RISK_CONFIG;
  });

  it('keeps the import when rescoring fails, and says so in the summary', async () => {
    const before = (await database.db.select({ n: count() }).from(riskScores).where(eq(riskScores.organisationId, org.id)))[0]!.n;
    failing.on = true;
    try {
      const outcome = await run('absence', 'hertfordshire-919/2023-24/919_abs.csv', '2023/24');
      expect(outcome.summary.at(-1)).toMatch(/could not be rescored/);
      const [imp] = await database.db.select().from(imports).where(eq(imports.id, outcome.importId));
      expect(imp!.kind).toBe('absence');
      const [{ n }] = await database.db.select({ n: count() }).from(observations).where(and(eq(observations.organisationId, org.id), eq(observations.importId, outcome.importId)));
      expect(n).toBeGreaterThan(100);
    } finally {
      failing.on = false;
    }
    const after = (await database.db.select({ n: count() }).from(riskScores).where(eq(riskScores.organisationId, org.id)))[0]!.n;
    expect(after).toBe(before);
  });

  it('rescores everything once when a new model is deployed, without raising alerts across versions', async () => {
    // Pretend every stored score came from an older model, as after a retrain.
    await database.db.update(riskScores).set({ modelVersion: 'an-older-model' }).where(eq(riskScores.organisationId, org.id));
    const flagsBefore = (await riskFlags()).length;
    const summary = await rescoreIfModelChanged(database.db, org.id);
    expect(summary).toMatch(/rescored for \d+ schools; 0 joined/);
    const latest = [...(await latestScores(database.db, org.id)).values()];
    expect(latest.length).toBeGreaterThan(100);
    expect(latest.every((r) => r.trigger.startsWith('new model ') && r.modelVersion !== 'an-older-model')).toBe(true);
    expect((await riskFlags()).length).toBe(flagsBefore);
    // Once the current model's scores are stored there is nothing more to do.
    expect(await rescoreIfModelChanged(database.db, org.id)).toBeNull();
  });
});
