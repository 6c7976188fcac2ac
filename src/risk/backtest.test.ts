import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NATIONAL_FEATURES, runBacktest } from './backtest.js';
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
    // The honest baselines in every design: FSM-ever-6, size, phase, a small context logistic, the trigger rule.
    const honest = ['model', 'fsm', 'size', 'phase', 'context', 'trigger', 'absence', 'random'];
    expect(ids).toEqual(honest);
    expect(r.temporal.scorers.map((s) => s.id)).toEqual(honest);
    for (const s of r.main.scorers) {
      expect(s.auc).not.toBeNull();
      expect(s.top10.recall).not.toBeNull();
    }
    expect(r.main.scorers[0]!.auc!).toBeGreaterThan(0.5);
    // The current-measures block scores the model saved for live schools, with the same baselines.
    expect(r.current.n).toBeGreaterThan(500);
    expect(r.current.scorers.map((s) => s.id)).toEqual(honest);
    expect(r.current.scorers[0]!.auc!).toBeGreaterThan(0.5);
    // All schools, forward in time: every school with 2014/15 data, inspected or not; the live model's design.
    expect(r.forwardAll.n).toBeGreaterThan(10_000);
    expect(r.forwardAll.scorers.map((s) => s.id)).toEqual(expect.arrayContaining(['model', 'fsm', 'size', 'phase', 'context', 'trigger', 'fsm-2019', 'reference-2015', 'random']));
    for (const s of r.forwardAll.scorers.filter((x) => x.id !== 'random')) {
      expect(s.ci?.auc, s.id).toBeTruthy();
      expect(s.ci!.auc![0]).toBeLessThanOrEqual(s.auc!);
      expect(s.ci!.auc![1]).toBeGreaterThanOrEqual(s.auc!);
      expect(s.ci!.recall10, s.id).toBeTruthy();
    }
    expect(r.forwardAll.scorers.find((s) => s.id === 'fsm')!.modelLead?.auc).toBeTruthy();
    expect(r.forwardAll.scorers[0]!.calibration!.length).toBe(10);
    expect(r.forwardAllWarwickshire.scorers.map((s) => s.id)).toContain('previous');
    // The live design is named: the national all-schools model, plus the inspection-history stage where history is known.
    expect(r.live.design).toContain(r.forwardAll.title);
    expect(r.live.design).toContain(r.liveWithHistory.title);
    expect(r.liveWithHistory.title).toMatch(/^Live scores \(national model \+ inspection history\), all schools forward, Warwickshire/);
    expect(r.liveWithHistory.n).toBe(r.forwardAllWarwickshire.n);
    expect(r.liveWithHistory.scorers.map((s) => s.id)).toEqual(['model', 'previous', 'fsm', 'size', 'context', 'national', 'random']);
    for (const s of r.liveWithHistory.scorers.filter((x) => x.role === 'baseline' && x.id !== 'random')) {
      expect(s.modelLead?.auc, s.id).toBeTruthy();
      expect(s.modelLead?.recall10, s.id).toBeTruthy();
    }
    expect(r.liveWithHistory.scorers[0]!.ci?.auc).toBeTruthy();
    expect(r.live.historyStage).toMatchObject({ featureIds: ['last_grade', 'years_since_inspection'] });
    expect(r.headline.some((h) => h.startsWith('Live scores (national model + inspection history), all schools forward, Warwickshire'))).toBe(true);
    expect(r.live.rankingStatement).toMatch(/the riskiest 10% held \d+%/);
    expect(r.design.chosen.some((c) => c.startsWith('saved model (all schools, every row)'))).toBe(true);
    // Inspection history is unusable in the national files (only the latest inspection is kept): said, not used.
    expect(r.featureGroups.find((g) => g.id === 'inspection')!.aucAlone).toBeNull();
    expect(r.featureGroups.find((g) => g.id === 'absence')!.aucAlone!).toBeGreaterThan(0.55);
    // Whether each optional group helps, with and without it on the same outcomes (issue 16): inspection
    // history on Warwickshire's MI (the only file with a grade known on the feature date), with intervals.
    const ins = r.ablation.find((a) => a.id === 'inspection')!;
    expect(ins.n).toBe(r.forwardAllWarwickshire.n);
    expect(ins.features).toEqual(expect.arrayContaining(['last_grade', 'years_since_inspection']));
    expect(ins.lead?.auc).toBeTruthy();
    expect(ins.withGroup!.aucCi![0]).toBeLessThanOrEqual(ins.withGroup!.auc!);
    expect(ins.withoutGroup!.capture10Ci).toBeTruthy();
    expect(typeof ins.helps).toBe('boolean');
    expect(r.inspectionAblation.scorers.map((s) => s.id)).toEqual(['with-inspection', 'without-inspection', 'inspection-alone', 'live', 'random']);
    // No bundled outcome carries an LA's own records: said, not guessed.
    const la = r.ablation.find((a) => a.id === 'la')!;
    expect(la.helps).toBeNull();
    expect(la.verdict).toMatch(/not measurable/);
    // The national designs never learn from inspection history or LA records.
    expect(NATIONAL_FEATURES).not.toContain('last_grade');
    expect(NATIONAL_FEATURES).not.toContain('stage_of_concern');
    expect(readFileSync(join(outDir, 'backtest.json'), 'utf8')).toContain('"ablation"');
    expect(JSON.parse(readFileSync(join(outDir, 'backtest.json'), 'utf8')).liveWithHistory.scorers[1].modelLead.auc).toHaveLength(2);
    // The previous grade on the widest honest design: more schools than the all-schools Warwickshire rows, with intervals.
    expect(r.previousGradeLargest.n).toBeGreaterThan(r.forwardAllWarwickshire.n);
    expect(r.previousGradeLargest.scorers.find((s) => s.id === 'previous')!.ci?.auc).toBeTruthy();
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
  }, 1_200_000);
});
