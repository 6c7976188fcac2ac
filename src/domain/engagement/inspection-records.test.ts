import { describe, expect, it } from 'vitest';
import type { Inspection } from '../evidence/types.js';
import { inspectionRecords } from './inspection-records.js';

const base = { urn: 1, source: 'test.csv', inspectionType: 'graded' } as const;

describe('stored inspections as escalation records', () => {
  it('reads the four-grade era by its overall grade and category of concern', () => {
    const r = inspectionRecords([
      { ...base, inspectionDate: '2019-03-01', era: 'four-grade', overallEffectiveness: 2 },
      { ...base, inspectionDate: '2022-05-01', era: 'four-grade', overallEffectiveness: 4, categoryOfConcern: 'special_measures' },
    ] as Inspection[]);
    expect(r).toEqual([
      { date: '2019-03-01', belowGood: false, categoryOfConcern: null, label: 'Good' },
      { date: '2022-05-01', belowGood: true, categoryOfConcern: 'special_measures', label: 'Inadequate' },
    ]);
  });

  it('reads 2024/25 inspections by their key judgements, and report cards by their areas and safeguarding', () => {
    const r = inspectionRecords([
      { ...base, inspectionDate: '2025-01-15', era: 'no-overall-grade', subJudgements: { quality_of_education: 3, leadership_and_management: 2 } },
      { ...base, inspectionDate: '2026-01-20', era: 'report-card', reportCard: { inclusion: 'expected_standard' }, safeguarding: 'not_met' },
      { ...base, inspectionDate: '2026-02-20', era: 'report-card', reportCard: { inclusion: 'strong_standard' }, safeguarding: 'met' },
    ] as Inspection[]);
    expect(r.map((x) => x.belowGood)).toEqual([true, true, false]);
  });

  it('ignores ungraded and monitoring visits', () => {
    expect(inspectionRecords([{ ...base, inspectionType: 'ungraded', inspectionDate: '2023-01-01', era: 'four-grade', overallEffectiveness: 3 }] as Inspection[])).toEqual([]);
  });
});
