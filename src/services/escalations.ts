// Escalation: gathers one school's history (category, Core Group meetings, notices and steps already
// signed off) into the pure engine's state, stores each new proposal once, and records a senior
// leader's decision with the letter it produces. Every write is audited.
import type { Db } from '../db/client.js';
import { academicYear, academicYearOf, addWeeks, compareDates, isIsoDate, loadCalendar, type IsoDate, type SchoolCalendar } from '../domain/calendar/index.js';
import {
  escalationPolicyFor,
  inspectionRecords,
  loadEscalationPolicy,
  stageSummary,
  type ConcernGround,
  type ConcernRecord,
  type Designation,
  type StageSummary,
  noticeReviewDate,
  proposeEscalations,
  timeInIntervention,
  type ActionRecord,
  type EscalationPolicy,
  type EscalationState,
  type MeetingRecord,
  type NoticeRecord,
  type Proposal,
} from '../domain/engagement/index.js';
import { decideEscalation, escalationCandidateUrns, escalationsOf, getEscalation, insertNewProposals, type EscalationRow } from '../repositories/engagementEscalations.js';
import { interventionCandidateUrns, type InterventionRow } from '../repositories/interventions.js';
import { getSchool, schoolsByUrn, type SchoolWithDistrict } from '../repositories/schools.js';
import { audit, type Actor } from './audit.js';
import { coreGroupConcerns, renderEscalationLetter } from './escalationLetters.js';
import { manySchoolsInputs, oneSchoolInputs, type EscalationInputs } from './escalationInputs.js';
import { toInspection } from './evidence.js';
import { currentCategories, type CategorySet } from './programme.js';

export const todayIso = (): IsoDate => new Date().toISOString().slice(0, 10);

export interface EscalationContext {
  calendar: SchoolCalendar;
  /** The route used where the round's policy selects none of its own settings (and with `fixedRoute`). */
  policy: EscalationPolicy;
  laName: string;
  /** Use `policy` for every school instead of the route the round's policy selects. */
  fixedRoute?: boolean;
}

export function defaultContext(laName: string): EscalationContext {
  return { calendar: loadCalendar(), policy: loadEscalationPolicy(), laName };
}

const NOTICE_STEPS = new Set(['notice_of_concern', 'warning_notice']);

/** A proposal is the same proposal while its rule and the date of its latest evidence are the same. */
export function triggerKey(p: Proposal): string {
  const last = p.evidence.map((e) => e.date).sort().at(-1) ?? p.dueDate ?? '';
  return `${p.ruleId}@${last}`;
}

function noticesFrom(rows: EscalationRow[]): NoticeRecord[] {
  return rows
    .filter((r) => r.status === 'signed_off' && r.issuedOn && NOTICE_STEPS.has(r.step))
    .map((r): NoticeRecord => {
      const d = r.details as Record<string, string | number | undefined>;
      if (r.step === 'warning_notice') {
        return {
          kind: 'warning_notice',
          issuedOn: r.issuedOn!,
          ground: (d.ground as 'standards_unacceptably_low') ?? 'standards_unacceptably_low',
          complianceEndsOn: String(d.complianceEndsOn ?? r.issuedOn),
          ...(d.compliedOn ? { compliedOn: String(d.compliedOn) } : {}),
          ...(d.closedOn ? { closedOn: String(d.closedOn) } : {}),
        };
      }
      return {
        kind: 'notice_of_concern',
        issuedOn: r.issuedOn!,
        ...(typeof d.reviewWeeks === 'number' ? { reviewWeeks: d.reviewWeeks } : {}),
        ...(d.reviewedOn ? { reviewedOn: String(d.reviewedOn), reviewOutcome: d.reviewOutcome as 'insufficient_improvement' } : {}),
        ...(d.closedOn ? { closedOn: String(d.closedOn) } : {}),
      };
    });
}

export interface SchoolEscalation {
  school: SchoolWithDistrict;
  state: EscalationState;
  proposals: (Proposal & { key: string; record: EscalationRow | null })[];
  records: EscalationRow[];
  /** Time in a stage-3 intervention, counted in terms from its recorded start. */
  intervention: ReturnType<typeof timeInIntervention> | null;
  /** The stage of concern with its reason, as the route's source defines stages. */
  stage: StageSummary;
  /** The designation in force, if any (its id for the review form). */
  designation: InterventionRow | null;
  /** Where no route is configured for the round's policy, why nothing is proposed. */
  noRoute: string | null;
}

