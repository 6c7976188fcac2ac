// The honest backtest: features from what was published by 31 August 2016 (KS2 and absence 2014/15)
// against the graded inspections that followed (September 2016 – March 2020), evaluated only on schools
// the scoring model never trained on, next to the baselines an LA would otherwise use.
import { createHash } from 'node:crypto';
import {
  CONTEXT_BASELINE_FEATURES,
  dataTriggerScore,
  fillWithMedian,
  fsmScore,
  phaseRates,
  previousGradeScore,
  sizeScore,
  triggerThresholds,
  TRIGGER_RULE_WORDS,
} from '../domain/risk/baselines.js';
import { observationKnownBy } from '../domain/risk/availability.js';
import { computeFeatures, FEATURES, type FeatureVector } from '../domain/risk/features.js';
import { auc, quantile, topK } from '../domain/risk/metrics.js';
import { DEFAULT_PARAMS, describeParams, PARAM_GRID, scoreSchool, trainModel, trainSelectedModel, type RiskModel, type TrainingRow } from '../domain/risk/model.js';
import { stratifiedFolds } from '../domain/risk/random.js';
import { crossFitHistoryStage, fitHistoryStage, HISTORY_STAGE_FEATURES, HISTORY_STAGE_LAMBDA, stageApplies } from '../domain/risk/stage.js';
import type { SchoolEvidence } from '../domain/evidence/types.js';
import { loadDatasets, type LoadedData, type SourceFile } from './dataset.js';
import { evaluateRandom, evaluateScorer, SMALL_SAMPLE, verdict, withIntervals, type ScorerInput, type ScorerMetrics, type Verdict } from './evaluate.js';
import { ALL_SCHOOLS, ALL_SCHOOLS_FEATURES, FEATURE_GROUPS, PORTABLE_FEATURES, SIMPLER_UNLESS_AUC_LEAD } from './forwardAll.js';
import { historyFeatures, inspectionAblationInputs, laSignalsNotMeasurable, summariseAblation, type AblationRow } from './ablation.js';
import { writeBacktestReport } from './report.js';

export const DESIGN = {
  featuresAsOf: '2016-08-31',
  outcomeFrom: '2016-09-01',
  outcomeTo: '2020-03-31',
  /** Warwickshire's MI runs to 31 August 2020 (no routine inspections happened after March 2020). */
  warwickshireTo: '2020-08-31',
  temporalSplit: '2018-09-01',
  folds: 5,
} as const;

/**
 * The current-measures evaluation: the measures live schools are scored on today (Progress 8 and
 * Attainment 8, KS2 progress scores, absence with the 10% persistent threshold, census context) as
 * published by the end of 2019, against the graded inspections of January–March 2020, the last before
 * routine inspection stopped. Fewer outcomes than the main design, but the same measures as live data,
 * so this is the model saved for scoring live schools.
 */
export const CURRENT = {
  featuresAsOf: '2019-12-31',
  outcomeFrom: '2020-01-01',
  outcomeTo: '2020-03-31',
  /**
   * Only measures live data can also have: levels of today's measures and context. Discontinued 2014/15
   * measures and year-on-year changes are left out, because a live school never has them (the bundled live
   * files hold one year of absence), and a model leaning on "no figure" would mislead officers.
   */
  featureIds: [
    'ks2_read_progress', 'ks2_writ_progress', 'ks2_mat_progress', 'ks2_rwm_expected', 'ks2_progress_sig_below', 'ks2_disadv_gap',
    'ks4_progress8', 'ks4_attainment8', 'ks4_p8_sig_below', 'ks4_disadv_gap',
    'absence_overall', 'absence_persistent_10', 'pupils', 'fsm_ever6', 'sen_support', 'ehcp', 'eal',
    'is_secondary', 'is_special', 'is_academy',
  ],
};

/**
 * What the national designs may learn from: every measure, but not inspection history or the LA's own
 * records. The national files keep only the latest inspection (known on the feature date only for schools
 * not re-inspected since, which leaks the outcome) and carry no LA records; the one file with a previous
 * grade (Warwickshire's MI) would otherwise make "has an inspection history" mean "is in Warwickshire".
 */
export const NATIONAL_FEATURES: readonly string[] = FEATURES.filter((f) => f.group !== 'inspection' && f.group !== 'la' && f.group !== 'intelligence').map((f) => f.id);

export interface EvaluationBlock {
  id: string;
  title: string;
  description: string;
  n: number;
  positives: number;
  prevalence: number;
  smallSample: boolean;
  scorers: ScorerMetrics[];
  verdict: Verdict;
}

export interface GroupRow {
  group: string;
  n: number;
  positives: number;
  smallSample: boolean;
  observedRate: number;
  meanPredicted: number;
  modelAuc: number | null;
  triggerAuc: number | null;
  /** Within the group: precision and recall when its own riskiest 10% are flagged. */
  modelPrecision10: number | null;
  modelRecall10: number | null;
  /** Share of the group that falls in the overall riskiest 10% (who gets flagged). */
  shareFlaggedOverall: number;
}

export interface ExampleExplanation {
  urn: number;
  name: string;
  phase: string;
  risk: number;
  outcome: string;
  topFactors: { factor: string; direction: 'up' | 'down'; words: string }[];
}

export interface BacktestReport {
  generatedAt: string;
  seed: number;
  design: {
    target: string;
    featuresAsOf: string;
    outcomeWindow: { from: string; to: string };
    split: string;
    model: string;
    /** Which candidate each training set chose (on its own validation slice). */
    chosen: string[];
    params: Record<string, string | number>;
    grid: Record<string, string | number>[];
    leakage: string[];
    caveats: string[];
    triggerRule: string;
  };
  data: {
    files: SourceFile[];
    outcomesInWindow: number;
    excludedNotStateFunded: number;
    excludedNoFeatures: number;
    sample: number;
    hertfordshire: string;
  };
  main: EvaluationBlock;
  temporal: EvaluationBlock;
  /** Current measures (CURRENT): the evaluation of the model saved for live scoring. */
  current: EvaluationBlock;
  warwickshire: EvaluationBlock;
  /** The forward-in-time, all-schools design (forwardAll.ts): the one the live model is chosen and calibrated on. */
  forwardAll: EvaluationBlock;
  /** The same design on Warwickshire's schools, the only ones whose grade on the feature date is known. */
  forwardAllWarwickshire: EvaluationBlock;
  /**
   * The live scores as the app makes them where inspection history is imported: the national model plus the
   * inspection-history stage (stage.ts), out-of-fold on Warwickshire's schools of the all-schools design.
   */
  liveWithHistory: EvaluationBlock;
  /** Which model scores live schools, from which design, and why. */
  live: {
    design: string;
    /** The inspection-history stage the live scores apply where a school's history is known. */
    historyStage: { design: string; featureIds: string[]; lambda: number; outcomes: number; positives: number; applies: string };
    why: string;
    chosen: string;
    candidates: { id: string; name: string; auc: number | null; recall10: number | null }[];
    featureIds: string[];
    /** The plain statement the watch list shows, from this evaluation. */
    rankingStatement: string;
  };
  /**
   * Whether each optional group (inspection history, LA signals) helps forward in time: the same outcomes
   * scored with and without it, with paired bootstrap intervals (ablation.ts).
   */
  ablation: AblationRow[];
  /** The block the inspection-history ablation was measured on (every scorer, with intervals). */
  inspectionAblation: EvaluationBlock;
  /** The previous-grade baseline on the largest design the bundled data allows (Warwickshire, every school with a grade then). */
  previousGradeLargest: EvaluationBlock;
  /** Each feature group's contribution in the all-schools design (cross-validated logistic, same folds). */
  featureGroups: { id: string; title: string; live: boolean; aucAlone: number | null; aucWithout: number | null; aucAll: number | null; note: string }[];
  breakdowns: { phase: GroupRow[]; type: GroupRow[]; deprivation: GroupRow[] };
  topFactorFrequency: { factor: string; up: number; down: number }[];
  examples: ExampleExplanation[];
  headline: string[];
}

