import { describe, expect, it } from 'vitest';
import type { RowResult } from '../layout.js';
import { FILES, findRow, readDataset } from './datasets.testkit.js';
import { ks4Final2019WithOfsted, ks4Provisional2019 } from './ks4-2019.js';
import { ks4Final2025 } from './ks4-2025.js';

const pick = (r: RowResult, measure: string, year: string) =>
  r.observations.find((o) => o.measure === measure && o.academicYear === year);

describe('KS4 2024/25 Hertfordshire (919_ks4final.csv)', () => {
  const ds = readDataset(FILES.ks4_2025);
  const ctx = { source: '919_ks4final.csv' };

  it('reads Yavneh College (URN 136922) with cohorts, and P8 2024/25 as not_published', () => {
    const r = ks4Final2025.mapRow(findRow(ds, 'URN', '136922'), 2, ctx);
    expect(pick(r, 'ks4.attainment8', '2024/25')).toMatchObject({ value: 61.6, cohort: 152, status: 'ok' });
    expect(pick(r, 'ks4.basics_95_pct', '2024/25')).toMatchObject({ value: 75, raw: '75.00%' });
    expect(pick(r, 'ks4.attainment8_disadv', '2024/25')).toMatchObject({ value: 38.7, cohort: 8 });
    expect(pick(r, 'ks4.progress8', '2024/25')).toMatchObject({ value: null, status: 'not_published', raw: 'NA', ciLower: null });
  });

  it('emits _PREV and _PREV2 as the two previous years, with P8 confidence intervals', () => {
    const r = ks4Final2025.mapRow(findRow(ds, 'URN', '136922'), 2, ctx);
    expect(pick(r, 'ks4.progress8', '2023/24')).toMatchObject({ value: 0.97, ciLower: 0.74, ciUpper: 1.19, cohort: 151, status: 'ok' });
    expect(pick(r, 'ks4.attainment8', '2023/24')).toMatchObject({ value: 61.7 });
    expect(pick(r, 'ks4.progress8', '2022/23')).toMatchObject({ value: 0.85 });
    expect(pick(r, 'ks4.attainment8', '2022/23')).toMatchObject({ value: 58 });
  });

  it('shifts the history with a caller-asserted year', () => {
    const r = ks4Final2025.mapRow(findRow(ds, 'URN', '136922'), 2, { ...ctx, academicYear: '2025/26' });
    expect(pick(r, 'ks4.progress8', '2024/25')).toMatchObject({ value: 0.97 });
  });

  it('reads NE as no_entries and NP as not_published', () => {
    const special = ks4Final2025.mapRow(findRow(ds, 'URN', '117684'), 2, ctx);
    expect(pick(special, 'ks4.attainment8', '2024/25')).toMatchObject({ status: 'no_entries', raw: 'NE', cohort: 7 });
    const independent = ks4Final2025.mapRow(findRow(ds, 'URN', '117600'), 2, ctx);
    expect(pick(independent, 'ks4.attainment8_disadv', '2024/25')).toMatchObject({ status: 'not_published', raw: 'NP' });
  });

  it('uses RECTYPE 4 as the LA and RECTYPE 7 as state-funded England, skipping RECTYPE 5 (all schools)', () => {
    const la = ks4Final2025.mapRow(findRow(ds, 'RECTYPE', '4'), 2, ctx);
    expect(la.comparators).toContainEqual({ scope: 'la', laCode: '919', measure: 'ks4.attainment8', academicYear: '2024/25', value: 50.6, source: ctx.source });
    expect(la.comparators).toContainEqual(expect.objectContaining({ measure: 'ks4.progress8', academicYear: '2023/24', value: 0.19 }));
    const england = ks4Final2025.mapRow(findRow(ds, 'RECTYPE', '7'), 2, ctx);
    expect(england.comparators).toContainEqual(expect.objectContaining({ scope: 'england', measure: 'ks4.attainment8', academicYear: '2024/25', value: 46.1 }));
    expect(ks4Final2025.mapRow(findRow(ds, 'RECTYPE', '5'), 2, ctx).comparators).toEqual([]);
  });

  it('names the column of a malformed number', () => {
    const row = { ...findRow(ds, 'URN', '136922'), ATT8SCR: '61,6' };
    expect(() => ks4Final2025.mapRow(row, 9, ctx)).toThrow(/column ATT8SCR: unrecognised value "61,6"/);
  });
});

describe('KS4 2018/19 provisional', () => {
  const ds = readDataset(FILES.ks4_2019_prov);
  const ctx = { source: 'england_ks4provisional.csv' };

  it('reads Progress 8 with its confidence interval and pupils', () => {
    const r = ks4Provisional2019.mapRow(findRow(ds, 'URN', '136922'), 2, ctx);
    expect(pick(r, 'ks4.progress8', '2018/19')).toEqual({
      urn: 136922,
      measure: 'ks4.progress8',
      academicYear: '2018/19',
      value: 0.84,
      status: 'ok',
      raw: '0.84',
      ciLower: 0.63,
      ciUpper: 1.06,
      cohort: 136,
      source: ctx.source,
    });
    expect(pick(r, 'ks4.basics_94_pct', '2018/19')).toMatchObject({ value: 90.5, cohort: 148 });
  });

  it('reads NA for an independent school as not_applicable (P8 was published in 2018/19)', () => {
    const r = ks4Provisional2019.mapRow(findRow(ds, 'URN', '100003'), 2, ctx);
    expect(pick(r, 'ks4.progress8', '2018/19')).toMatchObject({ status: 'not_applicable', raw: 'NA' });
  });

  it('takes LA 919 from RECTYPE 4 and England from RECTYPE 7; a blank LA row yields nothing', () => {
    const la = ks4Provisional2019.mapRow(findRow(ds, 'RECTYPE', '4', (r) => r['LEA'] === '919'), 2, ctx);
    expect(la.comparators).toContainEqual(expect.objectContaining({ scope: 'la', laCode: '919', measure: 'ks4.progress8', value: 0.11 }));
    const england = ks4Provisional2019.mapRow(findRow(ds, 'RECTYPE', '7'), 2, ctx);
    expect(england.comparators).toContainEqual(expect.objectContaining({ scope: 'england', measure: 'ks4.progress8', value: -0.03 }));
    const empty = ks4Provisional2019.mapRow(findRow(ds, 'RECTYPE', '4', (r) => r['LEA'] === '201'), 2, ctx);
    expect(empty.comparators).toEqual([]);
  });
});

describe('KS4 2018/19 with Ofsted', () => {
  const ds = readDataset(FILES.ks4_2019);
  const ctx = { source: 'england_ks4final_with_ofsted.csv' };

  it('reads measures and the rating; Satisfactory is grade 3 of the four-grade era', () => {
    const r = ks4Final2019WithOfsted.mapRow(findRow(ds, 'URN', '100092'), 2, ctx);
    expect(pick(r, 'ks4.progress8', '2018/19')).toMatchObject({ value: -2.96, status: 'ok' });
    expect(r.inspections[0]).toMatchObject({ inspectionDate: '2013-01-17', overallEffectiveness: 2, era: 'four-grade' });
    const sat = ks4Final2019WithOfsted.mapRow(findRow(ds, 'URN', '131411'), 2, ctx);
    expect(sat.inspections[0]).toMatchObject({ inspectionDate: '2008-05-14', overallEffectiveness: 3 });
    expect(pick(sat, 'ks4.progress8', '2018/19')).toMatchObject({ status: 'not_published', raw: 'NP' });
  });
});
