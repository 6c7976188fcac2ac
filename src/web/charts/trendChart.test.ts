import { describe, expect, it } from 'vitest';
import { cspSafeSvg, renderTrendChart } from './trendChart.js';

describe('server-rendered trend charts', () => {
  // Abbots Langley School, KS2 RWM expected standard, 919_ks2final.csv.
  const svg = renderTrendChart({
    id: 'ks2.rwm_expected_pct',
    title: 'Reading, writing and maths: % meeting the expected standard, 2022/23 to 2024/25',
    categories: ['2022/23', '2023/24', '2024/25'],
    series: [
      { name: 'School', values: [62, 67, 56] },
      { name: 'Hertfordshire', values: [61, 63, 64], dashed: true },
      { name: 'England', values: [60, 61, null] },
    ],
    unit: '%',
  });

  it('is an accessible SVG with a title', () => {
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toMatch(/role="img" aria-labelledby="chart-ks2-rwm_expected_pct-title"/);
    expect(svg).toContain('<title id="chart-ks2-rwm_expected_pct-title">Reading, writing and maths');
    expect(svg).toContain('Hertfordshire');
  });

  it('carries nothing a strict style-src would block', () => {
    expect(svg).not.toMatch(/style="/);
    expect(svg).not.toMatch(/<style/);
    expect(svg).not.toMatch(/\bzr\d+-/);
  });

  it('turns inline styles into presentation attributes', () => {
    expect(cspSafeSvg('<text style="font-size:12px;font-family:sans-serif;">x</text>', 'c')).toBe('<text font-size="12px" font-family="sans-serif">x</text>');
  });
});