function designationOf(row: InterventionRow | null): Designation | null {
  return row ? { stage: row.stage, startedOn: row.startedOn, reason: row.reason, plan: row.plan, planOwner: row.planOwner, reviewDates: row.reviewDates, reviews: row.reviews } : null;
}

/**
 * The escalation route for the categorisation policy the school's category comes from (the
 * confirmed round's, else the live one): a Walsall LA follows Walsall's route. A context built with
 * `fixedRoute` (tests of one route) keeps its own. No route configured: no rule applies.
 */
function routeFor(ctx: EscalationContext, categorisationPolicyId: string): { policy: EscalationPolicy; noRoute: string | null } {
  if (ctx.fixedRoute) return { policy: ctx.policy, noRoute: null };
  const route = escalationPolicyFor(categorisationPolicyId);
  if (route) return { policy: route, noRoute: null };
  return {
    policy: { ...ctx.policy, rules: [], stages: { ...ctx.policy.stages, levels: [] } },
    noRoute: `No escalation route is configured for the ${categorisationPolicyId} policy (config/escalation/), so no step is proposed.`,
  };
}

/** Many schools' categories read once, found by URN (a find over a national list per school is quadratic). */
export interface CategoryBatch {
  set: CategorySet;
  byUrn: Map<number, CategorySet['schools'][number]>;
}

export function categoryBatch(set: CategorySet): CategoryBatch {
  return { set, byUrn: new Map(set.schools.map((s) => [s.urn, s])) };
}

/**
 * `categories`: the same schools' `currentCategories` as of `today` read once for a batch (each school's
 * category is its own); `inputs`: the school's other inputs read with many schools' (`manySchoolsInputs`).
 */
export async function escalationState(
  db: Db,
  orgId: number,
  school: SchoolWithDistrict,
  ctx: EscalationContext,
  today: IsoDate,
  categories?: CategoryBatch,
  inputs?: EscalationInputs,
): Promise<{ state: EscalationState; records: EscalationRow[]; designation: InterventionRow | null; noRoute: string | null }> {
  const { set, byUrn } = categories ?? categoryBatch(await currentCategories(db, orgId, { urns: [school.urn], asOf: today }));
  const cat = byUrn.get(school.urn);
  const { policy, noRoute } = routeFor(ctx, set.policy.id);
  const { designation, concerns: judgements, coreGroup: group, meetings: meetingRows, records, inspections } = inputs ?? (await oneSchoolInputs(db, orgId, school.urn));
  const latestReview = designation?.reviews.at(-1);
  // Only a judgement a senior leader has signed off counts; the date is the judgement's.
  const concerns: ConcernRecord[] = judgements.filter((c) => c.status === 'signed_off' && c.judgedOn <= today).map((c) => ({ ground: c.ground as ConcernGround, date: c.judgedOn }));
  const meetings: MeetingRecord[] = meetingRows.map((m) => ({ date: m.meetingDate, type: group?.meetingType ?? 'core-group', judgement: m.judgement }));
  // Categories are set in the annual analysis at the start of the autumn term, so they count from then
  // (a stable date: the same category never re-triggers a proposal the next day).
  const since = academicYear(academicYearOf(today), ctx.calendar).start;
  const actions: ActionRecord[] = records
    .filter((r) => r.status === 'signed_off' && !NOTICE_STEPS.has(r.step))
    .map((r) => ({ step: r.step as ActionRecord['step'], date: r.issuedOn ?? today }));
  const state: EscalationState = {
    today,
    calendar: ctx.calendar,
    policy,
    school: {
      urn: school.urn,
      name: school.name,
      governance: cat?.isAcademy ? 'academy' : 'maintained',
      category: cat?.code ? { code: cat.code, label: cat.label ?? cat.code, highConcern: cat.highConcern, since, evidenceTo: set.source.asOf } : null,
    },
    meetings,
    // Published by today: the engine reads Ofsted outcomes (category of concern, consecutive below-good).
    // Read through the categorisation policy's own era mapping ("below good" is that policy's, not a generic reading).
    inspections: inspectionRecords(
      inspections.filter((i) => (i.publicationDate ?? i.inspectionDate) <= today).map(toInspection),
      set.policy,
    ),
    notices: noticesFrom(records),
    concerns,
    intervention: designation && designation.startedOn <= today ? { stage: designation.stage as 1 | 2 | 3, startedOn: designation.startedOn, ...(latestReview ? { significantImprovement: latestReview.significantImprovement } : {}) } : null,
    actions,
  };
  return { state, records, designation, noRoute };
}

