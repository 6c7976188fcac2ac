// The LA's own intelligence about a school (DOMAIN.md §2): kinds, the Walsall leadership and governance
// concern indicators, and the checks a recorded item must pass. Pure: the form, the repository and the
// tests share one definition of a valid item.
import walsall from '../../../policies/walsall-2014.json' with { type: 'json' };
import type { IntelligenceKind } from './types.js';

export const INTELLIGENCE_KINDS: readonly { code: IntelligenceKind; label: string; confidentialByDefault: boolean }[] = [
  { code: 'safeguarding_concern', label: 'Safeguarding concern', confidentialByDefault: true },
  { code: 'parental_complaint', label: 'Parental complaint', confidentialByDefault: false },
  { code: 'qualifying_complaint', label: 'Qualifying complaint to Ofsted', confidentialByDefault: false },
  { code: 'head_teacher_change', label: 'Head teacher change', confidentialByDefault: false },
  { code: 'staff_turnover', label: 'Staff turnover or HR issue', confidentialByDefault: true },
  { code: 'governance_review', label: 'Governance review', confidentialByDefault: false },
  { code: 'budget_deficit', label: 'Budget deficit', confidentialByDefault: false },
  { code: 'leadership_concern', label: 'Leadership concern indicator', confidentialByDefault: false },
  { code: 'governance_concern', label: 'Governance concern indicator', confidentialByDefault: false },
];

/**
 * The Walsall 2014 leadership and governance concern indicators, in the strategy's own words. The
 * policy file is the one list: the intelligence form offers these codes and the categorisation rule
 * counts them, so an indicator recorded in the app is matched, worded and de-duplicated as the source.
 */
export const LEADERSHIP_INDICATORS: Readonly<Record<string, string>> = Object.fromEntries(walsall.indicators.leadership.map((i) => [i.code, i.text]));
export const GOVERNANCE_INDICATORS: Readonly<Record<string, string>> = Object.fromEntries(walsall.indicators.governance.map((i) => [i.code, i.text]));

/**
 * Codes the intelligence form used before it read the policy's list (stored items are rewritten by
 * migration 0009). "Statutory requirements not met or advice refused" was one option; the source lists
 * two indicators, and the first (requirements not met) is the one such an item asserted at least.
 */
export const LEGACY_INDICATOR_CODES: Readonly<Record<'leadership_concern' | 'governance_concern', Readonly<Record<string, string>>>> = {
  leadership_concern: {
    attendance_or_exclusions: 'attendance_falling_or_exclusions_high',
    inaccurate_assessment: 'inaccurate_assessment_data',
    inadequate_progress_at_reviews: 'inadequate_progress_at_review',
    hr_issues_turnover: 'hr_issues_staff_turnover',
    poor_governor_relationship: 'poor_relationship_with_governors',
    refuses_la_engagement: 'refusal_to_engage',
    no_capacity_building: 'no_leadership_capacity_building',
    audit_failings: 'audit_failings_leadership',
  },
  governance_concern: {
    not_focused_on_improvement: 'gb_not_focused_on_improvement',
    statutory_requirements_or_advice: 'statutory_requirements_not_met',
    poor_leadership_relationship: 'poor_relationship_with_leadership',
    audit_failings: 'audit_failings_governance',
  },
};

export function indicatorsFor(kind: string): Readonly<Record<string, string>> | null {
  if (kind === 'leadership_concern') return LEADERSHIP_INDICATORS;
  if (kind === 'governance_concern') return GOVERNANCE_INDICATORS;
  return null;
}

export function kindLabel(kind: string): string {
  return INTELLIGENCE_KINDS.find((k) => k.code === kind)?.label ?? kind;
}

export function indicatorLabel(kind: string, indicator: string | null | undefined): string | null {
  if (!indicator) return null;
  return indicatorsFor(kind)?.[indicator] ?? indicator;
}

export interface IntelligenceDraft {
  kind: string;
  indicator: string;
  summary: string;
  source: string;
  occurredOn: string;
  confidential: boolean;
}

export type DraftErrors = Partial<Record<'kind' | 'indicator' | 'summary' | 'source' | 'occurredOn' | 'reason' | 'resolvedOn', string>>;

export const SUMMARY_MAX = 2000;

function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Day, month and year fields (GOV.UK date input) → ISO date, or null when they do not form a real date. */
export function dateFromParts(day: string, month: string, year: string): string | null {
  const [d, m, y] = [day, month, year].map((s) => s.trim());
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return null;
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** GOV.UK-style messages for a new or corrected item; `today` is injected so the check is testable. */
export function validateDraft(d: IntelligenceDraft, today: string): DraftErrors {
  const e: DraftErrors = {};
  if (!INTELLIGENCE_KINDS.some((k) => k.code === d.kind)) e.kind = 'Select what kind of information this is';
  const indicators = indicatorsFor(d.kind);
  if (indicators && !(d.indicator in indicators)) e.indicator = 'Select the concern indicator';
  if (!indicators && d.indicator) e.indicator = 'Only leadership and governance concerns have an indicator';
  const summary = d.summary.trim();
  if (!summary) e.summary = 'Enter a summary of what happened';
  else if (summary.length > SUMMARY_MAX) e.summary = `Summary must be ${SUMMARY_MAX} characters or fewer`;
  if (!d.source.trim()) e.source = 'Enter where the information came from';
  else if (d.source.length > 200) e.source = 'Source must be 200 characters or fewer';
  if (!d.occurredOn) e.occurredOn = 'Enter the date it happened, for example 27 3 2025';
  else if (!isIsoDate(d.occurredOn)) e.occurredOn = 'The date it happened must be a real date';
  else if (d.occurredOn > today) e.occurredOn = 'The date it happened must be today or in the past';
  return e;
}

export function validateResolution(resolvedOn: string, occurredOn: string, today: string): DraftErrors {
  if (!resolvedOn) return { resolvedOn: 'Enter the date it was resolved' };
  if (!isIsoDate(resolvedOn)) return { resolvedOn: 'The resolution date must be a real date' };
  if (resolvedOn > today) return { resolvedOn: 'The resolution date must be today or in the past' };
  if (resolvedOn < occurredOn) return { resolvedOn: 'The resolution date must be on or after the date it happened' };
  return {};
}

export function validateReason(reason: string): DraftErrors {
  const r = reason.trim();
  if (!r) return { reason: 'Enter why you are correcting this item' };
  if (r.length > 500) return { reason: 'Reason must be 500 characters or fewer' };
  return {};
}
