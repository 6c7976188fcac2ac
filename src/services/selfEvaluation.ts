// The LA's self-evaluation (issue 19): the framework of headings (shipped file, or the LA's stored
// edit), figures computed from Lodestar's own records for any date, ratings by a named lead kept with
// every revision, and the action plan. Every write is audited.
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config.js';
import type { Db, Tx } from '../db/client.js';
import type { ActionRevision, EvidenceLink } from '../db/schema-selfeval.js';
import { ACTION_STATUSES } from '../db/schema-selfeval.js';
import { schoolScope, type Principal } from '../domain/access/policy.js';
import { addDays, allTerms, compareDates, isIsoDate, loadCalendar, type IsoDate } from '../domain/calendar/index.js';
import {
  contactWindow,
  knowsSchools,
  notesWithin,
  NOTICE_STEPS,
  proactive,
  proactiveCases,
  schoolToSchoolSupport,
  useOfPowers,
  type Figure,
  type FlagRow,
} from '../domain/selfeval/evidence.js';
import { parseFramework, RATINGS, type Framework, type FigureId, type Rating } from '../domain/selfeval/framework.js';
import * as repo from '../repositories/selfEvaluation.js';
import { audit, type Actor } from './audit.js';
import { readRiskSettings } from './riskAlerts.js';

export const FRAMEWORK_DIR = path.join(projectRoot, 'config', 'self-evaluation');
export const DEFAULT_FRAMEWORK = 'focused-inspection-2014';

