import { describe, expect, it } from 'vitest';
import { categorise } from '../engine/categorise.js';
import { summariseForLetter } from '../letter.js';
import { evidence, la, obs, policy, school, spread } from '../testing/fixtures.js';
import { expectQuoted, expectRuleFires, short, type Scenario } from '../testing/scenarios.js';

const p = policy('wales-nscs');
const dist = la({ 'ks2.rwm_expected_pct': { '2024/25': spread(40, 90) }, 'absence.overall_pct': { '2023/24': spread(3, 9) } });
const withRwm = (v: number) => evidence({ observations: [obs('ks2.rwm_expected_pct', '2024/25', v), obs('absence.overall_pct', '2023/24', 4)] });
const GROUP_VALUE = { '1': 88, '2': 72, '3': 58, '4': 43 } as const;

const scenarios: Record<string, Scenario> = {
  'standards-group-1': { evidence: withRwm(88), la: dist, inputs: { capacityToImprove: 'A' } },
  'standards-group-2': { evidence: withRwm(72), la: dist, inputs: { capacityToImprove: 'A' } },
  'standards-group-3': { evidence: withRwm(58), la: dist, inputs: { capacityToImprove: 'A' } },
  'standards-group-4': { evidence: withRwm(43), la: dist, inputs: { capacityToImprove: 'B' } },
  'attendance-lower-quartile': {
    evidence: evidence({ observations: [obs('ks2.rwm_expected_pct', '2024/25', 88), obs('absence.overall_pct', '2023/24', 8.8)] }),
    la: dist,
    inputs: { capacityToImprove: 'A' },
  },
};

describe('Wales national categorisation: rules pinned to the summary in DOMAIN.md §4b', () => {
  it('has a scenario for every rule', () => {
    expect(Object.keys(scenarios).sort()).toEqual(p.rules.map((r) => r.id).sort());
  });
  for (const rule of p.rules) {
    it(`${rule.id} → standards at least ${rule.assign.atLeast}: "${short(rule.source.quote)}"`, () => {
      expectQuoted(p, rule.source.quote);
      expectRuleFires(p, rule, scenarios[rule.id]);
    });
  }
  it('quotes its source word for word in special handling and triggers', () => {
    for (const s of p.specialHandling) expectQuoted(p, s.source.quote);
    for (const t of p.triggers) expectQuoted(p, t.source.quote);
  });
});

describe('Wales matrix: "combined into a support category green/yellow/amber/red with up to 4/10/15/25 support days"', () => {
  const expected: Record<string, Record<string, string | null>> = {
    '1': { A: 'green', B: 'yellow', C: 'amber', D: null },
    '2': { A: 'green', B: 'yellow', C: 'amber', D: 'red' },
    '3': { A: 'yellow', B: 'yellow', C: 'amber', D: 'red' },
    '4': { A: null, B: 'amber', C: 'red', D: 'red' },
  };
  for (const [group, row] of Object.entries(expected)) {
    for (const [capacity, category] of Object.entries(row)) {
      it(`standards group ${group} × capacity ${capacity} → ${category ?? 'moderate (not an expected combination)'}`, () => {
        const r = categorise(p, withRwm(GROUP_VALUE[group as keyof typeof GROUP_VALUE]), dist, { capacityToImprove: capacity as 'A' });
        expect(r.dimensions.standards.value).toBe(group);
        expect(r.dimensions.capacity.value).toBe(capacity);
        expect(r.category).toBe(category);
        expect(r.status).toBe(category ? 'confirmed' : 'provisional');
      });
    }
  }

  it('sets the support days from the category: up to 4/10/15/25', () => {
    expectQuoted(p, 'with up to 4/10/15/25 support days');
    expect(p.categories.map((c) => c.engagement.allowanceDaysPerYear)).toEqual([4, 10, 15, 25]);
  });

  it('shows a missing capacity-to-improve judgement as a gap: category provisional, with the categories still possible', () => {
    const r = categorise(p, withRwm(58), dist);
    expect(r.category).toBeNull();
    expect(r.status).toBe('provisional');
    expect(r.possibleCategories).toEqual(['yellow', 'amber', 'red']);
    expect(r.missingEvidence).toContainEqual(expect.objectContaining({ ruleId: null, effect: 'provisional', gaps: [{ what: 'Capacity to improve', reason: 'not supplied' }] }));
    expect(summariseForLetter(r, p).categoryLabel).toBe('Not yet set (possible: Yellow, Amber, Red)');
  });

  it('does not infer a standards group from missing data', () => {
    const r = categorise(p, evidence(), la(), { capacityToImprove: 'A' });
    expect(r.category).toBeNull();
    expect(r.dimensions.standards.value).toBeNull();
    expect(r.status).toBe('insufficient-evidence');
    expect(r.possibleCategories).toEqual(['green', 'yellow']);
  });

  it('special schools and PRUs: category follows capacity to improve, moderated locally', () => {
    for (const s of [school({ phase: 'special', isSpecial: true }), school({ phase: 'alternative-provision', isPRU: true })]) {
      const r = categorise(p, evidence({ school: s }), la(), { capacityToImprove: 'C' });
      expect(r.category).toBe('amber');
      expect(r.status).toBe('provisional');
    }
  });

  it('reads no Ofsted era, and says so', () => {
    expect(Object.values(p.ofstedEraHandling.eras).every((e) => e.reading === 'not-read')).toBe(true);
  });
});
