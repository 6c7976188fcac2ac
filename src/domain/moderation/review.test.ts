import { describe, expect, it } from 'vitest';
import { needsReview, recordInYearReview, reviewQueue } from './review.js';
import { AT, codes, DL, entry, flag, LO, ok, school, SL } from './test-fixtures.js';

describe('needsReview', () => {
  it('flags raised after the entry was last reviewed put it in review, oldest first', () => {
    const r = needsReview(entry(), [flag('2025-10-20', 'data-release'), flag('2025-08-01'), flag('2025-10-02', 'safeguarding-concern')]);
    expect(r.needed).toBe(true);
    expect(r.flags.map((f) => f.occurredOn)).toEqual(['2025-10-02', '2025-10-20']);
  });

  it('no flags, old flags, or an excluded school: no review', () => {
    expect(needsReview(entry(), []).needed).toBe(false);
    expect(needsReview(entry(), [flag('2025-09-01')]).needed).toBe(false);
    expect(needsReview(entry({ state: 'excluded', reason: 'Closed' }), [flag('2025-12-01')]).needed).toBe(false);
  });
});

describe('reviewQueue', () => {
  it('lists schools needing review, longest waiting first', () => {
    const a = entry({ school: school({ urn: 1, name: 'Ash' }) });
    const b = entry({ school: school({ urn: 2, name: 'Birch' }) });
    const c = entry({ school: school({ urn: 3, name: 'Cedar' }) });
    const q = reviewQueue([a, b, c], new Map([[1, [flag('2025-11-01')]], [2, [flag('2025-10-01')]]]));
    expect(q.map((i) => [i.entry.school.name, i.oldest])).toEqual([['Birch', '2025-10-01'], ['Ash', '2025-11-01']]);
  });
});

describe('recordInYearReview', () => {
  const confirmed = entry({ state: 'confirmed' });
  const flags = [flag('2025-11-03', 'ofsted-judgement')];

  it('re-categorises a confirmed school, with the flags considered in the audit', () => {
    const r = ok(recordInYearReview(confirmed, flags, { actor: DL, at: '2025-11-10T09:00:00Z', toCategory: 'D', reason: 'Ofsted: requires improvement' }));
    expect(r.entry).toMatchObject({ state: 'confirmed', category: 'D', reason: 'Ofsted: requires improvement', reviewedThrough: '2025-11-10' });
    expect(r.event).toMatchObject({ action: 'in_year_review', from: { category: 'B' }, to: { category: 'D' } });
    expect(r.event.why).toContain('ofsted-judgement 2025-11-03');
    expect(needsReview(r.entry, flags).needed).toBe(false);
  });

  it('keeps a confidential flag’s kind and date out of the step everyone reading the round sees, and still clears it', () => {
    const withConfidential = [...flags, { ...flag('2025-10-13', 'safeguarding-concern'), confidential: true }];
    const r = ok(recordInYearReview(confirmed, withConfidential, { actor: DL, at: '2025-11-10T09:00:00Z', reason: 'Considered with the school' }));
    expect(r.event.why).toContain('ofsted-judgement 2025-11-03');
    expect(r.event.why).not.toMatch(/safeguarding|2025-10-13/);
    expect(needsReview(r.entry, withConfidential).needed).toBe(false);
  });

  it('records "reviewed, no change" and clears the queue', () => {
    const r = ok(recordInYearReview(confirmed, flags, { actor: SL, at: '2025-11-10', reason: 'Judgement was Good; no change' }));
    expect(r.entry.category).toBe('B');
    expect(needsReview(r.entry, flags).needed).toBe(false);
  });

  it('before confirmation a review only acknowledges; changes go through the steps', () => {
    expect(codes(recordInYearReview(entry(), flags, { actor: DL, at: AT, toCategory: 'C', reason: 'x' }))).toEqual(['not-confirmed']);
    expect(ok(recordInYearReview(entry(), flags, { actor: DL, at: AT, reason: 'Noted' })).entry.category).toBe('B');
  });

  it('needs an allowed role, a reason and a known category', () => {
    expect(codes(recordInYearReview(confirmed, flags, { actor: LO, at: AT, reason: 'x' }))).toEqual(['forbidden-role']);
    expect(codes(recordInYearReview(confirmed, flags, { actor: DL, at: AT, reason: '' }))).toEqual(['reason-required']);
    expect(codes(recordInYearReview(confirmed, flags, { actor: DL, at: AT, toCategory: 'E', reason: 'x' }))).toEqual(['unknown-category']);
    expect(codes(recordInYearReview(entry({ state: 'excluded', reason: 'Closed' }), flags, { actor: DL, at: AT, reason: 'x' }))).toEqual(['out-of-order']);
  });

  it('returning to the proposed category clears the divergence reason', () => {
    const r = ok(recordInYearReview(entry({ state: 'confirmed', category: 'C', reason: 'Earlier concern' }), flags, { actor: DL, at: AT, toCategory: 'B', reason: 'Resolved' }));
    expect(r.entry.reason).toBeNull();
  });
});
