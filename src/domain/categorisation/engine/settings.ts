// The LA's settings: numbers the source does not state, named once in the policy and referred to by
// conditions and combinations. Resolved here, so evaluators only ever see plain numbers.
import { resolveCondition, settingsRead, type Condition, type Num } from '../policy/condition-schema.js';
import type { Policy, Rule, Setting } from '../policy/schema.js';
import type { FiredRule, LaSettingShown } from '../result-types.js';

// Per policy object, then per rule: an edited copy of a policy shares its rule objects with the original.
const resolved = new WeakMap<Policy, WeakMap<Rule, Condition>>();

export function settingValues(policy: Policy): Record<string, number> {
  return Object.fromEntries(Object.entries(policy.settings).map(([k, s]) => [k, s.value]));
}

/** The rule's condition with its settings' values in place (the policy is validated, so every name exists). */
export function ruleCondition(policy: Policy, rule: Rule): Condition {
  let byRule = resolved.get(policy);
  if (!byRule) resolved.set(policy, (byRule = new WeakMap()));
  let c = byRule.get(rule);
  if (!c) {
    c = resolveCondition(rule.when, settingValues(policy));
    byRule.set(rule, c);
  }
  return c;
}

export function numberOf(policy: Policy, n: Num): number {
  return typeof n === 'number' ? n : (policy.settings[n.setting]?.value ?? NaN);
}

export function showSetting(id: string, s: Setting): LaSettingShown {
  return {
    id,
    name: s.label,
    value: s.wording.replaceAll('{value}', String(s.value)),
    lodestarDefault: s.wording.replaceAll('{value}', String(s.lodestarDefault)),
    isDefault: s.value === s.lodestarDefault,
  };
}

/** The settings a rule uses, as shown to readers; a rule stored before settings existed shows its words. */
export function ruleSettings(policy: Policy, rule: Rule): LaSettingShown[] {
  const named = settingsRead(rule.when).flatMap((id) => (policy.settings[id] ? [showSetting(id, policy.settings[id])] : []));
  if (named.length || !rule.laSetting) return named;
  return [{ id: null, name: rule.laSetting.name, value: rule.laSetting.value, lodestarDefault: rule.laSetting.value, isDefault: true }];
}

/** "your LA's setting: …" in one sentence, saying whether it is Lodestar's default. */
export function settingSentence(s: LaSettingShown): string {
  return `Your LA's setting: ${s.name}: ${s.value}${s.isDefault ? " (Lodestar's default; the source states no number)" : ` (Lodestar's default: ${s.lodestarDefault}; the source states no number)`}.`;
}

/** A fired rule's settings, including one stored as words before settings were named. */
export function shownSettings(f: FiredRule): LaSettingShown[] {
  if (f.laSettings) return f.laSettings;
  return f.laSetting ? [{ id: null, name: f.laSetting.name, value: f.laSetting.value, lodestarDefault: f.laSetting.value, isDefault: true }] : [];
}
