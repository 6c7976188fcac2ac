// The evidence importers on the real files in datasets/: counts, real values, status tokens, England
// and LA ranks, idempotence, and malformed copies refused with line and reason while nothing changes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { comparators, inspections, observations } from '../../src/db/schema-evidence.js';
import { imports, schools } from '../../src/db/schema.js';
import { supersededObservations } from '../../src/db/schema-releases.js';
import { percentileRank, sortValues } from '../../src/domain/evidence/ranking.js';
import { ImportRefused } from '../../src/importers/problems.js';
import { findImporter } from '../../src/importers/registry.js';
import { ensureOrganisation, type Organisation } from '../../src/repositories/organisations.js';
import { openTestDatabase } from '../support/db.js';

const DATA = path.join(process.cwd(), 'datasets');
const file = (p: string) => path.join(DATA, p);
const readCsv = (p: string) => {
  const [header, ...rows] = parse(fs.readFileSync(file(p), 'utf8').replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
};
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-evidence-test-'));

let database: Database;
let herts: Organisation;
let registerUrns: Set<number>;

async function run(kind: string, relative: string, opts: { academicYear?: string; org?: Organisation; absolute?: boolean } = {}) {
  return findImporter(kind)!.run(database.db, {
    file: opts.absolute ? relative : file(relative),
    organisation: opts.org ?? herts,
    importedBy: 'test',
    academicYear: opts.academicYear,
  });
}

async function refusal(p: Promise<unknown>): Promise<ImportRefused> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(ImportRefused);
  return e as ImportRefused;
}

async function obs(urn: number, measure: string, year: string) {
  const [row] = await database.db
    .select()
    .from(observations)
    .where(and(eq(observations.organisationId, herts.id), eq(observations.urn, urn), eq(observations.measure, measure), eq(observations.academicYear, year)));
  return row;
}

async function tableCounts() {
  const n = async (t: typeof observations | typeof comparators | typeof inspections | typeof imports) => (await database.db.select({ n: count() }).from(t))[0].n;
  return { observations: await n(observations), comparators: await n(comparators), inspections: await n(inspections), imports: await n(imports) };
}

beforeAll(async () => {
  database = await openTestDatabase();
  herts = await ensureOrganisation(database.db, { kind: 'local_authority', code: '919', name: 'Hertfordshire' });
  await run('school-information', 'hertfordshire-919/2024-25/919_school_information.csv');
  registerUrns = new Set((await database.db.select({ urn: schools.urn }).from(schools)).map((s) => s.urn));
});

