// The early-warning model predicting that a school is judged below good (at its next graded inspection, or within
// a window, as the training design says; the model file's `target` names which): either gradient-boosted
// trees (ml-xgboost) or an L2-regularised logistic regression, whichever does better on a validation slice
// of the training data, or as the caller fixes; calibrated with Platt scaling on another held-out slice; and
// explained per school in plain words.
import type { SchoolEvidence } from '../evidence/types.js';
import { applyPlatt, fitPlatt, type PlattParams } from './calibration.js';
import { explain, type RiskFactor } from './explain.js';
import { computeFeatures, FEATURE_BY_ID, FEATURES, type FeatureVector } from './features.js';
import { auc, quantile } from './metrics.js';
import { seededRandom, shuffle } from './random.js';
import { restoreLogistic, trainLogistic, type SerializedLogistic } from './logistic.js';
import { MISSING, restoreBooster, trainBooster, type Booster, type SerializedBooster } from './xgb.js';
import { applyHistoryStage, stageApplies, type HistoryStageFile } from './stage.js';

/**
 * Fixed before any outcome was looked at and never tuned on test folds: shallow trees, a slow learning
 * rate, row and column subsampling and a minimum leaf weight all keep a few thousand outcomes from
 * being memorised.
 */
export const DEFAULT_PARAMS: Readonly<Record<string, string | number>> = {
  booster: 'gbtree',
  max_depth: 3,
  eta: 0.05,
  min_child_weight: 10,
  subsample: 0.8,
  colsample_bytree: 0.8,
  lambda: 5,
  iterations: 250,
};

/**
 * Candidate settings, also fixed in advance: trees from depth 3 down to an additive, depth-1 model, and
 * logistic regressions with a light and a strong penalty. One is chosen per training set by AUC on a
 * validation slice of that training set (never on test data).
 */
export const PARAM_GRID: readonly Readonly<Record<string, string | number>>[] = [
  DEFAULT_PARAMS,
  { ...DEFAULT_PARAMS, max_depth: 2, min_child_weight: 20, colsample_bytree: 0.7, iterations: 200 },
  { ...DEFAULT_PARAMS, max_depth: 1, eta: 0.1, min_child_weight: 20, iterations: 200 },
  { booster: 'logistic', lambda: 10 },
  { booster: 'logistic', lambda: 100 },
];

type Learner = Booster<SerializedBooster | SerializedLogistic>;

/** Plain words for a candidate's settings, for reports and the model file. */
export function describeParams(params: Readonly<Record<string, string | number>>): string {
  if (params.booster === 'logistic') return `L2-regularised logistic regression (lambda ${params.lambda})`;
  return `gradient-boosted trees (depth ${params.max_depth}, eta ${params.eta}, ${params.iterations} rounds)`;
}

async function trainLearner(X: number[][], y: readonly (0 | 1)[], params: Record<string, string | number>): Promise<Learner> {
  if (params.booster === 'logistic') return trainLogistic(X, y, { lambda: Number(params.lambda ?? 10) });
  return trainBooster(X, y, params);
}

async function restoreLearner(s: SerializedBooster | SerializedLogistic): Promise<Learner> {
  return s.name === 'lodestar-logistic' ? restoreLogistic(s) : restoreBooster(s);
}

export interface TrainingRow {
  urn: number;
  features: FeatureVector;
  label: 0 | 1;
}

export interface ModelTrainingInfo {
  description: string;
  files: { name: string; sha256: string }[];
  featuresAsOf: string;
  outcomeWindow: { from: string; to: string };
  outcomes: number;
  positives: number;
  calibrationOutcomes: number;
}

