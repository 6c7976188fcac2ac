// Best fit (Staffordshire 2008: each category's "characteristics may include …"): a category's
// characteristics are the rules that assign it. A category fits when enough of them match, or one of
// its decisive ones does; the most concerning category that fits is proposed, never lower than a hold
// for missing evidence. Every characteristic is reported as matched, not matched or not assessable.
import { dimensionCodes } from '../policy/parse.js';
import type { BestFit, Policy } from '../policy/schema.js';
import type { BestFitProfile, BestFitResult, Characteristic } from '../result-types.js';
import type { RuleRun } from './rules.js';
import { numberOf, showSetting } from './settings.js';

export interface BestFitOutcome {
  category: string;
  result: BestFitResult;
}

export function bestFit(policy: Policy, combination: BestFit, run: RuleRun): BestFitOutcome {
  const order = dimensionCodes(policy, 'category') ?? [];
  const rank = (code: string | undefined) => (code === undefined ? -1 : order.indexOf(code));
  const labelOf = (code: string) => policy.categories.find((c) => c.code === code)?.label ?? code;
  const notApplied = new Set(run.notApplied.map((n) => n.ruleId));
  const fired = new Map(run.fired.map((f) => [f.ruleId, f]));

  const profiles: BestFitProfile[] = [...combination.profiles]
    .sort((a, b) => rank(b.category) - rank(a.category))
    .map((p) => {
      const decisive = new Set(p.decisive);
      const enough = numberOf(policy, p.enough);
      const out: BestFitProfile = {
        category: p.category,
        label: labelOf(p.category),
        enough,
        setting: typeof p.enough === 'number' ? null : showSetting(p.enough.setting, policy.settings[p.enough.setting]),
        matched: [],
        unmatched: [],
        unknown: [],
        notApplied: [],
        fits: 'no',
        ...(p.whenShort ? { whenShort: p.whenShort } : {}),
      };
      for (const rule of policy.rules) {
        if (rule.assign.dimension !== 'category' || rule.assign.atLeast !== p.category) continue;
        const c: Characteristic = { ruleId: rule.id, description: rule.description, ...(decisive.has(rule.id) ? { decisive: true } : {}) };
        if (notApplied.has(rule.id)) out.notApplied.push(c);
        else if (run.outcomes.get(rule.id) === 'true') {
          const f = fired.get(rule.id);
          // Matched only because of confidential intelligence: readers without the permission must not see it.
          out.matched.push(f?.confidential && !f.withoutConfidential ? { ...c, confidential: true } : c);
        } else if (run.outcomes.get(rule.id) === 'false') out.unmatched.push(c);
        else out.unknown.push(c);
      }
      // Characteristics that read the same evidence (a tag the profile counts once) are one strand of it.
      const strands = new Set(
        out.matched.map((m) => {
          const tags = policy.rules.find((r) => r.id === m.ruleId)?.tags ?? [];
          return p.countTagsOnce.find((t) => tags.includes(t)) ?? `rule:${m.ruleId}`;
        }),
      );
      if (out.matched.some((m) => m.decisive)) out.fits = 'decisive';
      else if (strands.size >= enough) out.fits = 'enough';
      else if (out.matched.length > 0 && p.whenShort) out.fits = 'short';
      return out;
    });

  const candidates: { category: string; by: BestFitResult['decidedBy']; sentence: string }[] = [];
  for (const p of profiles) {
    const needed = p.setting ? `your LA's setting: ${p.setting.value}` : `${p.enough} or more`;
    if (p.fits === 'decisive') candidates.push({ category: p.category, by: 'profile', sentence: `${p.label} fits: a characteristic that places a school in it on its own matches.` });
    else if (p.fits === 'enough') candidates.push({ category: p.category, by: 'profile', sentence: `${p.label} fits: enough of its characteristics match (${needed}).` });
    else if (p.fits === 'short' && p.whenShort)
      candidates.push({ category: p.whenShort, by: 'short', sentence: `Some of the characteristics of ${p.label} match, but fewer than needed (${needed}): no lower than ${labelOf(p.whenShort)}.` });
  }
  const hold = run.values.get('category');
  if (hold !== undefined) candidates.push({ category: hold, by: 'hold', sentence: `Evidence is missing: held at no lower than ${labelOf(hold)}.` });
  // The most concerning answer wins; among equals a fitting profile is named before a shortfall or a hold.
  const order2 = { profile: 0, short: 1, hold: 2, otherwise: 3 } as const;
  candidates.sort((a, b) => rank(b.category) - rank(a.category) || order2[a.by] - order2[b.by]);
  const chosen = candidates[0] ?? { category: combination.otherwise, by: 'otherwise' as const, sentence: `No category's characteristics match: ${labelOf(combination.otherwise)}.` };
  return {
    category: chosen.category,
    result: { statement: combination.statement, profiles, decidedBy: chosen.by, sentence: chosen.sentence },
  };
}
