import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogue, dueThisMonth, measureIsStale, releaseCalendarSchema } from './releases.js';

const calendar = releaseCalendarSchema.parse(JSON.parse(fs.readFileSync(path.join(process.cwd(), 'config/releases.json'), 'utf8')));
const held = (kind: string, latestYear: string | null, latestDate: string | null = null) => ({ kind, latestYear, latestDate, fileName: `${kind}.csv`, importedAt: '2026-01-01' });

describe('the release calendar (config/releases.json)', () => {
  it('is valid and names every source the issue lists', () => {
    expect(calendar.releases.map((r) => r.id)).toEqual(['ks2-provisional', 'ks2-final', 'ks4-provisional', 'ks4-final', 'census', 'absence', 'ofsted-monthly']);
  });

  it('expects the year after the one held and flags it overdue once its date and the grace have passed', () => {
    const entries = catalogue(calendar, [held('ks2', '2024/25'), held('census', '2023/24'), held('ofsted', null, '2026-11-20')], '2026-12-07');
    const by = new Map(entries.map((e) => [e.id, e]));
    expect(by.get('ks2-provisional')).toMatchObject({ latestHeld: '2024/25', next: { covers: '2025/26', due: '2026-09-15' }, overdue: true, daysOverdue: 83 });
    expect(by.get('ks2-final')).toMatchObject({ next: { covers: '2025/26', due: '2026-12-15' }, overdue: false });
    expect(by.get('census')).toMatchObject({ next: { covers: '2024/25', due: '2025-06-10' }, overdue: true });
    expect(by.get('ofsted-monthly')).toMatchObject({ latestHeld: '2026-11-20', next: { due: '2026-12-15' }, overdue: false });
    // Nothing held: the latest release already due is expected, and overdue.
    expect(by.get('ks4-final')).toMatchObject({ latestHeld: null, next: { covers: '2024/25', due: '2026-02-10' }, overdue: true });
    const month = dueThisMonth(entries, '2026-12-07');
    expect(month.month).toBe('December 2026');
    expect(month.due.map((e) => e.id)).toEqual(['ks2-final', 'ofsted-monthly']);
    expect(month.overdue.map((e) => e.id)).toContain('census');
  });

  it('a provisional file covers the provisional release only: the final release of that year is still expected', () => {
    const ks4 = (latestYear: string, release: 'provisional' | 'final') => ({ ...held('ks4', latestYear), release, fileName: `ks4${release}.csv` });
    const entries = catalogue(calendar, [ks4('2024/25', 'final'), ks4('2025/26', 'provisional')], '2027-01-20');
    const by = new Map(entries.map((e) => [e.id, e]));
    expect(by.get('ks4-provisional')).toMatchObject({ latestHeld: '2025/26', latestRelease: 'provisional', latestFile: 'ks4provisional.csv', next: { covers: '2026/27' } });
    expect(by.get('ks4-final')).toMatchObject({ latestHeld: '2024/25', latestRelease: 'final', latestFile: 'ks4final.csv', next: { covers: '2025/26', due: '2027-02-10' }, overdue: false });
    // Once the final file of 2025/26 is imported, both releases of that year are held.
    const after = new Map(catalogue(calendar, [ks4('2025/26', 'final'), ks4('2025/26', 'provisional')], '2027-03-01').map((e) => [e.id, e]));
    expect(after.get('ks4-provisional')).toMatchObject({ latestHeld: '2025/26', latestRelease: 'final' });
    expect(after.get('ks4-final')).toMatchObject({ latestHeld: '2025/26', next: { covers: '2026/27' } });
  });

  it('skips the pandemic years without performance tables', () => {
    const [prov] = catalogue(calendar, [held('ks2', '2018/19')], '2021-01-01');
    expect(prov.next.covers).toBe('2021/22');
  });

  it('a measure is stale when published longer ago than the limit', () => {
    expect(measureIsStale('2025-06-30', '2026-12-07', 18)).toBe(false);
    expect(measureIsStale('2025-06-30', '2027-01-01', 18)).toBe(true);
  });
});
