import { describe, expect, it } from 'vitest';
import type { RowResult } from '../layout.js';
import { absence2015, absencePa10 } from './absence.js';
import { census2019, census2024 } from './census.js';
import { FILES, findRow, readDataset } from './datasets.testkit.js';

const pick = (r: RowResult, measure: string) => r.observations.find((o) => o.measure === measure);

describe('census 2018/19 (england_census.csv, UTF-8 BOM)', () => {
  const ds = readDataset(FILES.census_2019);
  const ctx = { source: 'england_census.csv' };

  it('reads a school row although the URN header carries a BOM', () => {
    const row = findRow(ds, 'URN', '100000');
    expect(Object.keys(row)[0]).toBe('\uFEFFURN');
    const r = census2019.mapRow(row, 2, ctx);
    expect(pick(r, 'census.pupils')).toMatchObject({ urn: 100000, academicYear: '2018/19', value: 285, status: 'ok' });
    expect(pick(r, 'census.fsm_ever6_pct')).toMatchObject({ value: 16.2 });
    expect(pick(r, 'census.ehcp_pct')).toMatchObject({ value: 1.8 });
    expect(pick(r, 'census.sen_support_pct')).toMatchObject({ value: 17.5 });
    expect(pick(r, 'census.eal_pct')).toMatchObject({ value: 49.5 });
    expect(pick(r, 'census.first_language_unclassified_pct')).toMatchObject({ value: 0.4, raw: '0.4' });
    // Derived: NUMFSM 32 / NOR 285.
    expect(pick(r, 'census.fsm_pct')).toMatchObject({ value: 11.2, status: 'ok', raw: 'NUMFSM=32;NOR=285' });
  });

  it('reads NA for an independent school as not_applicable', () => {
    const r = census2019.mapRow(findRow(ds, 'URN', '100001'), 2, ctx);
    expect(pick(r, 'census.eal_pct')).toMatchObject({ status: 'not_applicable', value: null });
    expect(pick(r, 'census.fsm_pct')).toMatchObject({ status: 'not_applicable', value: null });
  });

  it('reads the NAT rows as England comparators per phase', () => {
    const r = census2019.mapRow(findRow(ds, 'URN', 'NAT', (x) => x['ESTAB'] === 'SPE'), 2, ctx);
    expect(r.comparators).toContainEqual({ scope: 'england', phase: 'special', measure: 'census.fsm_ever6_pct', academicYear: '2018/19', value: 50.3, source: ctx.source });
  });
});

describe('census 2023/24 (919_census.csv)', () => {
  const ds = readDataset(FILES.census_2024);
  const ctx = { source: '919_census.csv' };

  it('maps the renamed PNUMUNCLF (header typo) to the same measure as PNUMUNCFL', () => {
    const r = census2024.mapRow(findRow(ds, 'URN', '117353'), 2, ctx);
    expect(pick(r, 'census.first_language_unclassified_pct')).toMatchObject({ value: 0, raw: '0.0%' });
    expect(pick(r, 'census.fsm_ever6_pct')).toMatchObject({ value: 8.6, raw: '8.6%', academicYear: '2023/24' });
    expect(pick(r, 'census.fsm_pct')).toMatchObject({ value: 7.4 });
  });

  it('finds the LA code on the shifted LA rows (it sits in SCHOOLTYPE)', () => {
    const r = census2024.mapRow(findRow(ds, 'URN', 'LA', (x) => x['Estab'] === 'PRI'), 2, ctx);
    expect(r.comparators).toContainEqual({ scope: 'la', laCode: '919', phase: 'primary', measure: 'census.pupils', academicYear: '2023/24', value: 103253, source: ctx.source });
    const nat = census2024.mapRow(findRow(ds, 'URN', 'NAT', (x) => x['Estab'] === 'SEC'), 2, ctx);
    expect(nat.comparators).toContainEqual(expect.objectContaining({ scope: 'england', phase: 'secondary', measure: 'census.eal_pct', value: 18.6 }));
  });
});

describe('absence', () => {
  it('maps 2014/15 PPERSABS15 to absence.persistent_15_pct, never the 10% measure', () => {
    const ds = readDataset(FILES.abs_2015);
    const r = absence2015.mapRow(findRow(ds, 'URN', '100000'), 2, { source: 'england_abs.csv' });
    expect(r.observations).toEqual([
      { urn: 100000, measure: 'absence.overall_pct', academicYear: '2014/15', value: 3.5, status: 'ok', raw: '3.5', source: 'england_abs.csv' },
      { urn: 100000, measure: 'absence.persistent_15_pct', academicYear: '2014/15', value: 0, status: 'ok', raw: '0', source: 'england_abs.csv' },
    ]);
    const supp = absence2015.mapRow(findRow(ds, 'URN', '136807'), 3, { source: 'england_abs.csv' });
    expect(pick(supp, 'absence.persistent_15_pct')).toMatchObject({ status: 'suppressed', raw: 'SUPP' });
    const nat = absence2015.mapRow(findRow(ds, 'ESTAB', 'SEC', (x) => x['LA'] === 'NAT'), 4, { source: 'england_abs.csv' });
    expect(nat.comparators).toContainEqual(expect.objectContaining({ scope: 'england', phase: 'secondary', measure: 'absence.persistent_15_pct', value: 6.5 }));
  });

  it('needs the caller to say the year of a PPERSABS10 file, which cannot tell', () => {
    const ds = readDataset(FILES.abs_2019);
    const row = findRow(ds, 'URN', '100000');
    expect(() => absencePa10.mapRow(row, 2, { source: 'england_abs.csv' })).toThrow(/does not say which academic year/);
    const r = absencePa10.mapRow(row, 2, { source: 'england_abs.csv', academicYear: '2018/19' });
    expect(pick(r, 'absence.persistent_10_pct')).toMatchObject({ value: 3.4, academicYear: '2018/19' });
    expect(() => absencePa10.mapRow(row, 2, { source: 'x', academicYear: '2018' })).toThrow(/not of the form/);
  });

  it('reads Hertfordshire 2023/24 school, LA and England rows', () => {
    const ds = readDataset(FILES.abs_2024);
    const ctx = { source: '919_abs.csv', academicYear: '2023/24' };
    const r = absencePa10.mapRow(findRow(ds, 'URN', '117353'), 2, ctx);
    expect(pick(r, 'absence.overall_pct')).toMatchObject({ value: 4.5 });
    expect(pick(r, 'absence.persistent_10_pct')).toMatchObject({ value: 11.4 });
    const la = absencePa10.mapRow(findRow(ds, 'LA', '919', (x) => x['URN'] === '' && x['ESTAB'] === 'PRI'), 2, ctx);
    expect(la.comparators).toEqual([
      { scope: 'la', laCode: '919', phase: 'primary', measure: 'absence.overall_pct', academicYear: '2023/24', value: 5.4, source: '919_abs.csv' },
      { scope: 'la', laCode: '919', phase: 'primary', measure: 'absence.persistent_10_pct', academicYear: '2023/24', value: 13.4, source: '919_abs.csv' },
    ]);
  });
});
