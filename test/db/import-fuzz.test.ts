// Fuzz test of every importer kind (issue #10): for each, at least 100 malformed files generated with a
// fixed seed from small files of real rows of real files (truncations at random byte offsets, dropped
// and added fields, damaged encodings, out-of-range values, stray quotes, byte order marks in the
// middle, duplicated, dropped and blank lines, CRLF). Each file must be either refused with at least
// one problem naming a line — the database unchanged — or imported with exactly the values in it,
// read back from the database and compared with an independent parse of the same bytes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { inspections, observations } from '../../src/db/schema-evidence.js';
import { schools } from '../../src/db/schema.js';
import { detectLayout } from '../../src/domain/evidence/layouts/index.js';
import { seededRandom } from '../../src/domain/risk/random.js';
import type { EvidenceKind } from '../../src/domain/evidence/layout.js';
import { RowProblems } from '../../src/domain/register/fields.js';
import { registerFormats } from '../../src/domain/register/formats/index.js';
import { ImportRefused } from '../../src/importers/problems.js';
import { findImporter } from '../../src/importers/registry.js';
import { ensureOrganisation, type Organisation } from '../../src/repositories/organisations.js';
import { getSchool } from '../../src/repositories/schools.js';
import { openTestDatabase } from '../support/db.js';

const FILES_PER_KIND = 105;
const DATA = path.join(process.cwd(), 'datasets');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-fuzz-'));


interface Base {
  kind: string;
  bytes: Buffer;
  academicYear?: string;
  org: () => Organisation;
}

/** The header and chosen real rows of a real file, bytes untouched (encoding, quoting, final line break). */
function sample(relative: string, pick: (lineNo: number, line: string) => boolean): Buffer {
  const raw = fs.readFileSync(path.join(DATA, relative));
  const text = raw.toString('latin1'); // byte-preserving, whatever the file's encoding
  const lines = text.split('\n');
  const endsWithBreak = text.endsWith('\n');
  const body = lines.slice(1, endsWithBreak ? -1 : undefined).filter((l, i) => pick(i + 2, l));
  return Buffer.from([lines[0], ...body].join('\n') + (endsWithBreak ? '\n' : ''), 'latin1');
}

let database: Database;
let herts: Organisation;
let warks: Organisation;

const BASES: Base[] = [
  { kind: 'school-information', bytes: Buffer.alloc(0), org: () => herts },
  { kind: 'gias', bytes: Buffer.alloc(0), org: () => herts },
  { kind: 'ks2', bytes: Buffer.alloc(0), org: () => herts },
  { kind: 'ks4', bytes: Buffer.alloc(0), org: () => herts },
  { kind: 'census', bytes: Buffer.alloc(0), org: () => herts },
  { kind: 'absence', bytes: Buffer.alloc(0), academicYear: '2023/24', org: () => herts },
  { kind: 'ofsted', bytes: Buffer.alloc(0), org: () => warks },
];

function buildBases(): void {
  const set = (kind: string, bytes: Buffer) => (BASES.find((b) => b.kind === kind)!.bytes = bytes);
  // Rows chosen to include each file's quirks: short rows, summary rows, the GIAS row with "King’s".
  set('school-information', sample('hertfordshire-919/2024-25/919_school_information.csv', (n) => n <= 13 || n === 462 || n === 510 || n === 581));
  set('gias', sample('gias-extract-2015/edubasealldata20150407_extract.csv', (n, l) => n <= 6 || n === 226 || /,"919",/.test(l)));
  set('ks2', sample('hertfordshire-919/2024-25/919_ks2final.csv', (n) => (n >= 2 && n <= 9) || n === 15 || n === 32 || n >= 379));
  set('ks4', sample('hertfordshire-919/2024-25/919_ks4final.csv', (n) => (n >= 2 && n <= 6) || n === 8 || n >= 131));
  set('census', sample('hertfordshire-919/2023-24/919_census.csv', (n) => n <= 14 || n >= 590));
  set('absence', sample('hertfordshire-919/2023-24/919_abs.csv', (n) => n <= 14 || n >= 514));
  set('ofsted', sample('ofsted-mi-warwickshire-2020/ofsted_mi_warwickshire_2020_with_model_output.csv', (n) => n <= 13));
}

type Mutation = { name: string; apply: (bytes: Buffer, rnd: () => number) => Buffer };

const int = (rnd: () => number, n: number) => Math.floor(rnd() * n);
const text = (b: Buffer) => b.toString('latin1');
const bytesOf = (s: string) => Buffer.from(s, 'latin1');
const headerEnd = (b: Buffer) => b.indexOf(0x0a) + 1;

function editLine(b: Buffer, rnd: () => number, edit: (line: string, rnd: () => number) => string): Buffer {
  const lines = text(b).split('\n');
  const last = lines.at(-1) === '' ? lines.length - 2 : lines.length - 1;
  const i = 1 + int(rnd, last);
  lines[i] = edit(lines[i], rnd);
  return bytesOf(lines.join('\n'));
}

