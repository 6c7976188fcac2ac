import { describe, expect, it } from 'vitest';
import { disadvantagedGaps, floorStandards, formatValue, freshness, measureTrend, measureTrends, significance, weightedTrend } from './dashboard.js';
import { FILES, findRow, readDataset } from './layouts/datasets.testkit.js';
import { ks2Final2025 } from './layouts/index.js';
import type { Comparator, Observation } from './types.js';

// Real rows: Abbots Langley School (URN 117083), Gade Valley Primary (117249), Hertfordshire (RECTYPE 3), England (RECTYPE 5).
const ks2 = readDataset(FILES.ks2_2025);
const ctx = { source: '919_ks2final.csv' };
const mapped = (urn: string) => ks2Final2025.mapRow(findRow(ks2, 'URN', urn), 2, ctx);
const summaries: Comparator[] = ['3', '5'].flatMap((t) => ks2Final2025.mapRow(findRow(ks2, 'RECTYPE', t), 2, ctx).comparators);
const abbots = mapped('117083').observations;
const gade = mapped('117249').observations;

describe('school dashboard trends', () => {
  it('lists the years held with the LA and England averages beside them', () => {
    const t = measureTrend('ks2.rwm_expected_pct', abbots, summaries, null);
    expect(t.rows.map((r) => [r.year, r.display, r.laDisplay, r.englandDisplay])).toEqual([
      ['2022/23', '62%', '61%', '60%'],
      ['2023/24', '67%', '63%', '61%'],
      ['2024/25', '56%', '64%', '62%'],
    ]);
    expect(t.change).toMatchObject({ from: '2023/24', to: '2024/25', delta: -11, better: false });
    // 3:2:1 towards the latest year.
    expect(t.weighted).toBeCloseTo((62 * 1 + 67 * 2 + 56 * 3) / 6);
    expect(t.floor).toMatch(/Floor 65%/);
  });

  it('withholds a group of fewer than 11 pupils but shows it for larger groups', () => {
    const t = measureTrend('ks2.rwm_expected_pct_disadv', abbots, summaries, null);
    const latest = t.rows.find((r) => r.year === '2024/25')!;
    expect(latest.cohort).toBeNull();
    expect(latest.smallGroup).toBe(true);
    expect(latest.value).toBeNull();
    expect(latest.display).toBe('Fewer than 11 pupils');
    const gaps = disadvantagedGaps(measureTrends(abbots, summaries, null));
    expect(gaps[0].rows.find((r) => r.year === '2024/25')!.gap).toBeNull();
  });

  it('flags significance only when the published interval excludes zero', () => {
    const read = (obs: Observation[]) => measureTrend('ks2.read_progress', obs, summaries, null).rows.find((r) => r.year === '2022/23')!;
    expect(read(abbots)).toMatchObject({ display: '-1.10', ci: '-2.70 to +0.50', significance: 'not_significant' });
    expect(read(gade)).toMatchObject({ display: '-2.40', significance: 'below' });
    expect(significance(0.1, 2)).toBe('above');
    expect(significance(null, 2)).toBeNull();
    // KS2 progress is not published from 2023/24: said so, not shown as zero.
    expect(measureTrend('ks2.read_progress', abbots, summaries, null).rows.at(-1)).toMatchObject({ value: null, display: 'Not published that year' });
  });

  it('judges floor standards only where they applied, and says why not otherwise', () => {
    expect(floorStandards(abbots)).toEqual([]); // no floor standard after 2017/18
    const p8 = (value: number, ciUpper: number | null, academicYear = '2017/18'): Observation => ({ urn: 1, measure: 'ks4.progress8', academicYear, value, status: 'ok', raw: String(value), ciLower: null, ciUpper, source: 'x' });
    // The 2019 results had no floor standard (the DfE stopped setting them from 2019/20).
    expect(floorStandards([p8(-0.7, -0.2, '2018/19')])).toEqual([]);
    expect(floorStandards([p8(-0.7, -0.2)])[0].status).toBe('below');
    expect(floorStandards([p8(-0.7, 0.1)])[0].status).toBe('not_below');
    expect(floorStandards([p8(-0.7, null)])[0].status).toBe('not_assessable');
  });

  it('never compares a count with an LA or England total', () => {
    const census: Comparator[] = [{ scope: 'england', measure: 'census.pupils', academicYear: '2018/19', value: 4727089, source: 'england_census.csv', phase: 'primary' }];
    const school: Observation = { urn: 117083, measure: 'census.pupils', academicYear: '2018/19', value: 506, status: 'ok', raw: '506', source: 'england_census.csv' };
    expect(measureTrend('census.pupils', [school], census, 'primary').rows[0]).toMatchObject({ display: '506', england: null, englandDisplay: '' });
  });

  it('formats values by unit and summarises freshness per kind', () => {
    expect([formatValue(56, '%'), formatValue(0.456, 'progress'), formatValue(1234, 'count'), formatValue(null, '%')]).toEqual(['56%', '+0.46', '1,234', '']);
    expect(weightedTrend([5])).toBeNull();
    const lines = freshness([
      { kind: 'ks2', fileName: 'england_ks2final_with_ofsted.csv', finishedAt: new Date('2025-12-01T10:00:00Z'), years: ['2018/19'] },
      { kind: 'ks2', fileName: '919_ks2final.csv', finishedAt: new Date('2025-12-03T10:00:00Z'), years: ['2022/23', '2024/25'] },
    ]);
    expect(lines).toEqual(['KS2 2024/25, imported 3 Dec 2025 (919_ks2final.csv)']);
  });
});
