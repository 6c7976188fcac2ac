import { describe, expect, it } from 'vitest';
import { FLOOR_STANDARDS, MEASURES, getMeasure, isPublished, measureRange, rangeProblem, shiftYear, startYear } from './measures.js';

const REQUIRED = [
  'ks2.rwm_expected_pct', 'ks2.rwm_high_pct', 'ks2.read_progress', 'ks2.writ_progress', 'ks2.mat_progress',
  'ks2.read_avg', 'ks2.mat_avg', 'ks2.rwm_expected_pct_disadv', 'ks2.rwm_expected_pct_non_disadv',
  'ks2.read_progress_disadv', 'ks2.mat_progress_disadv', 'ks2.l4_rwm_pct', 'ks2.read_2lp_pct', 'ks2.writ_2lp_pct',
  'ks2.mat_2lp_pct', 'ks4.progress8', 'ks4.attainment8', 'ks4.basics_95_pct', 'ks4.basics_94_pct', 'ks4.ebacc_aps',
  'ks4.ebacc_entry_pct', 'ks4.progress8_disadv', 'ks4.attainment8_disadv', 'absence.overall_pct',
  'absence.persistent_10_pct', 'absence.persistent_15_pct', 'census.pupils', 'census.fsm_pct',
  'census.fsm_ever6_pct', 'census.ehcp_pct', 'census.sen_support_pct', 'census.eal_pct',
];

describe('measure catalogue', () => {
  it('holds every agreed code exactly once, each prefixed by its area', () => {
    const codes = MEASURES.map((m) => m.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of REQUIRED) expect(codes).toContain(code);
    for (const m of MEASURES) expect(m.code.startsWith(`${m.area}.`)).toBe(true);
  });

  it('gives units and directions that rules can rely on', () => {
    expect(getMeasure('ks2.read_progress')).toMatchObject({ unit: 'progress', higherIsBetter: true, group: 'all' });
    expect(getMeasure('ks4.progress8_disadv')).toMatchObject({ unit: 'progress', group: 'disadvantaged' });
    expect(getMeasure('absence.persistent_10_pct')).toMatchObject({ unit: '%', higherIsBetter: false });
    expect(getMeasure('census.pupils')).toMatchObject({ unit: 'count', higherIsBetter: null });
    expect(() => getMeasure('ks2.nope')).toThrow('unknown measure code ks2.nope');
  });

  it('records the floor standards with their years and sources', () => {
    const ks2 = FLOOR_STANDARDS.find((f) => f.id === 'ks2-2016');
    // The DfE stopped setting floor standards after the 2018 results (May 2019 decision): none for 2018/19.
    expect(ks2?.years).toEqual(['2015/16', '2016/17', '2017/18']);
    expect(FLOOR_STANDARDS.find((f) => f.id === 'ks4-p8')?.years).not.toContain('2018/19');
    expect(ks2?.source).toMatch(/Primary school accountability/);
    expect(getMeasure('ks2.rwm_expected_pct').floor).toEqual({ standard: 'ks2-2016', threshold: 65 });
    expect(getMeasure('ks2.read_progress').floor?.threshold).toBe(-5);
    expect(getMeasure('ks2.writ_progress').floor?.threshold).toBe(-7);
    expect(getMeasure('ks2.mat_progress').floor?.threshold).toBe(-5);
    expect(getMeasure('ks4.progress8').floor).toEqual({ standard: 'ks4-p8', threshold: -0.5, requiresUpperCiBelowZero: true });
    for (const m of MEASURES) {
      if (m.floor) expect(FLOOR_STANDARDS.map((f) => f.id)).toContain(m.floor.standard);
    }
  });

  it('knows when a measure was not published', () => {
    expect(isPublished('ks2.read_progress', '2022/23')).toBe(true);
    expect(isPublished('ks2.read_progress', '2023/24')).toBe(false);
    expect(isPublished('ks2.read_progress', '2014/15')).toBe(false);
    expect(isPublished('ks2.rwm_expected_pct', '2019/20')).toBe(false);
    expect(isPublished('ks2.rwm_expected_pct', '2024/25')).toBe(true);
    expect(isPublished('ks4.progress8', '2023/24')).toBe(true);
    expect(isPublished('ks4.progress8', '2024/25')).toBe(false);
    expect(isPublished('absence.persistent_15_pct', '2015/16')).toBe(false);
    expect(isPublished('absence.persistent_10_pct', '2014/15')).toBe(false);
  });

  it('does academic-year arithmetic', () => {
    expect(startYear('2018/19')).toBe(2018);
    expect(shiftYear('2024/25', -1)).toBe('2023/24');
    expect(shiftYear('2000/01', -1)).toBe('1999/00');
    expect(() => startYear('2018/20')).toThrow();
    expect(() => startYear('2018-19')).toThrow();
  });
});

describe('value ranges', () => {
  it('every measure has a range, as data beside its definition', () => {
    for (const m of MEASURES) expect(() => measureRange(m.code), m.code).not.toThrow();
  });

  it('names what is wrong with an impossible value and accepts the bounds themselves', () => {
    expect(rangeProblem('ks2.rwm_expected_pct', 150)).toMatch(/^150 is outside the range of .* \(0 to 100: a percentage of pupils\)$/);
    expect(rangeProblem('absence.overall_pct', -7)).toMatch(/^-7 is outside the range/);
    expect(rangeProblem('ks2.rwm_expected_pct', 100)).toBeNull();
    expect(rangeProblem('ks4.progress8', -9.5)).toMatch(/-9 to 9/);
    expect(rangeProblem('census.pupils', 12.5)).toMatch(/not a whole number/);
    expect(rangeProblem('census.pupils', 4_727_089)).toBeNull(); // England's total on a summary row
  });
});
