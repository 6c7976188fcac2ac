// Does a feature group help, forward in time? (issue 16) For each optional group (inspection history, the
// LA's own signals) the backtest scores the same outcomes with and without it and reports the paired
// bootstrap interval of the difference. Inspection history known on the feature date exists only where
// a file keeps more than the latest inspection: in the bundled data that is Warwickshire's Ofsted MI
// (latest and previous full inspection, with publication dates), so the group is measured there, on the
// all-schools, forward-in-time rows. No bundled outcome carries an LA's own records, so that group is
// reported as not measurable rather than guessed.
import { FEATURES, inspectionHistoryFeatures, type FeatureVector } from '../domain/risk/features.js';
import { trainLogistic } from '../domain/risk/logistic.js';
import { stratifiedFolds } from '../domain/risk/random.js';
import { MISSING } from '../domain/risk/xgb.js';
import type { Interval } from '../domain/risk/bootstrap.js';
import type { Inspection } from '../domain/evidence/types.js';
import type { ScorerInput } from './evaluate.js';

export interface AblationRow {
  id: 'inspection' | 'la';
  title: string;
  /** The evaluation the group was measured on, or null when it could not be. */
  design: string | null;
  n: number;
  positives: number;
  smallSample: boolean;
  /** The features the group contributed there (those known and varying on the feature date). */
  features: string[];
  withGroup: { auc: number | null; aucCi: Interval | null; capture10: number | null; capture10Ci: Interval | null } | null;
  withoutGroup: { auc: number | null; aucCi: Interval | null; capture10: number | null; capture10Ci: Interval | null } | null;
  /** Paired bootstrap 95% interval of (with − without), same resamples. */
  lead: { auc: Interval | null; capture10: Interval | null } | null;
  /** True only when the AUC lead's interval lies above zero and capture in the riskiest 10% is not lower. */
  helps: boolean | null;
  verdict: string;
}

export const GROUP_TITLES: Record<AblationRow['id'], string> = {
  inspection: 'Inspection history (time since the last graded inspection, the last and previous grades and their era, a category of concern, ungraded outcomes with concerns)',
  la: 'LA signals (category history, Core Group judgements, stage of concern, signed-off judgements of concern, LA intelligence)',
};

export const INSPECTION_FEATURES = FEATURES.filter((f) => f.group === 'inspection').map((f) => f.id);

const logit = (p: number) => Math.log(Math.max(1e-6, p) / Math.max(1e-6, 1 - p));
const encode = (v: FeatureVector, ids: readonly string[]) => ids.map((id) => (v[id] == null ? MISSING : v[id]!));

/**
 * Out-of-fold scores of a small logistic regression (lambda 10) on the live model's score (as a log-odds)
 * plus the given features, k folds stratified by outcome: the same learner and folds with and without a
 * group, so the difference is the group's.
 */
export function stackedScores(
  liveScores: readonly number[],
  features: readonly FeatureVector[],
  ids: readonly string[],
  labels: readonly (0 | 1)[],
  seed: number,
  opts: { withLive?: boolean; folds?: number } = {},
): number[] {
  const k = opts.folds ?? 5;
  const withLive = opts.withLive ?? true;
  const X = features.map((v, i) => [...(withLive ? [logit(liveScores[i]!)] : []), ...encode(v, ids)]);
  const folds = stratifiedFolds(labels.map((l) => l), k, (l) => String(l), seed);
  const out = new Array<number>(labels.length).fill(NaN);
  for (let f = 0; f < k; f++) {
    const train = X.map((_, i) => i).filter((i) => folds[i] !== f);
    const test = X.map((_, i) => i).filter((i) => folds[i] === f);
    if (test.length === 0) continue;
    const m = trainLogistic(train.map((i) => X[i]!), train.map((i) => labels[i]!), { lambda: 10 });
    m.predict(test.map((i) => X[i]!)).forEach((p, j) => (out[test[j]!] = p));
    m.free();
  }
  return out;
}

/** The inspection-history features of each row as known on `asOf`, from the file's inspections only. */
export function historyFeatures(inspections: readonly (readonly Inspection[])[], asOf: string): FeatureVector[] {
  return inspections.map((list) => inspectionHistoryFeatures(list, asOf));
}

/** Features that vary across the rows (a constant column cannot help and only adds noise to a small fit). */
export function varying(vectors: readonly FeatureVector[], ids: readonly string[]): string[] {
  return ids.filter((id) => new Set(vectors.map((v) => v[id] ?? null)).size > 1);
}

