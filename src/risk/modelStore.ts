// Model files: versioned JSON in models/, each carrying its training data (file hashes), date, settings
// and held-out metrics. `latest.json` names the current one so live scoring needs no configuration.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { restoreModel, type RiskModel, type RiskModelFile } from '../domain/risk/model.js';
import { backtestCore, type BacktestOptions, type BacktestReport } from './backtest.js';
import { ALL_SCHOOLS } from './forwardAll.js';
import { writeBacktestReport } from './report.js';

function toFile(model: RiskModel): RiskModelFile {
  // Drop the live functions; everything else is plain data.
  const { predict: _p, dispose: _d, ...file } = model;
  void _p;
  void _d;
  return file;
}

/** Write models/risk-<version>.json and point models/latest.json at it; returns the file path. */
export function saveModel(model: RiskModel, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const name = `risk-${model.version}.json`;
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(toFile(model), null, 1));
  writeFileSync(join(dir, 'latest.json'), JSON.stringify({ file: name, version: model.version, createdAt: model.createdAt }, null, 2));
  return path;
}

/** Load a model file, or the one models/latest.json names when given a directory. */
export async function loadModel(pathOrDir: string): Promise<RiskModel> {
  let path = pathOrDir;
  if (!pathOrDir.endsWith('.json')) {
    const latest = JSON.parse(readFileSync(join(pathOrDir, 'latest.json'), 'utf8')) as { file: string };
    path = join(pathOrDir, latest.file);
  }
  return restoreModel(JSON.parse(readFileSync(path, 'utf8')) as RiskModelFile);
}

/**
 * Retraining in one call: run the backtest (its held-out metrics travel with the model), train on every
 * outcome, save the model and the report.
 */
export async function retrainModel(
  opts: BacktestOptions & { modelsDir: string },
): Promise<{ report: BacktestReport; modelPath: string; model: RiskModel }> {
  const { report, fullModel, files } = await backtestCore(opts);
  fullModel.training = {
    description:
      `National, all schools forward in time: every state-funded school with KS2 or absence data published by ${ALL_SCHOOLS.featuresAsOf} ` +
      `(KS2 and absence 2014/15), against whether Ofsted judged it below good ${ALL_SCHOOLS.outcomeFrom}..${ALL_SCHOOLS.outcomeTo} (2019 KS2/KS4 files)`,
    files: files.map((f) => ({ name: f.name, sha256: f.sha256 })),
    featuresAsOf: ALL_SCHOOLS.featuresAsOf,
    outcomeWindow: { from: ALL_SCHOOLS.outcomeFrom, to: ALL_SCHOOLS.outcomeTo },
    outcomes: fullModel.training.outcomes,
    positives: fullModel.training.positives,
    calibrationOutcomes: fullModel.training.calibrationOutcomes,
  };
  const b = report.forwardAll;
  const m = b.scorers[0]!;
  fullModel.metrics = {
    evaluation: b.title,
    design: 'all-schools',
    outcomes: m.n,
    positives: m.positives,
    prevalence: b.prevalence,
    auc: m.auc,
    aucCi: m.ci?.auc ?? null,
    precisionTop10: m.top10.precision,
    precisionTop10Ci: m.ci?.precision10 ?? null,
    recallTop10: m.top10.recall,
    recallTop10Ci: m.ci?.recall10 ?? null,
    precisionTop20: m.top20.precision,
    recallTop20: m.top20.recall,
    brier: m.brier,
    calibrationError: m.ece,
    calibration: m.calibration,
    beatsBaselines: b.verdict,
    baselines: b.scorers.slice(1).map((s) => ({ id: s.id, name: s.name, role: s.role, auc: s.auc, recallTop10: s.top10.recall })),
    rankingStatement: report.live.rankingStatement,
    why: report.live.why,
    inspectedSchools: { evaluation: report.main.title, auc: report.main.scorers[0]!.auc, recallTop10: report.main.scorers[0]!.top10.recall, beatsBaselines: report.main.verdict },
  };
  const modelPath = saveModel(fullModel, opts.modelsDir);
  if (opts.outDir) writeBacktestReport(report, opts.outDir);
  return { report, modelPath, model: fullModel };
}
