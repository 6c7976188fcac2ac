// LA intelligence and adviser inputs. Intelligence counts what was open on asOf; an adviser judgement
// that has not been supplied is a gap, not a "no".
import type { IntelligenceItem } from '../../evidence/types.js';
import type { Condition } from '../policy/condition-schema.js';
import type { EvidenceView } from '../engine/evidence-view.js';
import { intelligenceEvidence, outcome, truthOf, words, type Outcome } from './outcome.js';

type OtherCondition = Extract<Condition, { kind: 'openIntelligence' | 'concernIndicators' | 'adviserJudgement' }>;

function indicatorsMet(c: Extract<OtherCondition, { kind: 'concernIndicators' }>, view: EvidenceView): Outcome {
  const catalogue = view.policy.indicators ?? { leadership: [], governance: [] };
  const scopes = c.scope === 'either' ? (['leadership', 'governance'] as const) : ([c.scope] as const);
  // Keyed by indicator code, so one indicator listed under both headings counts once.
  const met = new Map<string, { item: IntelligenceItem; text: string }>();
  for (const scope of scopes) {
    const kind = scope === 'leadership' ? 'leadership_concern' : 'governance_concern';
    for (const item of view.openIntelligence) {
      const ind =
        (item.kind === kind && catalogue[scope].find((i) => i.code === item.indicator)) ||
        catalogue[scope].find((i) => i.fromKinds?.includes(item.kind));
      if (ind) met.set(ind.code, { item, text: ind.text });
      // An uncoded concern still counts: a coding gap must not lower concern.
      else if (item.kind === kind) met.set(`uncoded:${scope}:${item.occurredOn}:${item.summary}`, { item, text: `${scope} concern (indicator not coded)` });
    }
  }
  const count = met.size;
  const truth = count >= c.atLeast && (c.atMost === undefined || count <= c.atMost);
  return outcome(truthOf(truth), {
    evidence: [...met.values()].map(({ item, text }) => intelligenceEvidence(item, `Open concern indicator: ${text}`)),
    notes: [`${count} ${c.scope === 'either' ? 'leadership or governance' : c.scope} concern indicator(s) open on ${view.asOf}`],
  });
}

export function evaluateOther(c: OtherCondition, view: EvidenceView): Outcome {
  switch (c.kind) {
    case 'openIntelligence': {
      const items = view.openIntelligence.filter((i) => (c.kinds as string[]).includes(i.kind));
      return outcome(truthOf(items.length >= c.atLeast), {
        evidence: items.map((i) => intelligenceEvidence(i, `Open ${words(i.kind)} recorded ${i.occurredOn}`)),
        notes: items.length ? [] : [`No open ${c.kinds.map(words).join(' / ')} recorded on ${view.asOf}.`],
      });
    }
    case 'concernIndicators':
      return indicatorsMet(c, view);
    case 'adviserJudgement': {
      const v = view.inputs[c.input];
      if (!v) return outcome('unknown', { gaps: [{ what: 'capacity to improve (adviser judgement A–D)', reason: 'not supplied' }] });
      return outcome(truthOf(c.values.includes(v)), {
        evidence: [{ kind: 'input', name: c.input, value: v, source: 'adviser judgement supplied as input', detail: `Capacity to improve judged ${v}` }],
      });
    }
  }
}
