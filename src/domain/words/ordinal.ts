// Small pieces of English the explanations and letters share.

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 101st. */
export function ordinal(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  return `${n}${({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th'}`;
}

/**
 * Where a school stands among the LA's schools, in words that fit the measure's direction. `share` is the
 * share of schools doing worse (0–1). Where low is bad the school is "in the LA lower quartile (4th
 * percentile)"; where high is bad (persistent absence) the same position is "among the highest 5% in the
 * LA", because a 39.2% absence rate is not "low" in any sense a reader would take.
 */
export function standingWords(share: number, better: 'higher' | 'lower', schools: number): string {
  const percentile = Math.round(share * 100);
  if (better === 'higher') {
    const q = share < 0.25 ? 'lower' : share < 0.5 ? 'lower-middle' : share < 0.75 ? 'upper-middle' : 'upper';
    return `in the LA ${q} quartile (${ordinal(percentile)} percentile of ${schools} schools)`;
  }
  // High is bad: say how near the top it is, counting from the highest value.
  const fromTop = Math.max(1, Math.ceil(share * 100));
  if (share < 0.5) return `among the highest ${fromTop}% in the LA (of ${schools} schools; for this measure higher is worse)`;
  const fromBottom = Math.max(1, Math.ceil((1 - share) * 100));
  return `among the lowest ${fromBottom}% in the LA (of ${schools} schools; for this measure lower is better)`;
}