export function loadShippedFramework(id = DEFAULT_FRAMEWORK): Framework {
  const file = path.join(FRAMEWORK_DIR, `${id}.json`);
  const parsed = parseFramework(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.ok) throw new Error(`${file} does not validate: ${parsed.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
  return parsed.framework;
}

export interface CurrentFramework {
  framework: Framework;
  /** The stored version's row id; null while the LA has neither edited nor rated (the shipped file is read). */
  versionId: number | null;
  origin: 'shipped' | 'edited';
  changeNote: string | null;
}

/** The LA's latest stored version, else the shipped file: reading never writes. */
export async function currentFramework(db: Db | Tx, orgId: number): Promise<CurrentFramework> {
  const row = await repo.latestFrameworkVersion(db, orgId, DEFAULT_FRAMEWORK);
  if (!row) return { framework: loadShippedFramework(), versionId: null, origin: 'shipped', changeNote: null };
  const parsed = parseFramework(row.definition);
  if (!parsed.ok) throw new Error(`Stored self-evaluation framework v${row.version} does not validate`);
  return { framework: parsed.framework, versionId: row.id, origin: row.origin, changeNote: row.changeNote };
}

/** Stores the shipped file as version 1 the first time something is written against it. */
async function storedFramework(db: Db | Tx, orgId: number, actor: Actor): Promise<CurrentFramework & { versionId: number }> {
  const current = await currentFramework(db, orgId);
  if (current.versionId !== null) return { ...current, versionId: current.versionId };
  const f = current.framework;
  const row = await repo.insertFrameworkVersion(db, { organisationId: orgId, frameworkId: f.id, version: f.version, title: f.title, definition: f, origin: 'shipped', changeNote: 'Shipped with Lodestar', createdBy: 'lodestar (shipped framework)' });
  await audit(db, actor, 'self_evaluation.framework.store_shipped', { type: 'self_evaluation_framework', id: row.id }, { after: { frameworkId: f.id, version: f.version } });
  return { ...current, versionId: row.id };
}

export function listFrameworkVersions(db: Db, orgId: number) {
  return repo.listFrameworkVersions(db, orgId, DEFAULT_FRAMEWORK);
}

export type FieldErrors = Record<string, string>;

/** An LA's edit of the headings: validated, stored as the next version, audited. */
export async function saveFramework(db: Db, orgId: number, text: string, changeNote: string, actor: Actor): Promise<{ ok: true; version: number } | { ok: false; errors: FieldErrors }> {
  const errors: FieldErrors = {};
  if (!changeNote.trim()) errors.changeNote = 'Say what changed and why';
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    errors.definition = `The text is not valid JSON: ${(e as Error).message}`;
  }
  const stored = await storedFramework(db, orgId, actor);
  const version = ((await repo.latestFrameworkVersion(db, orgId, DEFAULT_FRAMEWORK))?.version ?? 0) + 1;
  if (raw && typeof raw === 'object') Object.assign(raw, { version, id: DEFAULT_FRAMEWORK });
  const parsed = errors.definition ? null : parseFramework(raw);
  if (parsed && !parsed.ok) errors.definition = `The framework does not validate: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`;
  if (Object.keys(errors).length || !parsed || !parsed.ok) return { ok: false, errors };
  const row = await db.transaction(async (tx) => {
    const r = await repo.insertFrameworkVersion(tx, { organisationId: orgId, frameworkId: DEFAULT_FRAMEWORK, version, title: parsed.framework.title, definition: parsed.framework, origin: 'edited', changeNote: changeNote.trim(), createdBy: actor.label });
    await audit(tx, actor, 'self_evaluation.framework.new_version', { type: 'self_evaluation_framework', id: r.id }, { before: { version: version - 1, id: stored.versionId }, after: { version, changeNote: r.changeNote } });
    return r;
  });
  return { ok: true, version: row.version };
}

// ---------- computed evidence ----------

export interface SelfEvaluationEvidence {
  asOf: IsoDate;
  framework: { id: string; version: number; title: string; source: Framework['source']; origin: string };
  figures: Record<FigureId, Figure>;
  headings: { id: string; title: string; question: string; figureIds: FigureId[] }[];
}

/** Categories of concern: those at or above the framework's order in the round's own policy. */
function concernCodes(categories: { code: string; order: number }[] | null, minOrder: number): Set<string> {
  return new Set((categories ?? []).filter((c) => c.order >= minOrder).map((c) => c.code));
}

const dayOf = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

/**
 * Every figure as of a date. The reader's scope limits the records listed behind a figure (a district
 * lead sees only their districts' schools named), never the LA-wide figure itself.
 */
export async function computeEvidence(db: Db, orgId: number, asOf: IsoDate, reader?: Principal): Promise<SelfEvaluationEvidence> {
  const { framework, origin } = await currentFramework(db, orgId);
  const s = framework.settings;
  const [schoolRows, contacts, rounds, entries, inspections, reviewFlags, visits, notices, supportPlanRows] = await Promise.all([
    repo.evidenceSchools(db, orgId),
    repo.evidenceContacts(db, orgId),
    repo.evidenceRounds(db, orgId),
    repo.evidenceCategorisations(db, orgId),
    repo.evidenceInspections(db, orgId),
    repo.evidenceReviewFlags(db, orgId),
    repo.evidenceVisits(db, orgId),
    repo.evidenceNotices(db, orgId, NOTICE_STEPS),
    repo.evidenceSupportPlans(db, orgId),
  ]);
  const threshold = readRiskSettings().threshold;
  const alerts = await repo.evidenceRiskAlerts(db, orgId, threshold);

  // Knows its schools: the category of the latest round confirmed by the as-of date.
  const confirmed = rounds
    .filter((r) => r.status === 'confirmed' && r.confirmedAt && compareDates(dayOf(r.confirmedAt)!, asOf) <= 0)
    .sort((a, b) => a.confirmedAt!.getTime() - b.confirmedAt!.getTime());
  const latestConfirmed = confirmed[confirmed.length - 1];
  const categories = new Map<number, string>();
  if (latestConfirmed) for (const e of entries) if (e.roundId === latestConfirmed.id) categories.set(e.urn, e.category);
  const window = contactWindow(allTerms(loadCalendar()), asOf);
  const knows = knowsSchools({ schools: schoolRows, contacts, categories, window }, asOf);

  // Proactive: flags dated by the evidence they stood on.
  const roundById = new Map(rounds.map((r) => [r.id, r]));
  const concernByRound = new Map(rounds.map((r) => [r.id, concernCodes(r.categories, s.concernCategoryMinOrder)]));
  const flags: FlagRow[] = [
    ...entries
      .filter((e) => concernByRound.get(e.roundId)?.has(e.category))
      .map((e) => ({ urn: e.urn, on: roundById.get(e.roundId)!.asOf, kind: 'category' as const, detail: `category ${e.category} in ${roundById.get(e.roundId)!.label}` })),
    // The kind of a review flag can itself be confidential (a safeguarding concern), so it is never named.
    ...reviewFlags.map((f) => ({ urn: f.urn, on: f.on, kind: 'review-flag' as const, detail: f.kind === 'risk' || f.kind === 'data_release' ? `in-year review flag (${f.kind.replace('_', ' ')})` : 'in-year review flag' })),
    ...alerts.map((a) => ({ urn: a.urn, on: a.on, kind: 'risk-alert' as const, detail: `early-warning risk ${Math.round(a.risk * 100)}% (alert at ${Math.round(threshold * 100)}%)` })),
  ];
  const cases = proactiveCases(schoolRows, inspections, flags, asOf);
  const pro = proactive(cases);

  const notes = notesWithin(visits, asOf, s.notesWithinHours, s.notesLookbackDays);
  const powers = useOfPowers(
    notices.map((n) => ({ ...n, proposedOn: dayOf(n.createdAt)!, signedOffOn: dayOf(n.signedOffAt) })),
    asOf,
  );
  const figures: Record<FigureId, Figure> = { 'knows-schools': knows, proactive: pro, 'notes-48h': notes, 'use-of-powers': powers, 'school-to-school': schoolToSchoolSupport(supportPlanRows, asOf) };
  for (const id of Object.keys(figures) as FigureId[]) figures[id].title = framework.figures[id]?.title ?? figures[id].title;

  if (reader) {
    const visible = await repo.visibleUrns(db, orgId, schoolScope(reader));
    if (visible !== 'all') {
      for (const f of Object.values(figures)) {
        const hidden = f.items.filter((i) => i.urn !== undefined && !visible.has(i.urn)).length;
        f.items = f.items.filter((i) => i.urn === undefined || visible.has(i.urn));
        if (hidden) f.hiddenItems = hidden;
      }
    }
  }
  return {
    asOf,
    framework: { id: framework.id, version: framework.version, title: framework.title, source: framework.source, origin },
    figures,
    headings: framework.headings.map((h) => ({ id: h.id, title: h.title, question: h.question, figureIds: h.figures })),
  };
}

// ---------- ratings ----------

export interface RatingInput {
  headingId: string;
  rating: string;
  lead: string;
  narrative: string;
  ratedOn: string;
  /** Figures to attach as evidence, computed as of the rating date. */
  figureIds: string[];
  /** Other evidence, one per line: "yyyy-mm-dd Label https://… or /path". */
  otherEvidence: string;
}

export function parseEvidenceLines(text: string): { links: EvidenceLink[]; error: string | null } {
  const links: EvidenceLink[] = [];
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  for (const [i, line] of lines.entries()) {
    const m = /^(\d{4}-\d{2}-\d{2})\s+(.+?)\s+((?:https?:\/\/|\/)\S+)$/.exec(line);
    if (!m || !isIsoDate(m[1])) return { links, error: `Line ${i + 1} of other evidence must be a date (yyyy-mm-dd), a label and a link starting https:// or /` };
    links.push({ date: m[1], label: m[2], href: m[3] });
  }
  return { links, error: null };
}

