// The register import on a real engine (PGlite, or PostgreSQL when DATABASE_URL is set), with the
// real Hertfordshire and GIAS files and malformed copies of them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { importRegister } from '../../src/importers/registerImport.js';
import { ImportRefused } from '../../src/importers/problems.js';
import { ensureOrganisation, type Organisation } from '../../src/repositories/organisations.js';
import { getSchool, schoolHistory } from '../../src/repositories/schools.js';
import { readDistrictConfig } from '../../src/services/laConfig.js';
import { openTestDatabase } from '../support/db.js';

const datasets = path.join(process.cwd(), 'datasets');
const INFO = path.join(datasets, 'hertfordshire-919/2024-25/919_school_information.csv');
const GIAS = path.join(datasets, 'gias-extract-2015/edubasealldata20150407_extract.csv');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-register-'));
const all = { kind: 'all' } as const;

let database: Database;
let org: Organisation;

async function importFile(format: 'gias' | 'school-information', file: string, asAt?: string) {
  return importRegister(database.db, { format, file, organisation: org, districtConfig: readDistrictConfig('919'), importedBy: 'test', asAt });
}

/** A fingerprint of everything an import writes, to prove a refused import changed nothing. */
async function fingerprint(): Promise<string> {
  const r = await database.db.execute(sql`select
    (select count(*) from schools) as schools, (select count(*) from school_events) as events, (select count(*) from imports) as imports,
    (select coalesce(md5(string_agg(urn || name || status || coalesce(district_id, 0), ',' order by urn)), '') from schools) as digest`);
  return JSON.stringify((r as unknown as { rows: unknown[] }).rows[0]);
}

function malformed(name: string, source: string, edit: (lines: string[]) => string[], encoding: BufferEncoding = 'latin1'): string {
  const lines = fs.readFileSync(source, encoding).split('\n');
  const file = path.join(tmp, name);
  fs.writeFileSync(file, edit(lines).join('\n'), encoding);
  return file;
}

