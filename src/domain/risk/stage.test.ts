// The inspection-history stage: fitted only on schools whose history is known, applied only to them, and
// explained like any other factor. Synthetic rows (a known relation, to check the mechanics); the real fit
// and its evaluation are in the backtest and test/db/risk-history.test.ts.
import { describe, expect, it } from 'vitest';
import type { SchoolEvidence } from '../evidence/types.js';
import { scoreSchool, trainModel, type TrainingRow } from './model.js';
import { seededRandom } from './random.js';
import { applyHistoryStage, crossFitHistoryStage, fitHistoryStage, stageApplies } from './stage.js';

const rand = seededRandom(11);
const N = 300;
const national = Array.from({ length: N }, () => 0.05 + rand() * 0.2);
const vectors = Array.from({ length: N }, (_, i) =>
  i % 10 === 0 ? { last_grade: null, years_since_inspection: null } : { last_grade: 1 + Math.floor(rand() * 4), years_since_inspection: rand() * 6 },
);
// Synthetic outcomes: a grade of 3 or 4 makes a later poor grade much likelier.
const labels = vectors.map((v, i) => (rand() < national[i]! + ((v.last_grade ?? 0) >= 3 ? 0.4 : 0) ? 1 : 0) as 0 | 1);
const meta = { description: 'synthetic', design: 'test', featuresAsOf: '2016-08-31', outcomeWindow: { from: '2016-09-01', to: '2020-08-31' }, createdAt: '2026-01-01T00:00:00Z' };

describe('inspection-history stage', () => {
  it('is fitted on the schools with history only and raises the risk of a poor last grade', () => {
    const stage = fitHistoryStage(national, vectors, labels, meta);
    expect(stage.training.outcomes).toBe(vectors.filter(stageApplies).length);
    expect(stage.reference.last_grade).toBeGreaterThanOrEqual(2);
    const [good, poor] = applyHistoryStage(stage, [0.1, 0.1], [{ last_grade: 2, years_since_inspection: 3 }, { last_grade: 4, years_since_inspection: 3 }]);
    expect(poor!).toBeGreaterThan(good! + 0.1);
  });

  it('leaves a school without history at its national risk, in the fit and out-of-fold', () => {
    const stage = fitHistoryStage(national, vectors, labels, meta);
    expect(applyHistoryStage(stage, [0.123], [{ last_grade: null, years_since_inspection: null }])).toEqual([0.123]);
    const folds = vectors.map((_, i) => i % 5);
    const oof = crossFitHistoryStage(national, vectors, labels, folds);
    vectors.forEach((v, i) => {
      if (!stageApplies(v)) expect(oof[i]).toBe(national[i]);
    });
    expect(oof.some((p, i) => p !== national[i])).toBe(true);
  });

  it('is applied by the live scorer only where inspection history is known, its factors dated and its basis said', async () => {
    const r = seededRandom(5);
    const rows: TrainingRow[] = Array.from({ length: 400 }, (_, i) => {
      const absence = 3 + r() * 4;
      return { urn: i, features: { absence_overall: absence, is_academy: i % 2 }, label: r() < (absence - 2) / 8 ? 1 : 0 };
    });
    const model = await trainModel(rows, { seed: 1, dataHash: 'stage' });
    const school = { urn: 9, name: 'X', laCode: '937', phase: 'primary', typeGroup: 'maintained', isAcademy: false, isSpecial: false, isPRU: false } as const;
    const base: SchoolEvidence = {
      school,
      asOf: '2020-08-31',
      observations: [{ urn: 9, measure: 'absence.overall_pct', academicYear: '2018/19', value: 4.5, status: 'ok', raw: '4.5', source: 't' }],
      inspections: [],
      intelligence: [],
    };
    const withHistory: SchoolEvidence = {
      ...base,
      inspections: [{ urn: 9, inspectionDate: '2019-12-12', dateBasis: 'publication', publicationDate: '2019-12-12', inspectionType: 'graded', era: 'four-grade', overallEffectiveness: 4, source: 't' }],
    };
    const national0 = scoreSchool(model, withHistory);
    model.historyStage = fitHistoryStage(national, vectors, labels, meta);
    const none = scoreSchool(model, base);
    const staged = scoreSchool(model, withHistory);
    expect(none.basis).toMatch(/national model alone/);
    expect(staged.basis).toMatch(/adjusted for this school's inspection history/);
    expect(staged.risk).toBeGreaterThan(national0.risk);
    const f = staged.topFactors.find((x) => x.factor === 'last_grade')!;
    expect(f.words).toMatch(/^Its last graded inspection outcome was Inadequate, which raises the estimated risk/);
    // Weighed now, so no longer listed among the evidence the model does not weigh.
    expect(staged.notInModel.join(' ')).not.toMatch(/last graded inspection found it/);
    expect(national0.notInModel.join(' ')).toMatch(/last graded inspection found it Inadequate/);
    model.dispose();
  });
});
