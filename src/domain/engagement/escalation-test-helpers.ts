// Shared fixtures for the escalation tests (not shipped code paths).
import { loadCalendar } from '../calendar/index.js';
import { loadEscalationPolicy, type EscalationPolicy } from './escalation-policy.js';
import { proposeEscalations } from './escalation.js';
import type { EscalationState, Proposal } from './escalation-types.js';

export const calendar = loadCalendar();
export const policy = loadEscalationPolicy();

export function state(overrides: Partial<EscalationState> = {}, school: Partial<EscalationState['school']> = {}): EscalationState {
  return {
    today: '2026-03-10',
    calendar,
    policy,
    school: { urn: 100001, name: 'Example Primary School', governance: 'maintained', category: null, ...school },
    meetings: [],
    ...overrides,
  };
}

export function withSettings(settings: Partial<EscalationPolicy['settings']>): EscalationPolicy {
  return { ...policy, settings: { ...policy.settings, ...settings } };
}

export function byRule(s: EscalationState, ruleId: string): Proposal[] {
  return proposeEscalations(s).filter((p) => p.ruleId === ruleId);
}