afterAll(async () => {
  await database.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('KS2 2024/25 for Hertfordshire (919_ks2final.csv)', () => {
  it('loads every school row with its two history years, and the LA and England rows as comparators', async () => {
    const out = await run('ks2', 'hertfordshire-919/2024-25/919_ks2final.csv');
    const rows = readCsv('hertfordshire-919/2024-25/919_ks2final.csv');
    const schoolRows = rows.filter((r) => r.RECTYPE === '1' || r.RECTYPE === '2');
    expect(out.rowsRead).toBe(rows.length);
    const [imp] = await database.db.select().from(imports).where(eq(imports.id, out.importId));
    expect(imp).toMatchObject({ kind: 'ks2', layout: 'ks2-2025-final', rowsAccepted: schoolRows.filter((r) => registerUrns.has(Number(r.URN))).length + 2 });
    expect(imp.summary).toMatchObject({ academicYear: '2022/23, 2023/24, 2024/25', coverage: 'local' });
    expect(out.summary.join('\n')).toMatch(/0 rejected/);
  });

  it("stores Abbots Langley School's real values with year, source, cohort and confidence interval", async () => {
    const row = readCsv('hertfordshire-919/2024-25/919_ks2final.csv').find((r) => r.URN === '117083')!;
    const latest = await obs(117083, 'ks2.rwm_expected_pct', '2024/25');
    expect(latest).toMatchObject({ value: parseFloat(row.PTRWM_EXP), raw: row.PTRWM_EXP, cohort: Number(row.TELIG), status: 'ok', source: '919_ks2final.csv' });
    expect((await obs(117083, 'ks2.rwm_expected_pct', '2023/24')).value).toBe(parseFloat(row.PTRWM_EXP_24));
    const read = await obs(117083, 'ks2.read_progress', '2022/23');
    expect([read.value, read.ciLower, read.ciUpper]).toEqual([Number(row.READPROG_23), Number(row.READPROG_LOWER_23), Number(row.READPROG_UPPER_23)]);
    // Progress was not published from 2023/24: a status, never a zero.
    expect(await obs(117083, 'ks2.read_progress', '2024/25')).toMatchObject({ value: null, status: 'not_published' });
  });

  it('keeps SUPP as suppressed with no value, and ranks schools within the LA', async () => {
    const supp = readCsv('hertfordshire-919/2024-25/919_ks2final.csv').find((r) => r.PTRWM_EXP_FSM6CLA1A === 'SUPP' && registerUrns.has(Number(r.URN)))!;
    expect(await obs(Number(supp.URN), 'ks2.rwm_expected_pct_disadv', '2024/25')).toMatchObject({ value: null, status: 'suppressed', raw: 'SUPP', laPercentile: null });
    const all = await database.db.select().from(observations).where(and(eq(observations.measure, 'ks2.rwm_expected_pct'), eq(observations.academicYear, '2024/25'), eq(observations.status, 'ok')));
    const sorted = sortValues(all.map((o) => o.value as number));
    for (const o of all.slice(0, 20)) expect(o.laPercentile).toBeCloseTo(percentileRank(sorted, o.value as number)!, 6);
    const [la] = await database.db.select().from(comparators).where(and(eq(comparators.scope, 'la'), eq(comparators.measure, 'ks2.rwm_expected_pct'), eq(comparators.academicYear, '2024/25')));
    const laRow = readCsv('hertfordshire-919/2024-25/919_ks2final.csv').find((r) => r.RECTYPE === '3')!;
    expect(la).toMatchObject({ laCode: '919', value: parseFloat(laRow.PTRWM_EXP) });
  });

  it('is idempotent: a second import replaces, never duplicates', async () => {
    const before = await tableCounts();
    const value = await obs(117083, 'ks2.rwm_expected_pct', '2024/25');
    await run('ks2', 'hertfordshire-919/2024-25/919_ks2final.csv');
    const after = await tableCounts();
    expect(after).toEqual({ ...before, imports: before.imports + 1 });
    expect((await obs(117083, 'ks2.rwm_expected_pct', '2024/25')).value).toBe(value.value);
  });
});

describe('national files give Hertfordshire history and England percentiles', () => {
  it('census 2018/19: England percentile from every school in the file', async () => {
    const out = await run('census', 'england-2019/england_census.csv');
    const rows = readCsv('england-2019/england_census.csv').filter((r) => /^\d+$/.test(r.URN));
    expect(out.summary.join('\n')).toContain(`${rows.filter((r) => !registerUrns.has(Number(r.URN))).length} rows for schools outside LA 919`);
    const nor = sortValues(rows.filter((r) => /^\d+$/.test(r.NOR)).map((r) => Number(r.NOR)));
    const own = rows.find((r) => r.URN === '117083')!;
    const stored = await obs(117083, 'census.pupils', '2018/19');
    expect(stored.value).toBe(Number(own.NOR));
    expect(stored.englandPercentile).toBeCloseTo(percentileRank(nor, Number(own.NOR))!, 6);
    expect(stored.englandQuintile).toBe(Math.min(5, Math.floor(stored.englandPercentile! / 20) + 1));
  });

  it('KS2 2019 and KS4 2019 enriched files: the same inspection of an all-through school is stored once', async () => {
    await run('ks2', 'england-2019/england_ks2final_with_ofsted.csv');
    await run('ks4', 'england-2019/england_ks4final_with_ofsted.csv');
    const expected = new Set(
      [...readCsv('england-2019/england_ks2final_with_ofsted.csv'), ...readCsv('england-2019/england_ks4final_with_ofsted.csv')]
        .filter((r) => registerUrns.has(Number(r.URN)) && r.OFSTEDRATING)
        .map((r) => `${r.URN}|${r.INSPECTIONDT}`),
    );
    const held = await database.db.select().from(inspections).where(eq(inspections.organisationId, herts.id));
    expect(held.length).toBe(expected.size);
    expect(held.every((i) => i.era === 'four-grade' && i.overallEffectiveness! >= 1)).toBe(true);
  });

  it('KS4 2024/25 keeps NE (no entries) as its own status', async () => {
    await run('ks4', 'hertfordshire-919/2024-25/919_ks4final.csv');
    const ne = readCsv('hertfordshire-919/2024-25/919_ks4final.csv').find((r) => r.ATT8SCR === 'NE' && registerUrns.has(Number(r.URN)))!;
    expect(await obs(Number(ne.URN), 'ks4.attainment8', '2024/25')).toMatchObject({ value: null, status: 'no_entries', raw: 'NE' });
  });

  it('absence: the year must be given for files that do not say it, and is then stored', async () => {
    const e = await refusal(run('absence', 'hertfordshire-919/2023-24/919_abs.csv'));
    expect(e.problems[0].reason).toMatch(/does not say which academic year/);
    await run('absence', 'hertfordshire-919/2023-24/919_abs.csv', { academicYear: '2023/24' });
    expect(await obs(117083, 'absence.persistent_10_pct', '2023/24')).toMatchObject({ value: 14, raw: '14' });
    await run('absence', 'england-2015/england_abs.csv');
    const row = readCsv('england-2015/england_abs.csv').find((r) => r.URN === '117083')!;
    expect((await obs(117083, 'absence.persistent_15_pct', '2014/15')).value).toBe(Number(row.PPERSABS15));
  });

  it('ks2 2015 and the KS4 provisional file load; after the final file, the final figures stand and the provisional ones are kept', async () => {
    await run('ks2', 'england-2015/england_ks2final_selected_columns.csv');
    const out = await run('ks4', 'england-2019/england_ks4provisional.csv');
    await run('census', 'hertfordshire-919/2023-24/919_census.csv');
    expect(out.summary.join('\n')).toMatch(/Provisional release: \d+ figures of the other release of the same year set aside/);
    // Real row 117552: Attainment 8 provisional 41.2, final 41.8 — the final stands, the provisional is history.
    expect(await obs(117552, 'ks4.attainment8', '2018/19')).toMatchObject({ value: 41.8, release: 'final', source: 'england_ks4final_with_ofsted.csv' });
    const [att8] = await database.db.select().from(supersededObservations).where(and(eq(supersededObservations.urn, 117552), eq(supersededObservations.measure, 'ks4.attainment8')));
    expect(att8).toMatchObject({ release: 'provisional', value: 41.2, source: 'england_ks4provisional.csv' });
    // Progress 8: the trimmed final file has no confidence intervals, so the provisional figure with its
    // interval stays in use (significance and the floor standard need it); the final -0.25 is kept beside it.
    expect(await obs(117552, 'ks4.progress8', '2018/19')).toMatchObject({ value: -0.3, ciLower: -0.6, ciUpper: 0.01, release: 'provisional' });
    const [p8] = await database.db.select().from(supersededObservations).where(and(eq(supersededObservations.urn, 117552), eq(supersededObservations.measure, 'ks4.progress8')));
    expect(p8).toMatchObject({ release: 'final', value: -0.25, ciLower: null });
    const withCi = await database.db.select().from(observations).where(and(eq(observations.measure, 'ks4.progress8'), eq(observations.academicYear, '2018/19'), eq(observations.status, 'ok')));
    expect(withCi.length).toBeGreaterThan(50);
    expect(withCi.every((o) => o.ciLower !== null && o.ciUpper !== null && o.ciLower <= o.value! && o.value! <= o.ciUpper)).toBe(true);
  });
});

describe('Ofsted management information', () => {
  it("loads Warwickshire's real MI rows for an organisation holding those schools", async () => {
    const warks = await ensureOrganisation(database.db, { kind: 'local_authority', code: '937', name: 'Warwickshire' });
    const rows = readCsv('ofsted-mi-warwickshire-2020/ofsted_mi_warwickshire_2020_with_model_output.csv');
    await database.db.insert(schools).values(
      rows.slice(0, 20).map((r) => ({ organisationId: warks.id, urn: Number(r.URN), name: r.Schoolname, laCode: '937', typeName: r.Typeofeducation, typeGroup: 'Other', phase: r.Ofstedphase, status: 'open', isStateFunded: true, sourceDate: '2020-08-31' })),
    );
    // The real download puts a title line above the header: kept as a quirk with its own line numbers.
    const titled = path.join(tmp, 'ofsted_mi_titled.csv');
    fs.writeFileSync(titled, 'Management information - state-funded schools - as at 31 August 2020\n' + fs.readFileSync(file('ofsted-mi-warwickshire-2020/ofsted_mi_warwickshire_2020_with_model_output.csv'), 'utf8'));
    const out = await run('ofsted', titled, { org: warks, absolute: true });
    expect(out.rowsRead).toBe(rows.length);
    const first = rows[0];
    const [held] = await database.db.select().from(inspections).where(and(eq(inspections.organisationId, warks.id), eq(inspections.urn, Number(first.URN))));
    expect(held).toMatchObject({
      inspectionDate: first.Publicationdate,
      dateBasis: 'publication',
      overallEffectiveness: Number(first.Overalleffectiveness),
      previousOverallEffectiveness: Number(first.Previousfullinspectionoveralleffectiveness),
      previousInspectionDate: first.Previouspublicationdate,
    });
  });
});

describe('malformed copies are refused with line and reason, and change nothing', () => {
  const copy = (relative: string, edit: (text: string) => string) => {
    const target = path.join(tmp, path.basename(relative));
    fs.writeFileSync(target, edit(fs.readFileSync(file(relative), 'utf8')));
    return target;
  };

  it('a bad value in one row and an unknown record type in another', async () => {
    const before = await tableCounts();
    const bad = copy('hertfordshire-919/2023-24/919_abs.csv', (t) => {
      const lines = t.split('\n');
      lines[4] = lines[4].replace(/,([\d.]+),([\d.]+)$/, ',abc,$2'); // line 5: PERCTOT
      lines[9] = lines[9].replace(/^919,/, 'ZZZ,').replace(/,\d{6},/, ',,'); // line 10: a summary row for no known area
      return lines.join('\n');
    });
    const e = await refusal(run('absence', bad, { absolute: true, academicYear: '2023/24' }));
    expect(e.problems.map((p) => p.line)).toEqual([5, 10]);
    expect(e.problems[0].reason).toMatch(/PERCTOT.*"abc"/);
    expect(await tableCounts()).toEqual(before);
  });

  it('a missing column: the layout is not guessed', async () => {
    const before = await tableCounts();
    const bad = copy('hertfordshire-919/2023-24/919_abs.csv', (t) => t.split('\n').map((l) => l.split(',').filter((_c, i) => i !== 3).join(',')).join('\n'));
    const e = await refusal(run('absence', bad, { absolute: true, academicYear: '2023/24' }));
    expect(e.problems[0]).toMatchObject({ line: 1 });
    expect(e.problems[0].reason).toMatch(/unknown file layout of kind absence: nearest is absence-pa10 .*missing columns: PERCTOT$/);
    expect(await tableCounts()).toEqual(before);
  });

  it('a truncated file (ending inside a quoted field)', async () => {
    const before = await tableCounts();
    const bad = copy('ofsted-mi-warwickshire-2020/ofsted_mi_warwickshire_2020_with_model_output.csv', (t) => t.slice(0, t.indexOf('"', Math.floor(t.length / 2)) + 4));
    const e = await refusal(run('ofsted', bad, { absolute: true }));
    expect(e.problems.at(-1)!.reason).toMatch(/truncated/);
    expect(e.problems.at(-1)!.line).toBeGreaterThan(100);
    expect(await tableCounts()).toEqual(before);
  });

  it('a duplicated school row', async () => {
    const before = await tableCounts();
    const bad = copy('hertfordshire-919/2023-24/919_census.csv', (t) => {
      const lines = t.split('\n');
      return [...lines.slice(0, 4), lines[2], ...lines.slice(4)].join('\n');
    });
    const e = await refusal(run('census', bad, { absolute: true }));
    expect(e.problems).toEqual([{ line: 5, reason: expect.stringMatching(/appears again \(first on line 3\)/) }]);
    expect(await tableCounts()).toEqual(before);
  });
});
