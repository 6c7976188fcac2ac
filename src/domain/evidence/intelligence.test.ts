import { describe, expect, it } from 'vitest';
import { dateFromParts, GOVERNANCE_INDICATORS, indicatorLabel, LEADERSHIP_INDICATORS, LEGACY_INDICATOR_CODES, kindLabel, validateDraft, validateReason, validateResolution } from './intelligence.js';

const good = { kind: 'parental_complaint', indicator: '', summary: 'Letter about bullying in year 5', source: 'Parent letter to the LA', occurredOn: '2025-03-04', confidential: false };

describe('intelligence items', () => {
  it('accepts a complete item', () => {
    expect(validateDraft(good, '2025-06-01')).toEqual({});
  });

  it('names every missing or wrong field', () => {
    const e = validateDraft({ kind: 'rumour', indicator: '', summary: ' ', source: '', occurredOn: '', confidential: false }, '2025-06-01');
    expect(Object.keys(e).sort()).toEqual(['kind', 'occurredOn', 'source', 'summary']);
  });

  it('requires a Walsall indicator for concern kinds only', () => {
    expect(validateDraft({ ...good, kind: 'leadership_concern' }, '2025-06-01').indicator).toBe('Select the concern indicator');
    expect(validateDraft({ ...good, kind: 'leadership_concern', indicator: 'refusal_to_engage' }, '2025-06-01')).toEqual({});
    expect(validateDraft({ ...good, kind: 'governance_concern', indicator: 'refusal_to_engage' }, '2025-06-01').indicator).toBeDefined();
    expect(validateDraft({ ...good, indicator: 'audit_failings_leadership' }, '2025-06-01').indicator).toBeDefined();
    expect(indicatorLabel('governance_concern', 'vacancies_not_acted_on')).toBe('Appropriate action to deal with governor vacancies has not been taken');
    expect(kindLabel('qualifying_complaint')).toBe('Qualifying complaint to Ofsted');
  });

  it('maps every code the form used before to one the policy lists under the same heading', () => {
    for (const [kind, map] of Object.entries(LEGACY_INDICATOR_CODES)) {
      const list = kind === 'leadership_concern' ? LEADERSHIP_INDICATORS : GOVERNANCE_INDICATORS;
      for (const [old, code] of Object.entries(map)) {
        expect(list, `${kind} ${old}`).toHaveProperty(code);
        expect(list).not.toHaveProperty(old);
      }
    }
  });

  it('refuses impossible and future dates', () => {
    expect(dateFromParts('31', '2', '2025')).toBeNull();
    expect(dateFromParts('4', '3', '2025')).toBe('2025-03-04');
    expect(validateDraft({ ...good, occurredOn: '2025-07-01' }, '2025-06-01').occurredOn).toMatch(/past/);
    expect(validateResolution('2025-03-01', '2025-03-04', '2025-06-01').resolvedOn).toMatch(/on or after/);
    expect(validateResolution('2025-03-05', '2025-03-04', '2025-06-01')).toEqual({});
    expect(validateReason('').reason).toBeDefined();
  });
});
