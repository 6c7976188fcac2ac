import { describe, expect, it } from 'vitest';
import { chartCacheStats } from './svgCache.js';
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
});
