import { describe, expect, it } from 'vitest';
import { RowError, type RowResult } from '../layout.js';
import { FILES, findRow, readDataset } from './datasets.testkit.js';
import { ks2Final2015Selected } from './ks2-2015.js';
import { ks2Final2019WithOfsted } from './ks2-2019-ofsted.js';
import { ks2Final2025 } from './ks2-2025.js';

type R = RowResult;
const pick = (r: R, measure: string, year: string) =>
  r.observations.find((o) => o.measure === measure && o.academicYear === year);

describe('KS2 2024/25 Hertfordshire (919_ks2final.csv)', () => {
  const ds = readDataset(FILES.ks2_2025);
  const ctx = { source: '919_ks2final.csv' };

  it('reads Sheredes Primary School (URN 117353) for 2024/25 with its cohort', () => {
    const r = ks2Final2025.mapRow(findRow(ds, 'URN', '117353'), 2, ctx) as R;
    expect(pick(r, 'ks2.rwm_expected_pct', '2024/25')).toEqual({
      urn: 117353,
      measure: 'ks2.rwm_expected_pct',
      academicYear: '2024/25',
      value: 78,
      status: 'ok',
      raw: '78%',
      cohort: 60,
      source: '919_ks2final.csv',
    });
    expect(pick(r, 'ks2.rwm_expected_pct_disadv', '2024/25')).toMatchObject({ value: 44, cohort: 9 });
    expect(pick(r, 'ks2.rwm_expected_pct_non_disadv', '2024/25')).toMatchObject({ value: 84 });
  });

  it('emits the _24 and _23 history as 2023/24 and 2022/23', () => {
    const r = ks2Final2025.mapRow(findRow(ds, 'URN', '117353'), 2, ctx) as R;
    expect(pick(r, 'ks2.rwm_expected_pct', '2023/24')).toMatchObject({ value: 87, raw: '87%', cohort: 60, status: 'ok' });
    expect(pick(r, 'ks2.read_avg', '2023/24')).toMatchObject({ value: 111 });
    expect(pick(r, 'ks2.rwm_expected_pct', '2022/23')).toMatchObject({ value: 95, status: 'ok' });
    expect(pick(r, 'ks2.read_progress', '2022/23')).toMatchObject({ value: 2.5, ciLower: 0.9, ciUpper: 4.1, status: 'ok' });
    expect(pick(r, 'ks2.mat_progress', '2022/23')).toMatchObject({ value: 3.3 });
  });

  it('keeps a SUPP cell as suppressed, not zero', () => {
    const r = ks2Final2025.mapRow(findRow(ds, 'URN', '117353'), 2, ctx) as R;
    expect(pick(r, 'ks2.rwm_expected_pct_disadv', '2023/24')).toMatchObject({ value: null, status: 'suppressed', raw: 'SUPP' });
  });

  it('marks blank KS2 progress from 2023/24 as not_published, not missing', () => {
    const r = ks2Final2025.mapRow(findRow(ds, 'URN', '117353'), 2, ctx) as R;
    for (const year of ['2024/25', '2023/24']) {
      expect(pick(r, 'ks2.read_progress', year)).toMatchObject({ value: null, status: 'not_published', raw: '', ciLower: null });
    }
  });

  it('reads a short (ragged) row of a new school as missing', () => {
    const r = ks2Final2025.mapRow(findRow(ds, 'URN', '150844'), 2, ctx) as R;
    expect(pick(r, 'ks2.rwm_expected_pct', '2024/25')).toMatchObject({ status: 'missing', value: null });
    expect(pick(r, 'ks2.rwm_expected_pct', '2023/24')).toMatchObject({ status: 'missing' });
  });

  it('turns the LA row (RECTYPE 3) and state-funded England row (RECTYPE 5) into comparators, skipping RECTYPE 4', () => {
    const la = ks2Final2025.mapRow(findRow(ds, 'RECTYPE', '3'), 2, ctx);
    expect(la.observations).toEqual([]);
    expect(la.comparators).toContainEqual({ scope: 'la', laCode: '919', measure: 'ks2.rwm_expected_pct', academicYear: '2024/25', value: 64, source: '919_ks2final.csv' });
    expect(la.comparators).toContainEqual(expect.objectContaining({ scope: 'la', measure: 'ks2.read_progress', academicYear: '2022/23', value: 0.4 }));
    // Unpublished progress yields no comparator at all.
    expect(la.comparators.find((c) => c.measure === 'ks2.read_progress' && c.academicYear === '2024/25')).toBeUndefined();

    const england = ks2Final2025.mapRow(findRow(ds, 'RECTYPE', '5'), 2, ctx);
    expect(england.comparators).toContainEqual(expect.objectContaining({ scope: 'england', measure: 'ks2.rwm_expected_pct', academicYear: '2024/25', value: 62 }));
    expect(ks2Final2025.mapRow(findRow(ds, 'RECTYPE', '4'), 2, ctx)).toEqual({ observations: [], comparators: [], inspections: [] });
  });

  it('rejects a non-numeric value in a numeric column, naming the column', () => {
    const row = { ...findRow(ds, 'URN', '117353'), PTRWM_EXP: 'seventy' };
    expect(() => ks2Final2025.mapRow(row, 7, ctx)).toThrow(RowError);
    expect(() => ks2Final2025.mapRow(row, 7, ctx)).toThrow(/column PTRWM_EXP: unrecognised value "seventy"/);
  });

  it('refuses a caller-asserted year other than the one its columns pin', () => {
    expect(() => ks2Final2025.mapRow(findRow(ds, 'URN', '117353'), 2, { ...ctx, academicYear: '2023/24' })).toThrow(/holds 2024\/25/);
  });

  it('rejects an unknown RECTYPE and a bad URN', () => {
    const row = findRow(ds, 'URN', '117353');
    expect(() => ks2Final2025.mapRow({ ...row, RECTYPE: '9' }, 2, ctx)).toThrow(/column RECTYPE/);
    expect(() => ks2Final2025.mapRow({ ...row, URN: 'x1' }, 2, ctx)).toThrow(/column URN/);
  });
});