interface SampleRow extends TrainingRow {
  evidence: SchoolEvidence;
  date: string;
  grade: number;
  phase: string;
  type: string;
  quintile: string;
}

const GRADE = ['', 'Outstanding', 'Good', 'Requires improvement', 'Inadequate'];

function hasKnownData(ev: SchoolEvidence, asOf: string): boolean {
  return ev.observations.some((o) => o.status === 'ok' && observationKnownBy(o, asOf));
}

function buildSample(
  data: LoadedData,
  w: { featuresAsOf: string; outcomeFrom: string; outcomeTo: string } = DESIGN,
): { rows: SampleRow[]; counts: BacktestReport['data'] } {
  const rows: SampleRow[] = [];
  let inWindow = 0;
  let notStateFunded = 0;
  let noFeatures = 0;
  for (const [urn, ins] of data.nationalOutcomes) {
    const grade = ins.overallEffectiveness;
    if (grade == null || ins.inspectionDate < w.outcomeFrom || ins.inspectionDate > w.outcomeTo) continue;
    inWindow += 1;
    const ev = data.evidence.get(urn);
    if (!ev || ev.school.typeGroup === 'independent' || ev.school.typeGroup === 'college') {
      notStateFunded += 1;
      continue;
    }
    if (!hasKnownData(ev, w.featuresAsOf)) {
      noFeatures += 1;
      continue;
    }
    rows.push({
      urn,
      evidence: ev,
      features: computeFeatures(ev, w.featuresAsOf),
      label: grade >= 3 ? 1 : 0,
      date: ins.inspectionDate,
      grade,
      phase: ev.school.phase,
      type: ev.school.typeGroup,
      quintile: 'unknown',
    });
  }
  rows.sort((a, b) => a.urn - b.urn);
  // Deprivation quintiles from the January 2019 census: a grouping for the bias view only, never a feature.
  const fsm = rows.map((r) => data.fsmEver6_2019.get(r.urn)).filter((x): x is number => x != null).sort((a, b) => a - b);
  const cuts = [0.2, 0.4, 0.6, 0.8].map((q) => quantile(fsm, q));
  for (const r of rows) {
    const f = data.fsmEver6_2019.get(r.urn);
    if (f == null) continue;
    const qn = cuts.filter((c) => f > c).length + 1;
    r.quintile = `Q${qn}${qn === 1 ? ' (least deprived)' : qn === 5 ? ' (most deprived)' : ''}`;
  }
  return {
    rows,
    counts: {
      files: data.files,
      outcomesInWindow: inWindow,
      excludedNotStateFunded: notStateFunded,
      excludedNoFeatures: noFeatures,
      sample: rows.length,
      hertfordshire:
        'The Hertfordshire files (2023/24 census and absence, 2024/25 KS2, KS4 and school information) carry no ' +
        'inspection outcomes, so they add no outcomes to this backtest; Hertfordshire schools (LA 919) are in the ' +
        'national sample through the 2019 files. Their measures are for scoring live schools, not for evaluation.',
    },
  };
}

/**
 * One evaluation: every scorer on the same outcomes, seeded bootstrap intervals (with the model's paired
 * lead over each scorer), then the random baseline, averaged over seeded draws.
 */
function block(
  id: string,
  title: string,
  description: string,
  labels: (0 | 1)[],
  inputs: ScorerInput[],
  opts: { seed: number; previouslyGood?: boolean[] },
): EvaluationBlock {
  const positives = labels.filter((l) => l === 1).length;
  const metrics = inputs.map((inp) => evaluateScorer(inp, labels, opts.previouslyGood));
  const scorers = [...withIntervals(metrics, inputs, labels, opts.seed + 101), evaluateRandom(labels, opts.seed, 200, opts.previouslyGood)];
  return {
    id,
    title,
    description,
    n: labels.length,
    positives,
    prevalence: labels.length ? positives / labels.length : 0,
    smallSample: labels.length < SMALL_SAMPLE,
    scorers,
    verdict: verdict(scorers),
  };
}

type Rowish = TrainingRow & { phase: string };

/** Phase-alone and small-logistic baselines for `test`, fitted on `train` only. */
async function fitContextBaselines(train: readonly Rowish[], test: readonly Rowish[], seed: number): Promise<{ phase: number[]; context: number[] }> {
  const rate = phaseRates(train);
  const m = await trainModel(train, { seed, params: { booster: 'logistic', lambda: 10 }, featureIds: CONTEXT_BASELINE_FEATURES });
  const context = m.predict(test.map((r) => r.features));
  m.dispose();
  return { phase: test.map((r) => rate(r.phase)), context };
}

/** The same folds crossValidate uses, so baselines are fitted on exactly the model's training folds. */
function foldsOf(rows: readonly Rowish[], seed: number, k: number = DESIGN.folds): number[] {
  return stratifiedFolds(rows, k, (r) => `${r.label}|${r.phase}`, seed);
}

async function crossFitContext(rows: readonly Rowish[], seed: number, k: number = DESIGN.folds): Promise<{ phase: number[]; context: number[] }> {
  const folds = foldsOf(rows, seed, k);
  const phase = new Array<number>(rows.length).fill(NaN);
  const context = new Array<number>(rows.length).fill(NaN);
  for (let f = 0; f < k; f++) {
    const testIdx = rows.map((_, i) => i).filter((i) => folds[i] === f);
    const fit = await fitContextBaselines(rows.filter((_, i) => folds[i] !== f), testIdx.map((i) => rows[i]!), seed + f);
    testIdx.forEach((i, j) => {
      phase[i] = fit.phase[j]!;
      context[i] = fit.context[j]!;
    });
  }
  return { phase, context };
}

const CONTEXT_WORDS =
  'L2-regularised logistic regression (lambda 10) on FSM-ever-6 (census where known, else the KS2 year group\'s disadvantaged share), ' +
  'size (pupils on roll or KS2 year group), and phase, special and academy flags; fitted on the training folds only';

/** The honest baselines the issue names, for any design: each on every outcome the model is scored on. */
function contextBaselineInputs(
  sub: readonly { features: FeatureVector }[],
  fitted: { phase: number[]; context: number[] },
  fsmWords: string,
): ScorerInput[] {
  return [
    { id: 'fsm', name: 'FSM-ever-6 alone', description: `${fsmWords}; higher = riskier; no figure = ranked at the median`, role: 'baseline', scores: fillWithMedian(sub.map((r) => fsmScore(r.features))) },
    { id: 'size', name: 'Size alone', description: 'pupils on roll where a census is known on the feature date, else the KS2 year group; larger = riskier (fixed in advance); no figure = median', role: 'baseline', scores: fillWithMedian(sub.map((r) => sizeScore(r.features))) },
    { id: 'phase', name: 'Phase alone', description: "the below-good rate of the school's phase in the training outcomes", role: 'baseline', scores: fitted.phase },
    { id: 'context', name: 'Small logistic on context', description: CONTEXT_WORDS, role: 'baseline', scores: fitted.context },
  ];
}

