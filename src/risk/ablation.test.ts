import { describe, expect, it } from 'vitest';
import { laSignalsNotMeasurable, summariseAblation, varying } from './ablation.js';

const scorer = (id: string, role: string, aucValue: number, recall: number, lead?: [number, number]) => ({
  id,
  role,
  auc: aucValue,
  top10: { recall },
  ci: { auc: [aucValue - 0.05, aucValue + 0.05] as [number, number], recall10: [recall - 0.1, recall + 0.1] as [number, number] },
  ...(lead ? { modelLead: { auc: lead, recall10: [-0.1, 0.2] as [number, number] } } : {}),
});

describe('summariseAblation', () => {
  const block = (lead: [number, number], withRecall: number) => ({
    title: 'Does inspection history help?',
    n: 160,
    positives: 17,
    smallSample: false,
    scorers: [scorer('with-inspection', 'model', 0.74, withRecall), scorer('without-inspection', 'baseline', 0.72, 0.3, lead), scorer('random', 'baseline', 0.5, 0.1)],
  });

  it('says a group helps only when the interval of its AUC lead lies above zero and capture is not lower', () => {
    expect(summariseAblation('inspection', block([0.01, 0.05], 0.35), ['last_grade']).helps).toBe(true);
    const spans = summariseAblation('inspection', block([-0.02, 0.06], 0.35), ['last_grade']);
    expect(spans.helps).toBe(false);
    expect(spans.verdict).toMatch(/^not shown to help forward in time \(n=160, 17 below good\): AUC 0.740 with, 0.720 without \(lead −0.020 to \+0.060\)/);
    expect(summariseAblation('inspection', block([0.01, 0.05], 0.25), ['last_grade']).helps).toBe(false);
  });

  it('reports a group that no bundled outcome can measure as not measurable, never as helping', () => {
    const la = laSignalsNotMeasurable();
    expect(la.helps).toBeNull();
    expect(la.n).toBe(0);
    expect(la.verdict).toMatch(/^not measurable/);
  });

  it('drops features that never vary (they cannot help a small fit)', () => {
    expect(varying([{ a: 1, b: null }, { a: 2, b: null }], ['a', 'b'])).toEqual(['a']);
  });
});
