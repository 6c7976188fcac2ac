import { describe, expect, it } from 'vitest';
import { openChallenge, respondToChallenge, withdrawChallenge } from './challenge.js';
import { actor, AT, codes, DL, entry, HT, LO, ok } from './test-fixtures.js';

const confirmed = entry({ state: 'confirmed', category: 'C', reason: 'Falling results' });
const evidence = [{ title: 'Internal assessment summary 2025', documentRef: 'upload-17' }];
const open = () => ok(openChallenge(confirmed, { id: 'c1', actor: HT, at: AT, grounds: 'Our 2025 results recovered', evidence, requestedCategory: 'B', deadline: '2025-10-17' })).challenge;

describe('openChallenge', () => {
  it('the head teacher or chair challenges a confirmed category with grounds and evidence', () => {
    const r = ok(openChallenge(confirmed, { id: 'c1', actor: actor('chair_of_governors', 51), at: AT, grounds: ' Results recovered ', evidence, requestedCategory: 'B' }));
    expect(r.challenge).toMatchObject({ state: 'open', categoryChallenged: 'C', requestedCategory: 'B', grounds: 'Results recovered', urn: 100001, response: null });
    expect(r.event).toMatchObject({ action: 'challenge_opened', subject: 'challenge/c1', from: null, to: { state: 'open', category: 'C' }, why: 'Results recovered' });
  });

  it('validates role, stage, deadline, grounds, evidence and requested category', () => {
    const base = { id: 'c1', actor: HT, at: AT, grounds: 'g', evidence };
    expect(codes(openChallenge(confirmed, { ...base, actor: LO }))).toEqual(['forbidden-role']);
    expect(codes(openChallenge(entry(), base))).toEqual(['not-confirmed']);
    expect(codes(openChallenge(confirmed, { ...base, at: '2025-10-18T09:00:00Z', deadline: '2025-10-17' }))).toEqual(['challenge-window-closed']);
    expect(codes(openChallenge(confirmed, { ...base, grounds: ' ', evidence: [{ title: '' }] }))).toEqual(['reason-required', 'evidence-required']);
    expect(codes(openChallenge(confirmed, { ...base, requestedCategory: 'C' }))).toEqual(['unknown-category']);
    expect(codes(openChallenge(confirmed, { ...base, requestedCategory: 'Q' }))).toEqual(['unknown-category']);
  });

  it('allows one open challenge per school per round', () => {
    expect(codes(openChallenge(confirmed, { id: 'c2', actor: HT, at: AT, grounds: 'g', evidence }, [open()]))).toEqual(['challenge-already-open']);
    const closed = { ...open(), state: 'not_upheld' as const };
    expect(openChallenge(confirmed, { id: 'c2', actor: HT, at: AT, grounds: 'g', evidence }, [closed]).ok).toBe(true);
  });
});

describe('respondToChallenge', () => {
  it('upheld: the category changes to the one asked for, with the reason on both records', () => {
    const r = ok(respondToChallenge(open(), confirmed, { actor: LO, at: AT, outcome: 'upheld', reason: 'Validated 2025 results' }));
    expect(r.challenge).toMatchObject({ state: 'upheld', response: { by: LO, reason: 'Validated 2025 results', resultingCategory: 'B' } });
    expect(r.entry).toMatchObject({ state: 'confirmed', category: 'B', reason: null });
    expect(r.events.map((e) => [e.action, e.subject])).toEqual([['challenge_upheld', 'challenge/c1'], ['challenge_upheld', 'r-2025-autumn/100001']]);
    expect(r.events[1]).toMatchObject({ from: { category: 'C' }, to: { category: 'B' } });
  });

  it('upheld to another category than asked: that category, reason kept as divergence', () => {
    const r = ok(respondToChallenge(open(), confirmed, { actor: DL, at: AT, outcome: 'upheld', toCategory: 'A', reason: 'Strong evidence' }));
    expect(r.entry).toMatchObject({ category: 'A', reason: 'Strong evidence' });
  });

  it('not upheld: the category stays, the school is told why', () => {
    const r = ok(respondToChallenge(open(), confirmed, { actor: LO, at: AT, outcome: 'not_upheld', reason: 'Results are unvalidated' }));
    expect(r.challenge.state).toBe('not_upheld');
    expect(r.entry).toBe(confirmed);
    expect(r.events).toHaveLength(1);
  });

  it('validates role, state, reason and the outcome category', () => {
    const c = open();
    expect(codes(respondToChallenge(c, confirmed, { actor: HT, at: AT, outcome: 'upheld', reason: 'x' }))).toEqual(['forbidden-role']);
    expect(codes(respondToChallenge(c, confirmed, { actor: LO, at: AT, outcome: 'not_upheld', reason: '' }))).toEqual(['reason-required']);
    expect(codes(respondToChallenge({ ...c, requestedCategory: null }, confirmed, { actor: LO, at: AT, outcome: 'upheld', reason: 'x' }))).toEqual(['category-required']);
    expect(codes(respondToChallenge(c, confirmed, { actor: LO, at: AT, outcome: 'upheld', toCategory: 'C', reason: 'x' }))).toEqual(['unknown-category']);
    expect(codes(respondToChallenge(c, confirmed, { actor: LO, at: AT, outcome: 'not_upheld', toCategory: 'B', reason: 'x' }))).toEqual(['unknown-category']);
    expect(codes(respondToChallenge(c, entry({ state: 'confirmed', school: { ...confirmed.school, urn: 5 } }), { actor: LO, at: AT, outcome: 'not_upheld', reason: 'x' }))).toEqual(['mismatch']);
    const done = ok(respondToChallenge(c, confirmed, { actor: LO, at: AT, outcome: 'not_upheld', reason: 'x' })).challenge;
    expect(codes(respondToChallenge(done, confirmed, { actor: LO, at: AT, outcome: 'upheld', reason: 'x' }))).toEqual(['challenge-closed']);
  });
});

describe('withdrawChallenge', () => {
  it('the school may withdraw an open challenge', () => {
    const r = ok(withdrawChallenge(open(), { actor: HT, at: AT, reason: 'Agreed at visit' }));
    expect(r.challenge.state).toBe('withdrawn');
    expect(r.event).toMatchObject({ action: 'challenge_withdrawn', why: 'Agreed at visit' });
    expect(codes(withdrawChallenge(r.challenge, { actor: HT, at: AT }))).toEqual(['challenge-closed']);
    expect(codes(withdrawChallenge(open(), { actor: LO, at: AT }))).toEqual(['forbidden-role']);
  });
});
