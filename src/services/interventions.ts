// Stages of concern and the LA's judgements of concern, recorded through forms: a designation at a
// stage (stage 3 with its start, the school's statement of action / recovery plan, its owner and its
// review dates), the reviews held, and a judgement that a ground for a notice exists, signed off by a
// senior leader. Each write is audited; the escalation rules are then run again for the school.
import type { Db } from '../db/client.js';
import { can, type Principal } from '../domain/access/policy.js';
import { CONFIDENTIAL_SUMMARY } from '../domain/categorisation/conditions/outcome.js';
import { compareDates, isIsoDate, type IsoDate } from '../domain/calendar/index.js';
import { CONCERN_GROUNDS, type ConcernGround } from '../domain/engagement/index.js';
import { GROUND_WORDS } from '../domain/engagement/escalation-context.js';
import {
  concernJudgementsOf,
  currentIntervention,
  getConcernJudgement,
  insertConcernJudgement,
  insertIntervention,
  updateConcernJudgement,
  updateIntervention,
  type ConcernJudgementRow,
  type InterventionRow,
} from '../repositories/interventions.js';
import type { SchoolWithDistrict } from '../repositories/schools.js';
import { audit, type Actor } from './audit.js';
import { escalationState, syncEscalations, todayIso, viewEscalations, type EscalationContext, type SchoolEscalation } from './escalations.js';

type Errors = Record<string, string>;
export type Outcome<T> = { ok: true; row: T } | { ok: false; errors: Errors };


export interface StageInput {
  stage: string;
  startedOn: string;
  reason: string;
  plan: string;
  planOwner: string;
  reviewDates: string[];
}

/** GOV.UK date-input messages: "Enter the date …" when blank, "The date … must be a real date" otherwise. */
function dateError(value: string, what: string): string | null {
  if (!value) return `Enter ${what}`;
  return isIsoDate(value) ? null : `${what.replace(/^the/, 'The')} must be a real date`;
}

/**
 * Designates a school at a stage of concern the route defines. Stage 3 (intensive) needs its start,
 * the school's statement of action / recovery plan, who owns it and at least one review date after
 * the start: the 2008 two-term review and three-term referral count from that start.
 */
export async function recordStage(db: Db, orgId: number, school: SchoolWithDistrict, input: StageInput, ctx: EscalationContext, actor: Actor, today = todayIso()): Promise<Outcome<InterventionRow>> {
  const { state } = await escalationState(db, orgId, school, ctx, today);
  const levels = state.policy.stages.levels;
  const errors: Errors = {};
  const level = levels.find((l) => String(l.stage) === input.stage);
  if (!levels.length) errors.stage = `The ${state.policy.title} has no stages of concern`;
  else if (!level) errors.stage = 'Select the stage of concern';
  const started = dateError(input.startedOn, 'the date the stage started');
  if (started) errors.startedOn = started;
  else if (compareDates(input.startedOn, today) > 0) errors.startedOn = 'The date the stage started must be today or in the past';
  if (!input.reason.trim()) errors.reason = 'Say why the school is designated at this stage';
  const reviewDates = input.reviewDates.filter((d) => d !== '');
  if (level?.intensive) {
    if (!input.plan.trim()) errors.plan = "Enter the school's statement of action or recovery plan";
    if (!input.planOwner.trim()) errors.planOwner = 'Enter who owns the plan';
    if (!reviewDates.length) errors['review-0'] = 'Enter at least one review date';
  }
  input.reviewDates.forEach((d, i) => {
    if (!d) return;
    if (!isIsoDate(d)) errors[`review-${i}`] = `Enter a real date for review ${i + 1}`;
    else if (!started && compareDates(d, input.startedOn) <= 0) errors[`review-${i}`] = `Review ${i + 1} must be after the stage started`;
  });
  if (Object.keys(errors).length) return { ok: false, errors };

  const previous = await currentIntervention(db, orgId, school.urn);
  const row = await db.transaction(async (tx) => {
    if (previous) {
      await updateIntervention(tx, previous.id, { endedOn: input.startedOn });
      await audit(tx, actor, 'intervention.stage-ended', { type: 'school-intervention', id: previous.id }, { before: { stage: previous.stage, endedOn: null }, after: { endedOn: input.startedOn, supersededBy: `stage ${input.stage}` } });
    }
    const added = await insertIntervention(tx, {
      organisationId: orgId,
      urn: school.urn,
      stage: level!.stage,
      startedOn: input.startedOn,
      reason: input.reason.trim(),
      plan: level!.intensive ? input.plan.trim() : input.plan.trim() || null,
      planOwner: level!.intensive ? input.planOwner.trim() : input.planOwner.trim() || null,
      reviewDates: [...new Set(reviewDates)].sort(compareDates),
      recordedBy: actor.label,
      recordedByUserId: actor.userId,
    });
    await audit(tx, actor, 'intervention.stage-recorded', { type: 'school-intervention', id: added.id }, { after: { urn: school.urn, stage: added.stage, startedOn: added.startedOn, planOwner: added.planOwner, reviewDates: added.reviewDates } });
    return added;
  });
  await syncEscalations(db, orgId, school, ctx, actor, today);
  return { ok: true, row };
}

