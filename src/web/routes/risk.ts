// Early-warning pages: the watch list (the LA's schools ranked by their latest stored risk, with the
// factors in plain words and the trend), one school's explanation, and the backtest behind the model.
// Officers only (risk:read), always within the user's school scope; outside scope looks like "not found".
// Every page says that a score informs professional judgement and never sets a category.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { projectRoot } from '../../config.js';
import { schoolScope } from '../../domain/access/policy.js';
import { readerOf, redactRisk, redactStoredFactors } from '../../domain/access/redaction.js';
import { changeWords, pct, riskBand, type RiskSettings } from '../../domain/risk/alerts.js';
import { calibrationChart, calibrationTable, groupTable, rocChart, rocTable, scorerTable, type BacktestReport, type RiskModel } from '../../risk/index.js';
import { getSchool, searchSchools } from '../../repositories/schools.js';
import { loadSchoolEvidence } from '../../services/evidence.js';
import { listOpenFlags } from '../../services/reviewFlags.js';
import { currentModel, dayBefore } from '../../services/risk.js';
import { latestScores, readRiskSettings, scoreHistory, type RiskScoreRow, type StoredFactor } from '../../services/riskAlerts.js';
import { scoreSchool } from '../../risk/index.js';
import { cspSafeSvg, renderTrendChart } from '../charts/trendChart.js';
import type { AppDeps } from '../types.js';

const PAGE_SIZE = 50;
const REPORT_JSON = path.join(projectRoot, 'reports', 'backtest.json');
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
    mainDesignAuc: f3((m.mainDesign as { auc?: unknown } | undefined)?.auc),
    precisionTop10: pc1(m.precisionTop10),
    recallTop10: pc1(m.recallTop10),
    evaluation: String(m.evaluation ?? ''),
    beatsBaselines: Boolean(verdict?.beatsAllOnAuc && verdict?.beatsAllOnTop10),
  };
}

function settingsView(s: RiskSettings) {
  return { threshold: pct(s.threshold), minimumRise: `${Math.round(s.minimumRise * 100)} percentage points`, raisedFrom: pct(s.raisedFrom), source: s.source, date: s.date };
}

function factorsOf(row: RiskScoreRow): StoredFactor[] {
  return Array.isArray(row.topFactors) ? (row.topFactors as StoredFactor[]) : [];
}

/** "Was 38% on 12 January 2026 (as of 11 January): up 6 points". */
function trendView(history: RiskScoreRow[], latest: RiskScoreRow) {
  const earlier = history.filter((h) => h.id !== latest.id).slice(-3).reverse();
  const previous = earlier[0];
  return {
    change: previous ? changeWords(previous.risk, latest.risk) : null,
    changeSince: previous?.scoredAt ?? null,
    previous: earlier.map((h) => ({ pct: pct(h.risk), scoredAt: h.scoredAt, sameModel: h.modelVersion === latest.modelVersion })),
  };
}

const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).optional() });

export function riskRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const orgId = deps.organisation.id;

  app.get('/risk', { config: { permission: 'risk:read' } }, async (req, reply) => {
    const q = pageQuery.safeParse(req.query);
    if (!q.success) return reply.callNotFound();
    const settings = readRiskSettings();
    const model = await currentModel();
    const { rows: visible } = await searchSchools(db, orgId, { scope: schoolScope(req.principal!), status: 'open', stateFundedOnly: true }, null);
    const byUrn = new Map(visible.map((s) => [s.urn, s]));
    const latest = await latestScores(db, orgId, visible.map((s) => s.urn));
    const ranked = [...latest.values()].filter((r) => byUrn.has(r.urn)).sort((a, b) => b.risk - a.risk || a.urn - b.urn);
    const page = q.data.page ?? 1;
    const pages = Math.max(1, Math.ceil(ranked.length / PAGE_SIZE));
    if (page > pages) return reply.callNotFound();
    const slice = ranked.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const history = await scoreHistory(db, orgId, slice.map((r) => r.urn));
    const flagged = new Set((await listOpenFlags(db, orgId, { urns: slice.map((r) => r.urn) })).filter((f) => f.kind === 'risk').map((f) => f.urn));
    const rows = slice.map((r, i) => {
      const s = byUrn.get(r.urn)!;
      return {
        rank: (page - 1) * PAGE_SIZE + i + 1,
        urn: r.urn,
        name: s.name,
        phase: s.phase,
        district: s.districtName,
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
      };
    });
    const pagination =
      pages > 1
        ? {
            previous: page > 1 ? { href: `/risk?page=${page - 1}` } : undefined,
            next: page < pages ? { href: `/risk?page=${page + 1}` } : undefined,
            items: Array.from({ length: pages }, (_, k) => ({ number: k + 1, href: `/risk?page=${k + 1}`, current: k + 1 === page })),
          }
        : null;
    return reply.render('risk/watch-list.njk', {
      title: 'Early-warning watch list',
      rows,
      total: ranked.length,
      unscored: visible.length - ranked.length,
      above: ranked.filter((r) => r.risk >= settings.threshold).length,
      page,
      pages,
      pagination,
      model: modelSummary(model),
      settings: settingsView(settings),
      lowCoverageShare: ranked.length ? pct(ranked.filter((r) => r.coverage !== null && r.coverage < LOW_COVERAGE).length / ranked.length) : null,
    });
  });

  app.get('/schools/:urn/risk', { config: { permission: 'risk:read' } }, async (req, reply) => {
    const urn = Number((req.params as { urn: string }).urn);
    if (!Number.isInteger(urn) || urn <= 0) return reply.callNotFound();
    const school = await getSchool(db, orgId, urn, schoolScope(req.principal!));
    if (!school) return reply.callNotFound();
    const settings = readRiskSettings();
    const model = await currentModel();
    const today = new Date().toISOString().slice(0, 10);
    // Scored now from the evidence published before today, so the explanation is never stale.
    const evidence = await loadSchoolEvidence(db, orgId, urn, dayBefore(today));
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
            factors: now.topFactors,
            coverage: pct(now.coverage),
            lowCoverage: now.coverage < LOW_COVERAGE,
            notInModel: now.notInModel,
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
    if (!fs.existsSync(REPORT_JSON)) return reply.render('risk/backtest.njk', { title: 'Early-warning model: backtest', report: null });
    const report = JSON.parse(fs.readFileSync(REPORT_JSON, 'utf8')) as BacktestReport;
    const blocks = [report.main, report.temporal, report.current, report.warwickshire].map((b) => {
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
