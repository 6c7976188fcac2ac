// A worker thread that retrains the early-warning model or runs its backtest: seconds to minutes of
// CPU, kept off the event loop so /health and every page keep answering. Plain JavaScript so a worker
// can start without a TypeScript loader; it registers tsx itself (loader hooks of the main thread do
// not reach workers on Node 20). It reads the dataset files and writes model or report files only:
// the database stays with the main thread.
import { register } from 'tsx/esm/api';

register();
const { retrainModel, runBacktest } = await import('./index.ts');

/** The figures the job page shows: each evaluation's model AUC and capture in the riskiest 10%. */
function summary(report) {
  return [report.main, report.temporal, report.current, report.warwickshire].filter(Boolean).map((b) => {
    const m = b.scorers.find((s) => s.role === 'model') ?? b.scorers[0];
    return { id: b.id, title: b.title, outcomes: b.n, auc: m?.auc ?? null, recallTop10: m?.top10?.recall ?? null };
  });
}

/** @param {{ op: 'retrain' | 'backtest'; datasetsDir: string; modelsDir?: string; outDir?: string; seed?: number }} task */
export default async function train(task) {
  const opts = { datasetsDir: task.datasetsDir, seed: task.seed };
  if (task.op === 'retrain') {
    const { report, modelPath, model } = await retrainModel({ ...opts, modelsDir: task.modelsDir });
    model.dispose?.();
    return { modelPath, version: model.version, evaluations: summary(report) };
  }
  if (task.op === 'backtest') {
    const report = await runBacktest({ ...opts, outDir: task.outDir });
    return { generatedAt: report.generatedAt, outDir: task.outDir, evaluations: summary(report) };
  }
  throw new Error(`unknown training task ${task.op}`);
}
