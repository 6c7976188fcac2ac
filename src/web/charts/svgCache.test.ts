import { describe, expect, it } from 'vitest';
import { cachedSvg, chartCacheSize, chartCacheStats } from './svgCache.js';
import { renderTrendChart, type TrendChartInput } from './trendChart.js';

describe('chart cache', () => {
  // Abbots Langley School, KS2 RWM expected standard, 919_ks2final.csv.
  const input: TrendChartInput = {
    id: 'ks2.rwm_expected_pct',
    title: 'Reading, writing and maths: % meeting the expected standard',
    categories: ['2022/23', '2023/24', '2024/25'],
    series: [
      { name: 'School', values: [62, 67, 56] },
      { name: 'Hertfordshire', values: [61, 63, 64], dashed: true },
    ],
    unit: '%',
  };

  it('draws a chart once and serves the same SVG for the same figures', () => {
    const before = { ...chartCacheStats };
    const a = renderTrendChart(input);
    const b = renderTrendChart(structuredClone(input));
    expect(b).toBe(a);
    expect(chartCacheStats.misses - before.misses).toBe(1);
    expect(chartCacheStats.hits - before.hits).toBe(1);
  });

  it('draws again when a figure changes, so a new import never shows a stale chart', () => {
    const first = renderTrendChart(input);
    const changed = structuredClone(input);
    changed.series[0].values[2] = 71;
    const misses = chartCacheStats.misses;
    const second = renderTrendChart(changed);
    expect(chartCacheStats.misses).toBe(misses + 1);
    expect(second).not.toBe(first);
    expect(second).toContain('71');
    expect(first).not.toContain('>71<');
  });

  it('keeps at most 8 MB of SVG text, dropping the least recently used chart first', () => {
    const draw = (n: number) => `<svg>${String(n).padEnd(200_000, ' ')}</svg>`;
    for (let n = 0; n < 100; n++) cachedSvg('size-test', n, draw);
    expect(chartCacheSize().chars).toBeLessThanOrEqual(8 * 1024 * 1024);
    const misses = chartCacheStats.misses;
    cachedSvg('size-test', 99, draw);
    expect(chartCacheStats.misses).toBe(misses);
    cachedSvg('size-test', 0, draw);
    expect(chartCacheStats.misses).toBe(misses + 1);
  });

  it('does not keep a chart larger than an eighth of the budget', () => {
    const huge = (n: number) => `<svg>${String(n).padEnd(2_000_000, ' ')}</svg>`;
    const before = chartCacheSize().chars;
    cachedSvg('huge-test', 1, huge);
    expect(chartCacheSize().chars).toBe(before);
    const misses = chartCacheStats.misses;
    cachedSvg('huge-test', 1, huge);
    expect(chartCacheStats.misses).toBe(misses + 1);
  });
});
