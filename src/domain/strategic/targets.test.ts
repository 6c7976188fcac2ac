import { describe, expect, it } from 'vitest';
import { actualDates, expectedOn, trackStatus, trajectoryPoints, type TargetDefinition } from './targets.js';

// Staffordshire's 2014 commissioning intention: pupils in good or better schools 63% (2012) → 90% (2016).
const staffs: TargetDefinition = { indicatorId: 'pupils-good-or-better', baselineValue: 63, baselineDate: '2012-09-01', targetValue: 90, targetDate: '2016-09-01', trajectory: [] };

describe('targets', () => {
  it('draws a straight line when no milestones are given, and follows milestones when they are', () => {
    expect(trajectoryPoints(staffs)).toHaveLength(2);
    expect(expectedOn(staffs, '2014-09-01')).toBeCloseTo(76.5, 1);
    const stepped = { ...staffs, trajectory: [{ date: '2014-09-01', value: 70 }] };
    expect(expectedOn(stepped, '2014-09-01')).toBe(70);
    expect(expectedOn(stepped, '2020-01-01')).toBe(90);
    expect(expectedOn(stepped, '2010-01-01')).toBe(63);
  });

  it('judges on or off track in the indicator’s better direction', () => {
    expect(trackStatus(staffs, true, { date: '2014-09-01', value: 77 }).status).toBe('on-track');
    expect(trackStatus(staffs, true, { date: '2014-09-01', value: 75 }).status).toBe('off-track');
    // Inadequate schools 5% → 0: lower is better.
    const inadequate = { ...staffs, indicatorId: 'schools-ofsted-concern', baselineValue: 5, targetValue: 0 };
    expect(trackStatus(inadequate, false, { date: '2014-09-01', value: 2 }).status).toBe('on-track');
    expect(trackStatus(inadequate, false, { date: '2014-09-01', value: 3 }).status).toBe('off-track');
    expect(trackStatus(staffs, true, null).status).toBe('no-data');
  });

  it('computes actuals each September from the baseline to today or the target date', () => {
    expect(actualDates(staffs, '2014-12-01')).toEqual(['2012-09-01', '2013-09-01', '2014-09-01', '2014-12-01']);
    expect(actualDates(staffs, '2030-01-01')).toEqual(['2012-09-01', '2013-09-01', '2014-09-01', '2015-09-01', '2016-09-01']);
  });
});
