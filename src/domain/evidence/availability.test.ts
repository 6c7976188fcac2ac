import { describe, expect, it } from 'vitest';
import { availableFrom, isAvailable } from './availability.js';

describe('evidence availability for as-of views', () => {
  it('dates each area after its academic year ends', () => {
    expect(availableFrom('ks2', '2018/19')).toBe('2019-12-15');
    expect(availableFrom('ks4', '2018/19')).toBe('2020-02-01');
    expect(availableFrom('census', '2023/24')).toBe('2024-06-30');
    expect(availableFrom('absence', '2023/24')).toBe('2025-03-31');
  });

  it('hides a year that was not yet published on the as-of date', () => {
    expect(isAvailable('ks2', '2018/19', '2019-09-01')).toBe(false);
    expect(isAvailable('ks2', '2018/19', '2020-01-01')).toBe(true);
  });
});
