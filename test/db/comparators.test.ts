// Distributions stored per measure × year × scope when a file is imported (issue 15): they match the
// observations they summarise, are recomputed in the import transaction when a newer release of the
// same measure-year arrives, follow a school into another district, and are what the categorisation
// engine reads (its quartile evidence is the same as from every observation read directly).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { measureDistributions } from '../../src/db/schema-comparators.js';
import { observations } from '../../src/db/schema-evidence.js';
import { districts } from '../../src/db/schema.js';
import { findImporter } from '../../src/importers/registry.js';
import { ensureOrganisation, type Organisation } from '../../src/repositories/organisations.js';
import { getSchool, setDistrict } from '../../src/repositories/schools.js';
import { proposeCategories, shippedPolicy } from '../../src/services/categorisation.js';
import { loadLaContext } from '../../src/services/evidence.js';
import { openTestDatabase } from '../support/db.js';

const KS2 = path.join(process.cwd(), 'datasets/hertfordshire-919/2024-25/919_ks2final.csv');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-comparators-test-'));
const MEASURE = 'ks2.rwm_expected_pct';
const YEAR = '2024/25';

let database: Database;
let herts: Organisation;

async function run(kind: string, file: string) {
  return findImporter(kind)!.run(database.db, { file, organisation: herts, importedBy: 'test' });
}

async function stored(scope: 'la' | 'district' | 'phase', key = '') {
  const [row] = await database.db
    .select()
    .from(measureDistributions)
    .where(
      and(
        eq(measureDistributions.organisationId, herts.id),
        eq(measureDistributions.measure, MEASURE),
        eq(measureDistributions.academicYear, YEAR),
        eq(measureDistributions.scope, scope),
        eq(measureDistributions.scopeKey, key),
      ),
    );
  return row;
}

async function observed() {
  return database.db
    .select()
    .from(observations)
    .where(and(eq(observations.organisationId, herts.id), eq(observations.measure, MEASURE), eq(observations.academicYear, YEAR)));
}

const stringify = (rows: string[][]) => rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n') + '\r\n';
const median = (s: number[]) => (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2);

beforeAll(async () => {
  database = await openTestDatabase();
  herts = await ensureOrganisation(database.db, { kind: 'local_authority', code: '919', name: 'Hertfordshire' });
  await run('school-information', path.join(process.cwd(), 'datasets/hertfordshire-919/2024-25/919_school_information.csv'));
  await run('ks2', KS2);
});

afterAll(async () => {
  await database.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('distributions stored at import (919_ks2final.csv 2024/25)', () => {
  it('the LA row holds every published value, sorted, with count, suppressed count, mean and quartiles', async () => {
    const rows = await observed();
    const ok = rows.filter((r) => r.status === 'ok' && r.value !== null).map((r) => r.value as number).sort((a, b) => a - b);
    const la = await stored('la');
    expect(la.count).toBe(ok.length);
    expect(la.suppressed).toBe(rows.length - ok.length);
    expect(la.suppressed).toBeGreaterThan(0); // the real file has SUPP and blank rows
    expect(la.sortedValues).toEqual(ok);
    expect(la.median).toBeCloseTo(median(ok), 9);
    expect(la.mean).toBeCloseTo(ok.reduce((a, b) => a + b, 0) / ok.length, 9);
    expect([la.min, la.max]).toEqual([ok[0], ok[ok.length - 1]]);
    expect(la.p25!).toBeLessThanOrEqual(la.median!);
    expect(la.p75!).toBeGreaterThanOrEqual(la.median!);
  });

  it('district and phase rows partition the schools on the register', async () => {
    const all = await database.db.select().from(measureDistributions).where(and(eq(measureDistributions.measure, MEASURE), eq(measureDistributions.academicYear, YEAR)));
    const la = all.find((r) => r.scope === 'la')!;
    const districtsTotal = all.filter((r) => r.scope === 'district').reduce((n, r) => n + r.count, 0);
    expect(all.filter((r) => r.scope === 'district').length).toBeGreaterThan(5);
    expect(districtsTotal).toBeLessThanOrEqual(la.count);
    expect(districtsTotal).toBeGreaterThan(la.count * 0.9);
    const abbots = (await getSchool(database.db, herts.id, 117083, { kind: 'all' }))!;
    expect((await stored('phase', abbots.phase)).count).toBeGreaterThan(100);
  });

  it('what the categorisation engine reads is exactly every published value of the LA', async () => {
    const ctx = await loadLaContext(database.db, herts.id);
    const ok = (await observed()).filter((r) => r.status === 'ok' && r.value !== null).map((r) => r.value as number);
    expect([...ctx.distributions[MEASURE][YEAR]].sort((a, b) => a - b)).toEqual(ok.sort((a, b) => a - b));
  });
});

describe('a newer file for the same measure and year', () => {
  it('recomputes the stored distribution in the same import, and categorisation reads the new one', async () => {
    // A revised release: the real file with Abbots Langley's figure changed (the edit is synthetic, the rest real).
    const [header, ...rows] = parse(fs.readFileSync(KS2, 'utf8').replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
    const urn = header.indexOf('URN');
    const col = header.indexOf('PTRWM_EXP');
    const before = await stored('la');
    const old = rows.find((r) => r[urn] === '117083')![col];
    const revised = rows.map((r) => (r[urn] === '117083' ? r.map((c, i) => (i === col ? '3%' : c)) : r));
    const file = path.join(tmp, '919_ks2final_revised.csv');
    fs.writeFileSync(file, stringify([header, ...revised]));
    await run('ks2', file);

    const after = await stored('la');
    expect(after.importId).not.toBe(before.importId);
    expect(after.count).toBe(before.count);
    expect(after.mean!).toBeLessThan(before.mean!);
    const expected = [...before.sortedValues];
    expected.splice(expected.indexOf(parseFloat(old)), 1);
    expect(after.sortedValues).toEqual([3, ...expected].sort((a, b) => a - b));

    // The engine's quartile evidence now puts the school at the bottom of the LA.
    const [abbots] = await proposeCategories(database.db, herts.id, shippedPolicy('staffordshire-2014'), { urns: [117083] });
    const text = JSON.stringify(abbots.result);
    if (text.includes(MEASURE)) expect(text).not.toContain(`${old} is in the LA`);
    expect((await loadLaContext(database.db, herts.id)).distributions[MEASURE][YEAR]).toContain(3);
  });

  it('moving a school to another district moves its value between the district rows', async () => {
    const abbots = (await getSchool(database.db, herts.id, 117083, { kind: 'all' }))!;
    const [other] = await database.db.select().from(districts).where(and(eq(districts.organisationId, herts.id)));
    const target = other.name === abbots.districtName ? (await database.db.select().from(districts))[1] : other;
    const from = await stored('district', abbots.districtName!);
    const to = await stored('district', target.name);
    await database.db.transaction((tx) => setDistrict(tx, herts.id, 117083, target.id));
    expect((await stored('district', abbots.districtName!)).count).toBe(from.count - 1);
    expect((await stored('district', target.name)).count).toBe(to.count + 1);
    expect((await stored('district', target.name)).sortedValues).toContain(3);
  });
});