export interface RiskModelFile {
  kind: 'lodestar-risk-model';
  schemaVersion: 1;
  /** Content version: training date plus a hash of the training data and parameters. */
  version: string;
  createdAt: string;
  target: string;
  /** Booster columns, in order: the features that varied in training. Only these can move a score. */
  featureIds: string[];
  /** Same as featureIds (kept separate so a future model can carry inactive columns for display). */
  activeFeatureIds: string[];
  /** The typical (median) value of each feature in training; null when most schools had none. */
  reference: Record<string, number | null>;
  params: Record<string, string | number>;
  seed: number;
  platt: PlattParams;
  /** The fitted learner: trees or a logistic regression, as `params.booster` says. */
  booster: SerializedBooster | SerializedLogistic;
  training: ModelTrainingInfo;
  /** Held-out metrics from the backtest that accompanied this training run. */
  metrics: Record<string, unknown>;
  /** How params were chosen: validation AUC of each candidate on a slice of the training data. */
  selection?: { params: Record<string, string | number>; validationAuc: number | null }[];
  /**
   * The inspection-history stage (stage.ts), applied on top of the national model where a school's
   * inspection history is known on the scoring date. Absent in models saved before it existed.
   */
  historyStage?: HistoryStageFile;
}

export interface RiskModel extends RiskModelFile {
  /** Calibrated probabilities for feature vectors. */
  predict(rows: readonly FeatureVector[]): number[];
  dispose(): void;
}

export function encode(v: FeatureVector, featureIds: readonly string[]): number[] {
  return featureIds.map((id) => {
    const x = v[id];
    return x == null || !Number.isFinite(x) ? MISSING : x;
  });
}

export function referenceValues(rows: readonly FeatureVector[], featureIds: readonly string[]): Record<string, number | null> {
  const ref: Record<string, number | null> = {};
  for (const id of featureIds) {
    const xs = rows.map((r) => r[id]).filter((x): x is number => x != null && Number.isFinite(x)).sort((a, b) => a - b);
    ref[id] = xs.length * 2 < rows.length ? null : quantile(xs, 0.5);
  }
  return ref;
}

function activeFeatures(rows: readonly FeatureVector[], featureIds: readonly string[]): string[] {
  return featureIds.filter((id) => {
    const xs = new Set(rows.map((r) => r[id] ?? null));
    return xs.size > 1;
  });
}

function attach(file: RiskModelFile, booster: Learner): RiskModel {
  const model: RiskModel = {
    ...file,
    // Reads the stage from the model itself: retraining attaches it after the national fit.
    predict(rows) {
      const raw = booster.predict(rows.map((r) => encode(r, file.featureIds)));
      const national = raw.map((p) => applyPlatt(file.platt, p));
      return model.historyStage ? applyHistoryStage(model.historyStage, national, rows) : national;
    },
    dispose() {
      booster.free();
    },
  };
  return model;
}

export interface TrainOptions {
  seed?: number;
  /** Only these features may enter the model (default: every feature); those that never vary are dropped anyway. */
  featureIds?: readonly string[];
  /** Share of rows held out from the trees to fit Platt scaling. */
  calibrationShare?: number;
  params?: Record<string, string | number>;
  training?: Omit<ModelTrainingInfo, 'outcomes' | 'positives' | 'calibrationOutcomes'>;
  metrics?: Record<string, unknown>;
  selection?: RiskModelFile['selection'];
  createdAt?: string;
  dataHash?: string;
}

