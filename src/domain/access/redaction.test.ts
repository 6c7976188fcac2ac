// The redaction rule on the engine's real output with the shipped policies: a reader without
// intelligence:read-confidential never gets a confidential item's kind, date or detail, nor a rule or
// count that rests on it; a permitted reader gets everything. Evidence here is built by hand (the db
// matrix test drives the same rule through the pages, letters and CLI with real schools).
import { describe, expect, it } from 'vitest';
import { categorise } from '../categorisation/index.js';
import { evidence, goodInspection, intel, la, policy } from '../categorisation/testing/fixtures.js';
import type { CategorisationResult } from '../categorisation/result-types.js';
import { explanationBullets } from '../../letters/from-result.js';
import {
  DEFAULT_WITHHELD_SENTENCE,
  isConfidentialFlagRow,
  PERMITTED_READER,
  redactResult,
  SCHOOL_READER,
  visibleFlags,
  withheldWordingSchema,
} from './redaction.js';

const ASOF = '2026-12-01';
const text = (x: unknown) => JSON.stringify(x);

describe('categorisation explanations', () => {
  const staffs = policy('staffordshire-2014');
  const withConfidentialConcern = () =>
    categorise(staffs, evidence({ asOf: ASOF, inspections: [goodInspection()], intelligence: [intel('safeguarding_concern', '2026-11-01', { id: 41, confidential: true, summary: 'A pupil disclosure' })] }), la(), {
      lastCategorisedOn: '2026-09-01',
    });

  it('marks the rule and the trigger that rest on a confidential item when the engine produces them', () => {
    const r = withConfidentialConcern();
    const rule = r.firedRules.find((f) => f.ruleId === 'open-safeguarding-concern')!;
    expect(rule.confidential).toBe(true);
    expect(rule.withoutConfidential).toBeNull();
    expect(rule.evidence[0]).toMatchObject({ kind: 'intelligence', confidential: true, itemId: 41 });
    expect(r.reviewNow.find((f) => f.event === 'safeguarding-concern')).toMatchObject({ confidential: true, itemId: 41 });
    expect(r.category).toBe('C');
  });

  it('gives a reader without the permission the category and the LA sentence, never the kind or the date', () => {
    const shown = redactResult(withConfidentialConcern(), SCHOOL_READER);
    expect(shown.category).toBe('C');
    expect(shown.firedRules.map((f) => f.ruleId)).not.toContain('open-safeguarding-concern');
    expect(shown.reviewNow.filter((f) => f.event === 'safeguarding-concern')).toEqual([]);
    expect(shown.withheld).toEqual({ any: true, sentence: DEFAULT_WITHHELD_SENTENCE });
    expect(text(shown)).not.toMatch(/safeguarding concern|2026-11-01|disclosure|"itemId":41/i);
    const bullets = explanationBullets(shown, staffs).join('\n');
    expect(bullets).toContain(DEFAULT_WITHHELD_SENTENCE);
    expect(bullets).not.toMatch(/safeguarding|1 November 2026/i);
  });

  it('leaves the explanation whole for a reader with the permission', () => {
    const shown = redactResult(withConfidentialConcern(), PERMITTED_READER);
    expect(shown.firedRules.map((f) => f.ruleId)).toContain('open-safeguarding-concern');
    expect(shown.withheld.any).toBe(false);
    expect(text(shown)).toContain('2026-11-01');
  });

  it('says nothing at all where the LA chose that, and does not claim that nothing applied', () => {
    const shown = redactResult(withConfidentialConcern(), SCHOOL_READER, { schoolReads: 'nothing' });
    expect(shown.withheld).toEqual({ any: true, sentence: null });
    const bullets = explanationBullets(shown, staffs);
    expect(bullets.join('\n')).not.toMatch(/None of the policy|safeguarding|LA holds/);
  });

  it('does not redact a non-confidential item', () => {
    const r = categorise(staffs, evidence({ asOf: ASOF, inspections: [goodInspection()], intelligence: [intel('safeguarding_concern', '2026-11-01')] }), la());
    const shown = redactResult(r, SCHOOL_READER);
    expect(shown.firedRules.map((f) => f.ruleId)).toContain('open-safeguarding-concern');
    expect(shown.withheld.any).toBe(false);
  });

  it('counts Walsall indicators without the confidential one: three with one hidden is withheld, not "two"', () => {
    const walsall = policy('walsall-2014');
    const items = [
      intel('leadership_concern', '2026-09-29', { id: 7, indicator: 'complaints_about_head', confidential: true, summary: 'Letters from staff' }),
      intel('leadership_concern', '2026-06-01', { indicator: 'standards_not_rising' }),
      intel('governance_concern', '2026-06-02', { indicator: 'gb_not_focused_on_improvement' }),
    ];
    const r = categorise(walsall, evidence({ asOf: ASOF, inspections: [goodInspection()], intelligence: items }), la());
    expect(r.firedRules.map((f) => f.ruleId)).toContain('leadership-governance-indicators-three');
    const shown = redactResult(r, SCHOOL_READER);
    expect(shown.firedRules.map((f) => f.ruleId)).not.toContain('leadership-governance-indicators-three');
    expect(text(shown)).not.toMatch(/Head Teacher's leadership|complaints_about_head|2026-09-29|Letters from staff|3 leadership/);
    expect(shown.withheld.sentence).toBe(DEFAULT_WITHHELD_SENTENCE);
  });

  it('keeps a rule that fires without the confidential item, with the count and evidence of the others only', () => {
    const walsall = policy('walsall-2014');
    const items = [
      intel('leadership_concern', '2026-09-29', { id: 7, indicator: 'complaints_about_head', confidential: true }),
      intel('leadership_concern', '2026-06-01', { indicator: 'standards_not_rising' }),
      intel('leadership_concern', '2026-06-03', { indicator: 'refusal_to_engage' }),
      intel('governance_concern', '2026-06-02', { indicator: 'gb_not_focused_on_improvement' }),
    ];
    const r = categorise(walsall, evidence({ asOf: ASOF, inspections: [goodInspection()], intelligence: items }), la());
    const full = r.firedRules.find((f) => f.ruleId === 'leadership-governance-indicators-three')!;
    expect(full.notes.join()).toMatch(/^4 /);
    const shown = redactResult(r, SCHOOL_READER).firedRules.find((f) => f.ruleId === 'leadership-governance-indicators-three')!;
    expect(shown.notes.join()).toMatch(/^3 /);
    expect(shown.evidence).toHaveLength(3);
    expect(text(shown)).not.toMatch(/Head Teacher's leadership|2026-09-29|"confidential":true/);
    expect(redactResult(r, SCHOOL_READER).withheld.any).toBe(false);
  });

  it('redacts results stored before the marks existed, from the old "(confidential)" wording', () => {
    const r = withConfidentialConcern();
    const drop = new Set(['confidential', 'withoutConfidential', 'itemId']);
    const legacy = JSON.parse(JSON.stringify(r), (k, v: unknown) => (drop.has(k) ? undefined : v)) as CategorisationResult;
    expect(text(legacy)).not.toContain('"confidential":true');
    const shown = redactResult(legacy, SCHOOL_READER);
    expect(shown.firedRules.map((f) => f.ruleId)).not.toContain('open-safeguarding-concern');
    expect(shown.reviewNow.filter((f) => f.event === 'safeguarding-concern')).toEqual([]);
    expect(shown.withheld.any).toBe(true);
  });
});

describe('review flags', () => {
  it('hides flags raised by confidential items, and older intelligence flags, from readers without the permission', () => {
    const flags = [
      { kind: 'safeguarding', details: { intelligenceItemId: 1, confidential: true } },
      { kind: 'safeguarding', details: { intelligenceItemId: 2, confidential: false } },
      { kind: 'safeguarding', details: { intelligenceItemId: 3 } },
      { kind: 'ofsted', details: { importId: 4 } },
    ];
    expect(flags.map(isConfidentialFlagRow)).toEqual([true, false, true, false]);
    expect(visibleFlags(flags, SCHOOL_READER)).toEqual([flags[1], flags[3]]);
    expect(visibleFlags(flags, PERMITTED_READER)).toEqual(flags);
  });
});

describe('the LA setting', () => {
  it('defaults to the neutral sentence and accepts "nothing"', () => {
    expect(withheldWordingSchema.parse(undefined)).toEqual({ schoolReads: 'sentence', sentence: DEFAULT_WITHHELD_SENTENCE });
    expect(withheldWordingSchema.parse({ schoolReads: 'nothing' })).toEqual({ schoolReads: 'nothing' });
  });

  it('refuses a sentence that would say what kind of information it is, or when', () => {
    for (const sentence of ['We hold a safeguarding concern.', 'Complaints were received.', 'An HR matter is open.', 'Information from 2026.', ''])
      expect(withheldWordingSchema.safeParse({ schoolReads: 'sentence', sentence }).success, sentence).toBe(false);
    expect(withheldWordingSchema.safeParse({ schoolReads: 'sometimes' }).success).toBe(false);
  });
});
