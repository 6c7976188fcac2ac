// When a rescored school should join the "needs review" queue, and how its risk is put into words.
// Pure: the settings come from config/risk.json (versioned, with source and date) and the scores from
// the service. A risk score informs professional judgement; it never sets a category by itself.
import { z } from 'zod';

export const riskSettingsSchema = z.object({
  /** Probability at or above which a school is "above the alert threshold". */
  threshold: z.number().gt(0).lt(1),
  /** Smallest rise (probability points, 0.05 = 5 percentage points) that counts as a rise at all. */
  minimumRise: z.number().min(0).lt(1),
  /** Below this the band reads "lower"; between it and the threshold "raised". */
  raisedFrom: z.number().gt(0).lt(1),
  source: z.string().min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
}).refine((s) => s.raisedFrom < s.threshold, { message: 'raisedFrom must be below threshold' });
export type RiskSettings = z.infer<typeof riskSettingsSchema>;

export interface ScorePoint {
  risk: number;
  modelVersion: string;
}

/**
 * A school joins the queue when its risk *rose past* the threshold: it was below it at the previous
 * stored score and is at or above it now, by at least the minimum rise. No previous score (first
 * scoring) and a previous score from another model version are not rises: a new model is a new
 * baseline, and flagging every school it happens to score higher would bury the queue in noise.
 */
export function risePastThreshold(previous: ScorePoint | null, current: ScorePoint, s: RiskSettings): boolean {
  if (!previous || previous.modelVersion !== current.modelVersion) return false;
  return previous.risk < s.threshold && current.risk >= s.threshold && current.risk - previous.risk >= s.minimumRise;
}

export const pct = (p: number): string => `${Math.round(p * 100)}%`;

export type RiskBand = 'high' | 'raised' | 'lower';

export function riskBand(risk: number, s: RiskSettings): { band: RiskBand; words: string; tag: string } {
  if (risk >= s.threshold) return { band: 'high', words: 'High: above the alert threshold', tag: 'govuk-tag--red' };
  if (risk >= s.raisedFrom) return { band: 'raised', words: 'Raised', tag: 'govuk-tag--yellow' };
  return { band: 'lower', words: 'Lower', tag: 'govuk-tag--green' };
}

/** The queue's reason, in plain words, with the top factors that pushed the score up. */
export function alertReason(previous: ScorePoint, current: ScorePoint, factors: readonly { direction: 'up' | 'down'; words: string }[], s: RiskSettings): string {
  const up = factors.filter((f) => f.direction === 'up').slice(0, 3).map((f) => f.words);
  const because = up.length ? ` Main factors: ${up.join(' ')}` : '';
  return (
    `Early-warning risk rose from ${pct(previous.risk)} to ${pct(current.risk)}, past the alert threshold of ${pct(s.threshold)}.` +
    because +
    ' The score informs professional judgement; it does not set a category.'
  );
}

/** "up 6 points", "down 2 points", "no change" between two probabilities. */
export function changeWords(from: number, to: number): string {
  const d = Math.round((to - from) * 100);
  if (d === 0) return 'no change';
  return `${d > 0 ? 'up' : 'down'} ${Math.abs(d)} point${Math.abs(d) === 1 ? '' : 's'}`;
}