function groupRows(rows: SampleRow[], key: (r: SampleRow) => string, model: number[], trigger: number[]): GroupRow[] {
  const flaggedCut = [...model].sort((a, b) => b - a)[Math.max(0, Math.round(model.length * 0.1) - 1)]!;
  const groups = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const list = groups.get(key(r)) ?? [];
    list.push(i);
    groups.set(key(r), list);
  });
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, idx]) => {
      const labels = idx.map((i) => rows[i]!.label);
      const m = evaluateScorer({ id: 'model', name: 'Model', description: '', role: 'model', scores: idx.map((i) => model[i]!) }, labels);
      const t = evaluateScorer({ id: 'trigger', name: 'Trigger', description: '', role: 'baseline', scores: idx.map((i) => trigger[i]!) }, labels);
      return {
        group,
        n: idx.length,
        positives: m.positives,
        smallSample: idx.length < SMALL_SAMPLE,
        observedRate: m.positives / idx.length,
        meanPredicted: idx.reduce((a, i) => a + model[i]!, 0) / idx.length,
        modelAuc: m.auc,
        triggerAuc: t.auc,
        modelPrecision10: m.top10.precision,
        modelRecall10: m.top10.recall,
        shareFlaggedOverall: idx.filter((i) => model[i]! >= flaggedCut).length / idx.length,
      };
    });
}

export interface BacktestOptions {
  datasetsDir: string;
  outDir?: string;
  seed?: number;
}

interface CoreResult {
  report: BacktestReport;
  fullModel: RiskModel;
  dataHash: string;
  files: SourceFile[];
  sampleSize: number;
}

const TRIGGER_DESC = `data-trigger rule: ${TRIGGER_RULE_WORDS}`;

interface BaselineScorers {
  trigger: (v: FeatureVector) => number;
  absenceRank: (v: FeatureVector) => number | null;
}

/** The baselines' inputs at a feature date, from every school's published data there, never from outcomes. */
function baselineScorers(data: LoadedData, asOf: string): BaselineScorers {
  const allVectors: FeatureVector[] = [];
  for (const ev of data.evidence.values()) {
    if (hasKnownData(ev, asOf)) allVectors.push(computeFeatures(ev, asOf));
  }
  const thresholds = triggerThresholds(allVectors);
  // Absence alone, as a percentile within phase, is the cheapest "data" ranking an analyst could make.
  const byPhase = (sec: boolean) =>
    allVectors.filter((v) => (v.is_secondary === 1) === sec && v.absence_overall != null).map((v) => v.absence_overall!).sort((a, b) => a - b);
  const pri = byPhase(false);
  const sec = byPhase(true);
  return {
    trigger: (v) => dataTriggerScore(v, thresholds),
    absenceRank: (v) => {
      if (v.absence_overall == null) return null;
      const list = v.is_secondary === 1 ? sec : pri;
      let lo = 0;
      while (lo < list.length && list[lo]! <= v.absence_overall) lo++;
      return lo / list.length;
    },
  };
}

/**
 * k-fold cross-validation, one row per school, stratified by outcome and phase: every score is from a
 * model that never saw the school. Records each fold's chosen learner in `chosen`; `onFirstFold` sees
 * the first fold's model before it is freed (for explanations).
 */
async function crossValidate(
  rows: SampleRow[],
  seed: number,
  chosen: string[],
  label: string,
  opts: { featureIds?: readonly string[]; onFirstFold?: (model: RiskModel, testIdx: number[], scores: number[]) => void } = {},
): Promise<number[]> {
  const folds = stratifiedFolds(rows, DESIGN.folds, (r) => `${r.label}|${r.phase}`, seed);
  const scores = new Array<number>(rows.length).fill(NaN);
  for (let k = 0; k < DESIGN.folds; k++) {
    const train = rows.filter((_, i) => folds[i] !== k);
    const testIdx = rows.map((_, i) => i).filter((i) => folds[i] === k);
    const model = await trainSelectedModel(train, { seed: seed + k, featureIds: opts.featureIds ?? NATIONAL_FEATURES });
    chosen.push(`${label} ${k + 1}: ${describeParams(model.params)}`);
    model.predict(testIdx.map((i) => rows[i]!.features)).forEach((p, j) => (scores[testIdx[j]!] = p));
    if (k === 0) opts.onFirstFold?.(model, testIdx, scores);
    model.dispose();
  }
  return scores;
}

interface AllSchoolsRow extends Rowish {
  evidence: SchoolEvidence;
}

/** Every state-funded school with data published by the feature date; label = judged below good in the window. */
function buildAllSchoolsSample(data: LoadedData): AllSchoolsRow[] {
  const rows: AllSchoolsRow[] = [];
  for (const [urn, ev] of data.evidence) {
    if (ev.school.typeGroup === 'independent' || ev.school.typeGroup === 'college') continue;
    if (!hasKnownData(ev, ALL_SCHOOLS.featuresAsOf)) continue;
    const ins = data.nationalOutcomes.get(urn);
    const judgedBelow =
      ins != null && ins.overallEffectiveness != null && ins.overallEffectiveness >= 3 &&
      ins.inspectionDate >= ALL_SCHOOLS.outcomeFrom && ins.inspectionDate <= ALL_SCHOOLS.outcomeTo;
    rows.push({ urn, evidence: ev, features: computeFeatures(ev, ALL_SCHOOLS.featuresAsOf), label: judgedBelow ? 1 : 0, phase: ev.school.phase });
  }
  return rows.sort((a, b) => a.urn - b.urn);
}

async function crossFitModel(
  rows: readonly Rowish[],
  seed: number,
  featureIds: readonly string[],
  params: Record<string, string | number> | 'select',
  onFold?: (k: number, model: RiskModel) => void,
): Promise<number[]> {
  const folds = foldsOf(rows, seed, ALL_SCHOOLS.folds);
  const scores = new Array<number>(rows.length).fill(NaN);
  for (let k = 0; k < ALL_SCHOOLS.folds; k++) {
    const train = rows.filter((_, i) => folds[i] !== k);
    const testIdx = rows.map((_, i) => i).filter((i) => folds[i] === k);
    const model =
      params === 'select'
        ? await trainSelectedModel(train, { seed: seed + k, featureIds })
        : await trainModel(train, { seed: seed + k, params: { ...params }, featureIds });
    onFold?.(k, model);
    model.predict(testIdx.map((i) => rows[i]!.features)).forEach((p, j) => (scores[testIdx[j]!] = p));
    model.dispose();
  }
  return scores;
}

const LOGISTIC_10 = { booster: 'logistic', lambda: 10 } as const;
const pctWords = (x: number | null | undefined) => (x == null ? 'n/a' : `${Math.round(x * 100)}%`);

/**
 * The forward-in-time, all-schools design (forwardAll.ts): candidates for the live model, the honest
 * baselines, each feature group's contribution, and the live model itself, trained on every row with the
 * candidate this design chose.
 */
