// Early-warning pages: the watch list (the LA's schools ranked by their latest stored risk, with the
// factors in plain words and the trend), one school's explanation, and the backtest behind the model.
// Officers only (risk:read), always within the user's school scope; outside scope looks like "not found".
// Every page says that a score informs professional judgement and never sets a category.
import { factorEvidence } from '../../domain/risk/factorEvidence.js';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can, schoolScope } from '../../domain/access/policy.js';
import { readerOf, redactRisk, redactStoredFactors } from '../../domain/access/redaction.js';
import { changeWords, pct, riskBand, type RiskSettings } from '../../domain/risk/alerts.js';
import { ablationTable, allBlocks, calibrationChart, calibrationTable, featureGroupTable, groupTable, rocChart, rocTable, scorerTable, type BacktestReport, type RiskModel } from '../../risk/index.js';
import { getSchool } from '../../repositories/schools.js';
import { watchListPage, type WatchSort } from '../../repositories/watchList.js';
import { loadRiskEvidence } from '../../services/riskEvidence.js';
import { listOpenFlags } from '../../services/reviewFlags.js';
import { currentModel, dayBefore, reportsDir } from '../../services/risk.js';
import { readRiskSettings, scoreHistory, type RiskScoreRow, type StoredFactor } from '../../services/riskAlerts.js';
import { scoreSchool } from '../../risk/index.js';
import { cspSafeSvg, renderTrendChart } from '../charts/trendChart.js';
import type { AppDeps } from '../types.js';
import { listDistricts } from '../../repositories/districts.js';
import { audit } from '../../services/audit.js';
import { actorFrom } from '../forms.js';
import { listLinks, pageCount, paginationFor, PAGE_SIZE, sendList, sortHeaders, type Column, type ListState } from '../lists.js';

/** Below this share of the model's measures, the score is flagged as rough. */
const LOW_COVERAGE = 0.5;

const f3 = (x: unknown) => (typeof x === 'number' ? x.toFixed(3) : 'n/a');
const pc1 = (x: unknown) => (typeof x === 'number' ? `${(x * 100).toFixed(1)}%` : 'n/a');

/** What the model was trained on and how it did, from the model file itself. */
function modelSummary(model: RiskModel) {
  const m = model.metrics as Record<string, unknown>;
  const verdict = m.beatsBaselines as { beatsAllOnAuc?: boolean; beatsAllOnTop10?: boolean } | undefined;
  return {
    version: model.version,
    createdAt: model.createdAt,
    target: model.target,
    description: model.training.description,
    featuresAsOf: model.training.featuresAsOf,
    outcomeWindow: model.training.outcomeWindow,
    outcomes: model.training.outcomes,
    positives: model.training.positives,
    files: model.training.files.map((f) => f.name),
    auc: f3(m.auc),
    aucCi: Array.isArray(m.aucCi) ? `${f3(m.aucCi[0])}–${f3(m.aucCi[1])}` : null,
    mainDesignAuc: f3(((m.inspectedSchools ?? m.mainDesign) as { auc?: unknown } | undefined)?.auc),
    /** "Of the schools later judged below good, the riskiest 10% held N%": from the live model's own evaluation. */
    rankingStatement: typeof m.rankingStatement === 'string' ? m.rankingStatement : null,
    precisionTop10: pc1(m.precisionTop10),
    recallTop10: pc1(m.recallTop10),
    evaluation: String(m.evaluation ?? ''),
    beatsBaselines: Boolean(verdict?.beatsAllOnAuc && verdict?.beatsAllOnTop10),
    historyStage: historyStageSummary(model),
  };
}

/** The inspection-history stage (applied where a school's inspections are imported), from the model file. */
function historyStageSummary(model: RiskModel) {
  const st = model.historyStage;
  if (!st) return null;
  const m = (st.metrics ?? {}) as Record<string, unknown>;
  const verdict = m.beatsBaselines as { beatsAllOnAuc?: boolean; beatsAllOnTop10?: boolean } | undefined;
  return {
    outcomes: st.training.outcomes,
    positives: st.training.positives,
    featuresAsOf: st.training.featuresAsOf,
    outcomeTo: st.training.outcomeWindow.to,
    auc: f3(m.auc),
    aucCi: Array.isArray(m.aucCi) ? `${f3(m.aucCi[0])}–${f3(m.aucCi[1])}` : null,
    recallTop10: pc1(m.recallTop10),
    recallTop10Ci: Array.isArray(m.recallTop10Ci) ? `${pc1(m.recallTop10Ci[0])}–${pc1(m.recallTop10Ci[1])}` : null,
    beatsBaselines: Boolean(verdict?.beatsAllOnAuc && verdict?.beatsAllOnTop10),
  };
}