describe('KS2 2014/15 selected columns', () => {
  const ds = readDataset(FILES.ks2_2015);
  const ctx = { source: 'england_ks2final_selected_columns.csv' };

  it('maps old level measures to their own codes, never the new ones', () => {
    const r = ks2Final2015Selected.mapRow(findRow(ds, 'URN', '100000'), 2, ctx) as R;
    expect(pick(r, 'ks2.read_2lp_pct', '2014/15')).toMatchObject({ value: 100, raw: '100%' });
    expect(pick(r, 'ks2.writ_2lp_pct', '2014/15')).toMatchObject({ value: 97 });
    expect(pick(r, 'ks2.aps_levels', '2014/15')).toMatchObject({ value: 32.3 });
    expect(r.observations.some((o) => o.measure === 'ks2.read_progress' || o.measure === 'ks2.rwm_expected_pct')).toBe(false);
  });

  it('uses the caller year when given', () => {
    const r = ks2Final2015Selected.mapRow(findRow(ds, 'URN', '100000'), 2, { ...ctx, academicYear: '2013/14' }) as R;
    expect(r.observations[0].academicYear).toBe('2013/14');
  });

  it('reads LA (RECTYPE 3, code unknown) and England state-funded (RECTYPE 5) rows as comparators', () => {
    const la = ks2Final2015Selected.mapRow(ds.rows[1].row, 3, ctx);
    expect(la.comparators).toContainEqual(expect.objectContaining({ scope: 'la', laCode: null, measure: 'ks2.mat_2lp_pct', value: 100 }));
    const england = ks2Final2015Selected.mapRow(findRow(ds, 'RECTYPE', '5'), 2, ctx);
    expect(england.comparators).toContainEqual(expect.objectContaining({ scope: 'england', measure: 'ks2.writ_2lp_pct', value: 92 }));
  });
});

describe('KS2 2018/19 with Ofsted', () => {
  const ds = readDataset(FILES.ks2_2019);
  const ctx = { source: 'england_ks2final_with_ofsted.csv' };

  it('reads progress and the latest rating as a four-grade inspection', () => {
    const r = ks2Final2019WithOfsted.mapRow(findRow(ds, 'URN', '119910'), 2, ctx) as R;
    expect(pick(r, 'ks2.read_progress', '2018/19')).toMatchObject({ value: 2.4, status: 'ok' });
    expect(r.inspections).toEqual([
      { urn: 119910, inspectionDate: '2014-02-04', inspectionType: 'graded', era: 'four-grade', overallEffectiveness: 2, source: ctx.source },
    ]);
  });

  it('reads "Requires Improvement" as grade 3 and a blank rating as no inspection', () => {
    const ri = ds.rows.find(({ row }) => row['OFSTEDRATING'] === 'Requires Improvement')!.row;
    expect(ks2Final2019WithOfsted.mapRow(ri, 2, ctx).inspections[0].overallEffectiveness).toBe(3);
    expect(ks2Final2019WithOfsted.mapRow(findRow(ds, 'URN', '141279'), 2, ctx).inspections).toEqual([]);
  });

  it('rejects an unknown rating word and a bad date', () => {
    const row = findRow(ds, 'URN', '119910');
    expect(() => ks2Final2019WithOfsted.mapRow({ ...row, OFSTEDRATING: 'Very good' }, 2, ctx)).toThrow(/column OFSTEDRATING/);
    expect(() => ks2Final2019WithOfsted.mapRow({ ...row, INSPECTIONDT: '20140231' }, 2, ctx)).toThrow(/column INSPECTIONDT/);
  });
});
