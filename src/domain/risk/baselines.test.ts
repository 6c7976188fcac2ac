import { describe, expect, it } from 'vitest';
import { dataTriggerScore, triggerThresholds } from './baselines.js';
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
