// Steps that follow from Ofsted outcomes and from the school's status: Core Groups, academy orders,
// DfE regional support, and the route for academies, where the LA has no statutory powers.
import { compareDates, type IsoDate } from '../calendar/index.js';
import {
  after,
  byDate,
  countWord,
  GROUND_WORDS,
  latestRun,
  listDates,
  long,
  meetingEvidence,
  onOrAfter,
  type Candidate,
} from './escalation-context.js';
import type { OfstedCategory, RuleOfKind } from './escalation-policy.js';
import type { EscalationState, Evidence, InspectionRecord } from './escalation-types.js';

const CATEGORY_WORDS: Record<OfstedCategory, string> = {
  serious_weaknesses: 'has serious weaknesses',
  special_measures: 'requires special measures',
  requires_significant_improvement: 'requires significant improvement',
};

const inspections = (state: EscalationState): InspectionRecord[] => byDate(state.inspections ?? []);
const latestInspection = (state: EscalationState): InspectionRecord | undefined => inspections(state).at(-1);
const inspectionWords = (i: InspectionRecord) => `Ofsted inspection on ${long(i.date)}${i.label ? `: ${i.label}` : ''}`;

export function coreGroupMissing(rule: RuleOfKind<'core_group_missing'>, state: EscalationState): Candidate[] {
  const triggers: Evidence[] = [];
  const category = state.school.category;
  if (rule.parameters.whenHighConcern && category?.highConcern) {
    triggers.push({ date: category.since, description: `Categorised ${category.code} (${category.label}) from ${long(category.since)}` });
  }
  const last = latestInspection(state);
  // The LA's category already weighs the inspections it was set on (a confirmed B or C stands); only
  // an inspection after it, below good under the policy's era mapping, calls for a Core Group.
  const weighed = category?.evidenceTo;
  if (rule.parameters.whenOfstedBelowGood && last?.belowGood && !(weighed && compareDates(last.date, weighed) <= 0)) triggers.push({ date: last.date, description: inspectionWords(last) });
  if (!triggers.length) return [];
  const from = byDate(triggers)[0].date;
  const inOperation = state.meetings.some((m) => rule.parameters.meetingTypes.includes(m.type) && onOrAfter(m.date, from));
  if (inOperation) return [];
  return [
    {
      triggerDate: from,
      reason:
        `${triggers.map((t) => t.description).join('; ')}, and no Core Group meeting has been recorded since ${long(from)}. ` +
        'The framework establishes a Core Group in every maintained high-concern school: the governing body\'s strategic group meets with the link officer once each half term, in the school day.',
      evidence: triggers,
    },
  ];
}

export function ofstedCategory(rule: RuleOfKind<'ofsted_category_of_concern'>, state: EscalationState): Candidate[] {
  const last = latestInspection(state);
  if (!last?.categoryOfConcern || !rule.parameters.categories.includes(last.categoryOfConcern)) return [];
  return [
    {
      triggerDate: last.date,
      reason:
        `Ofsted found on ${long(last.date)} that the school ${CATEGORY_WORDS[last.categoryOfConcern]}. ` +
        'Under current DfE guidance a maintained school in an Ofsted category of concern is subject to a directive academy order made by the Secretary of State. ' +
        'The LA liaises with the DfE on the choice of sponsor, co-ordinates the conversion, keeps the Core Group in place and considers its own intervention powers in the meantime.',
      evidence: [{ date: last.date, description: inspectionWords(last) }],
    },
  ];
}

export function consecutiveBelowGood(rule: RuleOfKind<'consecutive_below_good'>, state: EscalationState): Candidate[] {
  const recent = inspections(state).slice(-rule.parameters.count);
  if (recent.length < rule.parameters.count || !recent.every((i) => i.belowGood)) return [];
  const trigger = recent[recent.length - 1].date;
  return [
    {
      triggerDate: trigger,
      reason:
        `The school's last ${countWord(recent.length)} graded inspections (${listDates(recent.map((i) => i.date))}) were ${recent.length === 2 ? 'both' : 'all'} below good. ` +
        'DfE guidance offers such schools support from its regional improvement team; the LA should liaise with the DfE so that its own support and the DfE\'s fit together.',
      evidence: recent.map((i) => ({ date: i.date, description: inspectionWords(i) })),
    },
  ];
}

export function academyConcern(rule: RuleOfKind<'academy_concern'>, state: EscalationState): Candidate[] {
  const since = lastAction(state, rule.step);
  const evidence: Evidence[] = [];
  const reasons: string[] = [];
  const run = latestRun(state, rule.parameters, since);
  if (run) {
    evidence.push(...run.map(meetingEvidence));
    reasons.push(`${countWord(run.length)} consecutive review meetings (${listDates(run.map((m) => m.date))}) found no evidence of impact`);
  }
  for (const c of state.concerns ?? []) {
    if (rule.parameters.grounds.includes(c.ground) && after(c.date, since)) {
      evidence.push({ date: c.date, description: `Concern recorded: ${GROUND_WORDS[c.ground]}` });
      reasons.push(`the LA judged on ${long(c.date)} that ${GROUND_WORDS[c.ground]}`);
    }
  }
  const last = latestInspection(state);
  if (last?.categoryOfConcern && rule.parameters.ofstedCategories.includes(last.categoryOfConcern) && after(last.date, since)) {
    evidence.push({ date: last.date, description: inspectionWords(last) });
    reasons.push(`Ofsted found on ${long(last.date)} that the school ${CATEGORY_WORDS[last.categoryOfConcern]}`);
  }
  if (!evidence.length) return [];
  const trigger = byDate(evidence).at(-1)!.date;
  return [
    {
      triggerDate: trigger,
      reason:
        `This school is an academy: ${reasons.join('; ')}. The LA cannot use its statutory intervention powers for an academy, so it sets out its concerns in writing to the academy, ` +
        'its trust and the DfE regional director. The DfE may then issue the trust a termination warning notice.',
      evidence: byDate(evidence),
    },
  ];
}

function lastAction(state: EscalationState, step: string): IsoDate | null {
  const dates = (state.actions ?? []).filter((a) => a.step === step).map((a) => a.date);
  return dates.sort(compareDates).at(-1) ?? null;
}
