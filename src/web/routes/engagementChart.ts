// Planned officer days against capacity as a server-rendered echarts SVG bar chart, always paired on
// the page with the table of the same numbers.
import * as echarts from 'echarts';
import { cachedSvg } from '../charts/svgCache.js';
import { cspSafeSvg } from '../charts/trendChart.js';

const escapeXml = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

export function capacityChart(officers: { name: string; plannedDays: number; capacityDays: number }[], year: string): string {
  return cachedSvg('capacity', { officers, year }, () => drawCapacityChart(officers, year));
}

function drawCapacityChart(officers: { name: string; plannedDays: number; capacityDays: number }[], year: string): string {
  const width = 640;
  const height = Math.max(160, 60 + officers.length * 48);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      aria: { enabled: false },
      grid: { left: 160, right: 24, top: 36, bottom: 28 },
      legend: { top: 4, textStyle: { fontSize: 12, color: '#0b0c0c' } },
      xAxis: { type: 'value', axisLabel: { color: '#0b0c0c' } },
      yAxis: { type: 'category', data: officers.map((o) => o.name), axisLabel: { color: '#0b0c0c' } },
      series: [
        { type: 'bar', name: 'Planned days', data: officers.map((o) => o.plannedDays), itemStyle: { color: '#1d70b8' } },
        // Capacity is hatched grey so it differs from planned days by more than colour.
        { type: 'bar', name: 'Capacity (days)', data: officers.map((o) => o.capacityDays), itemStyle: { color: '#b1b4b6', decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 3], rotation: 0.8 } } },
      ],
    });
    const prefix = 'chart-capacity';
    const titleId = `${prefix}-title`;
    const title = `Planned officer days against capacity, ${year}. The table below has the same numbers.`;
    return cspSafeSvg(chart.renderToSVGString(), prefix).replace(
      /^<svg([^>]*)>/,
      `<svg$1 role="img" aria-labelledby="${titleId}" focusable="false"><title id="${titleId}">${escapeXml(title)}</title>`,
    );
  } finally {
    chart.dispose();
  }
}
