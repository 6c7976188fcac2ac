import { describe, expect, it } from 'vitest';
import { alertReason, changeWords, risePastThreshold, riskBand, riskSettingsSchema, type RiskSettings } from './alerts.js';

const s: RiskSettings = { threshold: 0.4, minimumRise: 0.05, raisedFrom: 0.3, source: 'test', date: '2026-01-01' };
const at = (risk: number, modelVersion = 'm1') => ({ risk, modelVersion });

describe('risk alerts', () => {
  it('flags only a rise from below the threshold to at or above it, by at least the minimum', () => {
    expect(risePastThreshold(at(0.3), at(0.45), s)).toBe(true);
    expect(risePastThreshold(at(0.35), at(0.4), s)).toBe(true); // exactly at the threshold, exactly the minimum rise
    expect(risePastThreshold(at(0.38), at(0.41), s)).toBe(false); // rise under the minimum
    expect(risePastThreshold(at(0.42), at(0.6), s)).toBe(false); // already above: not a new crossing
    expect(risePastThreshold(at(0.2), at(0.39), s)).toBe(false); // still below
  });

  it('never flags a first scoring or a change of model version', () => {
    expect(risePastThreshold(null, at(0.9), s)).toBe(false);
    expect(risePastThreshold(at(0.1, 'old'), at(0.9, 'new'), s)).toBe(false);
  });

  it('puts the reason in plain words with the factors that push the score up', () => {
    const r = alertReason(at(0.32), at(0.47), [
      { direction: 'up', words: 'Its overall absence rate was 7.9% (typical 5.1%), which raises the estimated risk by about 7 percentage points.' },
      { direction: 'down', words: 'Something that lowers it.' },
    ], s);
    expect(r).toBe(
      'Early-warning risk rose from 32% to 47%, past the alert threshold of 40%. Main factors: Its overall absence rate was 7.9% (typical 5.1%), which raises the estimated risk by about 7 percentage points. The score informs professional judgement; it does not set a category.',
    );
  });

  it('bands and change words', () => {
    expect(riskBand(0.41, s).band).toBe('high');
    expect(riskBand(0.3, s).band).toBe('raised');
    expect(riskBand(0.1, s).band).toBe('lower');
    expect(changeWords(0.3, 0.36)).toBe('up 6 points');
    expect(changeWords(0.36, 0.35)).toBe('down 1 point');
    expect(changeWords(0.3, 0.302)).toBe('no change');
  });

  it('refuses settings whose raised band starts above the threshold', () => {
    expect(riskSettingsSchema.safeParse({ ...s, raisedFrom: 0.5 }).success).toBe(false);
  });
});
