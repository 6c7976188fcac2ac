// Ofsted inspections as history (issue 13), through the same importer as `lodestar import ofsted`: the real
// 2019 ratings and the real Warwickshire four-grade extract, then the current (report-card) layout's two
// monthly files. The current-layout files are CONSTRUCTED from the published header (no 2025/26 file is
// held; see src/domain/evidence/layouts/ofsted-mi-current.testkit.ts) for real Hertfordshire URNs; they are
// written as Ofsted publishes them: windows-1252, NULL for empty, a title line above the header.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { inspections } from '../../src/db/schema-evidence.js';
import { CURRENT_LATEST_HEADER, CURRENT_YEAR_TO_DATE_HEADER, currentCsv, windows1252, type CurrentRow } from '../../src/domain/evidence/layouts/ofsted-mi-current.testkit.js';
import { ImportRefused } from '../../src/importers/problems.js';
import { findImporter } from '../../src/importers/registry.js';
import { inspectionHistory } from '../../src/repositories/inspections.js';
import { ensureOrganisation, type Organisation } from '../../src/repositories/organisations.js';
import { loadSchoolEvidence } from '../../src/services/evidence.js';
import { openTestDatabase } from '../support/db.js';

const DATA = path.join(process.cwd(), 'datasets');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-ofsted-history-'));
let database: Database;
let herts: Organisation;

async function run(kind: string, file: string) {
  return findImporter(kind)!.run(database.db, { file, organisation: herts, importedBy: 'test' });
}

function write(name: string, header: readonly string[], rows: CurrentRow[], title?: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, windows1252(currentCsv(header, rows, title)));
  return file;
}

async function held(urn: number) {
  return database.db.select().from(inspections).where(and(eq(inspections.organisationId, herts.id), eq(inspections.urn, urn))).orderBy(inspections.inspectionDate);
}

async function total() {
  return (await database.db.select({ n: count() }).from(inspections))[0].n;
}

// Abbots Langley School (117083): a real 2014 "Good" in the 2019 files; constructed later inspections.
const LATEST_TITLE = 'Management information - state-funded schools - latest inspections as at 31 January 2026';
const abbotsLatest: CurrentRow = {
  URN: '117083', LAESTAB: '9192001', 'School name': 'Abbots Langley School', 'Ofsted phase': 'Primary', 'Type of education': 'Community school',
  'Inspection type': 'Graded inspection', 'Inspection start date': '13/01/2026', 'Inspection end date': '15/01/2026', 'Publication date': '20/02/2026',
  'Category of concern': 'Requires significant improvement', 'Most recent category of concern': 'Requires significant improvement',
  'Safeguarding standards': 'Met', Inclusion: 'Expected standard', 'Curriculum and teaching': 'Urgent improvement', Achievement: 'Needs attention',
  'Attendance and behaviour': 'Expected standard', 'Personal development and wellbeing': 'Strong standard', 'Leadership and governance': 'Needs attention',
  'Latest OEIF overall effectiveness': 'Not judged', 'Latest OEIF quality of education': '3',
  'Inspection start date of latest OEIF graded inspection': '08/10/2024', 'Publication date of latest OEIF graded inspection': '12/11/2024',
  'URN at time of latest OEIF graded inspection': '117083',
  'Ungraded inspection overall outcome': 'School remains Good (Concerns) - S5 Next', 'Date of latest ungraded inspection': '21/05/2019',
};
// Mill Mead Primary Academy (150620) converted from Mill Mead Primary School (117297) on 1 September 2025 (real,
// in the register); the MI names the predecessor's URN for its previous-framework inspection.
const millMead: CurrentRow = {
  URN: '150620', 'School name': 'Mill Mead Primary Academy', 'Inspection type': 'Graded inspection', 'Inspection start date': '2019-06-11',
  'Latest OEIF overall effectiveness': '2', 'Inspection start date of latest OEIF graded inspection': '2019-06-11', 'Publication date of latest OEIF graded inspection': '2019-07-15',
  'URN at time of latest OEIF graded inspection': '117297',
};