const cells = (line: string) => line.split(',');

const MUTATIONS: Mutation[] = [
  // Cut at a random byte after the header (the failure the attack found most).
  { name: 'truncated', apply: (b, rnd) => b.subarray(0, headerEnd(b) + int(rnd, b.length - headerEnd(b))) },
  { name: 'truncated', apply: (b, rnd) => b.subarray(0, headerEnd(b) + int(rnd, b.length - headerEnd(b))) },
  { name: 'truncated near the end', apply: (b, rnd) => b.subarray(0, b.length - 1 - int(rnd, 40)) },
  { name: 'field dropped', apply: (b, rnd) => editLine(b, rnd, (l, r) => { const c = cells(l); c.splice(int(r, c.length), 1); return c.join(','); }) },
  { name: 'field added', apply: (b, rnd) => editLine(b, rnd, (l, r) => { const c = cells(l); c.splice(int(r, c.length + 1), 0, String(int(r, 100))); return c.join(','); }) },
  { name: 'invalid byte', apply: (b, rnd) => { const at = headerEnd(b) + int(rnd, b.length - headerEnd(b)); return Buffer.concat([b.subarray(0, at), Buffer.from([[0xff, 0xc3, 0x81, 0xe9][int(rnd, 4)]]), b.subarray(at)]); } },
  { name: 'out-of-range value', apply: (b, rnd) => editLine(b, rnd, (l, r) => { const c = cells(l); const nums = c.map((v, i) => (/^-?\d+(\.\d+)?%?$/.test(v) ? i : -1)).filter((i) => i >= 0); if (nums.length) c[nums[int(r, nums.length)]] = ['150', '-7', '1000000', '150%', '-0.5'][int(r, 5)]; return c.join(','); }) },
  { name: 'stray quote', apply: (b, rnd) => editLine(b, rnd, (l, r) => { const at = int(r, l.length + 1); return l.slice(0, at) + '"' + l.slice(at); }) },
  { name: 'byte order mark in the middle', apply: (b, rnd) => { const lines = text(b).split('\n'); const i = 1 + int(rnd, lines.length - 1); lines[i] = '\xef\xbb\xbf' + lines[i]; return bytesOf(lines.join('\n')); } },
  { name: 'row duplicated', apply: (b, rnd) => { const lines = text(b).split('\n'); const i = 1 + int(rnd, lines.length - 2); lines.splice(i, 0, lines[i]); return bytesOf(lines.join('\n')); } },
  { name: 'row removed', apply: (b, rnd) => { const lines = text(b).split('\n'); lines.splice(1 + int(rnd, lines.length - 2), 1); return bytesOf(lines.join('\n')); } },
  { name: 'blank line and CRLF', apply: (b, rnd) => { const lines = text(b).split('\n'); lines.splice(1 + int(rnd, lines.length - 1), 0, ''); return bytesOf(lines.join('\r\n')); } },
  { name: 'cell emptied', apply: (b, rnd) => editLine(b, rnd, (l, r) => { const c = cells(l); c[int(r, c.length)] = ''; return c.join(','); }) },
];

/** The file's text as an independent reader would decode it: UTF-8 when valid, else windows-1252. */
function decode(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function referenceRows(bytes: Buffer): { header: string[]; rows: Record<string, string>[] } {
  const records = parse(decode(bytes), { relax_column_count: true, skip_empty_lines: true }) as string[][];
  const header = records[0].map((h) => h.trim());
  return { header, rows: records.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))) };
}

async function fingerprint(): Promise<string> {
  const r = await database.db.execute(sql`select (select count(*) from schools) as schools, (select count(*) from imports) as imports,
    (select count(*) from comparators) as comparators, (select count(*) from inspections) as inspections,
    (select coalesce(md5(string_agg(urn || measure || academic_year || status || coalesce(raw, ''), ',' order by urn, measure, academic_year)), '') from observations) as obs,
    (select coalesce(md5(string_agg(urn || name || coalesce(postcode, '') || status, ',' order by urn)), '') from schools) as reg`);
  return JSON.stringify((r as unknown as { rows: unknown[] }).rows[0]);
}

