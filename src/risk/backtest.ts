// The honest backtest: features from what was published by 31 August 2016 (KS2 and absence 2014/15)
// against the graded inspections that followed (September 2016 – March 2020), evaluated only on schools
// the scoring model never trained on, next to the baselines an LA would otherwise use.
import { createHash } from 'node:crypto';
import { triggerThresholds, dataTriggerScore, previousGradeScore, TRIGGER_RULE_WORDS } from '../domain/risk/baselines.js';
import { observationKnownBy } from '../domain/risk/availability.js';
import { computeFeatures, type FeatureVector } from '../domain/risk/features.js';
import { quantile } from '../domain/risk/metrics.js';
import { DEFAULT_PARAMS, describeParams, PARAM_GRID, scoreSchool, trainSelectedModel, type RiskModel, type TrainingRow } from '../domain/risk/model.js';
import { stratifiedFolds } from '../domain/risk/random.js';
import type { SchoolEvidence } from '../domain/evidence/types.js';
import { loadDatasets, type LoadedData, type SourceFile } from './dataset.js';
import { evaluateRandom, evaluateScorer, SMALL_SAMPLE, verdict, type ScorerInput, type ScorerMetrics, type Verdict } from './evaluate.js';
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

function block(
  id: string,
  title: string,
  description: string,
  labels: (0 | 1)[],
  scorers: ScorerMetrics[],
): EvaluationBlock {
  const positives = labels.filter((l) => l === 1).length;
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
    const model = await trainSelectedModel(train, { seed: seed + k, ...(opts.featureIds ? { featureIds: opts.featureIds } : {}) });
    chosen.push(`${label} ${k + 1}: ${describeParams(model.params)}`);
    model.predict(testIdx.map((i) => rows[i]!.features)).forEach((p, j) => (scores[testIdx[j]!] = p));
    if (k === 0) opts.onFirstFold?.(model, testIdx, scores);
    model.dispose();
  }
  return scores;
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
  const baselinesFor = (sub: SampleRow[], b: BaselineScorers = mainBaselines, absenceYear = '2014/15'): ScorerInput[] => [
    { id: 'trigger', name: 'Data-trigger rule', description: TRIGGER_DESC, role: 'baseline', scores: sub.map((r) => b.trigger(r.features)) },
    { id: 'absence', name: 'Absence rate alone (extra)', description: `overall absence ${absenceYear}, percentile within phase`, role: 'extra', scores: sub.map((r) => b.absenceRank(r.features)) },
  ];

  const main = block(
    'cv',
    'National, 5-fold cross-validation (held-out schools only)',
    `Features as of ${DESIGN.featuresAsOf}; outcome = latest graded inspection ${DESIGN.outcomeFrom} to ${DESIGN.outcomeTo}. ` +
      'Previous grades are not in the national files, so the previous-grade baseline cannot be computed here (see Warwickshire).',
    labels,
    [
      evaluateScorer(modelInput(oof), labels),
      ...baselinesFor(rows).map((b) => evaluateScorer(b, labels)),
      evaluateRandom(labels, seed),
    ],
  );

  // Forward in time: fit on the earlier inspections, test on the later ones.
  const early = rows.filter((r) => r.date < DESIGN.temporalSplit);
  const late = rows.filter((r) => r.date >= DESIGN.temporalSplit);
  const tModel = await trainSelectedModel(early, { seed });
  chosen.push(`forward in time: ${describeParams(tModel.params)}`);
  const lateLabels = late.map((r) => r.label);
  const temporal = block(
    'temporal',
    `Forward in time: trained on inspections before ${DESIGN.temporalSplit}, tested on later ones`,
    `Training outcomes: ${early.length}; test outcomes: ${late.length}.`,
    lateLabels,
    [
      evaluateScorer(modelInput(tModel.predict(late.map((r) => r.features))), lateLabels),
      ...baselinesFor(late).map((b) => evaluateScorer(b, lateLabels)),
      evaluateRandom(lateLabels, seed + 1),
    ],
  );
  tModel.dispose();

  // Current measures: the model saved for live scoring, evaluated the same way on its own window.
  const cur = buildSample(data, CURRENT).rows;
  const curLabels = cur.map((r) => r.label);
  const curBaselines = baselineScorers(data, CURRENT.featuresAsOf);
  const curOof = await crossValidate(cur, seed, chosen, 'current measures, fold', { featureIds: CURRENT.featureIds });
  const current = block(
    'current',
    `Current measures: features as of ${CURRENT.featuresAsOf}, inspections ${CURRENT.outcomeFrom} to ${CURRENT.outcomeTo} (5-fold cross-validation)`,
    'The measures live schools are scored on today: Progress 8 and Attainment 8, KS2 progress scores, absence (2017/18, the latest ' +
      'published by then) with the 10% persistent-absence threshold, and census 2018/19 context. The outcome is the graded inspection of ' +
      'January–March 2020. This is the model saved for scoring live schools. Phase, type and academy status as in the main design.',
    curLabels,
    [
      evaluateScorer(modelInput(curOof), curLabels),
      ...baselinesFor(cur, curBaselines, '2017/18').map((b) => evaluateScorer(b, curLabels)),
      evaluateRandom(curLabels, seed + 3),
    ],
  );

  // The main design's full model scores Warwickshire schools that are not in the national sample, which
  // it therefore never saw.
  const dataHash = createHash('sha256')
    .update(JSON.stringify({ files: data.files.map((f) => f.sha256), params: PARAM_GRID, seed, design: DESIGN, current: CURRENT }))
    .digest('hex');
  const fullModel = await trainSelectedModel(rows, { seed });
  // Saved for live scoring: trained on every current-measures outcome.
  const liveModel = await trainSelectedModel(cur, { seed, dataHash, featureIds: CURRENT.featureIds });
  chosen.push(`saved model (all current-measures outcomes): ${describeParams(liveModel.params)}`);

  const oofByUrn = new Map(rows.map((r, i) => [r.urn, oof[i]!]));
  const wRows: { urn: number; label: 0 | 1; prev: number; model: number; features: FeatureVector }[] = [];
  for (const [urn, ins] of data.warwickshire) {
    const prev = ins.previousOverallEffectiveness;
    const cur = ins.overallEffectiveness;
    if (cur == null || prev == null) continue;
    if (ins.inspectionDate < DESIGN.outcomeFrom || ins.inspectionDate > DESIGN.warwickshireTo) continue;
    const ev = data.evidence.get(urn);
    if (!ev || !hasKnownData(ev, DESIGN.featuresAsOf)) continue;
    const features = computeFeatures(ev, DESIGN.featuresAsOf);
    const model = oofByUrn.get(urn) ?? fullModel.predict([features])[0]!;
    wRows.push({ urn, label: cur >= 3 ? 1 : 0, prev, model, features });
  }
  const wLabels = wRows.map((r) => r.label);
  const prevGood = wRows.map((r) => r.prev <= 2);
  const warwickshire = block(
    'warwickshire',
    'Warwickshire (Ofsted MI 2020 with previous grades)',
    `Graded inspections published ${DESIGN.outcomeFrom} to ${DESIGN.warwickshireTo} with a previous full-inspection grade and ` +
      'KS2/absence 2014/15 data. Model scores are out-of-fold where the school is in the national sample. ' +
      'The only place previous grades exist, so the only place the previous-grade baseline and the "declines from good" figure can be computed.',
    wLabels,
    [
      evaluateScorer(modelInput(wRows.map((r) => r.model)), wLabels, prevGood),
      evaluateScorer(
        { id: 'previous', name: 'Previous grade only', description: 'grade at the previous full inspection (4 = riskiest)', role: 'baseline', scores: wRows.map((r) => previousGradeScore(r.prev)) },
        wLabels,
        prevGood,
      ),
      evaluateScorer(
        { id: 'trigger', name: 'Data-trigger rule', description: TRIGGER_DESC, role: 'baseline', scores: wRows.map((r) => trigger(r.features)) },
        wLabels,
        prevGood,
      ),
      evaluateRandom(wLabels, seed + 2, 200, prevGood),
      evaluateScorer(
        { id: 'previous+model', name: 'Previous grade, ties broken by the model (extra)', description: 'previous grade first, model risk within each grade; no fitting', role: 'extra', scores: wRows.map((r) => r.prev + r.model * 0.999) },
        wLabels,
        prevGood,
      ),
    ],
  );

  const triggerScores = rows.map((r) => trigger(r.features));
  const breakdowns = {
    phase: groupRows(rows, (r) => r.phase, oof, triggerScores),
    type: groupRows(rows, (r) => r.type, oof, triggerScores),
    deprivation: groupRows(rows, (r) => r.quintile, oof, triggerScores),
  };

  const m = main.scorers[0]!;
  const headline = [
    `Model AUC ${fmt(m.auc)} on ${m.n} held-out outcomes (${m.positives} below good); riskiest 10% precision ${pct(m.top10.precision)}, capture ${pct(m.top10.recall)}.`,
    ...main.scorers.slice(1).map((s) => `${s.name}: AUC ${fmt(s.auc)}, riskiest 10% capture ${pct(s.top10.recall)} (n=${s.n}).`),
    `Verdict (national): ${main.verdict.beatsAllOnAuc && main.verdict.beatsAllOnTop10 ? 'the model beats every baseline on AUC and capture in the riskiest 10%' : 'the model does NOT beat every baseline — see details'}.`,
    `Forward in time (n=${temporal.n}): ${temporal.verdict.details.join('; ')}.`,
    `Current measures, the model saved for live scoring (n=${current.n}, ${current.positives} below good): AUC ${fmt(current.scorers[0]!.auc)}, riskiest 10% capture ${pct(current.scorers[0]!.top10.recall)}; ${current.verdict.details.join('; ')}.`,
    `Declines from good or better caught in the riskiest 10% (Warwickshire only, ${warwickshire.scorers[0]!.declineCapture10?.positives ?? 0} declines, indicative): ` +
      warwickshire.scorers.map((s) => `${s.name} ${pct(s.declineCapture10?.captured ?? null)}`).join('; ') + '.',
    `Warwickshire (n=${warwickshire.n}${warwickshire.smallSample ? ', fewer than 100 outcomes' : ''}): ${warwickshire.verdict.details.join('; ')}.`,
  ];

  const report: BacktestReport = {
    generatedAt: new Date().toISOString(),
    seed,
    design: {
      target: 'the next graded inspection finds the school below good (requires improvement or inadequate)',
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
        'Census 2018/19 FSM-ever-6 is used only to group results into deprivation quintiles for the bias view, never as a feature.',
        'Warwickshire\'s bad_out_chance / good_out_chance columns (another publisher\'s model) are never read.',
        'Data-trigger thresholds come from the 2014/15 data of all schools, not from outcomes.',
      ],
      caveats: [
        'Selection: a school judged inadequate and then re-opened as a sponsored academy gets a new URN and drops out of the 2019 files, so the hardest cases are under-represented.',
        'Outstanding schools were exempt from routine inspection until 2020, so few appear among the outcomes.',
        'The "latest inspection as of early 2020" may be a short (section 8) inspection that confirmed Good.',
        'Secondary schools have only absence and context features at this date (no KS4 2014/15 file is bundled), so their scores are rougher.',
        'Live schools are scored by the current-measures model, not the main design\'s: the 2014/15 measures no longer exist. It rests on 656 outcomes from one term (January–March 2020), when the schools due an inspection included many requiring improvement (42% below good), so its probabilities run high; rank matters more than the level. LA intelligence and inspection history are computed but carry no weight until outcomes with them exist; scoreSchool lists them separately.',
        'Absence rose nationally after 2020, so a live school\'s absence reads riskier against the 2017/18 figures the current-measures model learned from; KS2 progress scores are blank from 2023/24, so live primaries are scored on older progress where held. The KS4 2018/19 figures are the revised ones (published early 2020); the provisional ones schools had in October 2019 differ little.',
        'Warwickshire figures rest on fewer than 100 outcomes: treat them as indicative only.',
      ],
      triggerRule: TRIGGER_RULE_WORDS,
    },
    data: counts,
    main,
    temporal,
    current,
    warwickshire,
    breakdowns,
    topFactorFrequency: [...factorCounts.entries()]
      .map(([factor, c]) => ({ factor, ...c }))
      .sort((a, b) => b.up + b.down - (a.up + a.down))
      .slice(0, 12),
    examples,
    headline,
  };
  fullModel.dispose();
  return { report, fullModel: liveModel, dataHash, files: data.files, sampleSize: cur.length };
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
