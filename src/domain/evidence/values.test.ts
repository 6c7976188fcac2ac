import { describe, expect, it } from 'vitest';
import { RowError } from './layout.js';
import { CELL_TOKENS, parseCell, parseColumn } from './values.js';

describe('parseCell', () => {
  it('reads a blank cell as missing, never zero', () => {
    expect(parseCell('')).toEqual({ value: null, status: 'missing' });
    expect(parseCell('   ')).toEqual({ value: null, status: 'missing' });
  });

  it.each([
    ['SUPP', 'suppressed'],
    ['c', 'suppressed'],
    ['x', 'suppressed'],
    ['SP', 'suppressed'],
    ['NE', 'no_entries'],
    ['NA', 'not_applicable'],
    ['z', 'not_applicable'],
    ['LOWCOV', 'low_coverage'],
    ['u', 'low_coverage'],
    ['NP', 'not_published'],
    ['DNS', 'not_published'],
    [':', 'not_published'],
  ])('maps %s to %s', (token, status) => {
    expect(parseCell(token)).toEqual({ value: null, status });
    expect(parseCell(` ${token} `)).toEqual({ value: null, status });
  });

  it('documents every token, once', () => {
    const tokens = CELL_TOKENS.map((t) => t.token);
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const t of CELL_TOKENS) expect(t.where.length).toBeGreaterThan(10);
  });

  it.each([
    ['87%', 87],
    ['87.5%', 87.5],
    ['81.00%', 81],
    ['12 %', 12],
    ['0%', 0],
    ['-0.5', -0.5],
    ['+1.2', 1.2],
    ['.5', 0.5],
    ['110', 110],
    [' 42 ', 42],
    ['1,234', 1234],
    ['4,727,089', 4727089],
    ['1 234', 1234],
    ['12,345.6', 12345.6],
  ])('reads %s as %d', (raw, value) => {
    expect(parseCell(raw)).toEqual({ value, status: 'ok' });
  });

  it.each(['abc', '4A', '1,2', '12,34', 'Good', 'n/a', 'supp', '%', '1.2.3', '--1'])(
    'rejects %s with a RowError naming the value',
    (raw) => {
      expect(() => parseCell(raw)).toThrow(RowError);
      expect(() => parseCell(raw)).toThrow(JSON.stringify(raw));
    },
  );
});

describe('parseColumn', () => {
  it('names the column and the value in its error', () => {
    expect(() => parseColumn({ PTRWM_EXP: 'eighty' }, 'PTRWM_EXP')).toThrow(/column PTRWM_EXP: .*"eighty"/);
  });

  it('treats an absent column (ragged row) as missing and keeps the raw cell', () => {
    expect(parseColumn({}, 'X')).toEqual({ value: null, status: 'missing', raw: '' });
    expect(parseColumn({ A: '87%' }, 'A')).toEqual({ value: 87, status: 'ok', raw: '87%' });
  });
});

describe('a value cut short', () => {
  it('refuses a number ending in a point ("5." is what a cut "5.3" leaves) but reads ".5" and "5.0"', () => {
    expect(() => parseCell('5.')).toThrow(/unrecognised value "5\."/);
    expect(() => parseCell('87.%')).toThrow(RowError);
    expect(parseCell('.5')).toEqual({ value: 0.5, status: 'ok' });
    expect(parseCell('5.0')).toEqual({ value: 5, status: 'ok' });
  });
});
