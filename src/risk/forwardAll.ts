// The forward-in-time, all-schools design: the way the watch list is used. Every open state-funded school
// with data published by the feature date is scored, and its outcome is whether Ofsted judged it below good
// at a graded inspection in the years that followed, uninspected schools counting as "not judged below good".
// Unlike the inspected-schools designs, this does not lean on Ofsted's own choice of whom to inspect.
import { FEATURES, type FeatureGroup } from '../domain/risk/features.js';

export const ALL_SCHOOLS = {
  featuresAsOf: '2016-08-31',
  outcomeFrom: '2016-09-01',
  outcomeTo: '2020-03-31',
  /** Warwickshire's MI runs to 31 August 2020 and carries each school's previous grade and date. */
  warwickshireTo: '2020-08-31',
  folds: 5,
} as const;

/**
 * Measures a live school has under the same definition as in 2014/15, so the model chosen here can score
 * today's schools: overall absence, the disadvantaged (FSM-ever-6 or looked-after) share of the KS2 year
 * group, and phase, special and academy flags. The other 2014/15 measures were discontinued in 2016.
 */
export const PORTABLE_FEATURES: readonly string[] = ['absence_overall', 'ks2_disadvantaged_cohort', 'is_secondary', 'is_special', 'is_academy'];

/** Simpler wins unless the richer candidate leads on AUC by at least this much and on top-10% capture too. */
export const SIMPLER_UNLESS_AUC_LEAD = 0.01;

export interface FeatureGroupSpec {
  id: string;
  title: string;
  /** Feature ids (see domain/risk/features.ts); a new group is added here and nowhere else. */
  features: readonly string[];
  /** Whether a live school can have these features under the same definition as in training. */
  live: boolean;
  /** Why a group cannot be measured in the all-schools design, or null when it can. */
  unavailable: string | null;
}

const ids = (groups: readonly FeatureGroup[]) => FEATURES.filter((f) => groups.includes(f.group)).map((f) => f.id);

/**
 * The feature groups whose contribution the backtest reports. Pluggable: inspection history from the
 * Ofsted MI import and LA signals (category history, Core Group judgements, open notices) join by listing
 * their features here once outcomes exist that carry them.
 */
export const FEATURE_GROUPS: readonly FeatureGroupSpec[] = [
  {
    id: 'context',
    title: 'Context (disadvantaged share of the KS2 year group, phase, special, academy)',
    features: ['ks2_disadvantaged_cohort', 'is_secondary', 'is_special', 'is_academy'],
    live: true,
    unavailable: null,
  },
  { id: 'absence', title: 'Absence (overall rate)', features: ['absence_overall'], live: true, unavailable: null },
  {
    id: 'results',
    title: 'Results and other 2014/15 measures (KS2 levels, expected progress, gaps, persistent absence at 15%, KS1 prior bands)',
    features: [
      ...ids(['attainment', 'progress', 'gap']),
      'absence_persistent_15',
      'absence_overall_trend',
      'ks2_cohort',
      'ks2_low_prior',
      'ks2_high_prior',
    ],
    live: false,
    unavailable: null,
  },
  {
    id: 'inspection',
    title: 'Inspection history (time since the last graded inspection, its grade and era, ungraded outcomes with concerns)',
    features: ids(['inspection']),
    live: true,
    unavailable:
      'The national files keep only each school\'s latest inspection, so a grade known on the feature date exists only for schools ' +
      'not re-inspected since: using it would leak the outcome (it lifts AUC to about 0.89 in a trial, all of it leakage). ' +
      'It is measured instead on Warwickshire\'s MI (latest and previous full inspection): see "Does each optional group help?".',
  },
  {
    id: 'la',
    title: 'LA signals (category history, Core Group judgements, stage of concern, notices, intelligence)',
    features: ids(['la', 'intelligence']),
    live: true,
    unavailable: 'No bundled outcomes carry an LA\'s own records, so this group cannot be fitted or measured; the score lists such evidence for officers to weigh.',
  },
];

/** Features the all-schools design may use: every usable group's. */
export const ALL_SCHOOLS_FEATURES: readonly string[] = FEATURE_GROUPS.filter((g) => g.unavailable == null).flatMap((g) => g.features);