/**
 * What the engine proposes for one school today, beside what is stored; read-only, for pages. A
 * proposal not yet stored has no record: it is stored by the event that causes it (a meeting recorded,
 * a decision, a round confirmed, an import) or by the daily check of dates (`proposeDueEscalations`),
 * never by someone looking at a page.
 */
export async function viewEscalations(db: Db, orgId: number, school: SchoolWithDistrict, ctx: EscalationContext, today = todayIso()): Promise<SchoolEscalation> {
  const { state, records, designation, noRoute } = await escalationState(db, orgId, school, ctx, today);
  return describe(school, state, records, proposeEscalations(state), ctx, today, designation, noRoute);
}

/** Runs the engine for one school and stores any proposal not seen before (audited as `actor`). */
export async function syncEscalations(
  db: Db,
  orgId: number,
  school: SchoolWithDistrict,
  ctx: EscalationContext,
  actor: Actor,
  today = todayIso(),
  categories?: CategoryBatch,
  inputs?: EscalationInputs,
): Promise<SchoolEscalation> {
  const { state, records, designation, noRoute } = await escalationState(db, orgId, school, ctx, today, categories, inputs);
  const proposals = proposeEscalations(state);
  const known = new Set(records.map((r) => r.triggerKey));
  const fresh = proposals.filter((p) => !known.has(triggerKey(p)));
  const added = await insertNewProposals(
    db,
    fresh.map((p) => ({
      organisationId: orgId,
      urn: school.urn,
      step: p.step,
      ruleId: p.ruleId,
      triggerKey: triggerKey(p),
      title: p.title,
      reason: p.reason,
      evidence: p.evidence,
      proposal: p,
      dueDate: p.dueDate,
      reviewDate: p.reviewDate,
    })),
  );
  for (const row of added) await audit(db, actor, 'escalation.proposed', { type: 'escalation', id: row.id }, { after: { urn: row.urn, step: row.step, ruleId: row.ruleId, dueDate: row.dueDate } });
  return describe(school, state, [...records, ...added], proposals, ctx, today, designation, noRoute);
}

function describe(
  school: SchoolWithDistrict,
  state: EscalationState,
  all: EscalationRow[],
  proposals: Proposal[],
  ctx: EscalationContext,
  today: IsoDate,
  designation: InterventionRow | null,
  noRoute: string | null,
): SchoolEscalation {
  const stage = stageSummary(state.policy, designationOf(designation), state.school.category ?? null, today);
  // Time in intervention runs from the recorded start of an intensive (stage-3) intervention, not from a notice.
  const intervention = stage.intensive && stage.since && compareDates(stage.since, today) <= 0 ? interventionTime(stage.since, today, ctx.calendar) : null;
  return {
    school,
    state,
    designation,
    noRoute,
    records: all,
    proposals: proposals.map((p) => ({ ...p, key: triggerKey(p), record: all.find((r) => r.triggerKey === triggerKey(p)) ?? null })),
    intervention,
    stage,
  };
}

/** The system's own name in the audit log when it stores proposals after an event or on its daily check. */
export const escalationCheckActor = (orgId: number, why: string): Actor => ({ userId: null, label: `lodestar (escalation check: ${why})`, organisationId: orgId });

/** Schools whose inputs are read together: bounds the memory of one read and how long a read holds the database. */
const CHECK_BATCH = 500;

/**
 * Stores what the rules propose for the given schools, or for every school the rules can reach (high
 * concern now, a Core Group, or an escalation already on record). Run after the events that cause
 * proposals and once a day for the ones dates cause (a notice's review date, two terms in intervention).
 * Set-based: the categories once, then each batch's schools and their inputs in one read of each table
 * (at national size, per-school reads of 2,309 high-concern schools held the app's thread for minutes).
 */
