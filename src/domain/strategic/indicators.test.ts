// Each indicator pinned on a small real extract (test-extract.ts: five Hertfordshire schools as the
// bundled files hold them). Where a case needs evidence Hertfordshire's files do not contain (an
// inadequate school, an inspection without an overall grade, the LA's own rounds), one real row is
// changed and the test says so.
import { describe, expect, it } from 'vitest';
import { loadShippedPolicies } from '../categorisation/index.js';
import type { Comparator, Inspection } from '../evidence/types.js';
import { compute, computeAll, describeGoodOrBetter, INDICATORS, movers, readGoodOrBetter, standardScopes, type EvidenceRow, type IndicatorContext } from './indicators.js';
import { EXTRACT, EXTRACT_AS_OF } from './test-extract.js';

const policy = loadShippedPolicies().get('staffordshire-2014')!;
// England rows of the same files (the NAT rows of 919_ks2final.csv and 919_ks4final.csv, 2023/24).
const comparators: Comparator[] = [
  { scope: 'england', measure: 'ks2.rwm_expected_pct', academicYear: '2023/24', value: 61, source: '919_ks2final.csv' },
  { scope: 'england', measure: 'ks4.attainment8', academicYear: '2023/24', value: 45.9, source: '919_ks4final.csv' },
];
const ctx: IndicatorContext = {
  asOf: EXTRACT_AS_OF,
  goodOrBetter: { noOverallGrade: 'policy-mapping', reportCard: 'policy-mapping', policyId: 'staffordshire-2014' },
  policy,
  comparators,
};
const HOLDBROOK = 117091; // latest graded inspection 27 Feb 2018: Requires improvement
const FOUR_SWANNES = 117092; // 11 Jun 2019: Good

function withInspection(urn: number, change: Partial<Inspection>): EvidenceRow[] {
  return EXTRACT.map((r) => (r.urn === urn ? { ...r, inspections: [{ ...r.inspections[0]!, ...change }, ...r.inspections.slice(1)] } : r));
}

