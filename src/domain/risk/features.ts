// Features for the early-warning model, computed per school and per point in time from SchoolEvidence.
// The same function builds the training rows in the backtest and scores live schools from the database,
// so it must only ever see what was known on `asOf` (see availability.ts): that is the leakage guard.
import { ungradedConcerns } from '../evidence/layouts/ofsted-common.js';
import type { Inspection, LaSignals, Observation, SchoolEvidence } from '../evidence/types.js';
import {
  academicYearEnd,
  inspectionKnownBy,
  intelligenceKnownBy,
  openAt,
  publishedOn,
  addMonths,
  yearsBetween,
} from './availability.js';

export type FeatureGroup = 'attainment' | 'progress' | 'gap' | 'absence' | 'pupils' | 'context' | 'inspection' | 'la' | 'intelligence';
export type FeatureUnit = '%' | 'pp' | 'score' | 'progress' | 'pupils' | 'years' | 'grade' | 'count' | 'flag';

export interface FeatureSpec {
  id: string;
  /** Plain-words name used in explanations: "persistent absence in 2014/15" reads after "Its …". */
  label: string;
  unit: FeatureUnit;
  group: FeatureGroup;
}

export type FeatureVector = Record<string, number | null>;

/** Values older than this (years between the end of their academic year and asOf) are treated as missing. */
export const MAX_AGE_YEARS = 4;

// [feature id, measure code, label, unit, group]; every level measure also gets a "_trend" feature
// (latest minus the previous published year of the *same* code, never across a measure change).
const LEVELS: [string, string, string, FeatureUnit, FeatureGroup][] = [
  ['ks2_rwm_expected', 'ks2.rwm_expected_pct', 'KS2 share meeting the expected standard in reading, writing and maths', '%', 'attainment'],
  ['ks2_read_progress', 'ks2.read_progress', 'KS2 reading progress score', 'progress', 'progress'],
  ['ks2_writ_progress', 'ks2.writ_progress', 'KS2 writing progress score', 'progress', 'progress'],
  ['ks2_mat_progress', 'ks2.mat_progress', 'KS2 maths progress score', 'progress', 'progress'],
  ['ks2_l4_rwm', 'ks2.l4_rwm_pct', 'KS2 share at level 4+ in reading, writing and maths (old measure)', '%', 'attainment'],
  ['ks2_aps_levels', 'ks2.aps_levels', 'KS2 average point score (old levels measure)', 'score', 'attainment'],
  ['ks2_read_2lp', 'ks2.read_2lp_pct', 'KS2 share making expected progress in reading (old measure)', '%', 'progress'],
  ['ks2_writ_2lp', 'ks2.writ_2lp_pct', 'KS2 share making expected progress in writing (old measure)', '%', 'progress'],
  ['ks2_mat_2lp', 'ks2.mat_2lp_pct', 'KS2 share making expected progress in maths (old measure)', '%', 'progress'],
  ['ks4_progress8', 'ks4.progress8', 'Progress 8 score', 'progress', 'progress'],
  ['ks4_attainment8', 'ks4.attainment8', 'Attainment 8 score', 'score', 'attainment'],
  ['absence_overall', 'absence.overall_pct', 'overall absence rate', '%', 'absence'],
  ['absence_persistent_10', 'absence.persistent_10_pct', 'persistent absence rate (10% threshold)', '%', 'absence'],
  ['absence_persistent_15', 'absence.persistent_15_pct', 'persistent absence rate (old 15% threshold)', '%', 'absence'],
  ['pupils', 'census.pupils', 'number of pupils on roll', 'pupils', 'pupils'],
];

