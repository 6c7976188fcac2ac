// Honest baselines the model has to beat. Each returns a score (higher = riskier) or null when the
// school has no data for it; metrics treat equal scores as ties (see metrics.ts), so a coarse rule is
// judged fairly.
import { quantile } from './metrics.js';
import type { FeatureVector } from './features.js';

/** "Previous grade only": the last graded inspection outcome before the one being predicted (4 worst). */
export function previousGradeScore(grade: number | null | undefined): number | null {
  return grade == null ? null : grade;
}

export interface TriggerThresholds {
  /** England medians of the old "expected progress" measures (the 2014/15 floor standard's progress test). */
  ks2Read2lpMedian: number | null;
  ks2Writ2lpMedian: number | null;
  ks2Mat2lpMedian: number | null;
  /** Worst-fifth cut-offs for absence, per phase, because secondaries run higher absence than primaries. */
  absenceP80: { primary: number | null; secondary: number | null };
  persistentP80: { primary: number | null; secondary: number | null };
}

const present = (xs: readonly (number | null | undefined)[]) =>
  xs.filter((x): x is number => x != null && Number.isFinite(x)).sort((a, b) => a - b);
const q = (xs: readonly (number | null | undefined)[], p: number) => {
  const s = present(xs);
  return s.length === 0 ? null : quantile(s, p);
};

/**
 * Thresholds come from the distribution of the data itself across all schools (as an LA analyst would
 * read them off the national release), never from outcomes, so computing them on every school leaks nothing.
 */
export function triggerThresholds(vectors: readonly FeatureVector[]): TriggerThresholds {
  const sec = vectors.filter((v) => v.is_secondary === 1);
  const pri = vectors.filter((v) => v.is_secondary !== 1);
  const persistent = (v: FeatureVector) => v.absence_persistent_10 ?? v.absence_persistent_15;
  return {
    ks2Read2lpMedian: q(vectors.map((v) => v.ks2_read_2lp), 0.5),
    ks2Writ2lpMedian: q(vectors.map((v) => v.ks2_writ_2lp), 0.5),
    ks2Mat2lpMedian: q(vectors.map((v) => v.ks2_mat_2lp), 0.5),
    absenceP80: { primary: q(pri.map((v) => v.absence_overall), 0.8), secondary: q(sec.map((v) => v.absence_overall), 0.8) },
    persistentP80: { primary: q(pri.map(persistent), 0.8), secondary: q(sec.map(persistent), 0.8) },
  };
}

export const TRIGGER_RULE_WORDS =
  'one point each for: KS2 progress significantly below average two years running (or, for the old 2014/15 ' +
  'measures, expected progress below the England median in all of reading, writing and maths — the floor ' +
  "standard's progress test); Progress 8 significantly below average; overall absence in the worst fifth of " +
  'its phase; persistent absence in the worst fifth of its phase';

/** A simple data-trigger rule of the kind LAs use before any model: count the triggers a school hits (0–4). */
export function dataTriggerScore(v: FeatureVector, t: TriggerThresholds): number {
  let score = 0;
  const oldFloor =
    v.ks2_read_2lp != null && v.ks2_writ_2lp != null && v.ks2_mat_2lp != null &&
    t.ks2Read2lpMedian != null && t.ks2Writ2lpMedian != null && t.ks2Mat2lpMedian != null &&
    v.ks2_read_2lp < t.ks2Read2lpMedian && v.ks2_writ_2lp < t.ks2Writ2lpMedian && v.ks2_mat_2lp < t.ks2Mat2lpMedian;
  if (v.ks2_progress_sig_below_2y === 1 || oldFloor) score += 1;
  if (v.ks4_p8_sig_below === 1) score += 1;
  const phase = v.is_secondary === 1 ? 'secondary' : 'primary';
  const abs = t.absenceP80[phase];
  if (abs != null && v.absence_overall != null && v.absence_overall > abs) score += 1;
  const pa = t.persistentP80[phase];
  const persistent = v.absence_persistent_10 ?? v.absence_persistent_15;
  if (pa != null && persistent != null && persistent > pa) score += 1;
  return score;
}

/**
 * FSM-ever-6 alone: the census share of pupils eligible for free school meals in the last six years where
 * a census is known on the feature date, else the disadvantaged share of the KS2 year group (FSM-ever-6 or
 * looked after), the only FSM-ever-6 figure the 2014/15 files carry. Higher = riskier.
 */
export function fsmScore(v: FeatureVector): number | null {
  return v.fsm_ever6 ?? v.ks2_disadvantaged_cohort ?? null;
}

/** Size alone: pupils on roll where a census is known, else the KS2 year group. Larger = riskier (fixed in advance). */
export function sizeScore(v: FeatureVector): number | null {
  return v.pupils ?? v.ks2_cohort ?? null;
}

/** The handful of context features the small logistic baseline may use (those that vary in its training set). */
export const CONTEXT_BASELINE_FEATURES: readonly string[] = [
  'fsm_ever6',
  'ks2_disadvantaged_cohort',
  'pupils',
  'ks2_cohort',
  'is_secondary',
  'is_special',
  'is_academy',
];

/**
 * Phase alone: each phase's below-good rate in the training outcomes (never the test ones), so the
 * ranking is phase and nothing else. A phase unseen in training gets the overall rate.
 */
export function phaseRates(train: readonly { phase: string; label: 0 | 1 }[]): (phase: string) => number {
  const counts = new Map<string, { n: number; pos: number }>();
  for (const r of train) {
    const c = counts.get(r.phase) ?? { n: 0, pos: 0 };
    c.n += 1;
    c.pos += r.label;
    counts.set(r.phase, c);
  }
  const overall = train.length ? train.reduce((a, r) => a + r.label, 0) / train.length : 0;
  return (phase) => {
    const c = counts.get(phase);
    return c && c.n > 0 ? c.pos / c.n : overall;
  };
}

/**
 * A baseline with no figure for a school ranks it at the median of the others, so every scorer is judged
 * on the same outcomes as the model (a school without FSM data is neither flagged nor cleared by FSM).
 */
export function fillWithMedian(scores: readonly (number | null)[]): number[] {
  const present = scores.filter((x): x is number => x != null && Number.isFinite(x)).sort((a, b) => a - b);
  const mid = present.length ? quantile(present, 0.5) : 0;
  return scores.map((x) => (x != null && Number.isFinite(x) ? x : mid));
}
