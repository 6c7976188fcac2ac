// A stacked bar chart of categories per group (district or phase), server-rendered as SVG like the
// trend charts and always shown beside the table with the same numbers.
import * as echarts from 'echarts';
import type { Distribution } from '../../domain/moderation/index.js';
import { cachedSvg } from '../charts/svgCache.js';
import { cspSafeSvg } from '../charts/trendChart.js';

// GOV.UK palette: green → red with neutral greys for "not set" and "excluded"; the table carries the numbers.
const COLOURS = ['#00703c', '#1d70b8', '#f47738', '#d4351c', '#4c2c92', '#b58840', '#505a5f', '#b1b4b6'];

const escapeXml = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

export function renderDistributionChart(id: string, title: string, d: Distribution): string {
  return cachedSvg('distribution', { id, title, d }, () => drawDistributionChart(id, title, d));
}

function drawDistributionChart(id: string, title: string, d: Distribution): string {
  const height = Math.max(160, 60 + d.rows.length * 28);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 640, height });
  try {
    chart.setOption({
      animation: false,
      aria: { enabled: false },
      grid: { left: 150, right: 16, top: 36, bottom: 24 },
      legend: { top: 4, itemWidth: 14, textStyle: { fontSize: 12, color: '#0b0c0c' } },
      xAxis: { type: 'value', axisLabel: { color: '#0b0c0c' } },
      yAxis: { type: 'category', data: d.rows.map((r) => r.group), inverse: true, axisLabel: { color: '#0b0c0c', width: 140, overflow: 'truncate' } },
      series: d.columns.map((c, i) => ({ type: 'bar', stack: 'all', name: c, data: d.rows.map((r) => r.counts[c] ?? 0), itemStyle: { color: COLOURS[i % COLOURS.length] } })),
    });
    const prefix = `chart-${id}`;
    const svg = cspSafeSvg(chart.renderToSVGString(), prefix);
    return svg.replace(/^<svg([^>]*)>/, `<svg$1 role="img" aria-labelledby="${prefix}-title" focusable="false"><title id="${prefix}-title">${escapeXml(title)}</title>`);
  } finally {
    chart.dispose();
  }
}