beforeAll(async () => {
  database = await openTestDatabase();
  herts = await ensureOrganisation(database.db, { kind: 'local_authority', code: '919', name: 'Hertfordshire' });
  await run('school-information', path.join(DATA, 'hertfordshire-919/2024-25/919_school_information.csv'));
  await run('ks2', path.join(DATA, 'england-2019/england_ks2final_with_ofsted.csv'));
});

afterAll(async () => {
  await database.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the current layout, latest inspections file', () => {
  it('adds the new inspections and keeps the real 2014 one: history, never erased', async () => {
    expect((await held(117083)).map((i) => i.inspectionDate)).toEqual(['2014-05-08']);
    const out = await run('ofsted', write('latest_jan_2026.csv', CURRENT_LATEST_HEADER, [abbotsLatest, millMead], LATEST_TITLE));
    expect(out.rowsRead).toBe(2);
    const rows = await held(117083);
    expect(rows.map((i) => [i.inspectionDate, i.era, i.inspectionType, i.source])).toEqual([
      ['2014-05-08', 'four-grade', 'graded', 'england_ks2final_with_ofsted.csv'],
      ['2019-05-21', 'four-grade', 'ungraded', 'latest_jan_2026.csv'],
      ['2024-10-08', 'no-overall-grade', 'graded', 'latest_jan_2026.csv'],
      ['2026-01-13', 'report-card', 'graded', 'latest_jan_2026.csv'],
    ]);
    expect(rows[1].ungradedOutcome).toBe('School remains Good (Concerns) - S5 Next');
    expect(rows[2]).toMatchObject({ overallEffectiveness: null, subJudgements: { quality_of_education: 3 }, publicationDate: '2024-11-12', inspectedUrn: null });
    expect(rows[3]).toMatchObject({ categoryOfConcern: 'requires_significant_improvement', safeguarding: 'met', inspectionEndDate: '2026-01-15', publicationDate: '2026-02-20' });
  });

  it('a later file corrects an inspection, erasing nothing; the same file again changes nothing', async () => {
    const corrected = { ...abbotsLatest, 'Publication date': '21/02/2026', 'Curriculum and teaching': 'Needs attention', 'Category of concern': 'NULL', 'Most recent category of concern': 'NULL' };
    const file = write('latest_feb_2026.csv', CURRENT_LATEST_HEADER, [corrected], LATEST_TITLE.replace('January', 'February'));
    await run('ofsted', file);
    const before = await total();
    await run('ofsted', file);
    expect(await total()).toBe(before);
    const rows = await held(117083);
    expect(rows).toHaveLength(4);
    expect(rows[3]).toMatchObject({ publicationDate: '2026-02-21', reportCard: expect.objectContaining({ curriculum_and_teaching: 'needs_attention' }), source: 'latest_feb_2026.csv' });
  });

  it('refuses the whole file with each bad line: an unknown grade word names the word and the column', async () => {
    const before = await total();
    const file = write('bad.csv', CURRENT_LATEST_HEADER, [
      { ...abbotsLatest, Achievement: 'Secure' },
      millMead,
      { ...millMead, URN: '117083', 'Inspection start date': '31/02/2026' },
    ]);
    const e = (await run('ofsted', file).catch((x: unknown) => x)) as ImportRefused;
    expect(e).toBeInstanceOf(ImportRefused);
    expect(e.problems).toEqual([
      { line: 2, reason: 'column Achievement: not a report-card grade "Secure"' },
      { line: 4, reason: 'column Inspection start date: not a date "31/02/2026"' },
    ]);
    expect(await total()).toBe(before);
  });

  it('refuses a file without URN, naming the missing column', async () => {
    const header = CURRENT_LATEST_HEADER.filter((h) => h !== 'URN');
    const e = (await run('ofsted', write('no-urn.csv', header, [abbotsLatest])).catch((x: unknown) => x)) as ImportRefused;
    expect(e).toBeInstanceOf(ImportRefused);
    expect(e.problems[0].reason).toMatch(/missing columns: URN$/);
  });
});

