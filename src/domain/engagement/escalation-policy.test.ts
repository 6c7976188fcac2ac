import { describe, expect, it } from 'vitest';
import { EscalationPolicyError, parseEscalationPolicy } from './escalation-policy.js';
import { policy } from './escalation-test-helpers.js';

type Loose = { settings: { noticeOfConcernReview: { defaultWeeks: number } }; rules: { id: string; kind: string }[] };

describe('escalation policy file', () => {
  it('loads the Staffordshire 2014 policy with a source and date on every rule', () => {
    expect(policy.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(policy.rules.length).toBeGreaterThanOrEqual(14);
    for (const r of policy.rules) {
      expect(r.source.document.length).toBeGreaterThan(0);
      expect(r.source.date).toMatch(/^\d{4}/);
    }
    expect(policy.settings.noticeOfConcernReview.defaultWeeks).toBe(6);
    expect(policy.settings.legacyWarningNoticeResponse).toBeNull();
  });

  it('rejects a review period outside its window, duplicate ids and unknown kinds with readable messages', () => {
    const bad = structuredClone(policy) as unknown as Loose;
    bad.settings.noticeOfConcernReview.defaultWeeks = 9;
    expect(() => parseEscalationPolicy(bad, 'bad.json')).toThrow(EscalationPolicyError);
    try {
      parseEscalationPolicy(bad, 'bad.json');
    } catch (e) {
      const issues = (e as EscalationPolicyError).issues.join('\n');
      expect(issues).toMatch(/settings\.noticeOfConcernReview: defaultWeeks must lie between minWeeks and maxWeeks/);
    }
    const dup = structuredClone(policy) as unknown as Loose;
    dup.rules[1].id = dup.rules[0].id;
    expect(() => parseEscalationPolicy(dup)).toThrow(/is used twice/);
    const unknown = structuredClone(policy) as unknown as Loose;
    unknown.rules[0].kind = 'guess';
    expect(() => parseEscalationPolicy(unknown)).toThrow(/rules\.0/);
  });
});

describe('the route that follows a categorisation policy', () => {
  it('selects Walsall’s route for walsall-2014 and an LA’s renamed copy of it, Staffordshire’s for both Staffordshire policies, none for Wales', async () => {
    const { escalationPolicyFor } = await import('./escalation-policy.js');
    expect(escalationPolicyFor('walsall-2014')?.id).toBe('walsall-2014');
    expect(escalationPolicyFor('walsall-2014-herts')?.id).toBe('walsall-2014');
    expect(escalationPolicyFor('staffordshire-2008')?.id).toBe('staffordshire-2014');
    expect(escalationPolicyFor('staffordshire-2014')?.id).toBe('staffordshire-2014');
    expect(escalationPolicyFor('wales-nscs')).toBeNull();
  });

  it('refuses a route whose next step follows a step no rule produces', async () => {
    const { loadEscalationPolicy, parseEscalationPolicy } = await import('./escalation-policy.js');
    const walsall = structuredClone(loadEscalationPolicy('walsall-2014')) as unknown as { rules: { id: string }[] };
    walsall.rules = walsall.rules.filter((r) => r.id !== 'ir.insufficient-progress');
    expect(() => parseEscalationPolicy(walsall)).toThrow(/no rule of this route produces the step adviser_informs_school/);
  });
});
