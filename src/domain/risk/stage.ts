// The inspection-history stage of the early-warning model (issue 16). The national model cannot learn
// from inspection history (the national files keep only each school's latest inspection, so a history
// known on a past date would leak the outcome); Warwickshire's Ofsted MI keeps the previous inspection too,
// so there a small logistic regression on the national model's log-odds plus two history facts can be fitted
// forward in time. The live scorer applies it only where the school's inspection history is known on the
// scoring date, and the national model alone everywhere else.
import type { FeatureVector } from './features.js';
import { restoreLogistic, trainLogistic, type SerializedLogistic } from './logistic.js';
import { quantile } from './metrics.js';
import { MISSING } from './xgb.js';

/**
 * Fixed before the outcomes were looked at: the two facts an officer would name first (the last grade and
 * how long ago it was), so a fit on a hundred-odd schools has few weights to get wrong.
 */
export const HISTORY_STAGE_FEATURES: readonly string[] = ['last_grade', 'years_since_inspection'];

/** A strong penalty for a fit on one LA's schools (the weights are on standardised inputs). */
export const HISTORY_STAGE_LAMBDA = 10;

export interface HistoryStageTraining {
  description: string;
  /** The evaluation design it was fitted on (the backtest block id). */
  design: string;
  featuresAsOf: string;
  outcomeWindow: { from: string; to: string };
  /** Schools the stage was fitted on (those with inspection history known on the feature date), and how many were later below good. */
  outcomes: number;
  positives: number;
  createdAt: string;
}

export interface HistoryStageFile {
  kind: 'inspection-history';
  /** Inputs after the national model's log-odds, in order. */
  featureIds: string[];
  lambda: number;
  learner: SerializedLogistic;
  /** Typical (median) value of each input among the schools it was fitted on: the "typical" of explanations. */
  reference: Record<string, number | null>;
  training: HistoryStageTraining;
  /** Out-of-fold figures from the backtest block that evaluated it (AUC, capture, intervals). */
  metrics?: Record<string, unknown>;
}

/** The stage applies where a graded inspection (or a grade) is known for the school on the scoring date. */
export function stageApplies(v: FeatureVector): boolean {
  return v.years_since_inspection != null || v.last_grade != null;
}

const logit = (p: number) => {
  const q = Math.min(Math.max(p, 1e-6), 1 - 1e-6);
  return Math.log(q / (1 - q));
};

function stageRow(nationalRisk: number, v: FeatureVector, ids: readonly string[]): number[] {
  return [logit(nationalRisk), ...ids.map((id) => (v[id] == null || !Number.isFinite(v[id]!) ? MISSING : v[id]!))];
}

/** Fit the stage on rows whose history is known: the national model's risk (out-of-fold), their features and outcomes. */
export function fitHistoryStage(
  nationalRisk: readonly number[],
  vectors: readonly FeatureVector[],
  labels: readonly (0 | 1)[],
  training: Omit<HistoryStageTraining, 'outcomes' | 'positives'>,
  opts: { featureIds?: readonly string[]; lambda?: number } = {},
): HistoryStageFile {
  const ids = [...(opts.featureIds ?? HISTORY_STAGE_FEATURES)];
  const lambda = opts.lambda ?? HISTORY_STAGE_LAMBDA;
  const idx = vectors.map((_, i) => i).filter((i) => stageApplies(vectors[i]!));
  if (idx.length === 0) throw new Error('no school with inspection history known: the stage cannot be fitted');
  const learner = trainLogistic(idx.map((i) => stageRow(nationalRisk[i]!, vectors[i]!, ids)), idx.map((i) => labels[i]!), { lambda });
  const reference: Record<string, number | null> = {};
  for (const id of ids) {
    const xs = idx.map((i) => vectors[i]![id]).filter((x): x is number => x != null && Number.isFinite(x)).sort((a, b) => a - b);
    reference[id] = xs.length ? quantile(xs, 0.5) : null;
  }
  return {
    kind: 'inspection-history',
    featureIds: ids,
    lambda,
    learner: learner.serialize(),
    reference,
    training: { ...training, outcomes: idx.length, positives: idx.filter((i) => labels[i] === 1).length },
  };
}

/** Risk after the stage where it applies; the national risk unchanged where it does not. */
export function applyHistoryStage(stage: HistoryStageFile, nationalRisk: readonly number[], vectors: readonly FeatureVector[]): number[] {
  const learner = restoreLogistic(stage.learner);
  const idx = vectors.map((_, i) => i).filter((i) => stageApplies(vectors[i]!));
  const out = [...nationalRisk];
  if (idx.length === 0) return out;
  learner.predict(idx.map((i) => stageRow(nationalRisk[i]!, vectors[i]!, stage.featureIds))).forEach((p, j) => (out[idx[j]!] = p));
  return out;
}

/**
 * Out-of-fold risk after the stage, k folds given by `folds`: each school's stage never saw its outcome;
 * schools without history keep the national risk, exactly as the live scorer treats them.
 */
export function crossFitHistoryStage(
  nationalRisk: readonly number[],
  vectors: readonly FeatureVector[],
  labels: readonly (0 | 1)[],
  folds: readonly number[],
  opts: { featureIds?: readonly string[]; lambda?: number } = {},
): number[] {
  const out = [...nationalRisk];
  const k = Math.max(...folds) + 1;
  for (let f = 0; f < k; f++) {
    const train = folds.map((_, i) => i).filter((i) => folds[i] !== f);
    const test = folds.map((_, i) => i).filter((i) => folds[i] === f);
    if (test.length === 0) continue;
    const stage = fitHistoryStage(
      train.map((i) => nationalRisk[i]!),
      train.map((i) => vectors[i]!),
      train.map((i) => labels[i]!),
      { description: '', design: '', featuresAsOf: '', outcomeWindow: { from: '', to: '' }, createdAt: '' },
      opts,
    );
    applyHistoryStage(stage, test.map((i) => nationalRisk[i]!), test.map((i) => vectors[i]!)).forEach((p, j) => (out[test[j]!] = p));
  }
  return out;
}