describe('the current layout, all inspections year to date', () => {
  it('reads one row per inspection, a school inspected twice included', async () => {
    const file = write('ytd_2025_26.csv', CURRENT_YEAR_TO_DATE_HEADER, [
      { 'Inspection number': '10400001', URN: '117083', 'Inspection type': 'Monitoring inspection', 'Inspection start date': '2026-03-04', 'Publication date': '2026-03-30', 'Category of concern': 'Requires significant improvement' },
      { 'Inspection number': '10400002', URN: '117083', 'Inspection type': 'Graded inspection', 'Inspection start date': '2026-01-13', 'Publication date': '2026-02-21', 'Safeguarding standards': 'Met', Inclusion: 'Expected standard', 'Curriculum and teaching': 'Needs attention' },
      { 'Inspection number': '10400003', URN: '117084', 'Inspection type': 'Ungraded inspection', 'Inspection start date': '2025-10-07', 'Publication date': '2025-11-03', 'Ungraded inspection overall outcome': 'Some aspects not as strong' },
    ]);
    const out = await run('ofsted', file);
    expect(out.rowsRead).toBe(3);
    expect((await held(117083)).map((i) => [i.inspectionDate, i.inspectionType])).toEqual([
      ['2014-05-08', 'graded'],
      ['2019-05-21', 'ungraded'],
      ['2024-10-08', 'graded'],
      ['2026-01-13', 'graded'],
      ['2026-03-04', 'monitoring'],
    ]);
    expect((await held(117084)).find((i) => i.inspectionDate === '2025-10-07')).toMatchObject({ era: 'no-overall-grade', ungradedOutcome: 'Some aspects not as strong' });
  });

  it('refuses the same inspection twice in one file', async () => {
    const row: CurrentRow = { 'Inspection number': '1', URN: '117083', 'Inspection type': 'Graded inspection', 'Inspection start date': '2026-01-13' };
    const e = (await run('ofsted', write('ytd-dup.csv', CURRENT_YEAR_TO_DATE_HEADER, [row, { ...row, 'Inspection number': '2' }])).catch((x: unknown) => x)) as ImportRefused;
    expect(e.problems).toEqual([{ line: 3, reason: 'the inspection of URN 117083 on 2026-01-13 appears again (first on line 2)' }]);
  });
});

describe('inspection history across a conversion', () => {
  it("shows a converter academy its predecessor's inspections, labelled as the predecessor's", async () => {
    const history = (await inspectionHistory(database.db, herts.id, [150620])).get(150620)!;
    // The predecessor's real 2014 rating (2019 files) through the register's link, and the 2019 one the MI names.
    expect(history.map((i) => [i.inspectionDate, i.inspectedUrn, i.inspectedName])).toEqual([
      ['2019-06-11', 117297, 'Mill Mead Primary School'],
      ['2014-04-01', 117297, 'Mill Mead Primary School'],
    ]);
    // The predecessor's own record is unchanged: its inspections are its own.
    expect((await inspectionHistory(database.db, herts.id, [117297])).get(117297)!.every((i) => i.inspectedUrn === undefined)).toBe(true);
    // As of a day before the 2019 report was published, only the 2014 inspection is known.
    expect((await inspectionHistory(database.db, herts.id, [150620], '2019-07-14')).get(150620)!.map((i) => i.inspectionDate)).toEqual(['2014-04-01']);
  });

  it('the evidence the engine reads includes them, as the predecessor’s', async () => {
    const e = await loadSchoolEvidence(database.db, herts.id, 150620, '2026-01-01');
    expect(e!.inspections[0]).toMatchObject({ urn: 150620, inspectedUrn: 117297, overallEffectiveness: 2, inspectionDate: '2019-06-11' });
  });
});