async function allSchoolsDesign(data: LoadedData, seed: number, chosen: string[], dataHash: string) {
  const rows = buildAllSchoolsSample(data);
  const labels = rows.map((r) => r.label);
  const A = ALL_SCHOOLS;

  // Candidates that can score live schools: the simple logistic and the learner chosen on validation data.
  const simple = await crossFitModel(rows, seed, PORTABLE_FEATURES, { ...LOGISTIC_10 });
  const selectedNames: string[] = [];
  const selected = await crossFitModel(rows, seed, PORTABLE_FEATURES, 'select', (k, m) => selectedNames.push(`${k + 1}: ${describeParams(m.params)}`));
  chosen.push(`all schools, portable measures, chosen per fold: ${selectedNames.join('; ')}`);
  // Reference only: every 2014/15 measure (most discontinued, so it cannot score live schools).
  const reference = await crossFitModel(rows, seed, ALL_SCHOOLS_FEATURES, { ...LOGISTIC_10 });

  const m = (s: number[]) => ({ auc: auc(s, labels), recall10: topK(s, labels, 0.1).recall });
  const sm = m(simple);
  const se = m(selected);
  const richerWins = (se.auc ?? 0) - (sm.auc ?? 0) >= SIMPLER_UNLESS_AUC_LEAD && (se.recall10 ?? 0) > (sm.recall10 ?? 0);
  const liveIsSimple = !richerWins;
  const liveScores = liveIsSimple ? simple : selected;
  const otherScores = liveIsSimple ? selected : simple;

  const fsmWords = "FSM-ever-6 known on 31 August 2016: the disadvantaged share of the KS2 year group 2014/15 (no census in the 2014/15 files; secondaries have no figure)";
  const fit = await crossFitContext(rows, seed, A.folds);
  const baselines = baselineScorers(data, A.featuresAsOf);
  const fsm2019 = rows.map((r) => data.fsmEver6_2019.get(r.urn) ?? null);
  const liveName = liveIsSimple ? 'Model: logistic on portable measures (live)' : 'Model: learner chosen on validation data, portable measures (live)';
  const inputs: ScorerInput[] = [
    { id: 'model', name: liveName, description: `out-of-fold calibrated probability; measures: ${PORTABLE_FEATURES.join(', ')}`, role: 'model', scores: liveScores, isProbability: true },
    {
      id: liveIsSimple ? 'candidate-selected' : 'candidate-simple',
      name: liveIsSimple ? 'Candidate: learner chosen on validation data, same measures (extra)' : 'Candidate: logistic, same measures (extra)',
      description: 'the other live candidate, not chosen',
      role: 'extra',
      scores: otherScores,
      isProbability: true,
    },
    { id: 'reference-2015', name: 'Reference: logistic on every 2014/15 measure (extra; cannot score live schools)', description: 'same learner with the discontinued measures too', role: 'extra', scores: reference, isProbability: true },
    ...contextBaselineInputs(rows, fit, fsmWords),
    ...[
      { id: 'trigger', name: 'Data-trigger rule', description: TRIGGER_DESC, role: 'baseline' as const, scores: rows.map((r) => baselines.trigger(r.features)) },
      { id: 'absence', name: 'Absence rate alone (extra)', description: 'overall absence 2014/15, percentile within phase; no figure = median', role: 'extra' as const, scores: fillWithMedian(rows.map((r) => baselines.absenceRank(r.features))) },
    ],
    {
      id: 'fsm-2019',
      name: 'FSM-ever-6, census January 2019 (extra; later than the feature date)',
      description: 'the census figure of two and a half years later: it can only flatter this baseline; no figure = median',
      role: 'extra',
      scores: fillWithMedian(fsm2019),
    },
  ];
  const forwardAll = block(
    'all-schools',
    `All schools, forward in time: features known ${A.featuresAsOf} → judged below good ${A.outcomeFrom} to ${A.outcomeTo} (5-fold cross-validation)`,
    `Every state-funded school in the 2019 files with KS2 or absence data published by ${A.featuresAsOf} (${rows.length.toLocaleString('en-GB')} schools), ` +
      'whether or not Ofsted inspected it: the outcome is 1 when its latest graded inspection in the files falls in the window and is below good, ' +
      '0 otherwise (not inspected, or judged good or better). This is how the watch list is used, so the live model is chosen and calibrated here. ' +
      'The files keep only the latest inspection, so a school judged below good and then good again inside the window counts as 0 (an undercount). ' +
      'Previous grades are not in the national files (see the Warwickshire all-schools block).',
    labels,
    inputs,
    { seed: seed + 5 },
  );

  // Feature groups: cross-validated logistic on the same folds, each group alone and all groups without it.
  const usable = FEATURE_GROUPS.filter((g) => g.unavailable == null);
  const aucAll = auc(reference, labels);
  const featureGroups: BacktestReport['featureGroups'] = [];
  for (const g of FEATURE_GROUPS) {
    if (g.unavailable) {
      featureGroups.push({ id: g.id, title: g.title, live: g.live, aucAlone: null, aucWithout: null, aucAll, note: g.unavailable });
      continue;
    }
    const alone = auc(await crossFitModel(rows, seed, g.features, { ...LOGISTIC_10 }), labels);
    const rest = usable.filter((o) => o.id !== g.id).flatMap((o) => o.features);
    const without = auc(await crossFitModel(rows, seed, rest, { ...LOGISTIC_10 }), labels);
    featureGroups.push({
      id: g.id,
      title: g.title,
      live: g.live,
      aucAlone: alone,
      aucWithout: without,
      aucAll,
      note: g.live ? 'a live school has these measures' : 'discontinued measures: reported for comparison, not in the live model',
    });
  }

  // Warwickshire, all schools: the grade known on the feature date comes from the MI's latest or previous inspection.
  const byUrn = new Map(rows.map((r, i) => [r.urn, i]));
  const wRows: { i: number; prevAtDate: number | null; label: 0 | 1; previouslyGood: boolean }[] = [];
  for (const [urn, ins] of data.warwickshire) {
    const i = byUrn.get(urn);
    if (i == null) continue;
    const latestKnown = (ins.publicationDate ?? ins.inspectionDate) <= A.featuresAsOf;
    const prevKnown = ins.previousInspectionDate != null && ins.previousInspectionDate <= A.featuresAsOf;
    const prevAtDate = latestKnown ? (ins.overallEffectiveness ?? null) : prevKnown ? (ins.previousOverallEffectiveness ?? null) : null;
    const inWindow = ins.inspectionDate >= A.outcomeFrom && ins.inspectionDate <= A.warwickshireTo;
    const label: 0 | 1 = inWindow && ins.overallEffectiveness != null && ins.overallEffectiveness >= 3 ? 1 : 0;
    wRows.push({ i, prevAtDate, label, previouslyGood: prevAtDate != null && prevAtDate <= 2 });
  }
  const wLabels = wRows.map((r) => r.label);
  const pick = (xs: readonly number[]) => wRows.map((r) => xs[r.i]!);
  const forwardAllWarwickshire = block(
    'all-schools-warwickshire',
    `All schools, forward in time, Warwickshire: features known ${A.featuresAsOf} → judged below good by ${A.warwickshireTo}`,
    'Warwickshire\'s schools in the all-schools sample, scored out-of-fold; the grade known on the feature date is the MI\'s latest inspection ' +
      'when published by then, else its previous full inspection when that was. The only place the previous-grade baseline exists in this design.',
    wLabels,
    [
      { ...inputs[0]!, scores: pick(liveScores) },
      { id: 'previous', name: 'Previous grade only', description: 'grade known on the feature date (4 = riskiest); none known = median', role: 'baseline', scores: fillWithMedian(wRows.map((r) => r.prevAtDate)) },
      { ...inputs.find((x) => x.id === 'fsm')!, scores: fillWithMedian(wRows.map((r) => fsmScore(rows[r.i]!.features))) },
      { ...inputs.find((x) => x.id === 'context')!, scores: pick(fit.context) },
    ],
    { seed: seed + 6, previouslyGood: wRows.map((r) => r.previouslyGood) },
  );

  // Does inspection history help forward in time? The same Warwickshire outcomes, with the history the
  // MI file records (latest and previous full inspection, each known from its publication date).
  const wInspections = wRows.map((r) => {
    const ins = data.warwickshire.get(rows[r.i]!.urn);
    return ins ? [ins] : [];
  });
  const abl = inspectionAblationInputs(pick(liveScores), historyFeatures(wInspections, A.featuresAsOf), wLabels, seed + 7);
  const inspectionAblation = block(
    'ablation-inspection',
    `Does inspection history help? All schools, forward in time, Warwickshire: features known ${A.featuresAsOf} → judged below good by ${A.warwickshireTo}`,
    'The Warwickshire schools of the all-schools design, scored with and without the inspection history known on the feature date ' +
      '(from the MI file: the latest full inspection if published by then, else the previous one, with its date). Both are a logistic regression ' +
      "(lambda 10) on the live model's out-of-fold log-odds, with or without the group, fitted and tested in the same 5 folds within these schools; " +
      'the model\'s lead is the paired bootstrap interval of (with − without). The national files keep only the latest inspection, so nowhere else ' +
      'in the bundled data is inspection history known on a feature date without leaking the outcome.',
    wLabels,
    abl.inputs,
    { seed: seed + 8 },
  );
  const ablation: AblationRow[] = [summariseAblation('inspection', inspectionAblation, abl.features), laSignalsNotMeasurable()];

  // The live scores where inspection history is imported: the national model's out-of-fold risk, then the
  // inspection-history stage fitted in 5 folds within these schools (only on those whose history is known on
  // the feature date; the rest keep the national risk, as the live scorer treats them).
  const wVectors = historyFeatures(wInspections, A.featuresAsOf);
  const wNational = pick(liveScores);
  const stageFolds = stratifiedFolds(wLabels, A.folds, (l) => String(l), seed + 10);
  const staged = crossFitHistoryStage(wNational, wVectors, wLabels, stageFolds);
  const withHistory = wVectors.filter((v) => stageApplies(v)).length;
  const stageWords = `logistic regression (lambda ${HISTORY_STAGE_LAMBDA}) on the national model's log-odds, ${HISTORY_STAGE_FEATURES.join(' and ')}`;
  const liveWithHistory = block(
    'live-with-history',
    `Live scores (national model + inspection history), all schools forward, Warwickshire: features known ${A.featuresAsOf} → judged below good by ${A.warwickshireTo}`,
    `The scores the app gives where a school's Ofsted inspections are imported: the national all-schools model (out-of-fold), then the inspection-history stage, ` +
      `a ${stageWords}, fitted in 5 folds within these schools on the ${withHistory} whose inspection history is known on the feature date ` +
      `(the other ${wLabels.length - withHistory} keep the national model's risk, as live schools without history do). Every baseline on the same outcomes; ` +
      'the lead over each is a paired bootstrap interval. One LA\'s schools: indicative.',
    wLabels,
    [
      { id: 'model', name: 'Live scores: national model + inspection history', description: `out-of-fold; ${stageWords}`, role: 'model', scores: staged, isProbability: true },
      { id: 'previous', name: 'Previous grade only', description: 'grade known on the feature date (4 = riskiest); none known = median', role: 'baseline', scores: fillWithMedian(wRows.map((r) => r.prevAtDate)) },
      { ...inputs.find((x) => x.id === 'fsm')!, scores: fillWithMedian(wRows.map((r) => fsmScore(rows[r.i]!.features))) },
      { ...inputs.find((x) => x.id === 'size')!, scores: fillWithMedian(wRows.map((r) => sizeScore(rows[r.i]!.features))) },
      { ...inputs.find((x) => x.id === 'context')!, scores: pick(fit.context) },
      { id: 'national', name: 'National model alone (extra)', description: 'the all-schools model, out-of-fold: the live score where no history is known', role: 'extra', scores: wNational, isProbability: true },
    ],
    { seed: seed + 11, previouslyGood: wRows.map((r) => r.previouslyGood) },
  );
  const historyStage = fitHistoryStage(wNational, wVectors, wLabels, {
    description:
      `Warwickshire's schools in the all-schools, forward-in-time design: the national model's out-of-fold risk and the inspection history known on ${A.featuresAsOf} ` +
      `(Ofsted MI 2020: latest and previous full inspection, each from its publication date), against whether Ofsted judged the school below good ${A.outcomeFrom}..${A.warwickshireTo}`,
    design: liveWithHistory.id,
    featuresAsOf: A.featuresAsOf,
    outcomeWindow: { from: A.outcomeFrom, to: A.warwickshireTo },
    createdAt: new Date().toISOString(),
  });
  const sm0 = liveWithHistory.scorers[0]!;
  historyStage.metrics = {
    evaluation: liveWithHistory.title,
    outcomes: sm0.n,
    positives: sm0.positives,
    auc: sm0.auc,
    aucCi: sm0.ci?.auc ?? null,
    recallTop10: sm0.top10.recall,
    recallTop10Ci: sm0.ci?.recall10 ?? null,
    beatsBaselines: liveWithHistory.verdict,
  };

  // The live model: the chosen candidate trained on every row, Platt-calibrated on a held-out fifth.
  const liveParams = liveIsSimple
    ? { ...LOGISTIC_10 }
    : (await (async () => {
        const probe = await trainSelectedModel(rows, { seed, featureIds: PORTABLE_FEATURES });
        const p = { ...probe.params };
        probe.dispose();
        return p;
      })());
  const liveModel = await trainModel(rows, { seed, params: liveParams, featureIds: PORTABLE_FEATURES, dataHash });
  liveModel.target = `judged below good (requires improvement or inadequate) at a graded inspection within about three and a half years`;
  chosen.push(`saved model (all schools, every row): ${describeParams(liveModel.params)}`);

  // The previous-grade baseline on the largest design the bundled data allows: every Warwickshire school
  // with a grade known on the feature date, with or without 2014/15 figures. The national files carry no
  // previous grade (2014/15: no Ofsted columns; 2019: the latest inspection only). A school outside the
  // all-schools sample has no 2014/15 figures, so the live model (which never saw it) scores it on its
  // phase and flags, as the watch list scores such a school.
  const pRows: { score: number; prev: number; label: 0 | 1; inSample: boolean }[] = [];
  for (const [urn, ins] of data.warwickshire) {
    const ev = data.evidence.get(urn);
    if (!ev || ev.school.typeGroup === 'independent' || ev.school.typeGroup === 'college') continue;
    const latestKnown = (ins.publicationDate ?? ins.inspectionDate) <= A.featuresAsOf;
    const prevKnown = ins.previousInspectionDate != null && ins.previousInspectionDate <= A.featuresAsOf;
    const prev = latestKnown ? (ins.overallEffectiveness ?? null) : prevKnown ? (ins.previousOverallEffectiveness ?? null) : null;
    if (prev == null) continue;
    const i = byUrn.get(urn);
    const inWindow = ins.inspectionDate >= A.outcomeFrom && ins.inspectionDate <= A.warwickshireTo;
    pRows.push({
      score: i != null ? liveScores[i]! : liveModel.predict([computeFeatures(ev, A.featuresAsOf)])[0]!,
      prev,
      label: inWindow && ins.overallEffectiveness != null && ins.overallEffectiveness >= 3 ? 1 : 0,
      inSample: i != null,
    });
  }
  const outside = pRows.filter((r) => !r.inSample).length;
  const previousGradeLargest = block(
    'previous-grade-largest',
    `Previous grade on the largest design the bundled data allows: Warwickshire, every school with a grade known ${A.featuresAsOf} → judged below good by ${A.warwickshireTo}`,
    `Every state-funded Warwickshire school in the MI with an Ofsted grade published by ${A.featuresAsOf} (${pRows.length} schools; ${outside} of them without 2014/15 figures, ` +
      'scored by the live model on phase and flags alone, as the watch list scores such a school; the rest out-of-fold). The national files carry no previous grade: ' +
      'the 2014/15 files have no Ofsted columns and the 2019 files only the latest inspection, known on the feature date only for schools not re-inspected since ' +
      '(all of them outcome 0 by construction), so a national previous-grade baseline would be pure leakage. This is the widest honest test of the previous grade here.',
    pRows.map((r) => r.label),
    [
      { ...inputs[0]!, description: 'the live model: out-of-fold where the school is in the all-schools sample, else the saved model on phase and flags', scores: pRows.map((r) => r.score) },
      { id: 'previous', name: 'Previous grade only', description: 'grade known on the feature date (4 = riskiest)', role: 'baseline', scores: pRows.map((r) => r.prev) },
    ],
    { seed: seed + 9, previouslyGood: pRows.map((r) => r.prev <= 2) },
  );

  const mm = forwardAll.scorers[0]!;
  const rankingStatement =
    `Of the schools that were later judged below good, the riskiest 10% held ${pctWords(mm.top10.recall)}` +
    (mm.ci?.recall10 ? ` (95% CI ${pctWords(mm.ci.recall10[0])}–${pctWords(mm.ci.recall10[1])})` : '') +
    `, against 10% by chance; ${pctWords(mm.top10.precision)} of the riskiest 10% were later judged below good, against ${pctWords(forwardAll.prevalence)} of all schools. ` +
    `(All-schools backtest: ${forwardAll.n.toLocaleString('en-GB')} schools scored on data known in August 2016, outcomes to March 2020.)` +
    ` Where a school's Ofsted inspections are imported its score also weighs its inspection history: on Warwickshire's ${liveWithHistory.n} schools scored that way, ` +
    `the riskiest 10% held ${pctWords(sm0.top10.recall)}` +
    (sm0.ci?.recall10 ? ` (95% CI ${pctWords(sm0.ci.recall10[0])}–${pctWords(sm0.ci.recall10[1])})` : '') +
    ` of the ${liveWithHistory.positives} later judged below good (one LA: indicative).`;

  // Attached only now: the previous-grade block above scores schools outside the sample with the national model alone.
  liveModel.historyStage = historyStage;
  const live: BacktestReport['live'] = {
    design: `${forwardAll.title}; where a school's inspection history is known, plus the inspection-history stage (${liveWithHistory.title})`,
    historyStage: {
      design: liveWithHistory.title,
      featureIds: [...historyStage.featureIds],
      lambda: historyStage.lambda,
      outcomes: historyStage.training.outcomes,
      positives: historyStage.training.positives,
      applies: 'where a graded inspection of the school is known on the scoring date (imported Ofsted inspections); otherwise the national model alone',
    },
    why:
      'Officers use the watch list to rank all their schools, most of which will not be inspected soon, so the model is chosen and calibrated on ' +
      'all schools forward in time rather than on the schools Ofsted chose to inspect (the inspected-schools designs, where the model learns which ' +
      `flagged schools fail). Only measures a live school has under the same definition are used. The simpler candidate is kept unless the other leads on AUC by at least ${SIMPLER_UNLESS_AUC_LEAD} and on top-10% capture.`,
    chosen: `${liveIsSimple ? 'the simpler candidate' : 'the learner chosen on validation data'}: ${describeParams(liveModel.params)}`,
    candidates: [
      { id: 'simple', name: 'logistic (lambda 10), portable measures', auc: sm.auc, recall10: sm.recall10 },
      { id: 'selected', name: 'learner chosen on validation data, portable measures', auc: se.auc, recall10: se.recall10 },
      { id: 'reference-2015', name: 'logistic on every 2014/15 measure (cannot score live schools)', auc: aucAll, recall10: topK(reference, labels, 0.1).recall },
    ],
    featureIds: [...liveModel.featureIds],
    rankingStatement,
  };
  return { forwardAll, forwardAllWarwickshire, liveWithHistory, featureGroups, ablation, inspectionAblation, previousGradeLargest, live, liveModel, sampleSize: rows.length };
}

