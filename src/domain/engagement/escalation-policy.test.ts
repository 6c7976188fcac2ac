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
