// Public surface of the moderation workflow: rounds, steps, in-year review, challenges and overview.
export * from './types.js';
export { applyStep, STAGE_ROLES, OVERRIDE_ROLES, type StepInput, type StepOutcome } from './steps.js';
export { openRound, proposeEntry, canConfirmRound, confirmRound, checkRoundOpen, categoryCodes, roundLabel, isAcademicYear, TERMS, ROUND_ROLES, type Term, type OpenRoundInput, type ProposeInput, type ConfirmCheck } from './round.js';
export { needsReview, reviewQueue, recordInYearReview, REVIEW_ROLES, type ReviewNeed, type QueueItem, type ReviewInput } from './review.js';
export { openChallenge, respondToChallenge, withdrawChallenge, CHALLENGER_ROLES, RESPONDER_ROLES, type OpenChallengeInput, type RespondInput } from './challenge.js';
export { distribution, transitions, movement, NOT_SET, EXCLUDED, NEW, LEFT, NO_DISTRICT, type Distribution, type DistributionRow, type TransitionMatrix, type Direction, type Movement } from './overview.js';
