// Writes the backtest as Markdown and as HTML with server-rendered SVG charts (ROC curves, calibration),
// each chart followed by the table of the numbers it draws, plus the raw report as JSON.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type * as Echarts from 'echarts';
import type { BacktestReport, EvaluationBlock, GroupRow } from './backtest.js';
import type { ScorerMetrics } from './evaluate.js';
import { describeParams } from '../domain/risk/model.js';

const f3 = (x: number | null | undefined) => (x == null ? 'n/a' : x.toFixed(3));
const pc = (x: number | null | undefined) => (x == null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const small = (n: number) => (n < 100 ? ' †' : '');
const SMALL_NOTE = '† fewer than 100 outcomes: indicative only.';

const ci = (x: [number, number] | null | undefined, f: (v: number) => string) => (x ? `${f(x[0])}–${f(x[1])}` : 'n/a');

/** Every evaluation, the one the live model is chosen on first. Older report files lack the all-schools blocks. */
export function allBlocks(r: BacktestReport): EvaluationBlock[] {
  return [r.forwardAll, r.liveWithHistory, r.forwardAllWarwickshire, r.previousGradeLargest, r.inspectionAblation, r.main, r.temporal, r.current, r.warwickshire].filter((b): b is EvaluationBlock => b != null);
}


/** Each optional group with and without, on the same outcomes (issue 16). */
export function ablationTable(r: BacktestReport): string[][] {
  return [
    ['Feature group', 'Measured on', 'Outcomes (below good)', 'AUC with (95% CI)', 'AUC without (95% CI)', 'Capture in riskiest 10% with (95% CI)', 'Capture without (95% CI)', 'Lead: AUC, capture (95% CI)', 'Helps?'],
    ...(r.ablation ?? []).map((a) => [
      a.title,
      a.design ?? 'nothing (see note)',
      a.n ? `${a.n} (${a.positives})${small(a.n)}` : '0',
      a.withGroup ? `${f3(a.withGroup.auc)} (${ci(a.withGroup.aucCi, f3)})` : 'n/a',
      a.withoutGroup ? `${f3(a.withoutGroup.auc)} (${ci(a.withoutGroup.aucCi, f3)})` : 'n/a',
      a.withGroup ? `${pc(a.withGroup.capture10)} (${ci(a.withGroup.capture10Ci, pc)})` : 'n/a',
      a.withoutGroup ? `${pc(a.withoutGroup.capture10)} (${ci(a.withoutGroup.capture10Ci, pc)})` : 'n/a',
      a.lead ? `${ci(a.lead.auc, f3)}; ${ci(a.lead.capture10, f3)}` : 'n/a',
      a.helps == null ? 'not measurable' : a.helps ? 'yes' : 'not shown',
    ]),
  ];
}

/** Each feature group's contribution in the all-schools design. */
export function featureGroupTable(r: BacktestReport): string[][] {
  return [
    ['Feature group', 'In the live model', 'AUC alone', 'AUC of all usable groups without it', 'AUC with all usable groups', 'Note'],
    ...(r.featureGroups ?? []).map((g) => [g.title, g.live ? 'can be' : 'no', f3(g.aucAlone), f3(g.aucWithout), f3(g.aucAll), g.note]),
  ];
}

/** The inspection-history stage in a sentence (the report's live section and the backtest page). */
export function stageWords(h: NonNullable<BacktestReport['live']['historyStage']>): string {
  return (
    `logistic regression (lambda ${h.lambda}) on the national model's log-odds, ${h.featureIds.join(' and ')}, fitted on ${h.outcomes} schools ` +
    `(${h.positives} later judged below good) of "${h.design}"; applied ${h.applies}.`
  );
}

function liveLines(r: BacktestReport): string[] {
  if (!r.live) return [];
  return [
    `**Live scores come from:** ${r.live.design} — ${r.live.chosen}; measures: ${r.live.featureIds.join(', ')}.`,
    '',
    `**Why:** ${r.live.why}`,
    '',
    ...(r.live.historyStage
      ? [
          `**Inspection-history stage:** ${stageWords(r.live.historyStage)}`,
          '',
        ]
      : []),
    `**What the watch list says:** ${r.live.rankingStatement}`,
    '',
    `**Candidates (cross-validated, all schools):** ${r.live.candidates.map((c) => `${c.name}: AUC ${f3(c.auc)}, capture ${pc(c.recall10)}`).join('; ')}.`,
  ];
}

export function scorerTable(b: EvaluationBlock): string[][] {
  const head = ['Scorer', 'Outcomes (below good)', 'AUC', 'AUC 95% CI', 'Precision top 10%', 'Precision top 10% 95% CI', 'Recall top 10%', 'Recall top 10% 95% CI', 'Model lead in AUC, 95% CI', 'Precision top 20%', 'Recall top 20%', 'Brier', 'Calib. error', 'Declines caught in top 10%'];
  const rows = b.scorers.map((s: ScorerMetrics) => [
    s.name,
    `${s.n} (${s.positives})${small(s.n)}`,
    f3(s.auc),
    ci(s.ci?.auc, f3),
    pc(s.top10.precision),
    ci(s.ci?.precision10, pc),
    pc(s.top10.recall),
    ci(s.ci?.recall10, pc),
    s.modelLead?.auc ? ci(s.modelLead.auc, f3) : 'n/a',
    pc(s.top20.precision),
    pc(s.top20.recall),
    f3(s.brier),
    f3(s.ece),
    s.declineCapture10 ? `${pc(s.declineCapture10.captured)} of ${s.declineCapture10.positives}${small(s.declineCapture10.positives)}` : 'n/a',
  ]);
  return [head, ...rows];
}

export function groupTable(rows: GroupRow[], label: string): string[][] {
  return [
    [label, 'Outcomes (below good)', 'Observed rate', 'Mean predicted', 'Model AUC', 'Trigger AUC', 'Precision top 10% (within group)', 'Recall top 10% (within group)', 'Share in overall top 10%'],
    ...rows.map((r) => [
      r.group,
      `${r.n} (${r.positives})${small(r.n)}`,
      pc(r.observedRate),
      pc(r.meanPredicted),
      f3(r.modelAuc),
      f3(r.triggerAuc),
      pc(r.modelPrecision10),
      pc(r.modelRecall10),
      pc(r.shareFlaggedOverall),
    ]),
  ];
}

function mdTable(t: string[][]): string {
  const [head, ...rows] = t;
  const esc = (c: string) => c.replace(/\|/g, '\\|');
  return [
    `| ${head!.map(esc).join(' | ')} |`,
    `| ${head!.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

const escHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function htmlTable(t: string[][], caption: string): string {
  const [head, ...rows] = t;
  return `<table><caption>${escHtml(caption)}</caption><thead><tr>${head!.map((h) => `<th scope="col">${escHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${escHtml(c)}</th>` : `<td>${escHtml(c)}</td>`)).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

// The chart library takes about a second of CPU to load; every CLI command imports this module through
// the model store, but only the report draws charts, so it is loaded on first use.
let echartsLib: typeof Echarts | undefined;

function renderSvg(option: Echarts.EChartsOption, width = 560, height = 420): string {
  echartsLib ??= createRequire(import.meta.url)('echarts') as typeof Echarts;
  const chart = echartsLib.init(null as unknown as HTMLElement, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ animation: false, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

export function rocChart(b: EvaluationBlock): string {
  return renderSvg({
    title: { text: `ROC curves — ${b.id}`, left: 'center', textStyle: { fontSize: 14 } },
    legend: { bottom: 0, type: 'scroll' },
    grid: { left: 60, right: 20, top: 40, bottom: 70 },
    xAxis: { type: 'value', min: 0, max: 1, name: 'False-positive rate', nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', min: 0, max: 1, name: 'True-positive rate', nameLocation: 'middle', nameGap: 40 },
    series: b.scorers.map((s) => ({
      name: `${s.name} (AUC ${f3(s.auc)})`,
      type: 'line',
      showSymbol: false,
      data: s.roc.map((p) => [p.fpr, p.tpr]),
      lineStyle: s.role === 'model' ? { width: 3 } : { width: 1.5, type: s.id === 'random' ? 'dashed' : 'solid' },
    })),
  });
}

export function calibrationChart(s: ScorerMetrics, title: string): string {
  const bins = s.calibration ?? [];
  return renderSvg({
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    legend: { bottom: 0 },
    grid: { left: 60, right: 20, top: 40, bottom: 70 },
    xAxis: { type: 'value', min: 0, max: 1, name: 'Mean predicted risk', nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', min: 0, max: 1, name: 'Observed below-good rate', nameLocation: 'middle', nameGap: 40 },
    series: [
      { name: 'Perfect calibration', type: 'line', showSymbol: false, data: [[0, 0], [1, 1]], lineStyle: { type: 'dashed', width: 1 } },
      { name: 'Model (deciles of risk)', type: 'line', data: bins.map((b) => [b.meanPredicted, b.observedRate]), symbolSize: 8 },
    ],
  });
}

export function calibrationTable(s: ScorerMetrics): string[][] {
  return [
    ['Decile', 'Outcomes', 'Predicted range', 'Mean predicted', 'Observed rate'],
    ...(s.calibration ?? []).map((b, i) => [String(i + 1), `${b.n}${small(b.n)}`, `${pc(b.lower)}–${pc(b.upper)}`, pc(b.meanPredicted), pc(b.observedRate)]),
  ];
}

export function rocTable(b: EvaluationBlock): string[][] {
  // Sampled points, enough to redraw each curve.
  const fprs = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1];
  return [
    ['Scorer', ...fprs.map((x) => `TPR at FPR ${x}`)],
    ...b.scorers.map((s) => [
      s.name,
      ...fprs.map((x) => {
        let best = 0;
        for (const p of s.roc) if (p.fpr <= x + 1e-9) best = Math.max(best, p.tpr);
        // The random baseline is a straight line.
        return pc(s.id === 'random' ? x : best);
      }),
    ]),
  ];
}

function verdictLines(b: EvaluationBlock): string[] {
  const ok = b.verdict.beatsAllOnAuc && b.verdict.beatsAllOnTop10;
  return [`**Verdict:** ${ok ? 'the model beats every required baseline on AUC and on capture in the riskiest 10%.' : 'the model does **not** beat every required baseline on both AUC and capture in the riskiest 10%.'}`, ...b.verdict.details.map((d) => `- ${d}`)];
}

export function backtestMarkdown(r: BacktestReport): string {
  const out: string[] = [];
  out.push('# Early-warning model: backtest on real outcomes', '');
  out.push(`Generated ${r.generatedAt} (seed ${r.seed}). Contains public sector information licensed under the Open Government Licence v3.0.`, '');
  out.push('## Headline', '', ...r.headline.map((h) => `- ${h}`), '');
  out.push('## Design', '');
  out.push(`- **Target:** ${r.design.target}.`);
  out.push(`- **Features as of:** ${r.design.featuresAsOf}; **outcomes:** graded inspections ${r.design.outcomeWindow.from} to ${r.design.outcomeWindow.to}.`);
  out.push(`- **Split:** ${r.design.split}`);
  out.push(`- **Model:** ${r.design.model} Candidate settings: ${r.design.grid.map(describeParams).join('; ')}.`);
  out.push(`- **Chosen:** ${(r.design.chosen ?? []).join('; ')}.`);
  out.push(`- **Data-trigger rule:** ${r.design.triggerRule}.`);
  out.push(`- **Sample:** ${r.data.outcomesInWindow} outcomes in the window; ${r.data.excludedNotStateFunded} not state-funded; ${r.data.excludedNoFeatures} without 2014/15 data (new or re-numbered schools); **${r.data.sample} used**.`);
  out.push(`- **Hertfordshire:** ${r.data.hertfordshire}`, '');
  out.push('### Leakage guards', '', ...r.design.leakage.map((l) => `- ${l}`), '');
  out.push('### Caveats', '', ...r.design.caveats.map((l) => `- ${l}`), '');
  if (r.live) out.push('## Which model scores live schools', '', ...liveLines(r), '');
  if (r.featureGroups) {
    out.push('## Feature groups (all schools, forward in time)', '', 'Cross-validated logistic regression on the same folds: each group alone, and all usable groups without it.', '');
    out.push(mdTable(featureGroupTable(r)), '');
  }
  if (r.ablation) {
    out.push('## Does each optional group help? (with and without, same outcomes)', '');
    out.push(mdTable(ablationTable(r)), '', ...r.ablation.map((a) => `- ${a.title.split(' (')[0]}: ${a.verdict}.`), '');
  }
  for (const b of allBlocks(r)) {
    out.push(`## ${b.title}`, '', b.description, '');
    out.push(`${b.n} outcomes${small(b.n)}, ${b.positives} below good (${pc(b.prevalence)}).`, '');
    out.push(mdTable(scorerTable(b)), '', ...verdictLines(b), '');
    out.push('ROC curve points:', '', mdTable(rocTable(b)), '');
    const m = b.scorers.find((s) => s.role === 'model');
    if (m?.calibration) out.push('Calibration of the model (equal-count deciles):', '', mdTable(calibrationTable(m)), '');
  }
  out.push('## Performance by group (inspected schools, national cross-validation, held-out scores)', '');
  out.push(mdTable(groupTable(r.breakdowns.phase, 'Phase')), '');
  out.push(mdTable(groupTable(r.breakdowns.type, 'School type')), '');
  out.push('Deprivation quintiles use the January 2019 census FSM-ever-6 share (grouping only, never a feature); "unknown" = no 2019 census row (mostly schools that closed).', '');
  out.push(mdTable(groupTable(r.breakdowns.deprivation, 'Deprivation')), '');
  out.push('## What drives the scores', '', 'How often each factor is among a held-out school\'s top factors (fold 1):', '');
  out.push(mdTable([['Factor', 'Pushes up', 'Pushes down'], ...r.topFactorFrequency.map((f) => [f.factor, String(f.up), String(f.down)])]), '');
  out.push('### Worked examples (held-out schools)', '');
  for (const e of r.examples) {
    out.push(`**${e.name}** (URN ${e.urn}, ${e.phase}): risk ${pc(e.risk)}; actual outcome ${e.outcome}.`, '');
    out.push(...e.topFactors.map((f) => `- ${f.direction === 'up' ? '▲' : '▼'} ${f.words}`), '');
  }
  out.push(SMALL_NOTE, '');
  return out.join('\n');
}

export function backtestHtml(r: BacktestReport): string {
  const parts: string[] = [];
  const p = (s: string) => parts.push(`<p>${escHtml(s)}</p>`);
  parts.push('<h1>Early-warning model: backtest on real outcomes</h1>');
  p(`Generated ${r.generatedAt} (seed ${r.seed}). Contains public sector information licensed under the Open Government Licence v3.0.`);
  parts.push('<h2>Headline</h2><ul>', ...r.headline.map((h) => `<li>${escHtml(h)}</li>`), '</ul>');
  parts.push('<h2>Design</h2><ul>');
  for (const line of [
    `Target: ${r.design.target}.`,
    `Features as of ${r.design.featuresAsOf}; outcomes: graded inspections ${r.design.outcomeWindow.from} to ${r.design.outcomeWindow.to}.`,
    `Split: ${r.design.split}`,
    `Model: ${r.design.model} Candidate settings: ${r.design.grid.map(describeParams).join('; ')}.`,
    `Chosen: ${(r.design.chosen ?? []).join('; ')}.`,
    `Data-trigger rule: ${r.design.triggerRule}.`,
    `Sample: ${r.data.outcomesInWindow} outcomes in the window; ${r.data.excludedNotStateFunded} not state-funded; ${r.data.excludedNoFeatures} without 2014/15 data; ${r.data.sample} used.`,
    `Hertfordshire: ${r.data.hertfordshire}`,
  ])
    parts.push(`<li>${escHtml(line)}</li>`);
  parts.push('</ul><h3>Leakage guards</h3><ul>', ...r.design.leakage.map((l) => `<li>${escHtml(l)}</li>`), '</ul>');
  parts.push('<h3>Caveats</h3><ul>', ...r.design.caveats.map((l) => `<li>${escHtml(l)}</li>`), '</ul>');
  if (r.live) {
    parts.push('<h2>Which model scores live schools</h2>');
    for (const l of liveLines(r).filter((x) => x !== '')) p(l.replace(/\*\*/g, ''));
  }
  if (r.featureGroups) {
    parts.push('<h2>Feature groups (all schools, forward in time)</h2>');
    parts.push(htmlTable(featureGroupTable(r), 'Each group alone, and all usable groups without it (cross-validated logistic)'));
  }
  if (r.ablation) {
    parts.push('<h2>Does each optional group help?</h2>');
    parts.push(htmlTable(ablationTable(r), 'With and without each group, same outcomes'));
    parts.push('<ul>', ...r.ablation.map((a) => `<li>${escHtml(`${a.title.split(' (')[0]}: ${a.verdict}.`)}</li>`), '</ul>');
  }
  for (const b of allBlocks(r)) {
    parts.push(`<h2>${escHtml(b.title)}</h2>`);
    p(b.description);
    p(`${b.n} outcomes${small(b.n)}, ${b.positives} below good (${pc(b.prevalence)}).`);
    parts.push(htmlTable(scorerTable(b), 'Model and baselines'));
    const v = verdictLines(b);
    parts.push(`<p>${escHtml(v[0]!.replace(/\*\*/g, ''))}</p><ul>${v.slice(1).map((d) => `<li>${escHtml(d.slice(2))}</li>`).join('')}</ul>`);
    parts.push(`<figure>${rocChart(b)}<figcaption>ROC curves; the table below gives the same curves as numbers.</figcaption></figure>`);
    parts.push(htmlTable(rocTable(b), 'ROC curve points'));
    const m = b.scorers.find((s) => s.role === 'model');
    if (m?.calibration) {
      parts.push(`<figure>${calibrationChart(m, `Calibration — ${b.id}`)}<figcaption>Observed against predicted risk by decile.</figcaption></figure>`);
      parts.push(htmlTable(calibrationTable(m), 'Calibration deciles'));
    }
  }
  parts.push('<h2>Performance by group (national cross-validation)</h2>');
  parts.push(htmlTable(groupTable(r.breakdowns.phase, 'Phase'), 'By phase'));
  parts.push(htmlTable(groupTable(r.breakdowns.type, 'School type'), 'By school type'));
  p('Deprivation quintiles use the January 2019 census FSM-ever-6 share (grouping only, never a feature).');
  parts.push(htmlTable(groupTable(r.breakdowns.deprivation, 'Deprivation'), 'By deprivation quintile'));
  parts.push('<h2>What drives the scores</h2>');
  parts.push(htmlTable([['Factor', 'Pushes up', 'Pushes down'], ...r.topFactorFrequency.map((f) => [f.factor, String(f.up), String(f.down)])], 'Top-factor frequency (held-out schools, fold 1)'));
  for (const e of r.examples) {
    p(`${e.name} (URN ${e.urn}, ${e.phase}): risk ${pc(e.risk)}; actual outcome ${e.outcome}.`);
    parts.push('<ul>', ...e.topFactors.map((f) => `<li>${f.direction === 'up' ? '▲' : '▼'} ${escHtml(f.words)}</li>`), '</ul>');
  }
  p(SMALL_NOTE);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lodestar backtest</title><style>
body{font-family:Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#0b0c0c}
table{border-collapse:collapse;margin:1em 0;font-size:14px}th,td{border:1px solid #b1b4b6;padding:4px 8px;text-align:left}
caption{text-align:left;font-weight:bold;padding:4px 0}figure{margin:1em 0}
</style></head><body>${parts.join('\n')}</body></html>`;
}

/** Write backtest.md, backtest.html and backtest.json into dir. */
export function writeBacktestReport(report: BacktestReport, dir: string): { markdown: string; html: string; json: string } {
  mkdirSync(dir, { recursive: true });
  const paths = { markdown: join(dir, 'backtest.md'), html: join(dir, 'backtest.html'), json: join(dir, 'backtest.json') };
  writeFileSync(paths.markdown, backtestMarkdown(report));
  writeFileSync(paths.html, backtestHtml(report));
  writeFileSync(paths.json, JSON.stringify(report, null, 2));
  return paths;
}

/** The metrics table the CLI prints: one line per scorer per evaluation. */
export function metricsTable(r: BacktestReport): string {
  const lines: string[] = [];
  for (const b of allBlocks(r)) {
    lines.push(`${b.title} — ${b.n} outcomes${small(b.n)}, ${b.positives} below good`);
    lines.push(`  ${'scorer'.padEnd(50)} ${'n'.padStart(5)} ${'AUC'.padStart(6)} ${'P@10%'.padStart(7)} ${'R@10%'.padStart(7)} ${'P@20%'.padStart(7)} ${'R@20%'.padStart(7)} ${'Brier'.padStart(6)}`);
    for (const s of b.scorers) {
      lines.push(`  ${s.name.padEnd(50)} ${String(s.n).padStart(5)} ${f3(s.auc).padStart(6)} ${pc(s.top10.precision).padStart(7)} ${pc(s.top10.recall).padStart(7)} ${pc(s.top20.precision).padStart(7)} ${pc(s.top20.recall).padStart(7)} ${f3(s.brier).padStart(6)}`);
    }
    lines.push(`  verdict: ${b.verdict.beatsAllOnAuc && b.verdict.beatsAllOnTop10 ? 'model beats every required baseline' : 'model does NOT beat every required baseline'}`);
  }
  lines.push(SMALL_NOTE);
  return lines.join('\n');
}