function settingsView(s: RiskSettings) {
  return { threshold: pct(s.threshold), minimumRise: `${Math.round(s.minimumRise * 100)} percentage points`, raisedFrom: pct(s.raisedFrom), source: s.source, date: s.date };
}

function factorsOf(row: { topFactors: unknown }): StoredFactor[] {
  return Array.isArray(row.topFactors) ? (row.topFactors as StoredFactor[]) : [];
}

/** "Was 38% on 12 January 2026 (as of 11 January): up 6 points". */
function trendView(history: RiskScoreRow[], latest: { id: number; risk: number; modelVersion: string }) {
  const earlier = history.filter((h) => h.id !== latest.id).slice(-3).reverse();
  const previous = earlier[0];
  return {
    change: previous ? changeWords(previous.risk, latest.risk) : null,
    changeSince: previous?.scoredAt ?? null,
    previous: earlier.map((h) => ({ pct: pct(h.risk), scoredAt: h.scoredAt, sameModel: h.modelVersion === latest.modelVersion })),
  };
}

const pageQuery = z.object({
  q: z.string().max(100).optional(),
  district: z.string().regex(/^(\d+|none)?$/).optional(),
  phase: z.string().max(60).optional(),
  band: z.enum(['high', 'raised', 'lower', '']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
  sort: z.enum(['risk', 'name', 'district', 'phase']).optional(),
  dir: z.enum(['asc', 'desc']).optional(),
});

const watchColumns: Column[] = [
  { key: 'risk', label: 'Rank', numeric: true },
  { key: 'name', label: 'School' },
  { key: 'riskPct', label: 'Risk', numeric: true, sortable: false },
  { key: 'factors', label: 'Main factors', sortable: false },
  { key: 'trend', label: 'Trend', sortable: false },
];

const watchExportColumns = [
  { key: 'rank', header: 'Rank' },
  { key: 'urn', header: 'URN' },
  { key: 'name', header: 'School' },
  { key: 'phase', header: 'Phase' },
  { key: 'district', header: 'District' },
  { key: 'risk', header: 'Risk (%)' },
  { key: 'band', header: 'Band' },
  { key: 'factors', header: 'Main factors' },
  { key: 'asOf', header: 'Evidence published before' },
  { key: 'scoredAt', header: 'Scored on' },
];

export function riskRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const orgId = deps.organisation.id;

  /**
   * The reader's ranked watch list after the filters, ranked, counted and paged in the database: the page's
   * rows only (every row for an export) and the totals the page shows.
   */
  async function watchList(req: FastifyRequest, paged: boolean) {
    const q = pageQuery.safeParse(req.query);
    if (!q.success) return null;
    const { page, sort, dir, ...asked } = q.data;
    const state: ListState = {
      path: '/risk',
      filters: Object.fromEntries(Object.entries(asked).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>,
      page: page ?? 1,
      sort: sort ?? 'risk',
      dir: dir ?? (sort && sort !== 'risk' ? 'asc' : 'desc'),
    };
    const settings = readRiskSettings();
    const scope = schoolScope(req.principal!);
    const { rows, totals } = await watchListPage(
      db,
      orgId,
      {
        schools: { scope, status: 'open', stateFundedOnly: true, q: asked.q || undefined, district: asked.district || undefined, phase: asked.phase || undefined },
        band: asked.band || undefined,
        sort: state.sort as WatchSort,
        dir: state.dir,
        bands: settings,
        lowCoverage: LOW_COVERAGE,
      },
      paged ? { limit: PAGE_SIZE, offset: (state.page - 1) * PAGE_SIZE } : null,
    );
    return { state, settings, rows, totals };
  }

  app.get('/risk', { config: { permission: 'risk:read', pageCache: 'risk/watch-list.njk' } }, async (req, reply) => {
    const list = await watchList(req, true);
    if (!list) return reply.callNotFound();
    const { state, settings, rows: slice, totals } = list;
    const model = await currentModel();
    const page = state.page;
    const pages = pageCount(totals.matching);
    if (page > pages) return reply.callNotFound();
    const history = await scoreHistory(db, orgId, slice.map((r) => r.urn));
    const flagged = new Set((await listOpenFlags(db, orgId, { urns: slice.map((r) => r.urn) })).filter((f) => f.kind === 'risk').map((f) => f.urn));
    const rows = slice.map((r) => ({
      rank: r.rank,
      urn: r.urn,
      name: r.name,
      phase: r.phase,
      district: r.districtName,
      pct: pct(r.risk),
      band: riskBand(r.risk, settings),
      factors: redactStoredFactors(factorsOf(r), readerOf(req.principal!)),
      lowCoverage: r.coverage !== null && r.coverage < LOW_COVERAGE,
      coverage: r.coverage === null ? null : pct(r.coverage),
      asOf: r.asOf,
      scoredAt: r.scoredAt,
      oldModel: r.modelVersion !== model.version,
      inQueue: flagged.has(r.urn),
      trend: trendView(history.get(r.urn) ?? [], r),
    }));
    const links = listLinks(state);
    const pagination = paginationFor(state, pages);
    return reply.render('risk/watch-list.njk', {
      title: 'Early-warning watch list',
      rows,
      total: totals.scored,
      matching: totals.matching,
      unscored: totals.visible - totals.scored,
      above: totals.above,
      filters: state.filters,
      headers: sortHeaders(state, watchColumns, { risk: 'desc' }),
      sortState: { sort: state.sort, dir: state.dir },
      exports: { csv: links.exportHref('csv'), xlsx: links.exportHref('xlsx') },
      options: { districts: await listDistricts(db, orgId), phases: totals.phases },
      page,
      pages,
      pagination,
      model: modelSummary(model),
      settings: settingsView(settings),
      mayRunModel: can(req.principal!, 'risk:run'),
      lowCoverageShare: totals.scored ? pct(totals.lowCoverage / totals.scored) : null,
    });
  });

  // The filtered watch list as a file, with the factors a reader may see (the page's redaction); audited.
  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/risk.${format}`, { config: { permission: 'risk:read' } }, async (req, reply) => {
      const list = await watchList(req, false);
      if (!list) return reply.callNotFound();
      const reader = readerOf(req.principal!);
      const rows = list.rows.map((r) => ({
        rank: r.rank,
        urn: r.urn,
        name: r.name,
        phase: r.phase,
        district: r.districtName ?? '',
        risk: Math.round(r.risk * 1000) / 10,
        band: riskBand(r.risk, list.settings).words,
        factors: redactStoredFactors(factorsOf(r), reader).map((f) => `${f.direction === 'up' ? 'Raises' : 'Lowers'}: ${f.words}`).join('\n'),
        asOf: r.asOf,
        scoredAt: r.scoredAt,
      }));
      await audit(db, actorFrom(req), 'risk.export', { type: 'watch_list' }, { after: { format, filters: list.state.filters, rows: rows.length } });
      return sendList(reply, format, 'watch-list', watchExportColumns, rows);
    });
  }

  app.get('/schools/:urn/risk', { config: { permission: 'risk:read' } }, async (req, reply) => {
    const urn = Number((req.params as { urn: string }).urn);
    if (!Number.isInteger(urn) || urn <= 0) return reply.callNotFound();
    const school = await getSchool(db, orgId, urn, schoolScope(req.principal!));
    if (!school) return reply.callNotFound();
    const settings = readRiskSettings();
    const model = await currentModel();
    const today = new Date().toISOString().slice(0, 10);
    // Scored now from the evidence published before today, so the explanation is never stale.
    const evidence = await loadRiskEvidence(db, orgId, urn, dayBefore(today));
    const hasEvidence = Boolean(evidence && (evidence.observations.length || evidence.inspections.length));
    // Confidential intelligence counts in the notes on evidence the model does not weigh: for a reader
    // without the permission, the explanation worked out without it.
    const now = evidence && hasEvidence ? redactRisk(scoreSchool(model, evidence), readerOf(req.principal!)) : null;
    const history = (await scoreHistory(db, orgId, [urn])).get(urn) ?? [];
    const flags = (await listOpenFlags(db, orgId, { urns: [urn] })).filter((f) => f.kind === 'risk');
    const historyRows = history.map((h) => ({ scoredAt: h.scoredAt, asOf: h.asOf, pct: pct(h.risk), band: riskBand(h.risk, settings), modelVersion: h.modelVersion, trigger: h.trigger }));
    const chart =
      history.length > 1
        ? renderTrendChart({
            id: `risk-${urn}`,
            title: `Early-warning risk of ${school.name} at each stored scoring, in per cent. The table below the chart has the same numbers.`,
            categories: history.map((h) => h.scoredAt.toISOString().slice(0, 16).replace('T', ' ')),
            unit: '%',
            series: [{ name: 'Risk', values: history.map((h) => Math.round(h.risk * 1000) / 10) }],
          })
        : null;
    return reply.render('risk/school.njk', {
      title: `${school.name}: early-warning risk`,
      school,
      now: now
        ? {
            pct: pct(now.risk),
            band: riskBand(now.risk, settings),
            // Each factor with the year (or inspection) its figure comes from, as the model read it.
            factors: now.topFactors.map((f) => ({ ...f, evidence: evidence ? factorEvidence(evidence, f.factor) : null })),
            coverage: pct(now.coverage),
            lowCoverage: now.coverage < LOW_COVERAGE,
            notInModel: now.notInModel,
            basis: now.basis,
          }
        : null,
      asOf: dayBefore(today),
      // The date itself, never "today": a printed or long-open page must still say when.
      workedOutOn: today,
      historyRows: historyRows.reverse(),
      chart,
      flags,
      model: modelSummary(model),
      settings: settingsView(settings),
    });
  });

  app.get('/risk/backtest', { config: { permission: 'risk:read' } }, async (_req, reply) => {
    const REPORT_JSON = path.join(reportsDir(), 'backtest.json');
    if (!fs.existsSync(REPORT_JSON)) return reply.render('risk/backtest.njk', { title: 'Early-warning model: backtest', report: null });
    const report = JSON.parse(fs.readFileSync(REPORT_JSON, 'utf8')) as BacktestReport;
    const blocks = allBlocks(report).map((b) => {
      const model = b.scorers.find((s) => s.role === 'model');
      const prefix = `bt-${b.id}`;
      return {
        ...b,
        scorerTable: scorerTable(b),
        rocTable: rocTable(b),
        rocChart: accessibleSvg(cspSafeSvg(rocChart(b), `${prefix}-roc`), `${prefix}-roc`, `ROC curves for ${b.title}. The table below the chart gives the same curves as numbers.`),
        calibrationTable: model?.calibration ? calibrationTable(model) : null,
        calibrationChart: model?.calibration
          ? accessibleSvg(cspSafeSvg(calibrationChart(model, `Calibration — ${b.id}`), `${prefix}-cal`), `${prefix}-cal`, `Observed against predicted risk by decile for ${b.title}. The table below the chart has the same numbers.`)
          : null,
        beatsAll: b.verdict.beatsAllOnAuc && b.verdict.beatsAllOnTop10,
      };
    });
    return reply.render('risk/backtest.njk', {
      title: 'Early-warning model: backtest',
      report,
      blocks,
      featureGroups: report.featureGroups ? featureGroupTable(report) : null,
      ablation: report.ablation ? { table: ablationTable(report), verdicts: report.ablation.map((a) => `${a.title.split(' (')[0]}: ${a.verdict}.`) } : null,
      groups: [
        { title: 'By phase', table: groupTable(report.breakdowns.phase, 'Phase') },
        { title: 'By school type', table: groupTable(report.breakdowns.type, 'School type') },
        { title: 'By deprivation (January 2019 census, grouping only)', table: groupTable(report.breakdowns.deprivation, 'Deprivation') },
      ],
    });
  });
}

const escapeXml = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

/** role="img" with a <title>, as the dashboard's charts have: announced by name, numbers in the table. */
function accessibleSvg(svg: string, prefix: string, title: string): string {
  const id = `${prefix}-title`;
  return svg.replace(/^<svg([^>]*)>/, `<svg$1 role="img" aria-labelledby="${id}" focusable="false"><title id="${id}">${escapeXml(title)}</title>`);
}
