import { describe, expect, it } from 'vitest';
import { gapRows } from './gaps.js';

describe('evidence gaps in words', () => {
  it('names the measure by its label, gives the year once, and lists a gap shared by 12 rules once', () => {
    const gap = { what: 'ks2.rwm_expected_pct 2023/24', measure: 'ks2.rwm_expected_pct', academicYear: '2023/24', reason: 'suppressed (small cohort)' };
    const missing = Array.from({ length: 12 }, (_, i) => ({ ruleId: `rule-${i}`, gaps: [gap], policyAction: 'Shown as a gap', effect: 'shown-only' as const }));
    const rows = gapRows(missing, (c) => (c === 'ks2.rwm_expected_pct' ? 'KS2 reading, writing and maths: expected standard (%)' : c));
    expect(rows).toHaveLength(1);
    expect(rows[0].what).toBe('KS2 reading, writing and maths: expected standard (%) 2023/24');
    expect(rows[0].what).not.toContain('ks2.');
    expect(rows[0].rules).toHaveLength(12);
    expect(rows[0].actions).toEqual(['Shown as a gap']);
  });

  it('adds the year where the gap text lacks it', () => {
    const rows = gapRows([{ ruleId: null, gaps: [{ what: 'ks4.p8', measure: 'ks4.p8', academicYear: '2024/25', reason: 'not published' }], policyAction: 'Held', effect: 'held-at-least', heldAt: 'B' }], () => 'Progress 8');
    expect(rows[0]).toMatchObject({ what: 'Progress 8, 2024/25', rules: ['General'], actions: ['Held (held at least B)'] });
  });
});
