import { describe, expect, it } from 'vitest';
import { applyStep } from './steps.js';
import { actor, ADMIN, AT, codes, DL, entry, LO, ok, SL } from './test-fixtures.js';

const at = (stage: 'link_officer_reviewed' | 'district_moderated' | 'confirmed', over = {}) => entry({ state: stage, ...over });

describe('applyStep: forward moves', () => {
  it('link officer reviews a proposal, keeping the category, with an audit event', () => {
    const r = ok(applyStep(entry(), 'link_officer_reviewed', { actor: LO, at: AT }));
    expect(r.entry).toMatchObject({ state: 'link_officer_reviewed', category: 'B', reason: null, updatedAt: AT, updatedBy: 10 });
    expect(r.event).toEqual({
      action: 'link_officer_review',
      subject: 'r-2025-autumn/100001',
      from: { state: 'proposed', category: 'B' },
      to: { state: 'link_officer_reviewed', category: 'B' },
      why: null,
      who: LO,
      when: AT,
    });
  });

  it('district lead or senior leader moderates; senior leader confirms', () => {
    expect(ok(applyStep(at('link_officer_reviewed'), 'district_moderated', { actor: DL, at: AT })).event.action).toBe('district_moderation');
    expect(ok(applyStep(at('link_officer_reviewed'), 'district_moderated', { actor: SL, at: AT })).entry.state).toBe('district_moderated');
    const c = ok(applyStep(at('district_moderated'), 'confirmed', { actor: SL, at: AT }));
    expect(c.entry.state).toBe('confirmed');
    expect(c.event.action).toBe('confirm');
  });

  it('admin may take every step', () => {
    let e = entry();
    for (const s of ['link_officer_reviewed', 'district_moderated', 'confirmed'] as const) e = ok(applyStep(e, s, { actor: ADMIN, at: AT })).entry;
    expect(e.state).toBe('confirmed');
  });

  it('refuses roles not allowed for the step', () => {
    expect(codes(applyStep(entry(), 'link_officer_reviewed', { actor: DL, at: AT }))).toEqual(['forbidden-role']);
    expect(codes(applyStep(at('link_officer_reviewed'), 'district_moderated', { actor: LO, at: AT }))).toEqual(['forbidden-role']);
    expect(codes(applyStep(at('district_moderated'), 'confirmed', { actor: DL, at: AT }))).toEqual(['forbidden-role']);
    expect(codes(applyStep(entry(), 'link_officer_reviewed', { actor: actor('head_teacher'), at: AT }))).toEqual(['forbidden-role']);
  });

  it('refuses skipping a stage, even for admin', () => {
    expect(codes(applyStep(entry(), 'district_moderated', { actor: ADMIN, at: AT }))).toEqual(['out-of-order']);
    expect(codes(applyStep(entry(), 'confirmed', { actor: SL, at: AT }))).toEqual(['out-of-order']);
  });

  it('refuses a date that is not ISO', () => {
    expect(codes(applyStep(entry(), 'link_officer_reviewed', { actor: LO, at: '15/09/2025' }))).toEqual(['bad-date']);
  });
});