/** Train trees on most rows, calibrate on the rest (stratified by outcome), and return a ready model. */
export async function trainModel(rows: readonly TrainingRow[], opts: TrainOptions = {}): Promise<RiskModel> {
  const seed = opts.seed ?? 1;
  const share = opts.calibrationShare ?? 0.2;
  const params = opts.params?.booster === 'logistic' ? { ...opts.params, seed } : { ...DEFAULT_PARAMS, ...opts.params, seed };
  const rand = seededRandom(seed * 7919 + 17);
  const calib = new Set<number>();
  for (const label of [0, 1] as const) {
    const idx = shuffle(rows.map((r, i) => i).filter((i) => rows[i]!.label === label), rand);
    idx.slice(0, Math.round(idx.length * share)).forEach((i) => calib.add(i));
  }
  const fit = rows.filter((_, i) => !calib.has(i));
  const cal = rows.filter((_, i) => calib.has(i));
  // Only columns that vary in training go to the booster: constant ones cannot split and only cost time.
  const featureIds = activeFeatures(fit.map((r) => r.features), opts.featureIds ?? FEATURES.map((f) => f.id));
  const booster = await trainLearner(
    fit.map((r) => encode(r.features, featureIds)),
    fit.map((r) => r.label),
    params,
  );
  const platt = fitPlatt(
    booster.predict(cal.map((r) => encode(r.features, featureIds))),
    cal.map((r) => r.label),
  );
  const createdAt = opts.createdAt ?? new Date().toISOString();
  const file: RiskModelFile = {
    kind: 'lodestar-risk-model',
    schemaVersion: 1,
    version: `${createdAt.slice(0, 10)}-${(opts.dataHash ?? 'nohash').slice(0, 12)}`,
    createdAt,
    target: 'next graded inspection finds the school below good (requires improvement or inadequate)',
    featureIds,
    activeFeatureIds: [...featureIds],
    reference: referenceValues(rows.map((r) => r.features), featureIds),
    params,
    seed,
    platt,
    booster: booster.serialize(),
    training: {
      ...(opts.training ?? { description: 'unspecified', files: [], featuresAsOf: '', outcomeWindow: { from: '', to: '' } }),
      outcomes: rows.length,
      positives: rows.filter((r) => r.label === 1).length,
      calibrationOutcomes: cal.length,
    },
    metrics: opts.metrics ?? {},
    ...(opts.selection ? { selection: opts.selection } : {}),
  };
  return attach(file, booster);
}

/** Stratified split of row indices into [rest, slice] with `share` of each outcome in the slice. */
function stratifiedSlice(rows: readonly TrainingRow[], share: number, seed: number): [TrainingRow[], TrainingRow[]] {
  const rand = seededRandom(seed);
  const held = new Set<number>();
  for (const label of [0, 1] as const) {
    const idx = shuffle(rows.map((r, i) => i).filter((i) => rows[i]!.label === label), rand);
    idx.slice(0, Math.round(idx.length * share)).forEach((i) => held.add(i));
  }
  return [rows.filter((_, i) => !held.has(i)), rows.filter((_, i) => held.has(i))];
}

/**
 * Choose among PARAM_GRID by AUC on a validation slice of the training rows, then train the chosen
 * settings on all of them. The caller's test rows are never seen, so the choice cannot flatter the test.
 */
export async function trainSelectedModel(rows: readonly TrainingRow[], opts: TrainOptions = {}): Promise<RiskModel> {
  const seed = opts.seed ?? 1;
  const [fit, val] = stratifiedSlice(rows, 0.25, seed * 31 + 5);
  const selection: NonNullable<RiskModelFile['selection']> = [];
  for (const params of PARAM_GRID) {
    const m = await trainModel(fit, { seed, params: { ...params }, ...(opts.featureIds ? { featureIds: opts.featureIds } : {}) });
    selection.push({ params: { ...params }, validationAuc: auc(m.predict(val.map((r) => r.features)), val.map((r) => r.label)) });
    m.dispose();
  }
  const best = selection.reduce((a, b) => ((b.validationAuc ?? -1) > (a.validationAuc ?? -1) ? b : a));
  return trainModel(rows, { ...opts, params: best.params, selection });
}

/** Rebuild a usable model from its saved JSON. */
export async function restoreModel(file: RiskModelFile): Promise<RiskModel> {
  if (file.kind !== 'lodestar-risk-model' || file.schemaVersion !== 1) throw new Error('not a Lodestar risk model file');
  return attach(file, await restoreLearner(file.booster));
}

export interface SchoolRisk {
  /** Calibrated probability of the model's target (see RiskModelFile.target): being judged below good. */
  risk: number;
  topFactors: Pick<RiskFactor, 'factor' | 'direction' | 'words'>[];
  /** Share of the model's measures (flags aside) this school has data for; low coverage means a rougher score. */
  coverage: number;
  /** Evidence the model was not trained on (e.g. LA intelligence), listed so officers weigh it themselves. */
  notInModel: string[];
  /** Which model made the score: the national model alone, or with the inspection-history stage (and why). */
  basis: string;
  /**
   * Where the school has confidential intelligence: the same worked out without it, for readers without
   * intelligence:read-confidential (see domain/access/redaction.ts).
   */
  withoutConfidential?: Omit<SchoolRisk, 'withoutConfidential'>;
}