export async function rateHeading(db: Db, orgId: number, input: RatingInput, actor: Actor & { userId: number }, today: IsoDate): Promise<{ ok: true; id: number } | { ok: false; errors: FieldErrors }> {
  const { framework } = await currentFramework(db, orgId);
  const heading = framework.headings.find((h) => h.id === input.headingId);
  if (!heading) throw new Error(`No heading ${input.headingId}`);
  const errors: FieldErrors = {};
  if (!(RATINGS as readonly string[]).includes(input.rating)) errors.rating = 'Select red, amber or green';
  if (!input.lead.trim()) errors.lead = 'Enter the name of the lead for this heading';
  else if (input.lead.trim().length > 200) errors.lead = 'The lead’s name must be 200 characters or fewer';
  if (!input.narrative.trim()) errors.narrative = 'Enter the narrative: what the evidence shows and why this rating';
  if (input.ratedOn === 'invalid' || (input.ratedOn && !isIsoDate(input.ratedOn))) errors.ratedOn = 'The date of the rating must be a real date';
  else if (!input.ratedOn) errors.ratedOn = 'Enter the date of the rating';
  else if (compareDates(input.ratedOn, today) > 0) errors.ratedOn = 'The date of the rating must be today or in the past';
  const bad = input.figureIds.filter((f) => !heading.figures.includes(f as FigureId));
  if (bad.length) errors.figureIds = 'Choose only the figures listed for this heading';
  const other = parseEvidenceLines(input.otherEvidence);
  if (other.error) errors.otherEvidence = other.error;
  if (Object.keys(errors).length) return { ok: false, errors };

  const asOf = input.ratedOn;
  const computed = input.figureIds.length ? await computeEvidence(db, orgId, asOf) : null;
  const evidence: EvidenceLink[] = [
    ...input.figureIds.map((f) => ({ date: asOf, label: `${computed!.figures[f as FigureId].title}: ${computed!.figures[f as FigureId].summary}`, href: `/self-evaluation/figures/${f}?asOf=${asOf}` })),
    ...other.links,
  ];
  const row = await db.transaction(async (tx) => {
    const stored = await storedFramework(tx, orgId, actor);
    const r = await repo.insertRating(tx, {
      organisationId: orgId,
      frameworkVersionId: stored.versionId,
      headingId: heading.id,
      rating: input.rating as Rating,
      lead: input.lead.trim(),
      narrative: input.narrative.trim(),
      evidence,
      ratedOn: asOf,
      recordedBy: actor.label,
      recordedByUserId: actor.userId,
    });
    const previous = (await repo.listRatings(tx, orgId, heading.id)).find((x) => x.id !== r.id);
    await audit(tx, actor, 'self_evaluation.rate', { type: 'self_evaluation_rating', id: r.id }, {
      before: previous ? { rating: previous.rating, lead: previous.lead, ratedOn: previous.ratedOn } : null,
      after: { headingId: heading.id, rating: r.rating, lead: r.lead, ratedOn: r.ratedOn, evidence: evidence.length },
    });
    return r;
  });
  return { ok: true, id: row.id };
}

