import { describe, expect, it } from 'vitest';
import { dataTriggerScore, fillWithMedian, fsmScore, phaseRates, sizeScore, triggerThresholds } from './baselines.js';
import type { FeatureVector } from './features.js';

describe('data-trigger rule', () => {
  const schools: FeatureVector[] = Array.from({ length: 10 }, (_, i) => ({
    is_secondary: 0,
    ks2_read_2lp: 80 + i,
    ks2_writ_2lp: 80 + i,
    ks2_mat_2lp: 80 + i,
    absence_overall: 3 + i * 0.2,
    absence_persistent_15: 2 + i * 0.5,
  }));
  const t = triggerThresholds(schools);
  it('takes thresholds from the data, not outcomes', () => {
    expect(t.ks2Read2lpMedian).toBe(84.5);
  });
  it('counts the triggers a school hits', () => {
    expect(dataTriggerScore(schools[0]!, t)).toBe(1); // below the progress medians only
    expect(dataTriggerScore(schools[9]!, t)).toBe(2); // worst fifth on both absence measures
    expect(dataTriggerScore({ ks2_progress_sig_below_2y: 1, ks4_p8_sig_below: 1 }, t)).toBe(2);
  });
});

describe('context baselines', () => {
  it('FSM alone prefers the census FSM-ever-6 share and falls back to the KS2 year group\'s disadvantaged share', () => {
    expect(fsmScore({ fsm_ever6: 31.2, ks2_disadvantaged_cohort: 40 })).toBe(31.2);
    expect(fsmScore({ fsm_ever6: null, ks2_disadvantaged_cohort: 40 })).toBe(40);
    expect(fsmScore({})).toBeNull();
    expect(sizeScore({ pupils: null, ks2_cohort: 28 })).toBe(28);
  });
  it('phase alone ranks by the training rate of the phase, the overall rate for an unseen phase', () => {
    const rate = phaseRates([
      { phase: 'primary', label: 0 },
      { phase: 'primary', label: 1 },
      { phase: 'primary', label: 0 },
      { phase: 'primary', label: 0 },
      { phase: 'secondary', label: 1 },
      { phase: 'secondary', label: 0 },
    ]);
    expect(rate('primary')).toBe(0.25);
    expect(rate('secondary')).toBe(0.5);
    expect(rate('special')).toBeCloseTo(2 / 6);
  });
  it('ranks a school with no figure at the median of the others', () => {
    expect(fillWithMedian([1, null, 3, 10])).toEqual([1, 3, 3, 10]);
  });
});
