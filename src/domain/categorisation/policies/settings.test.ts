// Numbers the sources do not state (issue 12.12): a rule whose condition uses a threshold its quotation
// does not contain must name it as the LA's setting, which the explanation, the policy page and the
// letter show as such, never as the source's words.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadShippedPolicies, parsePolicy, SHIPPED_POLICY_DIR } from '../index.js';
import { settingsRead } from '../policy/condition-schema.js';
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
      it(`${policy.id} ${rule.id}: every number its quotation lacks is a named setting, not a number in the condition`, () => {
        expect(unstated, `the quotation "${rule.source.quote}" states no ${unstated.join(' or ')}: name a setting instead`).toEqual([]);
        // Shipped policies name settings; words on the rule are only for versions stored before settings existed.
        expect(rule.laSetting).toBeUndefined();
        for (const id of settingsRead(rule.when)) expect(policy.settings[id], `${rule.id} names setting ${id}`).toBeDefined();
      });
    }
    it(`${policy.id}: each setting says why it is one and ships Lodestar's default`, () => {
      for (const [id, s] of Object.entries(policy.settings)) {
        expect(s.value, id).toBe(s.lodestarDefault);
        expect(s.statement.length, id).toBeGreaterThan(10);
      }
    });
  }

  it('a setting is one place to change a number: every rule that names it follows, and the explanation says so', () => {
    const policy = loadShippedPolicies().get('staffordshire-2014')!;
    const evidence = fixture({ intelligence: [intel('parental_complaint', '2025-03-01')] });
    expect(categorise(policy, evidence, la()).firedRules.map((f) => f.ruleId)).not.toContain('complaints');
    const edited = { ...policy, settings: { ...policy.settings, 'complaints-count': { ...policy.settings['complaints-count'], value: 1 } } };
    const fired = categorise(edited, evidence, la()).firedRules.find((f) => f.ruleId === 'complaints');
    expect(fired?.laSettings).toEqual([expect.objectContaining({ id: 'complaints-count', value: '1 or more', lodestarDefault: '2 or more', isDefault: false })]);
  });

  it('validates settings: a name that does not exist, a value outside the bounds of where it is used, one nobody uses', () => {
    const raw = () => JSON.parse(readFileSync(join(SHIPPED_POLICY_DIR, 'staffordshire-2014.json'), 'utf8'));
    const errors = (p: unknown) => {
      const r = parsePolicy(p);
      return r.ok ? [] : r.errors;
    };
    const missing = raw();
    delete missing.settings['complaints-count'];
    expect(errors(missing)).toContainEqual(expect.objectContaining({ message: 'no setting "complaints-count" under "settings"' }));
    const fractional = raw();
    fractional.settings['complaints-count'].value = 1.5;
    expect(errors(fractional)).toContainEqual(expect.objectContaining({ path: '$.settings["complaints-count"].value', message: expect.stringContaining('rule "complaints"') }));
    const unused = raw();
    unused.settings['spare'] = { ...unused.settings['complaints-count'] };
    expect(errors(unused)).toContainEqual(expect.objectContaining({ path: '$.settings.spare', message: expect.stringContaining('not used') }));
  });

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