/** The current rating of each heading and its earlier revisions, newest first. */
export async function ratingsByHeading(db: Db, orgId: number): Promise<Map<string, repo.RatingRow[]>> {
  const out = new Map<string, repo.RatingRow[]>();
  for (const r of await repo.listRatings(db, orgId)) out.set(r.headingId, [...(out.get(r.headingId) ?? []), r]);
  return out;
}

// ---------- action plan ----------

export const statusLabels: Record<(typeof ACTION_STATUSES)[number], string> = { not_started: 'Not started', in_progress: 'In progress', done: 'Done', dropped: 'Dropped' };

export interface AreaInput {
  title: string;
  headingId: string;
  finding: string;
  findingSource: string;
  aim: string;
  whatMore: string;
}

export async function addArea(db: Db, orgId: number, input: AreaInput, actor: Actor): Promise<{ ok: true; id: number } | { ok: false; errors: FieldErrors }> {
  const { framework } = await currentFramework(db, orgId);
  const errors: FieldErrors = {};
  if (!input.title.trim()) errors.title = 'Enter the area for improvement';
  if (input.headingId && !framework.headings.some((h) => h.id === input.headingId)) errors.headingId = 'Choose a heading from the list';
  if (!['inspectors', 'la'].includes(input.findingSource)) errors.findingSource = 'Select who found it: inspectors or the LA';
  if (!input.finding.trim()) errors.finding = 'Enter what inspectors or the LA found';
  if (!input.aim.trim()) errors.aim = 'Enter what the LA wants to achieve';
  if (Object.keys(errors).length) return { ok: false, errors };
  const row = await db.transaction(async (tx) => {
    const r = await repo.insertArea(tx, {
      organisationId: orgId,
      title: input.title.trim(),
      headingId: input.headingId || null,
      finding: input.finding.trim(),
      findingSource: input.findingSource as 'inspectors' | 'la',
      aim: input.aim.trim(),
      whatMore: input.whatMore.trim(),
      createdBy: actor.label,
    });
    await audit(tx, actor, 'action_plan.area.add', { type: 'action_plan_area', id: r.id }, { after: { number: r.number, title: r.title, headingId: r.headingId } });
    return r;
  });
  return { ok: true, id: row.id };
}

export interface ActionInput {
  text: string;
  ownerUserId: string;
  dueOn: string;
  status: string;
  impact: string;
  indicatorId: string;
}