/** A review of the intervention held: the date and whether it found significant improvement. */
export async function recordInterventionReview(
  db: Db,
  orgId: number,
  school: SchoolWithDistrict,
  input: { on: string; significantImprovement: string; note: string },
  ctx: EscalationContext,
  actor: Actor,
  today = todayIso(),
): Promise<Outcome<InterventionRow>> {
  const current = await currentIntervention(db, orgId, school.urn);
  const errors: Errors = {};
  const bad = dateError(input.on, 'the date the review was held');
  if (!current) errors.on = 'The school is not designated at a stage of concern';
  else if (bad) errors.on = bad;
  else if (compareDates(input.on, current.startedOn) < 0 || compareDates(input.on, today) > 0) errors.on = `Enter a date from the start of the stage (${current.startedOn}) to today`;
  if (!['yes', 'no'].includes(input.significantImprovement)) errors.significantImprovement = 'Select whether the review found significant improvement';
  if (!input.note.trim()) errors.note = 'Say what the review found';
  if (Object.keys(errors).length || !current) return { ok: false, errors };
  const reviews = [...current.reviews, { on: input.on, significantImprovement: input.significantImprovement === 'yes', note: input.note.trim(), recordedBy: actor.label }].sort((a, b) => compareDates(a.on, b.on));
  const row = await db.transaction(async (tx) => {
    const u = await updateIntervention(tx, current.id, { reviews });
    await audit(tx, actor, 'intervention.review-recorded', { type: 'school-intervention', id: current.id }, { before: { reviews: current.reviews.length }, after: { on: input.on, significantImprovement: input.significantImprovement === 'yes' } });
    return u;
  });
  await syncEscalations(db, orgId, school, ctx, actor, today);
  return { ok: true, row };
}

export const CONCERN_GROUND_CHOICES: { value: ConcernGround; text: string }[] = CONCERN_GROUNDS.map((g) => ({ value: g, text: GROUND_WORDS[g].replace(/^./, (c) => c.toUpperCase()) }));

export interface ConcernInput {
  ground: string;
  judgedOn: string;
  judgedBy: string;
  evidence: string;
  confidential: boolean;
}

/** An officer records the LA's judgement of concern; it waits for a senior leader's sign-off. */
export async function recordConcern(db: Db, orgId: number, school: SchoolWithDistrict, input: ConcernInput, actor: Actor, today = todayIso()): Promise<Outcome<ConcernJudgementRow>> {
  const errors: Errors = {};
  if (!(CONCERN_GROUNDS as readonly string[]).includes(input.ground)) errors.ground = 'Select the ground of concern';
  const bad = dateError(input.judgedOn, 'the date of the judgement');
  if (bad) errors.judgedOn = bad;
  else if (compareDates(input.judgedOn, today) > 0) errors.judgedOn = 'The date of the judgement must be today or in the past';
  if (!input.judgedBy.trim()) errors.judgedBy = 'Enter who made the judgement';
  if (!input.evidence.trim()) errors.evidence = 'Enter the evidence for the judgement';
  if (Object.keys(errors).length) return { ok: false, errors };
  const row = await db.transaction(async (tx) => {
    const added = await insertConcernJudgement(tx, {
      organisationId: orgId,
      urn: school.urn,
      ground: input.ground,
      judgedOn: input.judgedOn,
      judgedBy: input.judgedBy.trim(),
      evidence: input.evidence.trim(),
      confidential: input.confidential,
      recordedBy: actor.label,
      recordedByUserId: actor.userId,
    });
    // Confidential evidence stays out of the audit entry too: the log is read more widely than intelligence.
    await audit(tx, actor, 'concern.recorded', { type: 'concern-judgement', id: added.id }, { after: { urn: school.urn, ground: added.ground, judgedOn: added.judgedOn, judgedBy: added.judgedBy, confidential: added.confidential, evidence: added.confidential ? '(confidential)' : added.evidence } });
    return added;
  });
  return { ok: true, row };
}