export async function proposeDueEscalations(db: Db, orgId: number, ctx: EscalationContext, actor: Actor, opts: { urns?: number[]; today?: IsoDate } = {}): Promise<{ schools: number; proposed: number }> {
  const today = opts.today ?? todayIso();
  let urns = opts.urns;
  let categories: CategorySet | undefined;
  if (!urns) {
    // The whole installation's categories serve both to choose the schools and as theirs: a school's
    // category does not depend on the others read with it (test/db/escalation-fidelity.test.ts).
    categories = await currentCategories(db, orgId, { asOf: today });
    urns = [...new Set([...categories.schools.filter((c) => c.highConcern).map((c) => c.urn), ...(await escalationCandidateUrns(db, orgId)), ...(await interventionCandidateUrns(db, orgId))])];
  } else if (urns.length) {
    categories = await currentCategories(db, orgId, { urns, asOf: today });
  }
  if (!categories || !urns.length) return { schools: urns.length, proposed: 0 };
  const batch = categoryBatch(categories);
  const sorted = [...urns].sort((a, b) => a - b);
  let proposed = 0;
  for (let i = 0; i < sorted.length; i += CHECK_BATCH) {
    const part = sorted.slice(i, i + CHECK_BATCH);
    const schools = new Map((await schoolsByUrn(db, orgId, part)).map((s) => [s.urn, s]));
    const inputs = await manySchoolsInputs(db, orgId, part);
    for (const urn of part) {
      // The database calls of an embedded engine answer without a turn of the event loop: let requests in.
      await new Promise((resolve) => setImmediate(resolve));
      const school = schools.get(urn);
      if (!school) continue;
      const input = inputs.get(urn)!;
      const after = await syncEscalations(db, orgId, school, ctx, actor, today, batch, input);
      proposed += after.records.length - input.records.length;
    }
  }
  return { schools: urns.length, proposed };
}

/** A date beyond the calendar's years gives no count (shown as unknown) rather than a miscount. */
function interventionTime(from: IsoDate, today: IsoDate, cal: SchoolCalendar): ReturnType<typeof timeInIntervention> | null {
  try {
    return timeInIntervention(from, today, cal);
  } catch {
    return null;
  }
}

export interface SignOffInput {
  decision: string;
  note: string;
  reviewWeeks?: string;
  ground?: string;
  complianceEndsOn?: string;
  reviewOutcome?: string;
}

export type SignOffOutcome = { ok: true; row: EscalationRow } | { ok: false; errors: Record<string, string> };

const WARNING_GROUNDS = ['standards_unacceptably_low', 'management_governance_breakdown', 'safety_threatened'];

