import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { RowProblems } from '../fields.js';
import { giasFormat } from './gias.js';
import { schoolInformationFormat } from './schoolInformation.js';

const datasets = path.join(process.cwd(), 'datasets');

function rowsOf(file: string, encoding: 'utf-8' | 'windows-1252' = 'utf-8'): Record<string, string>[] {
  const text = iconv.decode(fs.readFileSync(path.join(datasets, file)), encoding);
  const [header, ...rows] = parse(text, { relax_column_count: true }) as string[][];
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const info = rowsOf('hertfordshire-919/2024-25/919_school_information.csv');
const gias = rowsOf('gias-extract-2015/edubasealldata20150407_extract.csv', 'windows-1252');

describe('DfE school information file', () => {
  it('reads Abbots Langley School as a maintained community primary', () => {
    const p = new RowProblems();
    const r = schoolInformationFormat.mapRow(info.find((x) => x.URN === '117083')!, p);
    expect(p.reasons).toEqual([]);
    expect(r).toMatchObject({
      urn: 117083,
      laestab: '9192000',
      name: 'Abbots Langley School',
      postcode: 'WD5 0BQ',
      laCode: '919',
      typeName: 'Community school',
      typeGroup: 'LA maintained',
      phase: 'Primary',
      ageLow: 3,
      ageHigh: 11,
      status: 'open',
      isStateFunded: true,
      religiousCharacter: null, // "Does not apply"
    });
  });

  it('reads every real row without a problem, including the rows that omit trailing fields', () => {
    const short = info.filter((r) => r.ADMPOL === '' || r.RELCHAR === '');
    expect(short.length).toBeGreaterThan(0);
    for (const row of info) {
      const p = new RowProblems();
      schoolInformationFormat.mapRow(row, p);
      expect(p.reasons, `URN ${row.URN}`).toEqual([]);
    }
  });

  it('marks independent schools as not state-funded and special schools as the special phase', () => {
    const purcell = schoolInformationFormat.mapRow(info.find((x) => x.URN === '102256')!, new RowProblems());
    expect(purcell).toMatchObject({ typeGroup: 'Independent', isStateFunded: false });
    const special = info.find((x) => x.SCHOOLTYPE === 'Community special school')!;
    expect(schoolInformationFormat.mapRow(special, new RowProblems()).phase).toBe('Special');
  });

  it('reports each bad value with the column and the value', () => {
    const p = new RowProblems();
    schoolInformationFormat.mapRow({ ...info[1], OPENDATE: '31-02-2025', SCHOOLTYPE: 'Grammar academy', ISPRIMARY: 'yes' }, p);
    expect(p.reasons).toEqual([
      'SCHOOLTYPE "Grammar academy" is not a known establishment type',
      'ISPRIMARY "yes" should be 0 or 1',
      'OPENDATE "31-02-2025" is not a real date',
    ]);
  });
});

describe('GIAS establishment file (windows-1252)', () => {
  it('reads Hatfield Community Free School with its trust and constituency', () => {
    const p = new RowProblems();
    const r = giasFormat.mapRow(gias.find((x) => x.URN === '138201')!, p);
    expect(p.reasons).toEqual([]);
    expect(r).toMatchObject({
      urn: 138201,
      laestab: '9192004',
      typeName: 'Free schools',
      typeGroup: 'Free school',
      phase: 'Primary',
      openDate: '2012-08-28',
      trustName: 'Hatfield Community Free School',
      constituency: 'Welwyn Hatfield',
      previousLaestab: null,
    });
  });

  it('reads every row of the real extract, old type names included', () => {
    for (const row of gias) {
      const p = new RowProblems();
      giasFormat.mapRow(row, p);
      expect(p.reasons, `URN ${row.URN}`).toEqual([]);
    }
  });

  it('keeps the predecessor named by previous LA and establishment number', () => {
    const withPrevious = gias.find((x) => x.PreviousEstablishmentNumber && !['', '999', '000'].includes(x['PreviousLA (code)']));
    expect(withPrevious).toBeDefined();
    const r = giasFormat.mapRow(withPrevious!, new RowProblems());
    expect(r.previousLaestab).toBe(`${withPrevious!['PreviousLA (code)']}${withPrevious!.PreviousEstablishmentNumber}`);
  });

  it('decodes windows-1252 characters such as the right single quote', () => {
    const names = gias.map((r) => r.EstablishmentName + r['Trusts (name)'] + r['SchoolSponsors (name)']).join('');
    expect(names).toContain('’');
  });
});