describe('strategic indicators on a real extract', () => {
  it('every indicator has a unique id and a definition', () => {
    expect(new Set(INDICATORS.map((i) => i.id)).size).toBe(INDICATORS.length);
    for (const i of INDICATORS) expect(i.definition.length).toBeGreaterThan(20);
  });

  it('schools and pupils in good or better schools, with the setting stated', () => {
    // Four of five are Good; Holdbrook (205 pupils on roll, January 2024 census) requires improvement.
    const schools = compute('schools-good-or-better', EXTRACT, ctx);
    expect(schools).toMatchObject({ value: 80, schools: 5, pupils: 3306 });
    const pupils = compute('pupils-good-or-better', EXTRACT, ctx);
    // (209 + 381 + 965 + 1546) / 3306
    expect(pupils).toMatchObject({ value: 93.8, schools: 5, pupils: 3306 });
    expect(pupils.note).toBe(describeGoodOrBetter(ctx.goodOrBetter));
    expect(pupils.note).toContain('staffordshire-2014');
  });

  it('an inspection without an overall grade counts as the LA setting says (changed row)', () => {
    // Four Swannes' Good inspection, read as if it were an era-2 one with quality of education graded 3.
    const rows = withInspection(FOUR_SWANNES, { era: 'no-overall-grade', overallEffectiveness: null, inspectionDate: '2025-01-15', subJudgements: { quality_of_education: 3 } });
    const mapped = compute('schools-good-or-better', rows, ctx);
    expect(mapped).toMatchObject({ value: 60, schools: 5 });
    expect(readGoodOrBetter(rows.find((r) => r.urn === FOUR_SWANNES)!, ctx).basis).toContain('staffordshire-2014 policy maps it to D');
    const notCounted = compute('schools-good-or-better', rows, { ...ctx, goodOrBetter: { ...ctx.goodOrBetter, noOverallGrade: 'not-counted' } });
    expect(notCounted).toMatchObject({ value: 75, schools: 4, pupils: 3306 - 209 });
    // The earlier four-grade Good stands under 'previous-grade' (it is still in the school's history).
    const withHistory = rows.map((r) => (r.urn === FOUR_SWANNES ? { ...r, inspections: [...r.inspections, EXTRACT.find((x) => x.urn === FOUR_SWANNES)!.inspections[0]!] } : r));
    const previous = compute('schools-good-or-better', withHistory, { ...ctx, goodOrBetter: { ...ctx.goodOrBetter, noOverallGrade: 'previous-grade' } });
    expect(previous).toMatchObject({ value: 80, schools: 5 });
  });

  it('schools in an Ofsted category of concern and the months since (changed row: Holdbrook inadequate)', () => {
    expect(compute('schools-ofsted-concern', EXTRACT, ctx)).toMatchObject({ value: 0, schools: 5, distribution: { count: 0 } });
    const rows = withInspection(HOLDBROOK, { overallEffectiveness: 4, categoryOfConcern: 'special_measures' });
    expect(compute('schools-ofsted-concern', rows, ctx)).toMatchObject({ value: 20, schools: 5, distribution: { count: 1 } });
    // 27 February 2018 to 1 September 2025: 90 whole months.
    expect(compute('ofsted-concern-months', rows, ctx)).toMatchObject({ value: 90, schools: 1, pupils: 205 });
  });

  it('KS2 headline and progress: pupil-weighted, latest year published, against England', () => {
    // 2023/24: (48×21 + 32×28 + 51×49) / 98 = 44.9; England 61.
    expect(compute('ks2-rwm-expected', EXTRACT, ctx)).toMatchObject({ value: 44.9, year: '2023/24', schools: 3, pupils: 98, england: 61, vsEngland: -16.1 });
    // Progress is not published for 2023/24 (no KS1 baseline): 2022/23, (2.1×23 + 2.9×26 − 3×56) / 105.
    expect(compute('ks2-reading-progress', EXTRACT, ctx)).toMatchObject({ value: -0.42, year: '2022/23', schools: 3, pupils: 105 });
    // (3.1×23 + 1.6×26 − 2.6×56) / 105
    expect(compute('ks2-maths-progress', EXTRACT, ctx)).toMatchObject({ value: -0.31, year: '2022/23' });
  });

  it('KS4 headline and progress', () => {
    // The KS4 file gives no cohort for Attainment 8: each school counts once, pupils are those on roll.
    const a8 = compute('ks4-attainment8', EXTRACT, ctx);
    expect(a8).toMatchObject({ value: 45.5, year: '2023/24', schools: 2, pupils: 965 + 1546, england: 45.9, vsEngland: -0.4 });
    expect(a8.note).toContain('each school counts once');
    // (−0.6×162 + 0.36×228) / 390
    expect(compute('ks4-progress8', EXTRACT, ctx)).toMatchObject({ value: -0.04, schools: 2, pupils: 390 });
  });

  it('disadvantaged gaps', () => {
    // KS2 group cohorts are not published for prior years: (45+38+40)/3 − (50+30+59)/3.
    expect(compute('ks2-disadvantaged-gap', EXTRACT, ctx)).toMatchObject({ value: -5.3, year: '2023/24', schools: 3 });
    // KS4: (26.8×54 + 38.1×36)/90 − (42.1×114 + 56.5×206)/320 = 31.32 − 51.37.
    expect(compute('ks4-disadvantaged-gap', EXTRACT, ctx)).toMatchObject({ value: -20.1, schools: 2, pupils: 410 });
  });

  it('attendance and persistent absence', () => {
    expect(compute('overall-absence', EXTRACT, ctx)).toMatchObject({ value: 8, year: '2023/24', schools: 5, pupils: 3306 });
    expect(compute('persistent-absence', EXTRACT, ctx)).toMatchObject({ value: 24.7, year: '2023/24', schools: 5 });
  });

  it('the LA category distribution and time in the highest category (rounds added to the real rows)', () => {
    const rounds: Record<number, (string | null)[]> = { 117091: ['C', 'D', 'D'], 117092: ['D', 'C', 'B'], 117180: ['A', 'A', 'A'], 117552: ['D', 'D', 'D'] };
    const dates = ['2024-09-01', '2025-01-06', '2025-04-22'];
    const rows = EXTRACT.map((r) => ({ ...r, categories: (rounds[r.urn] ?? []).map((code, i) => ({ roundAsOf: dates[i]!, code })) }));
    const dist = compute('la-category-distribution', rows, ctx);
    expect(dist).toMatchObject({ value: 50, schools: 4, distribution: { A: 1, B: 1, C: 0, D: 2 } });
    // Holdbrook in D since 6 Jan 2025 (7 months), Astley Cooper since 1 Sep 2024 (12): median 9.5.
    expect(compute('high-concern-months', rows, ctx)).toMatchObject({ value: 9.5, schools: 2, pupils: 205 + 965 });
  });

  it('scopes: the LA, each district, phase and type, each with its own counts', () => {
    const all = computeAll(EXTRACT, ctx, standardScopes(EXTRACT));
    expect(all.map((s) => s.scope)).toEqual(['la', 'district:Broxbourne', 'district:Dacorum', 'phase:primary', 'phase:secondary', 'type:maintained']);
    const brox = all.find((s) => s.scope === 'district:Broxbourne')!;
    expect(brox.schools).toBe(3);
    expect(brox.figures['schools-good-or-better']).toMatchObject({ value: 66.7, schools: 3 });
    expect(brox.figures['ks4-attainment8']).toMatchObject({ value: null, schools: 0 });
    expect(all.find((s) => s.scope === 'district:Dacorum')!.figures['ks4-attainment8']).toMatchObject({ value: 45.5 });
  });

  it('an indicator computed before a figure was published does not use it', () => {
    // On 1 Sept 2023 the census of January 2024 was not out; the rows carry whatever the caller filtered.
    const early = EXTRACT.map((r) => ({ ...r, observations: r.observations.filter((o) => o.academicYear !== '2023/24') }));
    expect(compute('overall-absence', early, { ...ctx, asOf: '2023-09-01' })).toMatchObject({ year: '2018/19', value: 5.4 });
  });
});

describe('the schools that move a figure most', () => {
  it('names the schools below good, largest first, and those furthest below England', () => {
    expect(movers('pupils-good-or-better', EXTRACT, ctx).map((m) => m.urn)).toEqual([HOLDBROOK]);
    // KS2 2023/24 against England's 61: Four Swannes 32% (28 pupils) before Holdbrook 48% (21) and Hurst Drive 51% (49).
    const ks2 = movers('ks2-rwm-expected', EXTRACT, ctx);
    expect(ks2.map((m) => m.urn)).toEqual([FOUR_SWANNES, 117180, HOLDBROOK]);
    expect(ks2[0]!.why).toContain('32 in 2023/24 against England 61');
  });
});