/** What the database must now hold from this file: each value exactly as the file has it. */
async function expectExactValues(base: Base, bytes: Buffer, fileName: string, importId: number): Promise<void> {
  const { header, rows } = referenceRows(bytes);
  const org = base.org();
  if (base.kind === 'school-information' || base.kind === 'gias') {
    const format = registerFormats[base.kind];
    for (const row of rows) {
      const record = format.mapRow(row, new RowProblems());
      if (record.laCode !== '919') continue;
      const held = await getSchool(database.db, org.id, record.urn, { kind: 'all' });
      expect({ urn: record.urn, name: held?.name, postcode: held?.postcode }).toEqual({ urn: record.urn, name: record.name, postcode: record.postcode });
    }
    return;
  }
  const held = new Set((await database.db.select({ urn: schools.urn }).from(schools).where(eq(schools.organisationId, org.id))).map((s) => s.urn));
  const layout = detectLayout(header, base.kind as EvidenceKind);
  const ctx = { source: fileName, academicYear: base.academicYear };
  const expectedObs: string[] = [];
  const expectedInsp: string[] = [];
  rows.forEach((row, i) => {
    const mapped = layout.mapRow(row, i + 2, ctx);
    for (const o of mapped.observations) if (held.has(o.urn)) expectedObs.push(`${o.urn}|${o.measure}|${o.academicYear}|${o.status}|${o.raw}|${o.value}`);
    for (const x of mapped.inspections) if (held.has(x.urn)) expectedInsp.push(`${x.urn}|${x.inspectionDate}|${x.overallEffectiveness ?? ''}`);
  });
  const stored = await database.db.select().from(observations).where(eq(observations.importId, importId));
  expect(stored.map((o) => `${o.urn}|${o.measure}|${o.academicYear}|${o.status}|${o.raw}|${o.value}`).sort()).toEqual(expectedObs.sort());
  const storedInsp = await database.db.select().from(inspections).where(eq(inspections.importId, importId));
  expect(storedInsp.map((x) => `${x.urn}|${x.inspectionDate}|${x.overallEffectiveness ?? ''}`).sort()).toEqual([...new Set(expectedInsp)].sort());
}

beforeAll(async () => {
  database = await openTestDatabase();
  herts = await ensureOrganisation(database.db, { kind: 'local_authority', code: '919', name: 'Hertfordshire' });
  warks = await ensureOrganisation(database.db, { kind: 'local_authority', code: '937', name: 'Warwickshire' });
  await findImporter('school-information')!.run(database.db, {
    file: path.join(DATA, 'hertfordshire-919/2024-25/919_school_information.csv'),
    organisation: herts,
    importedBy: 'test',
    asAt: '2026-04-17',
  });
  const mi = parse(fs.readFileSync(path.join(DATA, 'ofsted-mi-warwickshire-2020/ofsted_mi_warwickshire_2020_with_model_output.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
  await database.db.insert(schools).values(
    mi.slice(0, 12).map((r) => ({ organisationId: warks.id, urn: Number(r.URN), name: r.Schoolname, laCode: '937', typeName: r.Typeofeducation, typeGroup: 'Other', phase: r.Ofstedphase, status: 'open', isStateFunded: true, sourceDate: '2020-08-31' })),
  );
  buildBases();
});
afterAll(async () => {
  await database.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('fuzz: malformed files of real rows, per importer kind', () => {
  for (const base of BASES) {
    it(`${base.kind}: ${FILES_PER_KIND} mutated files are each refused with a line or imported exactly`, async () => {
      const importer = findImporter(base.kind)!;
      const rnd = seededRandom(0x10de57a2 + base.kind.length * 7919 + base.kind.charCodeAt(0));
      const outcomes: Record<string, { refused: number; imported: number }> = {};
      for (let n = 0; n < FILES_PER_KIND; n++) {
        const mutation = n === 0 ? { name: 'unmutated', apply: (b: Buffer) => b } : MUTATIONS[n % MUTATIONS.length];
        const bytes = mutation.apply(base.bytes, rnd);
        const fileName = `fuzz-${base.kind}-${n}.csv`;
        const file = path.join(tmp, fileName);
        fs.writeFileSync(file, bytes);
        // Each file is newer than the last, so a register file that goes in writes every row it holds.
        const asAt = new Date(Date.UTC(2027, 0, 1 + n)).toISOString().slice(0, 10);
        const before = await fingerprint();
        const label = `${fileName} (${mutation.name})`;
        let outcome;
        try {
          outcome = await importer.run(database.db, { file, fileName, organisation: base.org(), importedBy: 'fuzz', academicYear: base.academicYear, asAt, rescore: false });
        } catch (e) {
          if (!(e instanceof ImportRefused)) throw new Error(`${label}: crashed`, { cause: e });
          expect(e.problems.some((p) => p.line !== null), `${label}: ${e.message}`).toBe(true);
          expect(await fingerprint(), `${label}: a refused import changed the database`).toBe(before);
          (outcomes[mutation.name] ??= { refused: 0, imported: 0 }).refused++;
          continue;
        }
        await expectExactValues(base, bytes, fileName, outcome.importId).catch((e: Error) => {
          throw new Error(`${label}: imported, but not exactly the values in the file: ${e.message}`, { cause: e });
        });
        (outcomes[mutation.name] ??= { refused: 0, imported: 0 }).imported++;
      }
      // The unmutated sample imports: the fuzz starts from a good file.
      expect(outcomes.unmutated).toEqual({ refused: 0, imported: 1 });
      console.log(`fuzz ${base.kind}: ${JSON.stringify(outcomes)}`);
      // A byte order mark in the middle can never leave a valid file.
      expect(outcomes['byte order mark in the middle']?.imported ?? 0).toBe(0);
    });
  }
});