// Context measures: level only (a trend in FSM share says little about the school's own performance).
const CONTEXT: [string, string, string, FeatureUnit, FeatureGroup][] = [
  ['ks2_cohort', 'ks2.cohort', 'KS2 year group size', 'pupils', 'pupils'],
  ['ks2_disadvantaged_cohort', 'ks2.disadvantaged_cohort_pct', 'share of disadvantaged pupils in the KS2 year group', '%', 'context'],
  ['ks2_low_prior', 'ks2.ks1_low_prior_pct', 'share of the KS2 year group with low KS1 results', '%', 'context'],
  ['ks2_high_prior', 'ks2.ks1_high_prior_pct', 'share of the KS2 year group with high KS1 results', '%', 'context'],
  ['ks2_disadv_gap_3yr', 'ks2.disadv_gap_rwm_3yr', 'published 3-year gap measure for disadvantaged pupils (level 4+ RWM)', 'pp', 'gap'],
  ['fsm_ever6', 'census.fsm_ever6_pct', 'share of pupils eligible for free school meals in the last six years', '%', 'context'],
  ['sen_support', 'census.sen_support_pct', 'share of pupils on SEN support', '%', 'context'],
  ['ehcp', 'census.ehcp_pct', 'share of pupils with an EHC plan', '%', 'context'],
  ['eal', 'census.eal_pct', 'share of pupils with English as an additional language', '%', 'context'],
];

export const FEATURES: readonly FeatureSpec[] = [
  ...LEVELS.flatMap(([id, , label, unit, group]) => [
    { id, label, unit, group },
    { id: `${id}_trend`, label: `change in ${label} on the year before`, unit: unit === '%' ? ('pp' as const) : unit, group },
  ]),
  ...CONTEXT.map(([id, , label, unit, group]) => ({ id, label, unit, group })),
  { id: 'ks2_progress_sig_below', label: 'number of KS2 subjects with progress significantly below average', unit: 'count', group: 'progress' },
  { id: 'ks2_progress_sig_below_2y', label: 'KS2 progress significantly below average two years running', unit: 'flag', group: 'progress' },
  { id: 'ks4_p8_sig_below', label: 'Progress 8 significantly below average', unit: 'flag', group: 'progress' },
  { id: 'ks2_disadv_gap', label: 'gap between other and disadvantaged pupils meeting the KS2 expected standard', unit: 'pp', group: 'gap' },
  { id: 'ks4_disadv_gap', label: 'gap in Progress 8 between other and disadvantaged pupils', unit: 'progress', group: 'gap' },
  { id: 'is_secondary', label: 'being a secondary or all-through school', unit: 'flag', group: 'context' },
  { id: 'is_special', label: 'being a special school or alternative provision', unit: 'flag', group: 'context' },
  { id: 'is_academy', label: 'being an academy', unit: 'flag', group: 'context' },
  { id: 'years_since_inspection', label: 'time since the last graded inspection', unit: 'years', group: 'inspection' },
  { id: 'last_grade', label: 'last graded inspection outcome', unit: 'grade', group: 'inspection' },
  { id: 'previous_grade', label: 'graded inspection outcome before that', unit: 'grade', group: 'inspection' },
  { id: 'last_graded_no_overall_grade', label: 'having its last graded inspection under a framework with no overall grade', unit: 'flag', group: 'inspection' },
  { id: 'ofsted_category_of_concern', label: 'being placed in an Ofsted category of concern at its last graded inspection', unit: 'flag', group: 'inspection' },
  { id: 'ungraded_concerns', label: 'ungraded inspections since the last graded one that flagged concerns', unit: 'count', group: 'inspection' },
  { id: 'la_category_highest', label: "being in the LA's highest-concern category at its last confirmed categorisation", unit: 'flag', group: 'la' },
  { id: 'la_category_worse', label: "moving to a higher-concern LA category at its last confirmed categorisation", unit: 'flag', group: 'la' },
  { id: 'core_group', label: 'having a Core Group', unit: 'flag', group: 'la' },
  { id: 'core_group_no_impact', label: "having its latest Core Group meeting in the last year judge 'no evidence of impact'", unit: 'flag', group: 'la' },
  { id: 'stage_of_concern', label: "LA stage of concern", unit: 'count', group: 'la' },
  { id: 'concern_judgements_12m', label: 'signed-off LA judgements of concern (grounds for a notice) in the last twelve months', unit: 'count', group: 'la' },
  { id: 'head_changes_2y', label: 'head teacher changes in the last two years', unit: 'count', group: 'intelligence' },
  { id: 'open_safeguarding', label: 'open safeguarding concerns', unit: 'count', group: 'intelligence' },
  { id: 'complaints_12m', label: 'complaints in the last twelve months', unit: 'count', group: 'intelligence' },
  { id: 'budget_deficit', label: 'a recorded budget deficit', unit: 'flag', group: 'intelligence' },
];