async function backtestCore(opts: BacktestOptions): Promise<CoreResult> {
  const seed = opts.seed ?? 20160831;
  const data = loadDatasets(opts.datasetsDir);
  const { rows, counts } = buildSample(data);
  const labels = rows.map((r) => r.label);

  const mainBaselines = baselineScorers(data, DESIGN.featuresAsOf);
  const trigger = mainBaselines.trigger;

  // Main evaluation: k-fold cross-validation, one row per school, so every score is out-of-fold.
  const chosen: string[] = [];
  const factorCounts = new Map<string, { up: number; down: number }>();
  const examples: ExampleExplanation[] = [];
  const oof = await crossValidate(rows, seed, chosen, 'fold', {
    onFirstFold(model, testIdx, scores) {
      // Explanations on held-out schools only: which factors drive scores, and three worked examples.
      for (const i of testIdx) {
        const ev = { ...rows[i]!.evidence, asOf: DESIGN.featuresAsOf };
        const s = scoreSchool(model, ev);
        for (const f of s.topFactors) {
          const c = factorCounts.get(f.factor) ?? { up: 0, down: 0 };
          c[f.direction] += 1;
          factorCounts.set(f.factor, c);
        }
      }
      const ranked = [...testIdx].sort((a, b) => scores[b]! - scores[a]!);
      for (const i of [ranked[0]!, ranked[Math.floor(ranked.length / 2)]!, ranked[ranked.length - 1]!]) {
        const r = rows[i]!;
        const s = scoreSchool(model, { ...r.evidence, asOf: DESIGN.featuresAsOf });
        examples.push({
          urn: r.urn,
          name: r.evidence.school.name,
          phase: r.phase,
          risk: s.risk,
          outcome: `${GRADE[r.grade]} (${r.date})`,
          topFactors: s.topFactors,
        });
      }
    },
  });

  const modelInput = (scores: number[]): ScorerInput => ({
    id: 'model',
    name: 'Model (calibrated; learner chosen on validation data)',
    description: 'out-of-fold calibrated probability of a below-good outcome',
    role: 'model',
    scores,
    isProbability: true,
  });
  const baselinesFor = (sub: readonly { features: FeatureVector }[], b: BaselineScorers = mainBaselines, absenceYear = '2014/15'): ScorerInput[] => [
    { id: 'trigger', name: 'Data-trigger rule', description: TRIGGER_DESC, role: 'baseline', scores: sub.map((r) => b.trigger(r.features)) },
    { id: 'absence', name: 'Absence rate alone (extra)', description: `overall absence ${absenceYear}, percentile within phase; no figure = median`, role: 'extra', scores: fillWithMedian(sub.map((r) => b.absenceRank(r.features))) },
  ];
  const FSM_2015 = "FSM-ever-6 known on 31 August 2016: the disadvantaged share of the KS2 year group 2014/15 (the 2014/15 files carry no census; secondaries have no figure)";
  const NO_PREVIOUS = ' The national files keep only the latest inspection, so the previous-grade baseline cannot be computed here (see Warwickshire).';

  const mainFit = await crossFitContext(rows, seed);
  const main = block(
    'cv',
    'Inspected schools, national, 5-fold cross-validation (held-out schools only)',
    `Features as of ${DESIGN.featuresAsOf}; outcome = latest graded inspection ${DESIGN.outcomeFrom} to ${DESIGN.outcomeTo}; only schools Ofsted chose to inspect.` + NO_PREVIOUS,
    labels,
    [modelInput(oof), ...contextBaselineInputs(rows, mainFit, FSM_2015), ...baselinesFor(rows)],
    { seed },
  );

  // Forward in time: fit on the earlier inspections, test on the later ones.
  const early = rows.filter((r) => r.date < DESIGN.temporalSplit);
  const late = rows.filter((r) => r.date >= DESIGN.temporalSplit);
  const tModel = await trainSelectedModel(early, { seed, featureIds: NATIONAL_FEATURES });
  chosen.push(`forward in time: ${describeParams(tModel.params)}`);
  const lateLabels = late.map((r) => r.label);
  const lateFit = await fitContextBaselines(early, late, seed);
  const temporal = block(
    'temporal',
    `Inspected schools, forward in time: trained on inspections before ${DESIGN.temporalSplit}, tested on later ones`,
    `Training outcomes: ${early.length}; test outcomes: ${late.length}.` + NO_PREVIOUS,
    lateLabels,
    [modelInput(tModel.predict(late.map((r) => r.features))), ...contextBaselineInputs(late, lateFit, FSM_2015), ...baselinesFor(late)],
    { seed: seed + 1 },
  );
  tModel.dispose();

  // Current measures on the schools inspected in early 2020: the selected-schools design.
  const cur = buildSample(data, CURRENT).rows;
  const curLabels = cur.map((r) => r.label);
  const curBaselines = baselineScorers(data, CURRENT.featuresAsOf);
  const curOof = await crossValidate(cur, seed, chosen, 'current measures, fold', { featureIds: CURRENT.featureIds });
  const curFit = await crossFitContext(cur, seed);
  const current = block(
    'current',
    `Inspected schools, current measures: features as of ${CURRENT.featuresAsOf}, inspections ${CURRENT.outcomeFrom} to ${CURRENT.outcomeTo} (5-fold cross-validation)`,
    'The measures live schools have today: Progress 8 and Attainment 8, KS2 progress scores, absence (2017/18, the latest ' +
      'published by then) with the 10% persistent-absence threshold, and census 2018/19 context. The outcome is the graded inspection of ' +
      'January–March 2020, a term\'s inspections of schools Ofsted chose (42% below good). Until this release the live model came from here; ' +
      'it no longer does (see the all-schools design).' + NO_PREVIOUS,
    curLabels,
    [modelInput(curOof), ...contextBaselineInputs(cur, curFit, 'FSM-ever-6 share, census January 2019'), ...baselinesFor(cur, curBaselines, '2017/18')],
    { seed: seed + 3 },
  );

  const dataHash = createHash('sha256')
    .update(JSON.stringify({ files: data.files.map((f) => f.sha256), params: PARAM_GRID, seed, design: DESIGN, current: CURRENT, allSchools: ALL_SCHOOLS, portable: PORTABLE_FEATURES, historyStage: { features: HISTORY_STAGE_FEATURES, lambda: HISTORY_STAGE_LAMBDA } }))
    .digest('hex');
  // The main design's full model scores Warwickshire schools that are not in the national sample, which
  // it therefore never saw.
  const fullModel = await trainSelectedModel(rows, { seed, featureIds: NATIONAL_FEATURES });

  const oofByUrn = new Map(rows.map((r, i) => [r.urn, oof[i]!]));
  const wRows: { urn: number; label: 0 | 1; prev: number; model: number; features: FeatureVector; phase: string }[] = [];
  for (const [urn, ins] of data.warwickshire) {
    const prev = ins.previousOverallEffectiveness;
    const cur = ins.overallEffectiveness;
    if (cur == null || prev == null) continue;
    if (ins.inspectionDate < DESIGN.outcomeFrom || ins.inspectionDate > DESIGN.warwickshireTo) continue;
    const ev = data.evidence.get(urn);
    if (!ev || !hasKnownData(ev, DESIGN.featuresAsOf)) continue;
    const features = computeFeatures(ev, DESIGN.featuresAsOf);
    const model = oofByUrn.get(urn) ?? fullModel.predict([features])[0]!;
    wRows.push({ urn, label: cur >= 3 ? 1 : 0, prev, model, features, phase: ev.school.phase });
  }
  const wLabels = wRows.map((r) => r.label);
  const prevGood = wRows.map((r) => r.prev <= 2);
  // Phase and context baselines for Warwickshire are fitted on the national rows of other LAs' schools.
  const wUrns = new Set(wRows.map((r) => r.urn));
  const wFit = await fitContextBaselines(rows.filter((r) => !wUrns.has(r.urn)), wRows.map((r) => ({ ...r, features: r.features })), seed);
  const previousInput = (prev: (number | null)[]): ScorerInput => ({
    id: 'previous',
    name: 'Previous grade only',
    description: 'grade at the previous full inspection (4 = riskiest); no grade known = median',
    role: 'baseline',
    scores: fillWithMedian(prev.map((g) => previousGradeScore(g))),
  });
  const warwickshire = block(
    'warwickshire',
    'Inspected schools, Warwickshire (Ofsted MI 2020 with previous grades)',
    `Graded inspections published ${DESIGN.outcomeFrom} to ${DESIGN.warwickshireTo} with a previous full-inspection grade and ` +
      'KS2/absence 2014/15 data. Model scores are out-of-fold where the school is in the national sample. ' +
      'The only place previous grades exist, so the only place the previous-grade baseline and the "declines from good" figure can be computed.',
    wLabels,
    [
      modelInput(wRows.map((r) => r.model)),
      previousInput(wRows.map((r) => r.prev)),
      ...contextBaselineInputs(wRows, wFit, FSM_2015),
      ...baselinesFor(wRows),
      { id: 'previous+model', name: 'Previous grade, ties broken by the model (extra)', description: 'previous grade first, model risk within each grade; no fitting', role: 'extra', scores: wRows.map((r) => r.prev + r.model * 0.999) },
    ],
    { seed: seed + 2, previouslyGood: prevGood },
  );

  const all = await allSchoolsDesign(data, seed, chosen, dataHash);
  const liveModel = all.liveModel;

  const triggerScores = rows.map((r) => trigger(r.features));
  const breakdowns = {
    phase: groupRows(rows, (r) => r.phase, oof, triggerScores),
    type: groupRows(rows, (r) => r.type, oof, triggerScores),
    deprivation: groupRows(rows, (r) => r.quintile, oof, triggerScores),
  };

  const fa = all.forwardAll;
  const fm = fa.scorers[0]!;
  const ciWords = (x: ScorerMetrics) =>
    x.ci?.auc && x.ci.recall10 ? ` (95% CI: AUC ${fmt(x.ci.auc[0])}–${fmt(x.ci.auc[1])}; capture ${pct(x.ci.recall10[0])}–${pct(x.ci.recall10[1])})` : '';
  const m = main.scorers[0]!;
  const headline = [
    `Live scores come from the all-schools, forward-in-time design: ${all.live.chosen}, on ${PORTABLE_FEATURES.join(', ')}; ` +
      `where a school's inspection history is known, plus the inspection-history stage (logistic, lambda ${all.live.historyStage.lambda}, on the national log-odds, ${all.live.historyStage.featureIds.join(' and ')}) ` +
      `fitted on Warwickshire's ${all.live.historyStage.outcomes} schools of that design with history known (${all.live.historyStage.positives} later below good).`,
    `All schools, forward in time (${fa.n} schools, ${fa.positives} later judged below good): AUC ${fmt(fm.auc)}, riskiest 10% precision ${pct(fm.top10.precision)}, capture ${pct(fm.top10.recall)}${ciWords(fm)}.`,
    ...fa.scorers.slice(1).map((s) => `${s.name}: AUC ${fmt(s.auc)}, riskiest 10% capture ${pct(s.top10.recall)}${ciWords(s)}.`),
    `Verdict (all schools, forward): ${fa.verdict.beatsAllOnAuc && fa.verdict.beatsAllOnTop10 ? 'the live model beats every required baseline on AUC and capture in the riskiest 10%' : 'the live model does NOT beat every required baseline on both AUC and capture — see details'}; ${fa.verdict.details.join('; ')}.`,
    `Warwickshire, all schools (n=${all.forwardAllWarwickshire.n}, indicative): ${all.forwardAllWarwickshire.verdict.details.join('; ')}.`,
    (() => {
      const h = all.liveWithHistory;
      const hm = h.scorers[0]!;
      const both = h.verdict.beatsAllOnAuc && h.verdict.beatsAllOnTop10;
      return (
        `Live scores (national model + inspection history), all schools forward, Warwickshire (n=${h.n}, ${h.positives} below good, indicative): AUC ${fmt(hm.auc)}, capture ${pct(hm.top10.recall)}${ciWords(hm)}; ` +
        `verdict: ${both ? 'beats every required baseline on AUC and capture in the riskiest 10%' : 'does NOT beat every required baseline on both AUC and capture'}; ${h.verdict.details.join('; ')}.`
      );
    })(),
    ...all.ablation.map((a) => `Feature group — ${a.title}: ${a.verdict}.`),
    `Previous grade, largest design (Warwickshire, n=${all.previousGradeLargest.n}, ${all.previousGradeLargest.positives} below good, indicative): ${all.previousGradeLargest.verdict.details.join('; ')}.`,
    `Inspected schools only, 2016–2020 (n=${m.n}): model AUC ${fmt(m.auc)}, capture ${pct(m.top10.recall)}; ${main.verdict.details.join('; ')}.`,
    `Inspected schools, forward in time (n=${temporal.n}): ${temporal.verdict.details.join('; ')}.`,
    `Inspected schools, current measures (n=${current.n}, ${current.positives} below good; the former live model's design): AUC ${fmt(current.scorers[0]!.auc)}, riskiest 10% capture ${pct(current.scorers[0]!.top10.recall)}; ${current.verdict.details.join('; ')}.`,
    `Declines from good or better caught in the riskiest 10% (Warwickshire only, ${warwickshire.scorers[0]!.declineCapture10?.positives ?? 0} declines, indicative): ` +
      warwickshire.scorers.map((s) => `${s.name} ${pct(s.declineCapture10?.captured ?? null)}`).join('; ') + '.',
  ];

  const report: BacktestReport = {
    generatedAt: new Date().toISOString(),
    seed,
    design: {
      target: 'judged below good (requires improvement or inadequate): at the next graded inspection in the inspected-schools designs; at any graded inspection in the window in the all-schools design',
      featuresAsOf: DESIGN.featuresAsOf,
      outcomeWindow: { from: DESIGN.outcomeFrom, to: DESIGN.outcomeTo },
      split:
        `${DESIGN.folds}-fold cross-validation stratified by outcome and phase, one row per school (so grouped by school); ` +
        'inside each training fold 20% is held out to fit Platt scaling; all figures are on held-out schools. ' +
        `Also a forward-in-time split at ${DESIGN.temporalSplit}. ${PARAM_GRID.length} candidate settings were fixed in advance; each training set picks one by AUC on a 25% validation slice of itself, never on test folds.`,
      model:
        'Candidates: gradient-boosted trees (ml-xgboost, XGBoost compiled to WebAssembly, binary:logistic) and an L2-regularised logistic regression ' +
        '(median-imputed, standardised measures with missing-value indicators, fitted by Newton\'s method); Platt-scaled either way.',
      chosen,
      params: { ...DEFAULT_PARAMS },
      grid: PARAM_GRID.map((p) => ({ ...p })),
      leakage: [
        `Every feature comes from computeFeatures(evidence, asOf=${DESIGN.featuresAsOf}); evidence is used only once published (KS2 results by 31 December after the tests, absence by 31 March of the next year, census by 30 June, inspections once published).`,
        'The evidence handed to the feature function deliberately includes the 2018/19 census, KS2/KS4 2018/19 results, 2017/18 absence and the outcome inspection itself; the guard drops them all (tested).',
        'Outcomes are inspections dated on or after 1 September 2016, after every feature was published.',
        'Phase, type and academy status come from the 2019 files: a change of academy status gives a school a new URN, so for a school matched by URN between 2015 and 2019 these attributes were already true in 2016.',
        'Census 2018/19 FSM-ever-6 is used only to group results into deprivation quintiles and as an extra, flattered FSM baseline in the all-schools design, never as a feature.',
        'Phase and small-logistic baselines are fitted on the training folds only, with the same folds as the model; FSM-ever-6 and size alone are fixed rankings (higher = riskier) with no fitting.',
        'Warwickshire\'s bad_out_chance / good_out_chance columns (another publisher\'s model) are never read.',
        'Data-trigger thresholds come from the 2014/15 data of all schools, not from outcomes.',
      ],
      caveats: [
        'Selection: a school judged inadequate and then re-opened as a sponsored academy gets a new URN and drops out of the 2019 files, so the hardest cases are under-represented.',
        'Outstanding schools were exempt from routine inspection until 2020, so few appear among the outcomes.',
        'The "latest inspection as of early 2020" may be a short (section 8) inspection that confirmed Good.',
        'Secondary schools have only absence and context features at this date (no KS4 2014/15 file is bundled), so their scores are rougher.',
        'Live schools are scored by the model chosen on the all-schools, forward-in-time design, on the measures a live school has under the same definition (overall absence, the disadvantaged share of the KS2 year group, phase, special and academy flags). The inspected-schools designs are reported for comparison: there the model learns which schools Ofsted chose to inspect fail, not which schools will. Its probabilities are calibrated to 2016–2020 (about one school in eight judged below good over three and a half years).',
        'Absence rose nationally after 2016 (and sharply after 2020), so a live school\'s absence reads riskier against the 2014/15 figures the live model learned from: read the ranking more than the level. The KS4 2018/19 figures in the current-measures design are the revised ones (published early 2020); the provisional ones schools had in October 2019 differ little.',
        'All-schools design: the 2019 files keep only each school\'s latest inspection, so a school judged below good and then good again inside the window counts as not judged below good; schools that closed (e.g. re-opened as sponsored academies after an inadequate judgement) are missing. Both make the outcome an undercount. Inspection history cannot be used there for the same reason (see Feature groups).',
        'Warwickshire figures rest on fewer than 100 outcomes: treat them as indicative only.',
      ],
      triggerRule: TRIGGER_RULE_WORDS,
    },
    data: counts,
    main,
    temporal,
    current,
    warwickshire,
    forwardAll: all.forwardAll,
    forwardAllWarwickshire: all.forwardAllWarwickshire,
    liveWithHistory: all.liveWithHistory,
    live: all.live,
    featureGroups: all.featureGroups,
    ablation: all.ablation,
    inspectionAblation: all.inspectionAblation,
    previousGradeLargest: all.previousGradeLargest,
    breakdowns,
    topFactorFrequency: [...factorCounts.entries()]
      .map(([factor, c]) => ({ factor, ...c }))
      .sort((a, b) => b.up + b.down - (a.up + a.down))
      .slice(0, 12),
    examples,
    headline,
  };
  fullModel.dispose();
  return { report, fullModel: liveModel, dataHash, files: data.files, sampleSize: all.sampleSize };
}

const fmt = (x: number | null) => (x == null ? 'n/a' : x.toFixed(3));
const pct = (x: number | null) => (x == null ? 'n/a' : `${(x * 100).toFixed(1)}%`);

/** Run the backtest on the bundled real files; writes backtest.md/.html/.json when outDir is given. */
export async function runBacktest(opts: BacktestOptions): Promise<BacktestReport> {
  const { report, fullModel } = await backtestCore(opts);
  fullModel.dispose();
  if (opts.outDir) writeBacktestReport(report, opts.outDir);
  return report;
}

/** Internal to src/risk: the backtest plus its full-data model, for retraining. */
export { backtestCore };
