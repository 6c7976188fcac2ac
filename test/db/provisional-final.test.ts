// Provisional and final releases (issue 13) on real rows: Hertfordshire's KS4 2018/19 secondaries from the
// DfE's provisional file (October 2019, with Progress 8 confidence intervals) and then the final file
// (early 2020). The final figures supersede the provisional ones of the same year and the provisional ones
// are kept as history; a provisional file arriving again never overwrites the final; each import, figure,
// `lodestar evidence` entry and the data catalogue say which release they are.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceReport } from '../../src/cli/commands/evidence.js';
import type { Database } from '../../src/db/client.js';
import { comparators, observations } from '../../src/db/schema-evidence.js';
import { imports } from '../../src/db/schema.js';
import { supersededObservations } from '../../src/db/schema-releases.js';
import { findImporter } from '../../src/importers/registry.js';
import { ensureOrganisation, type Organisation } from '../../src/repositories/organisations.js';
import { dataCatalogue } from '../../src/services/catalogue.js';
import { openTestDatabase } from '../support/db.js';

const DATA = path.join(process.cwd(), 'datasets');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-releases-test-'));
let database: Database;
let herts: Organisation;

/** The header and the real rows of Hertfordshire's schools (and the England row) of a national file. */
function hertsRows(relative: string, urns: Set<string>): { file: string; rows: Record<string, string>[] } {
  const text = fs.readFileSync(path.join(DATA, relative), 'utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/);
  const [header, ...records] = parse(text, { relax_column_count: true }) as string[][];
  const keep = records.map((r, i) => ({ r, line: lines[i + 1] })).filter(({ r }) => urns.has(r[header.indexOf('URN')]) || r[header.indexOf('RECTYPE')] !== '1');
  const file = path.join(tmp, path.basename(relative));
  fs.writeFileSync(file, [lines[0], ...keep.map((k) => k.line)].join('\n') + '\n');
  return { file, rows: keep.map(({ r }) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))) };
}

const run = (kind: string, file: string) => findImporter(kind)!.run(database.db, { file, organisation: herts, importedBy: 'test' });
const figure = async (urn: number, measure: string) =>
  (await database.db.select().from(observations).where(and(eq(observations.organisationId, herts.id), eq(observations.urn, urn), eq(observations.measure, measure), eq(observations.academicYear, '2018/19'))))[0];
const att8 = (urn: number) => figure(urn, 'ks4.attainment8');

// A real secondary whose figures changed between the releases: Attainment 8 41.2 → 41.8, Progress 8 -0.3 → -0.25.
const URN = 117552;
let provisional: ReturnType<typeof hertsRows>;
let final: ReturnType<typeof hertsRows>;

beforeAll(async () => {
  database = await openTestDatabase();
  herts = await ensureOrganisation(database.db, { kind: 'local_authority', code: '919', name: 'Hertfordshire' });
  await run('school-information', path.join(DATA, 'hertfordshire-919/2024-25/919_school_information.csv'));
  const urns = new Set(['117552', '117515', '145430', '117600']);
  provisional = hertsRows('england-2019/england_ks4provisional.csv', urns);
  final = hertsRows('england-2019/england_ks4final_with_ofsted.csv', urns);
}, 120_000);