export const FEATURE_BY_ID: ReadonlyMap<string, FeatureSpec> = new Map(FEATURES.map((f) => [f.id, f]));

/** The published measure each level or context feature reads (its `_trend` reads the same one): for dating a factor's evidence. */
export const FEATURE_MEASURE: ReadonlyMap<string, string> = new Map([...LEVELS, ...CONTEXT].map(([id, code]) => [id, code]));

const LEVEL_IDS: [string, string, string][] = LEVELS.map(([id, code]) => [id, `${id}_trend`, code]);
const KS2_PROGRESS = ['ks2.read_progress', 'ks2.writ_progress', 'ks2.mat_progress'];
// [feature id, measure for the group doing better, measure for the disadvantaged]: gaps within one published year.
const GAPS: [string, string, string][] = [
  ['ks2_disadv_gap', 'ks2.rwm_expected_pct_non_disadv', 'ks2.rwm_expected_pct_disadv'],
  ['ks4_disadv_gap', 'ks4.progress8_non_disadv', 'ks4.progress8_disadv'],
];

/** Every measure code computeFeatures reads; values of other measures never change a feature. */
export const FEATURE_READS: ReadonlySet<string> = new Set([...[...LEVELS, ...CONTEXT].map(([, code]) => code), ...KS2_PROGRESS, ...GAPS.flatMap(([, hi, lo]) => [hi, lo])]);

/** Whether a value of this measure and academic year is known on asOf and recent enough to be used (its status and value aside). */
function knownAndRecent(o: Pick<Observation, 'measure' | 'academicYear'>, asOf: string): boolean {
  return publishedOn(o) <= asOf && Number(asOf.slice(0, 4)) - academicYearEnd(o.academicYear) <= MAX_AGE_YEARS;
}

/**
 * Whether computeFeatures on asOf could read an "ok" value of this measure and academic year: lets a bulk
 * read fetch only those rows (a national register's other values are most of its observations) and still
 * compute every feature as from all of them.
 */
export function featuresMayRead(measure: string, academicYear: string, asOf: string): boolean {
  return FEATURE_READS.has(measure) && knownAndRecent({ measure, academicYear }, asOf);
}

/** Per measure code, the usable values known on asOf, newest year first. */
function knownSeries(observations: readonly Observation[], asOf: string): Map<string, Observation[]> {
  const byMeasure = new Map<string, Observation[]>();
  for (const o of observations) {
    if (o.status !== 'ok' || o.value === null || !Number.isFinite(o.value)) continue;
    if (!knownAndRecent(o, asOf)) continue;
    const list = byMeasure.get(o.measure) ?? [];
    list.push(o);
    byMeasure.set(o.measure, list);
  }
  for (const list of byMeasure.values()) list.sort((a, b) => academicYearEnd(b.academicYear) - academicYearEnd(a.academicYear));
  return byMeasure;
}

/**
 * The feature vector for one school on `asOf` (defaults to evidence.asOf). Missing is null, never zero:
 * the model has its own branch for "not published", and the explanation says so.
 */
