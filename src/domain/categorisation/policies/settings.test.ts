// Numbers the sources do not state (issue 12.12): a rule whose condition uses a threshold its quotation
// does not contain must name it as the LA's setting, which the explanation, the policy page and the
// letter show as such, never as the source's words.
import { describe, expect, it } from 'vitest';
import { loadShippedPolicies } from '../index.js';
import { redactResult, SCHOOL_READER } from '../../access/redaction.js';
import { explanationBullets } from '../../../letters/from-result.js';
import { categorise } from '../engine/categorise.js';
import { evidence as fixture, intel, la } from '../testing/fixtures.js';

const NUMERIC_KEYS = new Set(['by', 'atLeast', 'atMost', 'consecutiveYears', 'years']);

function thresholds(when: unknown, out: number[] = []): number[] {
  if (Array.isArray(when)) when.forEach((w) => thresholds(w, out));
  else if (when && typeof when === 'object')
    for (const [k, v] of Object.entries(when)) {
      if (NUMERIC_KEYS.has(k) && typeof v === 'number' && v > 1) out.push(v);
      else thresholds(v, out);
    }
  return out;
}

describe('thresholds the source does not state are LA settings', () => {
  for (const policy of loadShippedPolicies().values()) {
    for (const rule of policy.rules) {
      const unstated = thresholds(rule.when).filter((n) => !new RegExp(`\\b${n}\\b`).test(rule.source.quote));
      if (!unstated.length) continue;
      it(`${policy.id} ${rule.id} (${unstated.join(', ')}) names its LA setting`, () => {
        expect(rule.laSetting, `the quotation "${rule.source.quote}" states no ${unstated.join(' or ')}`).toBeDefined();
        for (const n of unstated) expect(rule.laSetting!.value).toMatch(new RegExp(`\\b${n}\\b`));
      });
    }
  }

  it('the letter says "your LA\'s setting" for such a rule', () => {
    const policy = loadShippedPolicies().get('walsall-2014')!;
    const evidence = fixture({
      intelligence: [
        intel('leadership_concern', '2025-03-01', { indicator: 'refusal_to_engage' }),
        intel('governance_concern', '2025-03-02', { indicator: 'vacancies_not_acted_on' }),
        intel('governance_concern', '2025-03-03', { indicator: 'external_review_weak' }),
      ],
    });
    const result = categorise(policy, evidence, la());
    const fired = result.firedRules.find((f) => f.ruleId === 'leadership-governance-indicators-three');
    expect(fired?.laSettings?.[0].value).toBe('3 or more');
    expect(explanationBullets(redactResult(result, SCHOOL_READER), policy).join(' ')).toContain("Your LA's setting: open leadership or governance indicators that place a school in band C: 3 or more");
  });
});
