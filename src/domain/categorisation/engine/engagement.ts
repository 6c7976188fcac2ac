// Which engagement a category promises a school: the policy's special handling for the school's kind
// (academies, special schools…) overrides the category's default. One function, so that the engine's
// proposal, the letter and the visit programme cannot disagree about what a school is offered.
import type { SchoolContext } from '../../evidence/types.js';
import type { Policy, PolicyCategory, SchoolKind, SpecialHandling } from '../policy/schema.js';

export function schoolKindsOf(s: SchoolContext): Set<SchoolKind> {
  const kinds = new Set<SchoolKind>();
  if (s.isAcademy) kinds.add('academy');
  else kinds.add('maintained');
  if (s.isSpecial || s.phase === 'special') kinds.add('special');
  if (s.isPRU || s.phase === 'alternative-provision') kinds.add('pru');
  if (s.phase === 'nursery') kinds.add('nursery');
  if (!kinds.has('special') && !kinds.has('pru') && !kinds.has('nursery')) kinds.add('mainstream');
  return kinds;
}

export function specialHandlingFor(policy: Policy, kinds: ReadonlySet<SchoolKind>): SpecialHandling[] {
  return policy.specialHandling.filter((s) => kinds.has(s.appliesTo));
}

/** The engagement for category `code` under the given special handling (the first override wins, as in the engine). */
export function engagementFor(policy: Policy, special: readonly Pick<SpecialHandling, 'id'>[], code: string | null): PolicyCategory['engagement'] | null {
  const cat = policy.categories.find((c) => c.code === code);
  if (!cat) return null;
  const ids = new Set(special.map((s) => s.id));
  const override = policy.specialHandling.find((s) => ids.has(s.id) && s.engagementOverrides[cat.code]);
  return override?.engagementOverrides[cat.code] ?? cat.engagement;
}