/** A senior leader signs a proposal off (producing its letter) or rejects it, with reasons. */
export async function decide(db: Db, orgId: number, id: number, input: SignOffInput, ctx: EscalationContext, actor: Actor & { userId: number; name: string }, today = todayIso()): Promise<SignOffOutcome> {
  const row = await getEscalation(db, orgId, id);
  if (!row) throw Object.assign(new Error('No such escalation'), { statusCode: 404 });
  const errors: Record<string, string> = {};
  if (row.status !== 'proposed') errors.decision = 'This proposal has already been decided';
  if (!['sign_off', 'reject'].includes(input.decision)) errors.decision = 'Select whether to sign off or reject the proposal';
  if (input.decision === 'reject' && !input.note.trim()) errors.note = 'Give the reason for rejecting the proposal';
  const { minWeeks, maxWeeks, defaultWeeks } = ctx.policy.settings.noticeOfConcernReview;
  const weeks = input.reviewWeeks?.trim() ? Number(input.reviewWeeks) : defaultWeeks;
  const details: Record<string, unknown> = {};
  if (input.decision === 'sign_off' && row.step === 'notice_of_concern') {
    if (!Number.isInteger(weeks) || weeks < minWeeks || weeks > maxWeeks) errors.reviewWeeks = `Enter a whole number of weeks from ${minWeeks} to ${maxWeeks}`;
    else details.reviewWeeks = weeks;
  }
  if (input.decision === 'sign_off' && row.step === 'warning_notice') {
    if (!input.ground || !WARNING_GROUNDS.includes(input.ground)) errors.ground = 'Select the ground for the warning notice';
    else details.ground = input.ground;
    if (!input.complianceEndsOn || !/^\d{4}-\d{2}-\d{2}$/.test(input.complianceEndsOn) || compareDates(input.complianceEndsOn, today) <= 0) errors.complianceEndsOn = 'Enter the last day of the compliance period, after today, as a real date, for example 12 2 2027';
    else details.complianceEndsOn = input.complianceEndsOn;
  }
  if (input.decision === 'sign_off' && row.step === 'notice_of_concern_review') {
    if (!['sufficient_improvement', 'insufficient_improvement'].includes(input.reviewOutcome ?? '')) errors.reviewOutcome = 'Select the outcome of the review';
  }
  if (Object.keys(errors).length) return { ok: false, errors };

  const school = await getSchool(db, orgId, row.urn, { kind: 'all' });
  if (!school) throw new Error(`School ${row.urn} is not on the register`);
  if (input.decision === 'reject') {
    const updated = await decideEscalation(db, id, { status: 'rejected', decisionNote: input.note.trim(), signedOffBy: actor.name, signedOffByUserId: actor.userId, signedOffAt: new Date() });
    await audit(db, actor, 'escalation.rejected', { type: 'escalation', id }, { before: { status: row.status }, after: { status: 'rejected', note: input.note.trim() } });
    return { ok: true, row: updated };
  }

  const { state } = await escalationState(db, orgId, school, ctx, today);
  const reviewDate = row.step === 'notice_of_concern' ? noticeReviewDate(state, today, weeks) : row.step === 'notice_of_concern_review' ? null : row.reviewDate;
  if (row.step === 'notice_of_concern_review') await recordNoticeReview(db, orgId, row.urn, today, input.reviewOutcome!, actor);
  const letter = await renderEscalationLetter({ row, school, state, today, reviewDate, details, signedOffBy: actor.name, laName: ctx.laName, coreGroup: await coreGroupConcerns(db, orgId, row.urn) });
  const updated = await decideEscalation(db, id, {
    status: 'signed_off',
    issuedOn: today,
    reviewDate,
    details: { ...details, ...(input.reviewOutcome ? { reviewOutcome: input.reviewOutcome } : {}) },
    decisionNote: input.note.trim() || null,
    signedOffBy: actor.name,
    signedOffByUserId: actor.userId,
    signedOffAt: new Date(),
    letterDocx: letter.docx,
    letterPdf: letter.pdf,
  });
  await audit(db, actor, 'escalation.signed-off', { type: 'escalation', id }, { before: { status: row.status }, after: { status: 'signed_off', step: row.step, issuedOn: today, reviewDate, details, letterBytes: { docx: letter.docx.length, pdf: letter.pdf.length } } });
  return { ok: true, row: updated };
}

/** Signing off a notice review records its outcome on the notice, so the engine moves on. */
async function recordNoticeReview(db: Db, orgId: number, urn: number, on: IsoDate, outcome: string, actor: Actor): Promise<void> {
  const open = (await escalationsOf(db, orgId, urn)).filter((r) => r.step === 'notice_of_concern' && r.status === 'signed_off' && !(r.details as { reviewedOn?: string }).reviewedOn);
  for (const n of open) {
    const details = { ...(n.details as Record<string, unknown>), reviewedOn: on, reviewOutcome: outcome };
    await decideEscalation(db, n.id, { details });
    await audit(db, actor, 'escalation.notice-reviewed', { type: 'escalation', id: n.id }, { before: n.details, after: details });
  }
}

/** Signed-off Notices of Concern whose review date has passed without a review recorded. */
export function overdueReviews(rows: EscalationRow[], today: IsoDate): EscalationRow[] {
  return rows.filter((r) => {
    const d = r.details as { reviewedOn?: string; closedOn?: string };
    return r.status === 'signed_off' && r.step === 'notice_of_concern' && r.reviewDate && compareDates(r.reviewDate, today) < 0 && !d.reviewedOn && !d.closedOn;
  });
}

/** Used by tests and pages to show the 6–8 week window beside the chosen review date. */
export function reviewWindow(issuedOn: IsoDate, policy: EscalationPolicy): { from: IsoDate; to: IsoDate } {
  const s = policy.settings.noticeOfConcernReview;
  return { from: addWeeks(issuedOn, s.minWeeks), to: addWeeks(issuedOn, s.maxWeeks) };
}

/** What a senior leader can record about an issued notice after the event. */
export type NoticeOutcomeKind = 'complied' | 'closed';

const OUTCOME_STEPS: Record<NoticeOutcomeKind, string[]> = { complied: ['warning_notice'], closed: ['notice_of_concern', 'warning_notice'] };