async function validateAction(db: Db, orgId: number, input: ActionInput): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  if (!input.text.trim()) errors.text = 'Enter the action';
  const owners = await repo.possibleOwners(db, orgId);
  if (!owners.some((o) => String(o.id) === input.ownerUserId)) errors.ownerUserId = 'Select the owner of the action';
  if (!input.dueOn) errors.dueOn = 'Enter the date the action is due';
  else if (input.dueOn === 'invalid' || !isIsoDate(input.dueOn)) errors.dueOn = 'The due date must be a real date';
  if (!(ACTION_STATUSES as readonly string[]).includes(input.status)) errors.status = 'Select the status of the action';
  if (input.indicatorId && !/^[a-z0-9][a-z0-9._-]{0,99}$/i.test(input.indicatorId.trim())) errors.indicatorId = 'An indicator id is letters, numbers, dots, hyphens or underscores';
  return errors;
}

export async function addAction(db: Db, orgId: number, areaId: number, input: ActionInput, actor: Actor): Promise<{ ok: true; id: number } | { ok: false; errors: FieldErrors }> {
  const errors = await validateAction(db, orgId, input);
  if (Object.keys(errors).length) return { ok: false, errors };
  const row = await db.transaction(async (tx) => {
    const r = await repo.insertAction(tx, {
      organisationId: orgId,
      areaId,
      text: input.text.trim(),
      ownerUserId: Number(input.ownerUserId),
      dueOn: input.dueOn,
      status: input.status as (typeof ACTION_STATUSES)[number],
      impact: input.impact.trim(),
      indicatorId: input.indicatorId.trim() || null,
      createdBy: actor.label,
    });
    await audit(tx, actor, 'action_plan.action.add', { type: 'action_plan_action', id: r.id }, { after: { areaId, number: r.number, text: r.text, ownerUserId: r.ownerUserId, dueOn: r.dueOn, status: r.status } });
    return r;
  });
  return { ok: true, id: row.id };
}

/** An edit keeps what changed in the action's revisions and in the audit log. */
export async function editAction(db: Db, orgId: number, action: repo.ActionRow, input: ActionInput, actor: Actor): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const errors = await validateAction(db, orgId, input);
  if (Object.keys(errors).length) return { ok: false, errors };
  const next = { text: input.text.trim(), ownerUserId: Number(input.ownerUserId), dueOn: input.dueOn, status: input.status as (typeof ACTION_STATUSES)[number], impact: input.impact.trim(), indicatorId: input.indicatorId.trim() || null };
  const changes: ActionRevision['changes'] = {};
  for (const [k, v] of Object.entries(next)) {
    const before = action[k as keyof typeof next];
    if (before !== v) changes[k] = { from: before, to: v };
  }
  if (!Object.keys(changes).length) return { ok: true };
  const revision: ActionRevision = { at: new Date().toISOString(), by: actor.label, changes };
  await db.transaction(async (tx) => {
    await repo.updateAction(tx, orgId, action.id, { ...next, revisions: [...action.revisions, revision] });
    await audit(tx, actor, 'action_plan.action.edit', { type: 'action_plan_action', id: action.id }, {
      before: Object.fromEntries(Object.entries(changes).map(([k, c]) => [k, c.from])),
      after: Object.fromEntries(Object.entries(changes).map(([k, c]) => [k, c.to])),
    });
  });
  return { ok: true };
}

const OPEN: readonly string[] = ['not_started', 'in_progress'];

export const isOverdue = (a: { status: string; dueOn: string }, today: IsoDate) => OPEN.includes(a.status) && compareDates(a.dueOn, today) < 0;

/** An owner's open actions past their due date, for their home page. */
export async function overdueActionsFor(db: Db, orgId: number, userId: number, today: IsoDate): Promise<repo.ActionWithOwner[]> {
  return (await repo.listActions(db, orgId, { ownerUserId: userId })).filter((a) => isOverdue(a, today));
}

export async function actionPlan(db: Db, orgId: number) {
  const [areas, actions] = await Promise.all([repo.listAreas(db, orgId), repo.listActions(db, orgId)]);
  return areas.map((area) => ({ ...area, actions: actions.filter((a) => a.areaId === area.id) }));
}

export { addDays };
export const { getArea, getAction, possibleOwners } = repo;