afterAll(async () => {
  await database?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('a final release supersedes the provisional one of the same year, keeping it as history', () => {
  it('stores the provisional figures as provisional, and the catalogue still expects the final release', async () => {
    const out = await run('ks4', provisional.file);
    expect(out.summary.join('\n')).toContain('Provisional release');
    const [imp] = await database.db.select().from(imports).where(eq(imports.id, out.importId!));
    expect(imp.summary).toMatchObject({ release: 'provisional', academicYear: '2018/19' });
    const row = provisional.rows.find((r) => r.URN === String(URN))!;
    expect(await att8(URN)).toMatchObject({ value: Number(row.ATT8SCR), release: 'provisional' });
    expect(await figure(URN, 'ks4.progress8')).toMatchObject({ value: Number(row.P8MEA), ciLower: Number(row.P8CILOW), ciUpper: Number(row.P8CIUPP), release: 'provisional' });
    const [england] = await database.db.select().from(comparators).where(and(eq(comparators.scope, 'england'), eq(comparators.measure, 'ks4.progress8')));
    expect(england).toMatchObject({ release: 'provisional', source: 'england_ks4provisional.csv' });

    const by = new Map((await dataCatalogue(database.db, herts.id, '2020-01-20')).map((e) => [e.id, e]));
    expect(by.get('ks4-provisional')).toMatchObject({ latestHeld: '2018/19', latestRelease: 'provisional', latestFile: 'england_ks4provisional.csv' });
    expect(by.get('ks4-final')).toMatchObject({ latestHeld: null, next: { covers: '2018/19', due: '2020-02-10' } });
  });

  it('replaces them with the final figures and keeps the provisional ones, with their intervals, as history', async () => {
    const out = await run('ks4', final.file);
    expect(out.summary.join('\n')).toMatch(/Final release: \d+ figures of the other release of the same year set aside \(kept as history\)/);
    const row = final.rows.find((r) => r.URN === String(URN))!;
    const prov = provisional.rows.find((r) => r.URN === String(URN))!;
    expect(Number(row.ATT8SCR)).not.toBe(Number(prov.ATT8SCR));
    expect(await att8(URN)).toMatchObject({ value: Number(row.ATT8SCR), release: 'final', source: 'england_ks4final_with_ofsted.csv', importId: out.importId });
    const kept = await database.db.select().from(supersededObservations).where(eq(supersededObservations.urn, URN));
    expect(kept.find((k) => k.measure === 'ks4.attainment8')).toMatchObject({ academicYear: '2018/19', release: 'provisional', value: Number(prov.ATT8SCR), source: 'england_ks4provisional.csv', supersededByImportId: out.importId });
    // The trimmed final file publishes no Progress 8 interval: the provisional figure with its interval stays in use, the final one is kept.
    expect(await figure(URN, 'ks4.progress8')).toMatchObject({ value: Number(prov.P8MEA), ciLower: Number(prov.P8CILOW), ciUpper: Number(prov.P8CIUPP), release: 'provisional' });
    expect(kept.find((k) => k.measure === 'ks4.progress8')).toMatchObject({ release: 'final', value: Number(row.P8MEA), ciLower: null, source: 'england_ks4final_with_ofsted.csv' });

    const by = new Map((await dataCatalogue(database.db, herts.id, '2020-03-01')).map((e) => [e.id, e]));
    expect(by.get('ks4-final')).toMatchObject({ latestHeld: '2018/19', latestRelease: 'final', next: { covers: '2021/22' } });
    expect(by.get('ks4-provisional')).toMatchObject({ latestHeld: '2018/19', latestRelease: 'final' });
  });

  it('a provisional file imported again never overwrites the final figure, and history is not duplicated', async () => {
    const before = (await database.db.select().from(supersededObservations)).length;
    const out = await run('ks4', provisional.file);
    expect(out.summary.join('\n')).toMatch(/Provisional release: \d+ figures of the other release of the same year set aside/);
    expect(await att8(URN)).toMatchObject({ value: Number(final.rows.find((r) => r.URN === String(URN))!.ATT8SCR), release: 'final' });
    expect((await database.db.select().from(supersededObservations)).length).toBe(before);
  });

  it('`lodestar evidence --json` says which release each figure is', async () => {
    const report = await evidenceReport(database.db, herts.id, URN, '2020-03-01');
    const years = (report!.out.measures as Record<string, { years: Record<string, { release: string | null; value: number | null }> }>)['ks4.attainment8'].years;
    expect(years['2018/19']).toMatchObject({ release: 'final', value: Number(final.rows.find((r) => r.URN === String(URN))!.ATT8SCR) });
  });
});
