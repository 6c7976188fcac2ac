// Evaluates a condition tree. Evidence from the branches that decided the answer is kept, so a
// fired rule can show exactly what it used.
import type { Condition } from '../policy/condition-schema.js';
import type { EvidenceView } from '../engine/evidence-view.js';
import { evaluateInspection } from './inspection.js';
import { evaluateOther } from './intelligence.js';
import { evaluateMeasure } from './measures.js';
import { and, or, outcome, type Outcome } from './outcome.js';

function merge(parts: Outcome[], truth: Outcome['truth']): Outcome {
  return outcome(truth, {
    evidence: parts.flatMap((p) => p.evidence),
    gaps: parts.flatMap((p) => p.gaps),
    notes: parts.flatMap((p) => p.notes),
  });
}

export function evaluate(c: Condition, view: EvidenceView): Outcome {
  switch (c.kind) {
    case 'all': {
      const parts = c.of.map((x) => evaluate(x, view));
      const truth = and(parts.map((p) => p.truth));
      // When false, only the branches that made it false explain it.
      return merge(truth === 'false' ? parts.filter((p) => p.truth === 'false') : parts, truth);
    }
    case 'any': {
      const parts = c.of.map((x) => evaluate(x, view));
      const truth = or(parts.map((p) => p.truth));
      return merge(truth === 'true' ? parts.filter((p) => p.truth === 'true') : parts, truth);
    }
    case 'not': {
      const inner = evaluate(c.condition, view);
      const truth = inner.truth === 'unknown' ? 'unknown' : inner.truth === 'true' ? 'false' : 'true';
      return { ...inner, truth };
    }
    case 'latestInspectionEra':
    case 'overallGrade':
    case 'categoryOfConcern':
    case 'subJudgement':
    case 'reportCardArea':
    case 'safeguarding':
    case 'inspectionOlderThan':
      return evaluateInspection(c, view);
    case 'measureQuartile':
    case 'significantlyBelowNational':
    case 'belowFloorStandard':
    case 'worseThanComparator':
    case 'trendDeclining':
      return evaluateMeasure(c, view);
    case 'openIntelligence':
    case 'concernIndicators':
    case 'adviserJudgement':
      return evaluateOther(c, view);
  }
}
