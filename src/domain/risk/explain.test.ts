import { describe, expect, it } from 'vitest';
import { explain, factorWords } from './explain.js';
import { FEATURE_BY_ID, type FeatureVector } from './features.js';

// A transparent stand-in for the booster: risk rises 5 points per point of absence above 4%, and by 10
// points when absence data is missing.
const predict = (rows: readonly FeatureVector[]) =>
  rows.map((r) => (r.absence_overall == null ? 0.4 : 0.3 + 0.05 * (r.absence_overall - 4)) - 0.02 * (r.is_academy ?? 0));

describe('explain', () => {
  it('names the factors that push risk up or down, in plain words, largest first', () => {
    const v: FeatureVector = { absence_overall: 6, is_academy: 1 };
    const f = explain(v, ['absence_overall', 'is_academy'], { absence_overall: 4, is_academy: 0 }, predict);
    expect(f.map((x) => [x.factor, x.direction])).toEqual([
      ['absence_overall', 'up'],
      ['is_academy', 'down'],
    ]);
    expect(f[0]!.words).toBe('Its overall absence rate was 6.0% (typical 4.0%), which raises the estimated risk by about 10 percentage points.');
    expect(f[1]!.words).toBe('Being an academy lowers the estimated risk by about 2 percentage points.');
  });

  it('says when a figure was missing rather than inventing a value', () => {
    const f = explain({ absence_overall: null }, ['absence_overall'], { absence_overall: 4 }, predict);
    expect(f[0]!.words).toMatch(/^No figure for its overall absence rate was available, which raises/);
  });

  it('never gives a missing key stage the school does not teach as a reason', () => {
    // A model that reads missing KS2 progress as risky (in training, mostly secondaries).
    const p = (rows: readonly FeatureVector[]) => rows.map((r) => (r.ks2_mat_progress == null ? 0.5 : 0.3) + (r.ks4_progress8 == null ? 0.1 : 0));
    const ids = ['ks2_mat_progress', 'ks4_progress8'];
    const ref = { ks2_mat_progress: -0.7, ks4_progress8: -0.1 };
    const secondary = explain({ is_secondary: 1, ks2_mat_progress: null, ks4_progress8: -0.1 }, ids, ref, p);
    expect(secondary.map((f) => f.factor)).toEqual([]);
    const primary = explain({ is_secondary: 0, ks2_mat_progress: null, ks4_progress8: null }, ids, ref, p);
    // A primary without KS2 figures is a gap worth naming; its missing KS4 figure is not.
    expect(primary.map((f) => f.factor)).toEqual(['ks2_mat_progress']);
  });

  it('skips factors equal to the typical value and negligible pushes', () => {
    expect(explain({ absence_overall: 4 }, ['absence_overall'], { absence_overall: 4 }, predict)).toEqual([]);
  });

  it('words grades by name', () => {
    expect(factorWords(FEATURE_BY_ID.get('last_grade')!, 3, 2, 0.08)).toBe(
      'Its last graded inspection outcome was Requires improvement, which raises the estimated risk by about 8 percentage points.',
    );
  });
});
