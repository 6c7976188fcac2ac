import { describe, expect, it } from 'vitest';
import { computeAll, INDICATORS, standardScopes, type IndicatorContext } from './indicators.js';
import { scrutinyReport, shownCount, shownValue, SUPPRESSED } from './scrutiny.js';
import { EXTRACT, EXTRACT_AS_OF } from './test-extract.js';

const ctx: IndicatorContext = { asOf: EXTRACT_AS_OF, goodOrBetter: { noOverallGrade: 'policy-mapping', reportCard: 'policy-mapping', policyId: 'staffordshire-2014' }, policy: null, comparators: [] };

describe('scrutiny report', () => {
  it('suppresses figures on fewer than 5 schools or 10 pupils, and counts of 1 to 4', () => {
    expect(shownValue({ value: 80, schools: 5, pupils: 3306 })).toBe('80');
    expect(shownValue({ value: 66.7, schools: 3, pupils: 795 })).toBe(SUPPRESSED);
    expect(shownValue({ value: 40, schools: 6, pupils: 9 })).toBe(SUPPRESSED);
    expect(shownValue({ value: null, schools: 0, pupils: 0 })).toBe('not held');
    expect([0, 1, 4, 5].map(shownCount)).toEqual(['0', SUPPRESSED, SUPPRESSED, '5']);
  });

  it('on the real extract: the LA (5 schools) is shown, each district (3 and 2 schools) suppressed, and no school named', () => {
    const scopes = computeAll(EXTRACT, ctx, standardScopes(EXTRACT));
    const r = scrutinyReport({ organisation: 'Hertfordshire', term: 'autumn', academicYear: '2025/26', dataDate: '2025-12-31', goodOrBetter: 'setting', indicators: INDICATORS, scopes, targets: [], categories: null, movement: null, namedSchools: null });
    const main = r.tables[0]!;
    const row = main.rows.find((x) => x[0] === 'Schools that are good or better')!;
    expect(main.columns.slice(1, 4)).toEqual(['Whole LA', 'Broxbourne', 'Dacorum']);
    expect(row.slice(1, 4)).toEqual(['80', SUPPRESSED, SUPPRESSED]);
    const text = JSON.stringify(r);
    for (const s of EXTRACT) expect(text).not.toContain(s.name);
    expect(r.intro[0]).toContain('2025-12-31');
  });
});
