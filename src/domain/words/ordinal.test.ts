import { describe, expect, it } from 'vitest';
import { ordinal, standingWords } from './ordinal.js';

describe('ordinals and standing words', () => {
  it('writes 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 101st, 111th', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st', '111th']);
  });

  it('says "lower quartile" only where low is bad', () => {
    expect(standingWords(0.04, 'higher', 480)).toBe('in the LA lower quartile (4th percentile of 480 schools)');
    expect(standingWords(0.03, 'higher', 480)).toContain('3rd percentile');
  });

  it('says "among the highest 5%" for a persistent absence rate near the top (high is bad)', () => {
    // The case: a 39.2% persistent absence rate, worse than all but 4% of the LA's schools.
    const words = standingWords(0.045, 'lower', 497);
    expect(words).toBe('among the highest 5% in the LA (of 497 schools; for this measure higher is worse)');
    expect(words).not.toMatch(/lower quartile/);
  });
});
