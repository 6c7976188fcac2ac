// A target's actual figures against its trajectory as a server-rendered echarts SVG line chart, and a
// district's radar against the LA and England; each is always paired on the page with a table of the
// same numbers.
import * as echarts from 'echarts';
import { cachedSvg } from '../charts/svgCache.js';
import { cspSafeSvg } from '../charts/trendChart.js';

const escapeXml = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

function labelled(svg: string, prefix: string, title: string): string {
  const titleId = `${prefix}-title`;
  return cspSafeSvg(svg, prefix).replace(/^<svg([^>]*)>/, `<svg$1 role="img" aria-labelledby="${titleId}" focusable="false"><title id="${titleId}">${escapeXml(title)}</title>`);
}

export interface TargetChartInput {
  id: string;
  label: string;
  unit: string;
  trajectory: { date: string; value: number }[];
  actual: { date: string; value: number | null }[];
}

export function targetChart(input: TargetChartInput): string {
  return cachedSvg('target', input, () => drawTargetChart(input));
}

function drawTargetChart(input: TargetChartInput): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 640, height: 300 });
  try {
    chart.setOption({
      animation: false,
      aria: { enabled: false },
      grid: { left: 56, right: 24, top: 40, bottom: 36 },
      legend: { top: 4, textStyle: { fontSize: 12, color: '#0b0c0c' } },
      xAxis: { type: 'time', axisLabel: { color: '#0b0c0c' } },
      yAxis: { type: 'value', scale: true, name: input.unit, axisLabel: { color: '#0b0c0c' } },
      series: [
        // The trajectory is dashed grey so it differs from the actual line by more than colour.
        { type: 'line', name: 'Trajectory', data: input.trajectory.map((p) => [p.date, p.value]), lineStyle: { type: 'dashed', color: '#505a5f' }, itemStyle: { color: '#505a5f' }, symbol: 'diamond' },
        { type: 'line', name: 'Actual', data: input.actual.filter((p) => p.value !== null).map((p) => [p.date, p.value]), lineStyle: { width: 3, color: '#1d70b8' }, itemStyle: { color: '#1d70b8' }, symbol: 'circle', symbolSize: 8 },
      ],
    });
    return labelled(chart.renderToSVGString(), `chart-target-${input.id}`, `${input.label}: actual against trajectory. The table below has the same numbers.`);
  } finally {
    chart.dispose();
  }
}

export interface RadarInput {
  id: string;
  title: string;
  axes: { label: string; max: number; min: number }[];
  series: { name: string; values: (number | null)[] }[];
}

export function radarChart(input: RadarInput): string {
  return cachedSvg('radar', input, () => drawRadar(input));
}

const RADAR_STYLE = [
  { color: '#1d70b8', type: 'solid' },
  { color: '#505a5f', type: 'dashed' },
  { color: '#d4351c', type: 'dotted' },
] as const;

function drawRadar(input: RadarInput): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 640, height: 440 });
  try {
    chart.setOption({
      animation: false,
      aria: { enabled: false },
      legend: { top: 4, textStyle: { fontSize: 12, color: '#0b0c0c' } },
      radar: { center: ['50%', '56%'], radius: '62%', indicator: input.axes.map((a) => ({ name: a.label, max: a.max, min: a.min })), axisName: { color: '#0b0c0c', fontSize: 11 } },
      series: [
        {
          type: 'radar',
          data: input.series.map((s, i) => ({
            name: s.name,
            // A missing figure sits at the axis minimum; the table says it is not held.
            value: s.values.map((v, k) => v ?? input.axes[k]!.min),
            lineStyle: { color: RADAR_STYLE[i % 3]!.color, type: RADAR_STYLE[i % 3]!.type, width: 2 },
            itemStyle: { color: RADAR_STYLE[i % 3]!.color },
          })),
        },
      ],
    });
    return labelled(chart.renderToSVGString(), `chart-radar-${input.id}`, `${input.title}. The table below has the same numbers.`);
  } finally {
    chart.dispose();
  }
}

export interface DistributionChartInput {
  id: string;
  title: string;
  rounds: string[];
  codes: { code: string; label: string }[];
  counts: number[][];
}

const BAR_COLOURS = ['#00703c', '#1d70b8', '#f47738', '#d4351c', '#4c2c92', '#505a5f'];

/** Schools in each category, round by round, as stacked bars (each category also hatched differently). */
export function distributionChart(input: DistributionChartInput): string {
  return cachedSvg('distribution', input, () => {
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 640, height: Math.max(200, 80 + input.rounds.length * 40) });
    try {
      chart.setOption({
        animation: false,
        aria: { enabled: false },
        grid: { left: 130, right: 24, top: 40, bottom: 28 },
        legend: { top: 4, textStyle: { fontSize: 12, color: '#0b0c0c' } },
        xAxis: { type: 'value', axisLabel: { color: '#0b0c0c' } },
        yAxis: { type: 'category', data: input.rounds, axisLabel: { color: '#0b0c0c' } },
        series: input.codes.map((c, i) => ({
          type: 'bar',
          stack: 'all',
          name: `${c.code} ${c.label}`,
          data: input.counts.map((row) => row[i] ?? 0),
          itemStyle: { color: BAR_COLOURS[i % BAR_COLOURS.length], decal: i % 2 ? { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 3], rotation: 0.8 } : undefined },
        })),
      });
      return labelled(chart.renderToSVGString(), `chart-distribution-${input.id}`, `${input.title}. The tables below have the same numbers.`);
    } finally {
      chart.dispose();
    }
  });
}
