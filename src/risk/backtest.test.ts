import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBacktest } from './backtest.js';
import { metricsTable } from './report.js';

const datasetsDir = join(import.meta.dirname, '..', '..', 'datasets');

describe('runBacktest on the bundled real files', () => {
  it('scores the model and every baseline on thousands of held-out outcomes and writes the report', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'lodestar-backtest-'));
    const r = await runBacktest({ datasetsDir, outDir, seed: 1 });
    // National sample: ~4,800 inspections (Sept 2016–Mar 2020) with 2014/15 data.
    expect(r.main.n).toBeGreaterThan(4000);
    expect(r.main.positives).toBeGreaterThan(1000);
    const ids = r.main.scorers.map((s) => s.id);
    expect(ids).toEqual(['model', 'trigger', 'absence', 'random']);
    for (const s of r.main.scorers) {
      expect(s.auc).not.toBeNull();
      expect(s.top10.recall).not.toBeNull();
    }
    expect(r.main.scorers[0]!.auc!).toBeGreaterThan(0.5);
    // The current-measures block scores the model saved for live schools, with the same baselines.
    expect(r.current.n).toBeGreaterThan(500);
    expect(r.current.scorers.map((s) => s.id)).toEqual(['model', 'trigger', 'absence', 'random']);
    expect(r.current.scorers[0]!.auc!).toBeGreaterThan(0.5);
    expect(r.design.chosen.some((c) => c.startsWith('saved model (all current-measures outcomes)'))).toBe(true);
    expect(r.main.scorers[0]!.brier).not.toBeNull();
    // Warwickshire is the only source of previous grades, and it is small: labelled as such.
    expect(r.warwickshire.scorers.map((s) => s.id)).toContain('previous');
    expect(r.warwickshire.n).toBeLessThan(100);
    expect(r.warwickshire.smallSample).toBe(true);
    expect(r.breakdowns.deprivation.length).toBeGreaterThanOrEqual(5);
    expect(r.examples[0]!.topFactors.length).toBeGreaterThan(0);
    expect(metricsTable(r)).toContain('AUC');
    expect(readFileSync(join(outDir, 'backtest.html'), 'utf8')).toContain('<svg');
    expect(readFileSync(join(outDir, 'backtest.md'), 'utf8')).toContain('| Scorer |');
  }, 90_000);
});