export function computeFeatures(evidence: SchoolEvidence, asOf: string = evidence.asOf): FeatureVector {
  const series = knownSeries(evidence.observations, asOf);
  const latest = (code: string): Observation | undefined => series.get(code)?.[0];
  const value = (code: string): number | null => latest(code)?.value ?? null;
  const trend = (code: string): number | null => {
    const [a, b] = series.get(code) ?? [];
    // Only consecutive published years (the pandemic gap counts as consecutive) make a trend.
    if (!a || !b || academicYearEnd(a.academicYear) - academicYearEnd(b.academicYear) > 3) return null;
    return a.value! - b.value!;
  };
  const v: FeatureVector = {};
  for (const [id, trendId, code] of LEVEL_IDS) {
    v[id] = value(code);
    v[trendId] = trend(code);
  }
  for (const [id, code] of CONTEXT) v[id] = value(code);

  // Significance uses the published confidence interval: below average only when the whole interval is.
  const sigBelow = (o: Observation | undefined): boolean | null =>
    o == null || o.ciUpper == null ? null : o.ciUpper < 0;
  const latestSig = KS2_PROGRESS.map((c) => sigBelow(latest(c)));
  v.ks2_progress_sig_below = latestSig.every((s) => s === null) ? null : latestSig.filter((s) => s === true).length;
  v.ks2_progress_sig_below_2y = ks2ProgressBelowTwoYears(series);
  const p8 = sigBelow(latest('ks4.progress8'));
  v.ks4_p8_sig_below = p8 === null ? null : p8 ? 1 : 0;
  const gap = (hi: string, lo: string): number | null => {
    const a = latest(hi);
    const b = latest(lo);
    return a && b && a.academicYear === b.academicYear ? a.value! - b.value! : null;
  };
  for (const [id, hi, lo] of GAPS) v[id] = gap(hi, lo);

  const s = evidence.school;
  v.is_secondary = s.phase === 'secondary' || s.phase === 'all-through' ? 1 : 0;
  v.is_special = s.isSpecial || s.isPRU || s.phase === 'special' || s.phase === 'alternative-provision' ? 1 : 0;
  v.is_academy = s.isAcademy ? 1 : 0;

  Object.assign(v, inspectionHistoryFeatures(evidence.inspections, asOf));
  Object.assign(v, laSignalFeatures(evidence.laSignals, asOf));

  const intel = evidence.intelligence.filter((i) => intelligenceKnownBy(i, asOf));
  const since = (months: number) => addMonths(asOf, -months);
  v.head_changes_2y = intel.filter((i) => i.kind === 'head_teacher_change' && i.occurredOn >= since(24)).length;
  v.open_safeguarding = intel.filter((i) => i.kind === 'safeguarding_concern' && openAt(i, asOf)).length;
  v.complaints_12m = intel.filter(
    (i) => (i.kind === 'parental_complaint' || i.kind === 'qualifying_complaint') && i.occurredOn >= since(12),
  ).length;
  v.budget_deficit = intel.some((i) => i.kind === 'budget_deficit' && openAt(i, asOf)) ? 1 : 0;
  return v;
}

/** 1 when any KS2 subject's progress was significantly below average in each of the two latest published years. */
function ks2ProgressBelowTwoYears(series: Map<string, Observation[]>): number | null {
  let known = false;
  for (const code of KS2_PROGRESS) {
    const [a, b] = series.get(code) ?? [];
    if (!a || !b || a.ciUpper == null || b.ciUpper == null) continue;
    if (academicYearEnd(a.academicYear) - academicYearEnd(b.academicYear) > 3) continue;
    known = true;
    if (a.ciUpper < 0 && b.ciUpper < 0) return 1;
  }
  return known ? 0 : null;
}

const DAY = 24 * 3600 * 1000;

/**
 * A file's "previous full inspection" (grade and date, as the Warwickshire extract and Ofsted MI carry it)
 * as a graded inspection of its own, unless the history already holds one within three months of it (the
 * same inspection dated by visit rather than publication). Its date is a publication date, so it is
 * known from then: a score as of a day between the two inspections sees only the earlier one.
 */
function withPreviousInspections(inspections: readonly Inspection[]): Inspection[] {
  const out = [...inspections];
  for (const i of inspections) {
    const date = i.previousInspectionDate;
    if (!date || i.previousOverallEffectiveness == null) continue;
    const near = out.some(
      (o) => o.inspectionType !== 'ungraded' && o.inspectionType !== 'monitoring' && Math.abs(Date.parse(o.inspectionDate) - Date.parse(date)) < 92 * DAY,
    );
    if (near) continue;
    out.push({
      urn: i.urn,
      inspectionDate: date,
      dateBasis: 'publication',
      publicationDate: date,
      inspectionType: 'graded',
      era: 'four-grade',
      overallEffectiveness: i.previousOverallEffectiveness,
      source: i.source,
    });
  }
  return out;
}