describe('applyStep: category changes need a reason', () => {
  it('refuses a change from the proposal without a reason, blank or missing', () => {
    expect(codes(applyStep(entry(), 'link_officer_reviewed', { actor: LO, at: AT, toCategory: 'C' }))).toEqual(['reason-required']);
    expect(codes(applyStep(entry(), 'link_officer_reviewed', { actor: LO, at: AT, toCategory: 'C', reason: '   ' }))).toEqual(['reason-required']);
  });

  it('records the reason on the entry and in the event', () => {
    const r = ok(applyStep(entry(), 'link_officer_reviewed', { actor: LO, at: AT, toCategory: 'C', reason: ' New head, falling results ' }));
    expect(r.entry).toMatchObject({ category: 'C', reason: 'New head, falling results' });
    expect(r.event).toMatchObject({ from: { category: 'B' }, to: { category: 'C' }, why: 'New head, falling results' });
  });

  it('a later step agreeing with an explained change needs no new reason and keeps the first', () => {
    const r = ok(applyStep(at('link_officer_reviewed', { category: 'C', reason: 'New head' }), 'district_moderated', { actor: DL, at: AT }));
    expect(r.entry).toMatchObject({ category: 'C', reason: 'New head' });
  });

  it('changing back to the proposal needs a reason and clears the divergence reason', () => {
    const e = at('link_officer_reviewed', { category: 'C', reason: 'New head' });
    expect(codes(applyStep(e, 'district_moderated', { actor: DL, at: AT, toCategory: 'B' }))).toEqual(['reason-required']);
    expect(ok(applyStep(e, 'district_moderated', { actor: DL, at: AT, toCategory: 'B', reason: 'Evidence does not support C' })).entry.reason).toBeNull();
  });

  it('setting a category where the engine could not needs a reason', () => {
    const e = entry({ proposedCategory: null, category: null });
    expect(codes(applyStep(e, 'link_officer_reviewed', { actor: LO, at: AT, toCategory: 'A' }))).toEqual(['reason-required']);
    expect(ok(applyStep(e, 'link_officer_reviewed', { actor: LO, at: AT })).entry.category).toBeNull();
  });

  it('refuses an unknown category and confirming without one', () => {
    expect(codes(applyStep(entry(), 'link_officer_reviewed', { actor: LO, at: AT, toCategory: 'Z', reason: 'x' }))).toEqual(['unknown-category']);
    expect(codes(applyStep(at('district_moderated', { category: null, proposedCategory: null }), 'confirmed', { actor: SL, at: AT }))).toEqual(['category-required']);
  });

  it('reports every problem at once', () => {
    expect(codes(applyStep(entry(), 'link_officer_reviewed', { actor: DL, at: 'yesterday', toCategory: 'C' }))).toEqual(['forbidden-role', 'bad-date', 'reason-required']);
  });
});

describe('applyStep: revising, sending back, excluding', () => {
  it('the link officer may revise their own view with a reason', () => {
    const e = at('link_officer_reviewed');
    expect(codes(applyStep(e, 'link_officer_reviewed', { actor: LO, at: AT, toCategory: 'C' }))).toEqual(['reason-required']);
    const r = ok(applyStep(e, 'link_officer_reviewed', { actor: LO, at: AT, toCategory: 'C', reason: 'Second visit' }));
    expect(r.event.action).toBe('revise');
  });

  it('the proposal and a confirmed entry cannot be revised in place', () => {
    expect(codes(applyStep(entry(), 'proposed', { actor: ADMIN, at: AT, reason: 'x' }))).toEqual(['out-of-order']);
    expect(codes(applyStep(at('confirmed'), 'confirmed', { actor: SL, at: AT, reason: 'x' }))).toEqual(['out-of-order']);
  });

  it('only a senior leader (or admin) sends back, and only with a reason', () => {
    const e = at('confirmed');
    expect(codes(applyStep(e, 'district_moderated', { actor: DL, at: AT, reason: 'x' }))).toEqual(['forbidden-role']);
    expect(codes(applyStep(e, 'district_moderated', { actor: SL, at: AT }))).toEqual(['reason-required']);
    const r = ok(applyStep(e, 'proposed', { actor: SL, at: AT, reason: 'Data corrected' }));
    expect(r.entry.state).toBe('proposed');
    expect(r.event).toMatchObject({ action: 'send_back', why: 'Data corrected', from: { state: 'confirmed' }, to: { state: 'proposed' } });
    expect(ok(applyStep(e, 'link_officer_reviewed', { actor: ADMIN, at: AT, reason: 'Recheck' })).entry.state).toBe('link_officer_reviewed');
  });

  it('a senior leader excludes with a reason and may reinstate at the proposal', () => {
    expect(codes(applyStep(entry(), 'excluded', { actor: LO, at: AT, reason: 'Closing' }))).toEqual(['forbidden-role']);
    expect(codes(applyStep(entry(), 'excluded', { actor: SL, at: AT }))).toEqual(['reason-required']);
    const x = ok(applyStep(entry({ category: 'C', reason: 'New head', state: 'link_officer_reviewed' }), 'excluded', { actor: SL, at: AT, reason: 'Closes in December' }));
    expect(x.entry).toMatchObject({ state: 'excluded', reason: 'Closes in December', category: 'C' });
    expect(codes(applyStep(x.entry, 'excluded', { actor: SL, at: AT, reason: 'again' }))).toEqual(['out-of-order']);
    expect(codes(applyStep(x.entry, 'link_officer_reviewed', { actor: SL, at: AT, reason: 'x' }))).toEqual(['out-of-order']);
    const back = ok(applyStep(x.entry, 'proposed', { actor: SL, at: AT, reason: 'Closure cancelled' }));
    expect(back.entry).toMatchObject({ state: 'proposed', category: 'B', reason: null });
    expect(back.event.action).toBe('reinstate');
  });
});