beforeAll(async () => {
  database = await openTestDatabase();
  org = await ensureOrganisation(database.db, { kind: 'local_authority', code: '919', name: 'Hertfordshire' });
});
afterAll(async () => {
  await database.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('importing the real register files', () => {
  it('loads the 2015 GIAS extract, keeping only Hertfordshire and counting the rest', async () => {
    const r = await importFile('gias', GIAS);
    expect(r).toMatchObject({ rowsRead: 323, added: 11, outOfScope: 312 }); // 317 open + 6 closed free schools in England
    const s = await getSchool(database.db, org.id, 138201, all);
    expect(s).toMatchObject({ name: 'Hatfield Community Free School', trustName: 'Hatfield Community Free School', districtName: 'Welwyn Hatfield', sourceDate: '2015-04-07' });
  });

  it('loads the 2024/25 school information file on top, updating in place without duplicating', async () => {
    const r = await importFile('school-information', INFO, '2026-04-17');
    expect(r.rowsRead).toBe(580);
    expect(r.added + r.updated).toBe(580);
    const [{ n }] = (await database.db.execute(sql`select count(*)::int as n from schools`) as unknown as { rows: { n: number }[] }).rows;
    expect(n).toBe(584); // 573 new + 11 from 2015, 7 of which the newer file updated
    const abbots = await getSchool(database.db, org.id, 117083, all);
    expect(abbots).toMatchObject({ name: 'Abbots Langley School', status: 'open', districtName: 'Three Rivers' });
    // The newer file does not publish trusts: what GIAS said is kept, not blanked.
    expect((await getSchool(database.db, org.id, 138201, all))?.trustName).toBe('Hatfield Community Free School');
  });

  it('records academy conversions with predecessor and successor, from the real closures and openings', async () => {
    const history = await schoolHistory(database.db, org.id, 150620);
    const conversion = history.find((e) => e.eventType === 'academy_conversion');
    expect(conversion).toMatchObject({ predecessorUrn: 117297, eventDate: '2025-09-01' });
    const old = await schoolHistory(database.db, org.id, 117297);
    expect(old.map((e) => e.eventType)).toEqual(expect.arrayContaining(['closed', 'academy_conversion']));
    expect(old.find((e) => e.eventType === 'academy_conversion')?.successorUrn).toBe(150620);
  });

  it('is idempotent: importing the same file again changes nothing', async () => {
    const before = await fingerprint();
    const r = await importFile('school-information', INFO, '2026-04-17');
    expect(r).toMatchObject({ added: 0, updated: 0, unchanged: 580, events: 0 });
    const after = JSON.parse(await fingerprint());
    expect({ ...after, imports: 0 }).toEqual({ ...JSON.parse(before), imports: 0 });
  });

  it('never lets an older file overwrite newer facts', async () => {
    const r = await importFile('gias', GIAS);
    expect(r.olderThanHeld).toBe(7);
    expect(r.updated).toBe(0);
  });

  it('keeps a manually assigned district when a newer file arrives', async () => {
    await database.db.execute(sql`update schools set district_id = (select id from districts where name = 'Watford'), district_source = 'manual' where urn = 117083`);
    const renamed = malformed('renamed.csv', INFO, (l) => l.map((x) => (x.startsWith('117083,') ? x.replace('Abbots Langley School', 'Abbots Langley Primary School') : x)));
    await importFile('school-information', renamed, '2026-05-01');
    const s = await getSchool(database.db, org.id, 117083, all);
    expect(s).toMatchObject({ name: 'Abbots Langley Primary School', districtName: 'Watford', districtSource: 'manual' });
    const changed = (await schoolHistory(database.db, org.id, 117083)).find((e) => e.eventType === 'changed');
    expect(changed?.details).toEqual({ changes: { name: { from: 'Abbots Langley School', to: 'Abbots Langley Primary School' } } });
  });
});

describe('refusing bad files, changing nothing', () => {
  async function expectRefused(file: string, format: 'gias' | 'school-information', expected: { line: number | null; reason: RegExp }[]) {
    const before = await fingerprint();
    const err = await importFile(format, file, '2030-01-01').catch((e) => e);
    expect(err).toBeInstanceOf(ImportRefused);
    for (const e of expected) {
      expect((err as ImportRefused).problems).toContainEqual(expect.objectContaining({ line: e.line, reason: expect.stringMatching(e.reason) }));
    }
    expect(await fingerprint()).toBe(before);
    return err as ImportRefused;
  }

  it('refuses a file missing a required column', async () => {
    const file = malformed('no-postcode.csv', INFO, (l) => l.map((x) => x.replace(/POSTCODE,/, 'POSTCODE_X,')));
    await expectRefused(file, 'school-information', [{ line: 1, reason: /missing column: POSTCODE/ }]);
  });

  it('reports every bad row by line: bad date, unknown type, bad age, duplicate URN', async () => {
    const file = malformed('bad-rows.csv', INFO, (l) => {
      const out = [...l];
      out[2] = out[2].replace('Community school', 'Grammar academy');
      out[10] = out[10].replace(/,(\d{1,2}),(\d{1,2}),(Mixed|Boys|Girls)/, ',x,$2,$3');
      out[20] = out[13].replace(/,,,Maintained/, ',31-13-2025,,Maintained');
      out.push(out[5]);
      return out;
    });
    const err = await expectRefused(file, 'school-information', [
      { line: 3, reason: /SCHOOLTYPE "Grammar academy" is not a known establishment type/ },
      { line: 11, reason: /AGELOW "x" is not a whole number/ },
      { line: 582, reason: /appears again \(first on line 6\)/ },
    ]);
    expect(err.problems.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses a truncated GIAS file (last row cut off mid-way)', async () => {
    const file = malformed('truncated.csv', GIAS, (l) => [...l.slice(0, 30), l[30].split('","').slice(0, 20).join('","') + '"']);
    await expectRefused(file, 'gias', [{ line: 31, reason: /fields but the header has 134/ }]);
  });

  it('refuses a file that ends inside a quoted field', async () => {
    const file = malformed('open-quote.csv', GIAS, (l) => [...l.slice(0, 10), l[10].slice(0, 120)]);
    await expectRefused(file, 'gias', [{ line: 11, reason: /truncated/ }]);
  });

  it('refuses a UTF-16 file with a clear reason', async () => {
    const file = path.join(tmp, 'utf16.csv');
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fs.readFileSync(INFO, 'utf8'), 'utf16le')]));
    await expectRefused(file, 'school-information', [{ line: null, reason: /UTF-16/ }]);
  });

  it('refuses two files pasted together (a byte order mark in the middle)', async () => {
    const file = malformed('pasted.csv', INFO, (l) => [...l.slice(0, 50), `\uFEFF${l[0]}`, ...l.slice(1, 5)], 'utf8');
    await expectRefused(file, 'school-information', [{ line: 51, reason: /byte order mark/ }]);
  });

  it('accepts a file saved with a UTF-8 byte order mark (a real quirk, not an error)', async () => {
    const file = path.join(tmp, 'bom.csv');
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fs.readFileSync(INFO)]));
    const r = await importFile('school-information', file, '2026-05-01');
    expect(r.rowsRead).toBe(580);
  });
});