/** Why this outcome cannot be recorded on this escalation, or null when it can (pages offer the form on null). */
export function noticeOutcomeBlocker(row: EscalationRow, kind: NoticeOutcomeKind): string | null {
  if (!OUTCOME_STEPS[kind].includes(row.step) || row.status !== 'signed_off' || !row.issuedOn) {
    return kind === 'complied' ? 'Compliance can be recorded only for a warning notice that has been issued' : 'Only an issued notice can be closed';
  }
  const d = row.details as { closedOn?: string; compliedOn?: string };
  if (d.closedOn) return `The notice was closed on ${d.closedOn}`;
  if (kind === 'complied' && d.compliedOn) return `Compliance was already recorded on ${d.compliedOn}`;
  return null;
}

/**
 * A senior leader records, for an issued notice, that the school complied with a warning notice, or
 * that a notice is closed (concerns resolved, the school converted or closed). The engine then stops
 * proposing what follows from it; the record is audited.
 */
export async function recordNoticeOutcome(
  db: Db,
  orgId: number,
  id: number,
  kind: NoticeOutcomeKind,
  input: { on: string; note: string },
  actor: Actor,
  today = todayIso(),
): Promise<{ ok: true; row: EscalationRow } | { ok: false; errors: Record<string, string> }> {
  const row = await getEscalation(db, orgId, id);
  const blocker = row ? noticeOutcomeBlocker(row, kind) : 'There is no such notice';
  const errors: Record<string, string> = {};
  if (blocker) errors.on = blocker;
  else if (!isIsoDate(input.on)) errors.on = `Enter the date ${kind === 'complied' ? 'the school complied' : 'the notice was closed'} as a real date, for example 2 3 2026`;
  else if (compareDates(input.on, row!.issuedOn!) < 0 || compareDates(input.on, today) > 0) errors.on = `Enter a date from the notice (${row!.issuedOn}) to today`;
  if (!input.note.trim()) errors.note = kind === 'complied' ? 'Say what the school did to comply' : 'Say why the notice is closed';
  if (Object.keys(errors).length || !row) return { ok: false, errors };
  const details = row.details as Record<string, unknown>;
  const after =
    kind === 'complied'
      ? { ...details, compliedOn: input.on, complianceNote: input.note.trim(), complianceRecordedBy: actor.label }
      : { ...details, closedOn: input.on, closeNote: input.note.trim(), closedBy: actor.label };
  const updated = await db.transaction(async (tx) => {
    const u = await decideEscalation(tx, id, { details: after });
    await audit(tx, actor, kind === 'complied' ? 'escalation.warning-notice-complied' : 'escalation.notice-closed', { type: 'escalation', id }, { before: details, after });
    return u;
  });
  return { ok: true, row: updated };
}

/**
 * Runs `proposeDueEscalations` for every school soon after start-up and then once a day, for proposals
 * that dates alone make due. The first run waits `firstAfterMs`: its whole-installation reads (at national
 * size, every school's categorisation evidence) would otherwise hold the app's first requests, and a
 * proposal due by date is no less due a minute later. Failures are logged and retried the next day;
 * returns a stop function.
 */
export function scheduleEscalationChecks(
  db: Db,
  orgId: number,
  laName: string,
  log: { info(o: object, m: string): void; error(o: object, m: string): void },
  opts: { everyMs?: number; firstAfterMs?: number; onDone?: () => void } = {},
): () => void {
  const run = () => {
    const [t0, cpu0] = [performance.now(), process.cpuUsage()];
    // Its time and the process's CPU meanwhile in the log: at national size, what a start costs after listening.
    const took = () => {
      const cpu = process.cpuUsage(cpu0);
      return { ms: Math.round(performance.now() - t0), processCpuMs: Math.round((cpu.user + cpu.system) / 1000) };
    };
    return proposeDueEscalations(db, orgId, defaultContext(laName), escalationCheckActor(orgId, 'daily'))
      .then((r) => log.info({ ...r, ...took() }, 'escalation check done'))
      .catch((err: unknown) => log.error({ err }, 'escalation check failed'))
      .finally(() => opts.onDone?.());
  };
  const first = setTimeout(() => void run(), opts.firstAfterMs ?? 30_000);
  first.unref();
  const timer = setInterval(run, opts.everyMs ?? 24 * 3_600_000);
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
