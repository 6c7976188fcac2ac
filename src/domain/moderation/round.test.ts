import { describe, expect, it } from 'vitest';
import { categorise } from '../categorisation/engine/categorise.js';
import { evidence, goodInspection, insp, la, policy } from '../categorisation/testing/fixtures.js';
import { canConfirmRound, categoryCodes, checkRoundOpen, confirmRound, isAcademicYear, openRound, proposeEntry } from './round.js';
import { AT, codes, DL, entry, LO, ok, school, SL } from './test-fixtures.js';
import type { Round } from './types.js';

const staffs = policy('staffordshire-2014');
const round = (over: Partial<Round> = {}): Round => ({ id: 'r-2025-autumn', label: '2025/26 autumn', policyId: staffs.id, policyVersion: staffs.version, academicYear: '2025/26', status: 'open', ...over });

describe('openRound', () => {
  it('opens a labelled round for a policy version, audited', () => {
    const r = ok(openRound({ id: 'r1', academicYear: '2025/26', term: 'autumn', policy: staffs, actor: SL, at: AT }));
    expect(r.round).toEqual({ id: 'r1', label: '2025/26 autumn', policyId: 'staffordshire-2014', policyVersion: staffs.version, academicYear: '2025/26', status: 'open' });
    expect(r.event).toMatchObject({ action: 'open_round', subject: 'r1', from: null, to: { state: 'open' }, who: SL });
  });

  it('refuses other roles and malformed academic years', () => {
    expect(codes(openRound({ id: 'r1', academicYear: '2025/27', term: 'autumn', policy: staffs, actor: DL, at: AT }))).toEqual(['forbidden-role', 'bad-date']);
    expect(isAcademicYear('2099/00')).toBe(true);
    expect(isAcademicYear('2025-26')).toBe(false);
  });
});

describe('proposeEntry', () => {
  const result = categorise(staffs, evidence({ school: { ...evidence().school, urn: 100001 }, inspections: [insp('2023-05-10', { overallEffectiveness: 3 })] }), la());

  it('takes the engine category as the proposal, with the policy order of codes', () => {
    const r = ok(proposeEntry({ round: round(), school: school(), result, policy: staffs, actor: SL, at: AT }));
    expect(r.entry).toMatchObject({ state: 'proposed', proposedCategory: 'D', category: 'D', categoryCodes: ['A', 'B', 'C', 'D'], reviewedThrough: result.asOf });
    expect(r.event).toMatchObject({ action: 'propose', to: { state: 'proposed', category: 'D' } });
  });

  it('refuses a confirmed round, another policy or another school', () => {
    expect(codes(proposeEntry({ round: round({ status: 'confirmed' }), school: school(), result, policy: staffs, actor: SL, at: AT }))).toEqual(['round-not-open']);
    expect(codes(proposeEntry({ round: round({ policyId: 'walsall-2014' }), school: school(), result, policy: staffs, actor: SL, at: AT }))).toEqual(['mismatch']);
    expect(codes(proposeEntry({ round: round(), school: school({ urn: 9 }), result, policy: staffs, actor: SL, at: AT }))).toEqual(['mismatch']);
  });

  it('orders codes by the policy order, not file order', () => {
    expect(categoryCodes({ categories: [...policy('wales-nscs').categories].reverse() })).toEqual(['green', 'yellow', 'amber', 'red']);
  });
});

describe('canConfirmRound and confirmRound', () => {
  const confirmed = entry({ state: 'confirmed' });
  const excluded = entry({ state: 'excluded', reason: 'Closed', school: school({ urn: 2, name: 'Closed School' }) });

  it('is ready when every entry is confirmed or excluded with a reason', () => {
    expect(canConfirmRound([confirmed, excluded])).toEqual({ ok: true, outstanding: [] });
  });

  it('lists what is outstanding', () => {
    const check = canConfirmRound([confirmed, entry({ state: 'district_moderated', school: school({ urn: 3, name: 'Late School' }) }), { ...excluded, reason: ' ' }, entry({ state: 'confirmed', category: null, school: school({ urn: 4, name: 'Blank' }) })]);
    expect(check.ok).toBe(false);
    expect(check.outstanding.map((o) => o.problem)).toEqual(['still at district moderated', 'excluded without a reason', 'confirmed without a category']);
  });

  it('an empty round cannot be confirmed', () => {
    expect(canConfirmRound([]).ok).toBe(false);
    expect(codes(confirmRound(round(), [], { actor: SL, at: AT }))).toEqual(['round-incomplete']);
  });

  it('a senior leader confirms a ready round, once', () => {
    const r = ok(confirmRound(round(), [confirmed, excluded], { actor: SL, at: AT }));
    expect(r.round).toMatchObject({ status: 'confirmed', confirmedAt: AT, confirmedBy: SL.userId });
    expect(r.event.action).toBe('confirm_round');
    expect(codes(confirmRound(r.round, [confirmed], { actor: SL, at: AT }))).toEqual(['round-not-open']);
    expect(checkRoundOpen(r.round)?.code).toBe('round-not-open');
    expect(checkRoundOpen(round())).toBeNull();
  });

  it('refuses other roles, unready rounds and entries from another round', () => {
    expect(codes(confirmRound(round(), [confirmed], { actor: LO, at: AT }))).toEqual(['forbidden-role']);
    expect(codes(confirmRound(round(), [entry()], { actor: SL, at: AT }))).toEqual(['round-incomplete']);
    expect(codes(confirmRound(round(), [entry({ state: 'confirmed', roundId: 'other' })], { actor: SL, at: AT }))).toEqual(['round-incomplete']);
  });

  it('works end to end from a good school proposal', () => {
    const result = categorise(staffs, evidence({ school: { ...evidence().school, urn: 100001 }, inspections: [goodInspection()] }), la());
    expect(ok(proposeEntry({ round: round(), school: school(), result, policy: staffs, actor: SL, at: AT })).entry.proposedCategory).toBe('B');
  });
});
