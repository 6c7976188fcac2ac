// Public surface of the categorisation policy engine.
export { categorise } from './engine/categorise.js';
export { summariseForLetter, type LetterSummary } from './letter.js';
export { parsePolicy, dimensionCodes, capacityDimension, measuresReadBy, type ParseResult, type PolicyError } from './policy/parse.js';
export { loadShippedPolicies, PolicyFileError, SHIPPED_POLICY_DIR, shippedPolicyHeaders } from './policy/load.js';
export type { Condition, Quartile, FloorThreshold } from './policy/condition-schema.js';
export type { Policy, Rule, PolicyCategory, PolicyDimension, MissingAction, Combination, SpecialHandling, Trigger } from './policy/schema.js';
export type * from './result-types.js';
export { engagementFor, schoolKindsOf, specialHandlingFor } from './engine/engagement.js';
