import { describe, expect, it } from 'vitest';
import { consultantCharge, loadChargingFormula } from './charging.js';

describe('consultantCharge (Staffordshire 2008)', () => {
  it.each([
    [0, 0, 0],
    [1, 0, 0],
    [10, 0, 0],
    [11, 2, 960],
    [20, 2, 960],
    [21, 4, 1920],
    [30, 4, 1920],
    [31, 6, 2880],
    [40, 6, 2880],
    [41, 8, 3840],
    [50, 8, 3840],
    [51, 10, 4800],
    [120, 10, 4800],
  ])('%i days: the school pays %i days, £%i', (days, paidDays, cost) => {
    expect(consultantCharge(days)).toEqual({ days, freeDays: days - paidDays, paidDays, cost, currency: 'GBP' });
  });

  it('puts part days above a boundary in the higher band', () => {
    expect(consultantCharge(10.5).paidDays).toBe(2);
  });

  it('reads the rate and bands from configuration', () => {
    const formula = loadChargingFormula();
    expect(formula.dayRate).toBe(480);
    expect(consultantCharge(15, { ...formula, dayRate: 500 }).cost).toBe(1000);
    expect(() => consultantCharge(-1)).toThrow(RangeError);
  });
});