/** The scorer inputs of the inspection-history ablation block. */
export function inspectionAblationInputs(liveScores: readonly number[], vectors: readonly FeatureVector[], labels: readonly (0 | 1)[], seed: number): { inputs: ScorerInput[]; features: string[] } {
  const ids = varying(vectors, INSPECTION_FEATURES);
  const withGroup = stackedScores(liveScores, vectors, ids, labels, seed);
  const without = stackedScores(liveScores, vectors, [], labels, seed);
  const alone = stackedScores(liveScores, vectors, ids, labels, seed, { withLive: false });
  const listed = ids.join(', ');
  return {
    features: ids,
    inputs: [
      { id: 'with-inspection', name: 'Live model + inspection history', description: `logistic (lambda 10) on the live model's log-odds and ${listed}; 5-fold cross-validation within these schools`, role: 'model', scores: withGroup, isProbability: true },
      { id: 'without-inspection', name: 'Live model alone (same learner and folds)', description: "logistic (lambda 10) on the live model's log-odds only; same folds", role: 'baseline', scores: without, isProbability: true },
      { id: 'inspection-alone', name: 'Inspection history alone (extra)', description: `logistic (lambda 10) on ${listed}; same folds`, role: 'extra', scores: alone, isProbability: true },
      { id: 'live', name: 'Live model, out-of-fold (extra)', description: 'the national all-schools model as it scores live schools', role: 'extra', scores: [...liveScores], isProbability: true },
    ],
  };
}

interface BlockLike {
  title: string;
  n: number;
  positives: number;
  smallSample: boolean;
  scorers: { id: string; role: string; auc: number | null; top10: { recall: number | null }; ci?: { auc: Interval | null; recall10: Interval | null }; modelLead?: { auc: Interval | null; recall10: Interval | null } }[];
}

const f3 = (x: number | null | undefined) => (x == null ? 'n/a' : x.toFixed(3));
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;

/** One line of the ablation table from the block that measured it. */
export function summariseAblation(id: AblationRow['id'], b: BlockLike, features: string[]): AblationRow {
  const w = b.scorers[0]!;
  const wo = b.scorers.find((s) => s.role === 'baseline' && s.id.startsWith('without-'))!;
  const lead = wo.modelLead ?? null;
  const helps = lead?.auc != null ? lead.auc[0] > 0 && (w.top10.recall ?? 0) >= (wo.top10.recall ?? 0) : null;
  const leadWords = lead?.auc ? `AUC ${f3(w.auc)} with, ${f3(wo.auc)} without (lead ${signed(lead.auc[0])} to ${signed(lead.auc[1])})` : 'no interval';
  const capWords = lead?.recall10 ? `; capture in the riskiest 10% lead ${signed(lead.recall10[0])} to ${signed(lead.recall10[1])}` : '';
  return {
    id,
    title: GROUP_TITLES[id],
    design: b.title,
    n: b.n,
    positives: b.positives,
    smallSample: b.smallSample,
    features,
    withGroup: { auc: w.auc, aucCi: w.ci?.auc ?? null, capture10: w.top10.recall, capture10Ci: w.ci?.recall10 ?? null },
    withoutGroup: { auc: wo.auc, aucCi: wo.ci?.auc ?? null, capture10: wo.top10.recall, capture10Ci: wo.ci?.recall10 ?? null },
    lead: lead ? { auc: lead.auc, capture10: lead.recall10 } : null,
    helps,
    verdict:
      features.length === 0
        ? 'no inspection-history feature is known and varies on the feature date, so the group cannot help here'
        : `${helps ? 'helps' : 'not shown to help'} forward in time (n=${b.n}, ${b.positives} below good${b.smallSample ? ', indicative' : ''}): ${leadWords}${capWords}`,
  };
}

/** The LA-signals line: no bundled outcome carries an LA's own records. */
export function laSignalsNotMeasurable(): AblationRow {
  return {
    id: 'la',
    title: GROUP_TITLES.la,
    design: null,
    n: 0,
    positives: 0,
    smallSample: true,
    features: [],
    withGroup: null,
    withoutGroup: null,
    lead: null,
    helps: null,
    verdict:
      'not measurable: no bundled outcome carries an LA\'s own categories, Core Group judgements, stages of concern or notices, ' +
      'so the group cannot be fitted or tested; the live score lists such records in plain words for officers to weigh',
  };
}
