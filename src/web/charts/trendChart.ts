// Server-rendered SVG trend charts (echarts in SSR mode): no client script, printable, and always paired
// on the page with a table of the same numbers. The SVG is made safe for our Content-Security-Policy
// (style-src without 'unsafe-inline'): echarts' inline `style` attributes become presentation attributes,
// its hover-only <style> block is dropped, and element ids are prefixed per chart so several charts on
// one page never share a clipPath id.
import * as echarts from 'echarts';
import { cachedSvg } from './svgCache.js';

export interface TrendSeries {
  name: string;
  /** One value per category; null leaves a gap (a year with no published value), never a zero. */
  values: (number | null)[];
  dashed?: boolean;
}

export interface TrendChartInput {
  /** Unique on the page; used for the accessible title and id prefixes. */
  id: string;
  title: string;
  categories: string[];
  series: TrendSeries[];
  unit?: string;
  width?: number;
  height?: number;
}

// GOV.UK palette; distinct line styles and symbols as well, so colour is never the only difference.
const COLOURS = ['#1d70b8', '#505a5f', '#f47738'];
const SYMBOLS = ['circle', 'rect', 'triangle'];

/** `style="font-size:12px;font-family:sans-serif;"` → `font-size="12px" font-family="sans-serif"`. */
export function cspSafeSvg(svg: string, prefix: string): string {
  return svg
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/ style="([^"]*)"/g, (_m, css: string) =>
      css
        .split(';')
        .map((d) => d.trim())
        .filter(Boolean)
        .map((d) => {
          const i = d.indexOf(':');
          return ` ${d.slice(0, i).trim()}="${d.slice(i + 1).trim().replace(/"/g, '&quot;')}"`;
        })
        .join(''),
    )
    .replace(/\bzr\d+-/g, `${prefix}-`);
}

const escapeXml = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

export function renderTrendChart(input: TrendChartInput): string {
  return cachedSvg('trend', input, drawTrendChart);
}

function drawTrendChart(input: TrendChartInput): string {
  const width = input.width ?? 480;
  const height = input.height ?? 260;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      aria: { enabled: false },
      grid: { left: 56, right: 16, top: 40, bottom: 32 },
      legend: { top: 4, itemWidth: 18, textStyle: { fontSize: 12, color: '#0b0c0c' } },
      xAxis: { type: 'category', data: input.categories, axisLabel: { color: '#0b0c0c' } },
      yAxis: { type: 'value', scale: true, axisLabel: { color: '#0b0c0c', formatter: input.unit === '%' ? '{value}%' : '{value}' } },
      series: input.series.map((s, i) => ({
        type: 'line',
        name: s.name,
        data: s.values,
        connectNulls: false,
        symbol: SYMBOLS[i % SYMBOLS.length],
        symbolSize: 8,
        lineStyle: { color: COLOURS[i % COLOURS.length], width: i === 0 ? 3 : 2, type: s.dashed ? 'dashed' : 'solid' },
        itemStyle: { color: COLOURS[i % COLOURS.length] },
      })),
    });
    const prefix = `chart-${input.id.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
    const titleId = `${prefix}-title`;
    const svg = cspSafeSvg(chart.renderToSVGString(), prefix);
    // role="img" with a <title>: screen readers announce the chart by name; the table beside it has the numbers.
    return svg.replace(
      /^<svg([^>]*)>/,
      `<svg$1 role="img" aria-labelledby="${titleId}" focusable="false"><title id="${titleId}">${escapeXml(input.title)}</title>`,
    );
  } finally {
    chart.dispose();
  }
}