const GRADE_NAME: Record<number, string> = { 1: 'Outstanding', 2: 'Good', 3: 'Requires improvement', 4: 'Inadequate' };
const times = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Plain words for each piece of evidence the model may not weigh, shown when it is held and not zero. */
const NOT_IN_MODEL_WORDS: Record<string, (n: number) => string> = {
  head_changes_2y: (n) => `${times(n, 'head teacher change', 'head teacher changes')} recorded in the last two years`,
  open_safeguarding: (n) => `${times(n, 'open safeguarding concern', 'open safeguarding concerns')}`,
  complaints_12m: (n) => `${times(n, 'complaint', 'complaints')} in the last twelve months`,
  budget_deficit: () => 'a budget deficit is recorded',
  last_grade: (g) => `its last graded inspection found it ${GRADE_NAME[g] ?? g}`,
  previous_grade: (g) => `the graded inspection before that found it ${GRADE_NAME[g] ?? g}`,
  years_since_inspection: (y) => `${(Math.round(y * 10) / 10).toFixed(1)} years have passed since its last graded inspection`,
  last_graded_no_overall_grade: () => 'its last graded inspection was under a framework with no overall grade',
  ofsted_category_of_concern: () => 'its last graded inspection placed it in an Ofsted category of concern',
  ungraded_concerns: (n) => `${times(n, 'ungraded inspection', 'ungraded inspections')} since its last graded one flagged concerns`,
  la_category_highest: () => "it is in the LA's highest-concern category",
  la_category_worse: () => 'its LA category moved to a higher concern at the last confirmed categorisation',
  core_group: () => 'a Core Group meets about it',
  core_group_no_impact: () => "its latest Core Group meeting judged 'no evidence of impact'",
  stage_of_concern: (n) => `it is at LA stage of concern ${n}`,
  concern_judgements_12m: (n) => `${times(n, 'signed-off LA judgement', 'signed-off LA judgements')} of concern in the last twelve months`,
};

/** Why a group is not weighed, in words an officer can repeat. */
const NOT_WEIGHED_BECAUSE: Partial<Record<string, string>> = {
  inspection: 'the model learned from national files that hold no inspection history known at the time; see the model page',
  la: "no outcomes the model learned from carry an LA's own records",
  intelligence: "no outcomes the model learned from carry an LA's own records",
};

const cap = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

/** Risk, the few factors that push it up or down in plain words, and what the model could not weigh. */
export function scoreSchool(model: RiskModel, evidence: SchoolEvidence): SchoolRisk {
  const risk = scoreOnce(model, evidence);
  const signals = evidence.laSignals;
  const confidentialSignals = signals?.concernJudgements.some((j) => j.confidential) ?? false;
  if (!evidence.intelligence.some((i) => i.confidential) && !confidentialSignals) return risk;
  const open: SchoolEvidence = { ...evidence, intelligence: evidence.intelligence.filter((i) => !i.confidential) };
  if (signals) open.laSignals = { ...signals, concernJudgements: signals.concernJudgements.filter((j) => !j.confidential) };
  return { ...risk, withoutConfidential: scoreOnce(model, open) };
}

/** Plain words for the basis of a score (SchoolRisk.basis). */
export function scoreBasis(model: RiskFile, staged: boolean, asOf: string): string {
  const st = model.historyStage;
  if (!st) return 'The score comes from the national model alone (all schools in England, forward in time).';
  const t = st.training;
  if (!staged) {
    return (
      `No graded inspection of this school is held for ${longDate(asOf)}, so the score comes from the national model alone; ` +
      "where a school's Ofsted inspections are imported, its last grade and the time since it are weighed too."
    );
  }
  return (
    "The score is the national model's, adjusted for this school's inspection history (its last graded inspection outcome and the time since it) " +
    `by a second stage fitted on ${t.outcomes} Warwickshire schools with their inspections known on ${longDate(t.featuresAsOf)} ` +
    `(${t.positives} judged below good by ${longDate(t.outcomeWindow.to)}): one LA's schools, so treat the adjustment as indicative.`
  );
}

