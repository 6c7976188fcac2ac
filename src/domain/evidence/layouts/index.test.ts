import { describe, expect, it } from 'vitest';
import { MEASURE_BY_CODE } from '../measures.js';
import { FILES, readDataset } from './datasets.testkit.js';
import { allLayouts, detectLayout } from './index.js';

// Which layout each real file must be detected as, and the year the importer asserts where the file cannot say.
const EXPECTED: { file: string; layout: string; academicYear?: string }[] = [
  { file: FILES.ks2_2015, layout: 'ks2-2015-selected' },
  { file: FILES.abs_2015, layout: 'absence-2015-pa15' },
  { file: FILES.ks2_2019, layout: 'ks2-2019-ofsted' },
  { file: FILES.ks4_2019, layout: 'ks4-2019-ofsted' },
  { file: FILES.ks4_2019_prov, layout: 'ks4-2019-provisional' },
  { file: FILES.census_2019, layout: 'census-2019' },
  { file: FILES.abs_2019, layout: 'absence-pa10', academicYear: '2018/19' },
  { file: FILES.ks2_2025, layout: 'ks2-2025-final' },
  { file: FILES.ks4_2025, layout: 'ks4-2025-final' },
  { file: FILES.census_2024, layout: 'census-2024' },
  { file: FILES.abs_2024, layout: 'absence-pa10', academicYear: '2023/24' },
  { file: FILES.ofsted_warks, layout: 'ofsted-mi-warwickshire-2020' },
];

describe('detectLayout on the real files', () => {
  it.each(EXPECTED)('$file → $layout', ({ file, layout }) => {
    expect(detectLayout(readDataset(file).headers).id).toBe(layout);
  });

  it('strips a UTF-8 BOM from the first header (england_census.csv starts with one)', () => {
    const { headers } = readDataset(FILES.census_2019);
    expect(headers[0]).toBe('\uFEFFURN');
    expect(detectLayout(headers).id).toBe('census-2019');
    expect(detectLayout(['\uFEFFLA', 'ESTAB', 'URN', 'PERCTOT', 'PPERSABS15']).id).toBe('absence-2015-pa15');
  });

  it('filters by kind', () => {
    expect(detectLayout(readDataset(FILES.ks2_2025).headers, 'ks2').id).toBe('ks2-2025-final');
    expect(() => detectLayout(readDataset(FILES.ks2_2025).headers, 'ks4')).toThrow(/unknown file layout of kind ks4/);
  });

  it('fails on a header missing a required column, naming the nearest layout and the column', () => {
    const headers = readDataset(FILES.ks2_2025).headers.filter((h) => h !== 'TELIG_24');
    expect(() => detectLayout(headers)).toThrow(/nearest is ks2-2025-final .*missing columns: TELIG_24/);
  });

  it('fails on an unknown layout instead of guessing', () => {
    expect(() => detectLayout(['Name', 'Colour', 'Size'])).toThrow(/unknown file layout: nearest is .*missing columns: /);
  });

  it('recognises the published Ofsted MI header, with or without a title-line BOM', () => {
    const mi = ['\uFEFFURN', 'LAESTAB', 'School name', 'Inspection start date', 'Publication date', 'Inspection type', 'Overall effectiveness', 'Category of concern', 'Quality of education'];
    expect(detectLayout(mi, 'ofsted').id).toBe('ofsted-mi-state-funded');
    expect(() => detectLayout(mi.filter((h) => h !== 'Inspection type'))).toThrow(/nearest is ofsted-mi-state-funded .*missing columns: Inspection type/);
  });

  it('gives every layout a unique id', () => {
    const ids = allLayouts.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('every real row', () => {
  it.each(EXPECTED)('of $file maps without error to catalogued measures', { timeout: 30_000 }, ({ file, layout, academicYear }) => {
    const ds = readDataset(file);
    const l = allLayouts.find((x) => x.id === layout)!;
    let records = 0;
    const unknown = new Set<string>();
    const inconsistent: string[] = [];
    for (const { line, row } of ds.rows) {
      const result = l.mapRow(row, line, { source: file.split('/').pop()!, academicYear });
      for (const o of result.observations) {
        if (!MEASURE_BY_CODE.has(o.measure)) unknown.add(o.measure);
        if ((o.status === 'ok') !== (o.value !== null)) inconsistent.push(`${line} ${o.measure}`);
      }
      for (const c of result.comparators) if (!MEASURE_BY_CODE.has(c.measure)) unknown.add(c.measure);
      records += result.observations.length + result.inspections.length;
    }
    expect([...unknown]).toEqual([]);
    expect(inconsistent).toEqual([]);
    expect(records).toBeGreaterThan(0);
  });
});
