// Turns scores and outcomes into the figures the report prints, for the model and each baseline.
import {
  auc,
  brier,
  calibrationBins,
  captureInSubset,
  expectedCalibrationError,
  rocCurve,
  thin,
  topK,
  type CalibrationBin,
  type TopKResult,
} from '../domain/risk/metrics.js';
import { bootstrapRanking, type Interval } from '../domain/risk/bootstrap.js';
import { seededRandom } from '../domain/risk/random.js';

/** Figures resting on fewer outcomes than this are labelled as small-sample in every output. */
export const SMALL_SAMPLE = 100;

export interface ScorerMetrics {
  id: string;
  name: string;
  description: string;
  /** Baselines named in the brief must be beaten; extra ones are reported for context. */
  role: 'model' | 'baseline' | 'extra';
  n: number;
  positives: number;
  smallSample: boolean;
  auc: number | null;
  top10: TopKResult;
  top20: TopKResult;
  /** Probability scorers only. */
  brier: number | null;
  ece: number | null;
  calibration: CalibrationBin[] | null;
  roc: { fpr: number; tpr: number }[];
  /** Below-good outcomes at schools previously good or outstanding caught in the riskiest 10% (where previous grades exist). */
  declineCapture10: { captured: number | null; positives: number } | null;
  /** Seeded bootstrap 95% intervals (schools resampled); absent for the random baseline. */
  ci?: { auc: Interval | null; precision10: Interval | null; recall10: Interval | null; draws: number };
  /** Paired bootstrap 95% interval of (model − this scorer), on the same resamples; baselines and extras only. */
  modelLead?: { auc: Interval | null; recall10: Interval | null };
}

export interface ScorerInput {
  id: string;
  name: string;
  description: string;
  role: ScorerMetrics['role'];
  scores: (number | null)[];
  isProbability?: boolean;
}

/**
 * Metrics for one scorer over the outcomes it can score. A baseline that needs data a school lacks
 * (e.g. previous grade) is scored only where it has it, and says so through n.
 */
export function evaluateScorer(
  input: ScorerInput,
  labels: readonly (0 | 1)[],
  previouslyGood?: readonly boolean[],
): ScorerMetrics {
  const idx = input.scores.map((s, i) => (s == null ? -1 : i)).filter((i) => i >= 0);
  const s = idx.map((i) => input.scores[i]!);
  const y = idx.map((i) => labels[i]!);
  const positives = y.filter((l) => l === 1).length;
  const prob = input.isProbability ?? false;
  const bins = prob ? calibrationBins(s, y, 10) : null;
  return {
    id: input.id,
    name: input.name,
    description: input.description,
    role: input.role,
    n: idx.length,
    positives,
    smallSample: idx.length < SMALL_SAMPLE,
    auc: auc(s, y),
    top10: topK(s, y, 0.1),
    top20: topK(s, y, 0.2),
    brier: prob ? brier(s, y) : null,
    ece: bins ? expectedCalibrationError(bins) : null,
    calibration: bins,
    roc: thin(rocCurve(s, y), 101),
    declineCapture10: previouslyGood
      ? captureInSubset(s, y, idx.map((i) => previouslyGood[i]!), 0.1)
      : null,
  };
}

/** The random baseline, averaged over many seeded draws so its figures sit at their expected values. */
export function evaluateRandom(
  labels: readonly (0 | 1)[],
  seed: number,
  draws = 200,
  previouslyGood?: readonly boolean[],
): ScorerMetrics {
  const rand = seededRandom(seed);
  const runs: ScorerMetrics[] = [];
  for (let d = 0; d < draws; d++) {
    runs.push(
      evaluateScorer(
        { id: 'random', name: 'Random', description: '', role: 'baseline', scores: labels.map(() => rand()) },
        labels,
        previouslyGood,
      ),
    );
  }
  const avg = (f: (m: ScorerMetrics) => number | null | undefined): number | null => {
    const xs = runs.map(f).filter((x): x is number => x != null);
    return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
  };
  const first = runs[0]!;
  const avgTop = (k: 'top10' | 'top20'): TopKResult => ({
    fraction: first[k].fraction,
    flagged: first[k].flagged,
    truePositives: avg((m) => m[k].truePositives) ?? 0,
    precision: avg((m) => m[k].precision),
    recall: avg((m) => m[k].recall),
  });
  return {
    ...first,
    description: `schools ranked at random (mean of ${draws} seeded draws)`,
    auc: avg((m) => m.auc),
    top10: avgTop('top10'),
    top20: avgTop('top20'),
    roc: [
      { fpr: 0, tpr: 0 },
      { fpr: 1, tpr: 1 },
    ],
    declineCapture10: first.declineCapture10
      ? { captured: avg((m) => m.declineCapture10?.captured), positives: first.declineCapture10.positives }
      : null,
  };
}

/**
 * Attach bootstrap intervals to the model (first) and every other scorer that scores all outcomes, with
 * the paired interval of the model's lead over each. Scorers with gaps or averaged draws are left as they are.
 */
export function withIntervals(
  metrics: ScorerMetrics[],
  inputs: readonly (ScorerInput | null)[],
  labels: readonly (0 | 1)[],
  seed: number,
  draws = 200,
): ScorerMetrics[] {
  const usable = inputs.map((inp, k) => (inp && inp.scores.every((x) => x != null) ? k : -1)).filter((k) => k >= 0);
  if (usable[0] !== 0 || labels.length === 0) return metrics;
  const b = bootstrapRanking(usable.map((k) => inputs[k]!.scores as number[]), labels, { seed, draws });
  const out = [...metrics];
  usable.forEach((k, j) => {
    out[k] = { ...out[k]!, ci: { ...b.scorers[j]!, draws: b.draws }, ...(j > 0 ? { modelLead: b.diffVsFirst[j]! } : {}) };
  });
  return out;
}

const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;

export interface Verdict {
  beatsAllOnAuc: boolean;
  beatsAllOnTop10: boolean;
  details: string[];
}

/** Does the model beat every required baseline on AUC and on capture (recall) in the riskiest 10%? */
export function verdict(scorers: readonly ScorerMetrics[]): Verdict {
  const model = scorers.find((s) => s.role === 'model');
  const baselines = scorers.filter((s) => s.role === 'baseline');
  const details: string[] = [];
  let beatsAllOnAuc = model?.auc != null;
  let beatsAllOnTop10 = model?.top10.recall != null;
  for (const b of baselines) {
    const aucOk = model?.auc != null && (b.auc == null || model.auc > b.auc);
    const capOk = model?.top10.recall != null && (b.top10.recall == null || model.top10.recall > b.top10.recall);
    beatsAllOnAuc &&= aucOk;
    beatsAllOnTop10 &&= capOk;
    const lead = b.modelLead;
    const ci =
      lead?.auc && lead.recall10
        ? ` (model's lead, 95% CI: AUC ${signed(lead.auc[0])} to ${signed(lead.auc[1])}; capture ${signed(lead.recall10[0])} to ${signed(lead.recall10[1])})`
        : '';
    details.push(
      `${aucOk ? 'beats' : 'does NOT beat'} ${b.name} on AUC; ${capOk ? 'beats' : 'does NOT beat'} it on capture in the riskiest 10%` +
        ci +
        (b.n !== model?.n ? ` (baseline scored on ${b.n} of ${model?.n} outcomes)` : ''),
    );
  }
  return { beatsAllOnAuc, beatsAllOnTop10, details };
}