const isGraded = (i: Inspection): boolean =>
  i.inspectionType === 'graded' || (i.inspectionType === 'unknown' && i.era === 'four-grade' && i.overallEffectiveness != null);

/**
 * Inspection history known on asOf: time since the last graded inspection (any era), the last and the
 * one-before overall grades (four-grade era only: no grade is invented for later eras), whether the last
 * graded inspection had no overall grade, a category of concern, and ungraded outcomes flagged with concerns
 * since then. All null when the installation holds no inspection for the school.
 */
export function inspectionHistoryFeatures(inspections: readonly Inspection[], asOf: string): FeatureVector {
  const known = withPreviousInspections(inspections)
    .filter((i) => inspectionKnownBy(i, asOf))
    .sort((a, b) => b.inspectionDate.localeCompare(a.inspectionDate));
  const graded = known.filter(isGraded);
  const last = graded[0];
  const withGrade = graded.filter((i) => i.era === 'four-grade' && i.overallEffectiveness != null);
  const since = last?.inspectionDate ?? '';
  const ungraded = known.filter((i) => i.inspectionType === 'ungraded' && i.inspectionDate > since);
  return {
    years_since_inspection: last ? yearsBetween(last.inspectionDate, asOf) : null,
    last_grade: withGrade[0]?.overallEffectiveness ?? null,
    previous_grade: withGrade[1]?.overallEffectiveness ?? null,
    last_graded_no_overall_grade: last ? (last.era === 'four-grade' ? 0 : 1) : null,
    ofsted_category_of_concern: last ? (last.categoryOfConcern ? 1 : 0) : null,
    ungraded_concerns: last || ungraded.length ? ungraded.filter((i) => ungradedConcerns(i.ungradedOutcome)).length : null,
  };
}

/**
 * The LA's own signals known on asOf. Null (not zero) when the installation holds no LA records for the
 * school: "no Core Group" is only a fact where the LA's records are loaded.
 */
export function laSignalFeatures(signals: LaSignals | undefined, asOf: string): FeatureVector {
  if (!signals) {
    return { la_category_highest: null, la_category_worse: null, core_group: null, core_group_no_impact: null, stage_of_concern: null, concern_judgements_12m: null };
  }
  const cats = signals.categories.filter((c) => c.confirmedOn <= asOf).sort((a, b) => b.confirmedOn.localeCompare(a.confirmedOn));
  const [cat, before] = cats;
  const hasGroup = signals.coreGroupSince != null && signals.coreGroupSince <= asOf;
  const yearAgo = addMonths(asOf, -12);
  const meeting = signals.coreGroupMeetings
    .filter((m) => m.meetingDate <= asOf && m.meetingDate >= yearAgo)
    .sort((a, b) => b.meetingDate.localeCompare(a.meetingDate))[0];
  // The latest designation started by asOf sets the stage, unless it had ended by then.
  const stage = signals.stages.filter((s) => s.startedOn <= asOf).sort((a, b) => b.startedOn.localeCompare(a.startedOn))[0];
  return {
    la_category_highest: cat ? (cat.order >= cat.highestOrder ? 1 : 0) : null,
    la_category_worse: cat && before ? (cat.highestOrder > 0 && before.highestOrder > 0 && cat.order / cat.highestOrder > before.order / before.highestOrder ? 1 : 0) : null,
    core_group: hasGroup ? 1 : 0,
    core_group_no_impact: hasGroup && meeting?.judgement === 'no_evidence_of_impact' ? 1 : 0,
    stage_of_concern: stage && (stage.endedOn == null || stage.endedOn > asOf) ? stage.stage : 0,
    concern_judgements_12m: signals.concernJudgements.filter((j) => j.judgedOn <= asOf && j.judgedOn >= yearAgo).length,
  };
}
