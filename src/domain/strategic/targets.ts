// Targets on the strategic indicators: the trajectory from baseline to target and whether the latest
// actual is on track. Pure: the service supplies the actual figures.
export interface Milestone {
  date: string;
  value: number;
}

export interface TargetDefinition {
  indicatorId: string;
  baselineValue: number;
  baselineDate: string;
  targetValue: number;
  targetDate: string;
  /** Milestones between baseline and target; a straight line when empty. */
  trajectory: readonly Milestone[];
}

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/** Baseline, milestones and target in date order: the line the LA committed to. */
export function trajectoryPoints(t: TargetDefinition): Milestone[] {
  const inner = t.trajectory.filter((m) => m.date > t.baselineDate && m.date < t.targetDate);
  return [{ date: t.baselineDate, value: t.baselineValue }, ...[...inner].sort((a, b) => a.date.localeCompare(b.date)), { date: t.targetDate, value: t.targetValue }];
}

/** Where the trajectory stands on `date` (linear between points; flat before the baseline and after the target). */
export function expectedOn(t: TargetDefinition, date: string): number {
  const pts = trajectoryPoints(t);
  if (date <= pts[0]!.date) return pts[0]!.value;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1]!;
    const b = pts[i]!;
    if (date <= b.date) {
      const f = (day(date) - day(a.date)) / Math.max(1, day(b.date) - day(a.date));
      return Math.round((a.value + f * (b.value - a.value)) * 100) / 100;
    }
  }
  return pts[pts.length - 1]!.value;
}

export type TrackStatus = 'on-track' | 'off-track' | 'no-data';

/**
 * On track when the latest actual is at least where the trajectory says it should be on that date, in
 * the indicator's better direction (or, where lower is better, at most). No actual: no data.
 */
export function trackStatus(t: TargetDefinition, higherIsBetter: boolean | null, actual: { date: string; value: number | null } | null): { status: TrackStatus; expected: number | null } {
  if (!actual || actual.value === null) return { status: 'no-data', expected: null };
  const expected = expectedOn(t, actual.date);
  const lowerIsBetter = higherIsBetter === false || (higherIsBetter === null && t.targetValue < t.baselineValue);
  const ok = lowerIsBetter ? actual.value <= expected : actual.value >= expected;
  return { status: ok ? 'on-track' : 'off-track', expected };
}

/** The dates an actual series is computed on: each 1 September from the baseline's year, and `asOf`. */
export function actualDates(t: Pick<TargetDefinition, 'baselineDate' | 'targetDate'>, asOf: string): string[] {
  const out: string[] = [];
  const last = asOf < t.targetDate ? asOf : t.targetDate;
  for (let y = Number(t.baselineDate.slice(0, 4)); ; y++) {
    const d = `${y}-09-01`;
    if (d > last) break;
    if (d >= t.baselineDate) out.push(d);
  }
  if (!out.includes(t.baselineDate)) out.unshift(t.baselineDate);
  if (!out.includes(last) && last >= t.baselineDate) out.push(last);
  return out.sort();
}
