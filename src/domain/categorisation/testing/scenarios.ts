// Helpers for the per-policy tests: run a scenario and check that each rule is pinned to its document.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { SchoolEvidence } from '../../evidence/types.js';
import { categorise } from '../engine/categorise.js';
import { dimensionCodes } from '../policy/parse.js';
import type { Policy, Rule } from '../policy/schema.js';
import type { CategorisationInputs, CategorisationResult, LaContext } from '../result-types.js';
import { la } from './fixtures.js';

export interface Scenario {
  evidence: SchoolEvidence;
  la?: LaContext;
  inputs?: CategorisationInputs;
}

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
// Markdown emphasis in the converted sources is not part of the words.
const squash = (s: string) => s.replace(/\*+/g, '').replace(/\s+/g, ' ').trim();

/** The policy's source document, whitespace-normalised, for checking quotes word for word. */
export function sourceText(policy: Policy): string {
  return squash(readFileSync(`${REPO}${policy.source.file}`, 'utf8'));
}

export function expectQuoted(policy: Policy, quote: string): void {
  expect(sourceText(policy).includes(squash(quote)), `not found word for word in ${policy.source.file}: "${quote}"`).toBe(true);
}

export function runScenario(policy: Policy, s: Scenario): CategorisationResult {
  return categorise(policy, s.evidence, s.la ?? la(), s.inputs ?? {});
}

/** The rule fired and the school is at least at the level the rule asks for. */
export function expectRuleFires(policy: Policy, rule: Rule, s: Scenario): CategorisationResult {
  const result = runScenario(policy, s);
  const fired = result.firedRules.find((f) => f.ruleId === rule.id);
  expect(fired, `rule ${rule.id} did not fire; fired: ${result.firedRules.map((f) => f.ruleId).join(', ')}`).toBeDefined();
  expect(fired?.source.quote).toBe(rule.source.quote);
  expect(fired?.evidence.length, `rule ${rule.id} fired without showing evidence`).toBeGreaterThan(0);
  const dim = rule.assign.dimension;
  if (fired?.characteristic) {
    // Best fit: one characteristic need not decide the category; it must be reported as matched.
    const profile = result.bestFit?.profiles.find((p) => p.category === rule.assign.atLeast);
    expect(profile?.matched.map((m) => m.ruleId), `rule ${rule.id} is not shown as a matched characteristic`).toContain(rule.id);
    return result;
  }
  const codes = dimensionCodes(policy, dim) ?? [];
  const value = dim === 'category' ? result.category : result.dimensions[dim]?.value;
  expect(codes.indexOf(value ?? '')).toBeGreaterThanOrEqual(codes.indexOf(rule.assign.atLeast));
  return result;
}

export const short = (q: string) => (q.length > 90 ? `${q.slice(0, 87)}...` : q);