/** A senior leader signs the judgement off (the rules then read it) or rejects it, with reasons. */
export async function decideConcern(
  db: Db,
  orgId: number,
  school: SchoolWithDistrict,
  id: number,
  input: { decision: string; note: string },
  ctx: EscalationContext,
  actor: Actor & { userId: number; name: string },
  today = todayIso(),
): Promise<Outcome<ConcernJudgementRow>> {
  const row = await getConcernJudgement(db, orgId, id);
  const errors: Errors = {};
  if (!row || row.urn !== school.urn) errors.decision = 'There is no such judgement of concern';
  else if (row.status !== 'awaiting_sign_off') errors.decision = 'This judgement has already been decided';
  else if (!['sign_off', 'reject'].includes(input.decision)) errors.decision = 'Select whether to sign off or reject the judgement';
  if (input.decision === 'reject' && !input.note.trim()) errors.note = 'Give the reason for rejecting the judgement';
  if (Object.keys(errors).length || !row) return { ok: false, errors };
  const status = input.decision === 'sign_off' ? 'signed_off' : 'rejected';
  const updated = await db.transaction(async (tx) => {
    const u = await updateConcernJudgement(tx, id, { status, signedOffBy: actor.name, signedOffByUserId: actor.userId, signedOffAt: new Date(), decisionNote: input.note.trim() || null });
    await audit(tx, actor, status === 'signed_off' ? 'concern.signed-off' : 'concern.rejected', { type: 'concern-judgement', id }, { before: { status: row.status }, after: { status, note: input.note.trim() || null } });
    return u;
  });
  // A signed-off judgement is the event the immediate notice rules wait for.
  if (status === 'signed_off') await syncEscalations(db, orgId, school, ctx, actor, today);
  return { ok: true, row: updated };
}

/**
 * The evidence of a judgement as this reader may see it: confidential evidence is LA intelligence,
 * shown only to those who may read confidential intelligence (as `src/domain/access/redaction.ts` does).
 */
export function concernEvidenceFor(row: ConcernJudgementRow, principal: Principal): string {
  return row.confidential && !can(principal, 'intelligence:read-confidential') ? CONFIDENTIAL_SUMMARY : row.evidence;
}

export async function concernsFor(db: Db, orgId: number, urn: number): Promise<ConcernJudgementRow[]> {
  return concernJudgementsOf(db, orgId, urn);
}

export interface SchoolEscalationSummary {
  stage: SchoolEscalation['stage'];
  /** Notices issued and not closed (Notice of Concern, warning notice). */
  openNotices: { step: string; title: string; issuedOn: IsoDate; reviewDate: IsoDate | null }[];
  /** Proposals stored and awaiting a senior leader's decision. */
  awaitingSignOff: number;
  overdueReviews: IsoDate[];
  route: { id: string; title: string };
}

/**
 * One school's escalation at a glance, for the school page and the officer's hub: stage of concern
 * with its reason, open notices, proposals awaiting sign-off and overdue intervention reviews.
 * Read-only; the caller checks that the reader may see LA escalation for this school.
 */
export async function schoolEscalationSummary(db: Db, orgId: number, school: SchoolWithDistrict, ctx: EscalationContext, today = todayIso()): Promise<SchoolEscalationSummary> {
  const e = await viewEscalations(db, orgId, school, ctx, today);
  return {
    stage: e.stage,
    openNotices: e.records
      .filter((r) => r.status === 'signed_off' && r.issuedOn && ['notice_of_concern', 'warning_notice'].includes(r.step) && !(r.details as { closedOn?: string }).closedOn)
      .map((r) => ({ step: r.step, title: r.title, issuedOn: r.issuedOn!, reviewDate: r.reviewDate })),
    awaitingSignOff: e.records.filter((r) => r.status === 'proposed').length,
    overdueReviews: e.stage.reviews.filter((r) => r.status === 'overdue').map((r) => r.date),
    route: { id: e.state.policy.id, title: e.state.policy.title },
  };
}