type RiskFile = Pick<RiskModelFile, 'historyStage'>;

// toLocaleDateString builds a new Intl formatter on every call: on a national register (a basis for each of
// ~22,000 schools) that was most of scoring's time. One formatter, and each day's words kept once made.
const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const longDates = new Map<string, string>();
const longDate = (iso: string): string => {
  let words = longDates.get(iso);
  if (words === undefined) {
    words = LONG_DATE.format(new Date(`${iso}T00:00:00Z`));
    longDates.set(iso, words);
  }
  return words;
};

const NOT_IN_MODEL = Object.entries(NOT_IN_MODEL_WORDS).map(([id, words]) => ({ id, words, group: FEATURE_BY_ID.get(id)?.group ?? '' }));

interface Explained {
  explained: readonly string[];
  reference: Readonly<Record<string, number | null>>;
  active: ReadonlySet<string>;
}

/** What every school's score under one model shares: worked out once per model (and stage), not once per school. */
interface ScoringPlan {
  stage: RiskModel['historyStage'];
  national: Explained;
  /** Where the inspection-history stage applies, its inputs are factors too, measured against its own typical school. */
  staged: Explained | null;
  /** Phase, type and academy flags are always known, so they would hide a school with no figures at all. */
  measures: readonly string[];
}

const plans = new WeakMap<RiskModel, ScoringPlan>();

function scoringPlan(model: RiskModel): ScoringPlan {
  const cached = plans.get(model);
  // Retraining attaches the stage to the model after the national fit: a plan made before it is stale.
  if (cached && cached.stage === model.historyStage) return cached;
  const stage = model.historyStage;
  const explainedStaged = stage ? [...model.activeFeatureIds, ...stage.featureIds] : null;
  const plan: ScoringPlan = {
    stage,
    national: { explained: model.activeFeatureIds, reference: model.reference, active: new Set(model.activeFeatureIds) },
    staged: stage && explainedStaged ? { explained: explainedStaged, reference: { ...model.reference, ...stage.reference }, active: new Set(explainedStaged) } : null,
    measures: model.activeFeatureIds.filter((id) => FEATURE_BY_ID.get(id)?.unit !== 'flag'),
  };
  plans.set(model, plan);
  return plan;
}

function scoreOnce(model: RiskModel, evidence: SchoolEvidence): Omit<SchoolRisk, 'withoutConfidential'> {
  const v = computeFeatures(evidence);
  const [risk] = model.predict([v]);
  // Where the stage applies its inputs are factors like any other, measured against its own typical school.
  const stage = model.historyStage && stageApplies(v) ? model.historyStage : null;
  const plan = scoringPlan(model);
  const { explained, reference, active } = stage ? plan.staged! : plan.national;
  const factors = explain(v, explained, reference, (rows) => model.predict(rows));
  const measures = plan.measures;
  const covered = measures.filter((id) => v[id] != null).length;
  const notInModel: string[] = [];
  if (measures.length > 0 && covered / measures.length < 0.5) {
    notInModel.push(
      `Only ${covered} of the ${measures.length} measures the model was trained on are available for this school on ${evidence.asOf}: the score is rough.`,
    );
  }
  for (const { id, words, group } of NOT_IN_MODEL) {
    const x = v[id];
    if (active.has(id) || x == null || x === 0) continue;
    const because =
      group === 'inspection' && model.historyStage
        ? 'the inspection-history stage weighs only the last grade and the time since it'
        : (NOT_WEIGHED_BECAUSE[group] ?? 'the model was not trained on it');
    notInModel.push(`${cap(words(x))}: this does not change the score (${because}) — weigh it yourself.`);
  }
  return {
    risk: risk!,
    topFactors: factors.map(({ factor, direction, words }) => ({ factor, direction, words })),
    coverage: measures.length === 0 ? 0 : covered / measures.length,
    notInModel,
    basis: scoreBasis(model, stage != null, evidence.asOf),
  };
}
