// The strategic view's inputs (issue 17): the LA's setting (config/strategic/<code>.json) and the
// evidence rows the pure indicators compute over, read in bulk (repositories/strategic.ts).
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Db, Tx } from '../db/client.js';
import { loadShippedPolicies } from '../domain/categorisation/index.js';
import {
  INDICATORS,
  INDICATOR_BY_ID,
  computeAll,
  describeGoodOrBetter,
  inScope,
  movers,
  ofstedConcern,
  scopeLabel,
  type EvidenceRow,
  type Figure,
  type GoodOrBetterSetting,
  type IndicatorContext,
  type Mover,
  type Scope,
  type ScopeFigures,
} from '../domain/strategic/indicators.js';
import { actualDates, expectedOn, trackStatus, trajectoryPoints, type TargetDefinition, type TrackStatus } from '../domain/strategic/targets.js';
import { confirmedRounds, getPlanItem, schoolDistricts, insertMissingTargets, targetKeys, insertPlanItem, listTargets, loadStrategicRows, loadStrategicRowsMany, updatePlanItem, type PlanItemRow, type StrategicRows } from '../repositories/strategic.js';
import { validatePlanItem, type PlanErrors, type PlanItemInput, type PlanStatus } from '../domain/strategic/plan.js';
import { audit, type Actor } from './audit.js';
import { STRATEGIC_DIR } from './setUpCheck.js';
import { academicYear } from '../domain/calendar/academic-year.js';
import { loadCalendar } from '../domain/calendar/load.js';
import { scrutinyReport, type ScrutinyReport } from '../domain/strategic/scrutiny.js';
import { highConcernByRound, movement, type MovementTable, type RoundEntries } from '../domain/strategic/movement.js';
import { evidenceAsOf, schoolContext, toComparator } from './evidence.js';

/** Every measure an indicator reads (the repository loads only these). */
export const INDICATOR_MEASURES = [
  'census.pupils',
  'ks2.rwm_expected_pct',
  'ks2.read_progress',
  'ks2.writ_progress',
  'ks2.mat_progress',
  'ks2.rwm_expected_pct_disadv',
  'ks2.rwm_expected_pct_non_disadv',
  'ks4.attainment8',
  'ks4.progress8',
  'ks4.attainment8_disadv',
  'ks4.attainment8_non_disadv',
  'absence.overall_pct',
  'absence.persistent_10_pct',
] as const;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date yyyy-mm-dd');
const reading = z.enum(['policy-mapping', 'previous-grade', 'not-counted']);
export const strategicSettingsSchema = z.object({
  source: z.string().min(1),
  goodOrBetter: z.object({ noOverallGrade: reading, reportCard: reading, policyId: z.string().min(1) }),
  /** Scrutiny reports name no school when true. */
  anonymiseSchools: z.boolean().default(true),
  targets: z
    .array(
      z.object({
        key: z.string().regex(/^[a-z0-9-]+$/),
        indicatorId: z.string().refine((id) => INDICATOR_BY_ID.has(id), { message: 'not a known indicator id' }),
        scope: z.string().regex(/^(la|district:.+)$/, 'la or district:<name>'),
        baseline: z.object({ value: z.number(), date: isoDate }),
        target: z.object({ value: z.number(), date: isoDate }),
        trajectory: z.array(z.object({ date: isoDate, value: z.number() })).default([]),
        owner: z.string().min(1),
        source: z.string().min(1),
      }),
    )
    .default([]),
  radarIndicators: z.array(z.string().refine((id) => INDICATOR_BY_ID.has(id), { message: 'not a known indicator id' })).min(3).default(['pupils-good-or-better', 'schools-good-or-better', 'ks2-rwm-expected', 'ks4-attainment8', 'overall-absence']),
});
export type StrategicSettings = z.infer<typeof strategicSettingsSchema>;

const DEFAULT_SETTINGS: StrategicSettings = {
  source: 'Lodestar default (no config/strategic file for this LA)',
  goodOrBetter: { noOverallGrade: 'policy-mapping', reportCard: 'policy-mapping', policyId: 'staffordshire-2014' },
  anonymiseSchools: true,
  targets: [],
  radarIndicators: ['pupils-good-or-better', 'schools-good-or-better', 'ks2-rwm-expected', 'ks4-attainment8', 'overall-absence'],
};

/** The LA's strategic settings; a bad file throws with its problems named rather than guess. */
export function readStrategicSettings(laCode: string, dir = STRATEGIC_DIR): StrategicSettings {
  const file = path.join(dir, `${laCode}.json`);
  if (!fs.existsSync(file)) return DEFAULT_SETTINGS;
  const parsed = strategicSettingsSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export function settingsFor(org: { kind: string; code: string }): StrategicSettings {
  return org.kind === 'local_authority' ? readStrategicSettings(org.code) : DEFAULT_SETTINGS;
}

// schoolContext folds special schools into one type group; the strategic split is maintained or academy.
function toType(t: ReturnType<typeof schoolContext>): EvidenceRow['type'] {
  return t.isAcademy ? 'academy' : t.typeGroup === 'maintained' || t.typeGroup === 'special' ? 'maintained' : 'other';
}

function toInputs(data: StrategicRows, asOf: string, goodOrBetter: GoodOrBetterSetting): { rows: EvidenceRow[]; ctx: IndicatorContext } {
  const rows: EvidenceRow[] = data.schools.map((s) => {
    const e = evidenceAsOf(s, asOf, data.observations.get(s.urn) ?? [], data.inspections.get(s.urn) ?? [], []);
    const phase = e.school.phase === 'primary' || e.school.phase === 'secondary' || e.school.phase === 'special' ? e.school.phase : 'other';
    return { urn: s.urn, name: s.name, district: s.districtName, phase, type: toType(e.school), observations: e.observations, inspections: e.inspections, categories: data.categories.get(s.urn) ?? [] };
  });
  const policy = loadShippedPolicies().get(goodOrBetter.policyId) ?? null;
  return { rows, ctx: { asOf, goodOrBetter, policy, comparators: data.comparators.map(toComparator) } };
}

/** The evidence rows and context for `asOf`: a few bulk queries. */
export async function loadIndicatorInputs(db: Db | Tx, organisationId: number, asOf: string, goodOrBetter: GoodOrBetterSetting): Promise<{ rows: EvidenceRow[]; ctx: IndicatorContext }> {
  return toInputs(await loadStrategicRows(db, organisationId, asOf, INDICATOR_MEASURES), asOf, goodOrBetter);
}

/** The same for several days from one read of the evidence. */
export async function loadIndicatorInputsMany(db: Db | Tx, organisationId: number, days: readonly string[], goodOrBetter: GoodOrBetterSetting): Promise<Map<string, { rows: EvidenceRow[]; ctx: IndicatorContext }>> {
  const data = await loadStrategicRowsMany(db, organisationId, days, INDICATOR_MEASURES);
  return new Map([...data].map(([day, d]) => [day, toInputs(d, day, goodOrBetter)]));
}

export interface IndicatorReport {
  asOf: string;
  setting: { goodOrBetter: GoodOrBetterSetting; source: string };
  indicators: { id: string; label: string; unit: string; higherIsBetter: boolean | null; definition: string }[];
  scopes: ScopeFigures[];
}

/** Every indicator for the LA, each district, phase and type on `asOf`. */
export async function indicatorReport(db: Db | Tx, org: { id: number; kind: string; code: string }, asOf: string): Promise<IndicatorReport> {
  const settings = settingsFor(org);
  const { rows, ctx } = await loadIndicatorInputs(db, org.id, asOf, settings.goodOrBetter);
  return {
    asOf,
    setting: { goodOrBetter: settings.goodOrBetter, source: settings.source },
    indicators: INDICATORS.map(({ id, label, unit, higherIsBetter, definition }) => ({ id, label, unit, higherIsBetter, definition })),
    scopes: computeAll(rows, ctx),
  };
}

/** Registers the LA's configured targets it does not hold yet (at start-up, so pages never write). */
export async function ensureStrategicTargets(db: Db | Tx, org: { id: number; kind: string; code: string }): Promise<number> {
  const settings = settingsFor(org);
  // Insert only what is missing: an insert that conflicts still moves the data version (see ensureLocalAuthority).
  const held = new Set(await targetKeys(db, org.id));
  return insertMissingTargets(
    db,
    org.id,
    settings.targets.filter((t) => !held.has(t.key)).map((t) => ({
      key: t.key,
      indicatorId: t.indicatorId,
      scope: t.scope,
      baselineValue: t.baseline.value,
      baselineDate: t.baseline.date,
      targetValue: t.target.value,
      targetDate: t.target.date,
      trajectory: t.trajectory,
      owner: t.owner,
      source: t.source,
    })),
  );
}

/** Indicator inputs per day, loaded once each however many targets or scopes read them. */
export function inputsCache(db: Db | Tx, organisationId: number, goodOrBetter: GoodOrBetterSetting) {
  const cache = new Map<string, Promise<{ rows: EvidenceRow[]; ctx: IndicatorContext }>>();
  return (day: string) => {
    let p = cache.get(day);
    if (!p) cache.set(day, (p = loadIndicatorInputs(db, organisationId, day, goodOrBetter)));
    return p;
  };
}

function scopeFromKey(key: string): Scope {
  return key.startsWith('district:') ? { kind: 'district', name: key.slice('district:'.length) } : { kind: 'la' };
}

export interface TargetView {
  id: number;
  key: string;
  indicator: { id: string; label: string; unit: string; higherIsBetter: boolean | null; definition: string };
  scope: string;
  scopeLabel: string;
  baseline: { value: number; date: string };
  target: { value: number; date: string };
  owner: string;
  source: string;
  trajectory: { date: string; value: number }[];
  /** Actual and expected on each date, for the table and the chart. */
  points: { date: string; actual: number | null; expected: number; schools: number; pupils: number }[];
  status: TrackStatus;
  latest: { date: string; value: number | null; expected: number | null } | null;
  note: string | null;
  /** Officers only; null when the reader may not see schools. */
  movers: Mover[] | null;
}

/** Every target with its actuals (each 1 September from its baseline, and `asOf`), status and, for officers, the schools that move it most. */
export async function targetsOverview(db: Db | Tx, org: { id: number; kind: string; code: string }, asOf: string, opts: { showSchools: boolean }): Promise<{ asOf: string; goodOrBetter: string; targets: TargetView[] }> {
  const settings = settingsFor(org);
  const targets = await listTargets(db, org.id);
  // Every day any target reads, from one read of the evidence.
  const days = [...new Set(targets.flatMap((t) => actualDates({ baselineDate: t.baselineDate, targetDate: t.targetDate }, asOf)).concat(asOf))];
  const preloaded: Map<string, { rows: EvidenceRow[]; ctx: IndicatorContext }> = days.length ? await loadIndicatorInputsMany(db, org.id, days, settings.goodOrBetter) : new Map();
  const fallback = inputsCache(db, org.id, settings.goodOrBetter);
  const inputsOn = async (day: string) => preloaded.get(day) ?? fallback(day);
  const out: TargetView[] = [];
  for (const t of targets) {
    const def = INDICATOR_BY_ID.get(t.indicatorId);
    if (!def) continue;
    const scope = scopeFromKey(t.scope);
    const target: TargetDefinition = { indicatorId: t.indicatorId, baselineValue: t.baselineValue, baselineDate: t.baselineDate, targetValue: t.targetValue, targetDate: t.targetDate, trajectory: t.trajectory };
    const points: TargetView['points'] = [];
    let note: string | null = null;
    for (const day of actualDates(target, asOf)) {
      const { rows, ctx } = await inputsOn(day);
      const f = def.compute(rows.filter((r) => inScope(r, scope)), ctx);
      note = f.note ?? note;
      points.push({ date: day, actual: f.value, expected: expectedOn(target, day), schools: f.schools, pupils: f.pupils });
    }
    const last = [...points].reverse().find((p) => p.actual !== null) ?? null;
    const track = trackStatus(target, def.higherIsBetter, last ? { date: last.date, value: last.actual } : null);
    let moving: Mover[] | null = null;
    if (opts.showSchools) {
      const { rows, ctx } = await inputsOn(points[points.length - 1]?.date ?? asOf);
      moving = movers(def.id, rows.filter((r) => inScope(r, scope)), ctx);
    }
    out.push({
      id: t.id,
      key: t.key,
      indicator: { id: def.id, label: def.label, unit: def.unit, higherIsBetter: def.higherIsBetter, definition: def.definition },
      scope: t.scope,
      scopeLabel: scopeLabel(scope),
      baseline: { value: t.baselineValue, date: t.baselineDate },
      target: { value: t.targetValue, date: t.targetDate },
      owner: t.owner,
      source: t.source,
      trajectory: trajectoryPoints(target),
      points,
      status: track.status,
      latest: last ? { date: last.date, value: last.actual, expected: track.expected } : null,
      note,
      movers: moving,
    });
  }
  return { asOf, goodOrBetter: describeGoodOrBetter(settings.goodOrBetter), targets: out };
}

export interface RadarView {
  district: { id: number; name: string };
  asOf: string;
  axes: { id: string; label: string; unit: string; higherIsBetter: boolean | null; min: number; max: number }[];
  rows: { id: string; label: string; district: Figure; la: Figure; england: number | null }[];
}

/** A district's figures on the LA's radar indicators against the LA and England; the axes span every district. */
export async function districtRadar(db: Db | Tx, org: { id: number; kind: string; code: string }, district: { id: number; name: string }, asOf: string): Promise<RadarView> {
  const settings = settingsFor(org);
  const { rows, ctx } = await loadIndicatorInputs(db, org.id, asOf, settings.goodOrBetter);
  const districts = [...new Set(rows.map((r) => r.district).filter((d): d is string => !!d))];
  const scopes: Scope[] = [{ kind: 'la' }, ...districts.map((name) => ({ kind: 'district' as const, name }))];
  const all = computeAll(rows, ctx, scopes, settings.radarIndicators);
  const la = all[0]!;
  const mine = all.find((s) => s.scope === `district:${district.name}`);
  const out: RadarView = { district, asOf, axes: [], rows: [] };
  for (const id of settings.radarIndicators) {
    const def = INDICATOR_BY_ID.get(id)!;
    const values = all.map((s) => s.figures[id]!.value).concat(la.figures[id]!.england ?? null).filter((v): v is number => v !== null);
    const lo = values.length ? Math.min(...values) : 0;
    const hi = values.length ? Math.max(...values) : 1;
    const pad = (hi - lo) * 0.1 || 1;
    out.axes.push({ id, label: def.label, unit: def.unit, higherIsBetter: def.higherIsBetter, min: Math.floor(lo - pad), max: Math.ceil(hi + pad) });
    out.rows.push({ id, label: def.label, district: mine?.figures[id] ?? { value: null, schools: 0, pupils: 0 }, la: la.figures[id]!, england: la.figures[id]!.england ?? null });
  }
  return out;
}

export type PlanOutcome = { ok: true; item: PlanItemRow } | { ok: false; errors: PlanErrors };

/** Adds a line to a district's plan (validated, audited). */
export async function addPlanItem(db: Db, organisationId: number, districtId: number, input: PlanItemInput, actor: Actor): Promise<PlanOutcome> {
  const errors = validatePlanItem(input);
  if (Object.keys(errors).length) return { ok: false, errors };
  return db.transaction(async (tx) => {
    const item = await insertPlanItem(tx, {
      organisationId,
      districtId,
      priority: input.priority.trim(),
      action: input.action.trim(),
      owner: input.owner.trim(),
      dueDate: input.dueDate,
      status: input.status as PlanStatus,
      updatedBy: actor.userId,
    });
    await audit(tx, actor, 'strategy.plan_item_added', { type: 'district_plan_item', id: item.id }, { after: { districtId, priority: item.priority, action: item.action, owner: item.owner, dueDate: item.dueDate, status: item.status } });
    return { ok: true as const, item };
  });
}

/** Changes a line of a district's plan (validated, audited with before and after). */
export async function changePlanItem(db: Db, organisationId: number, districtId: number, id: number, input: PlanItemInput, actor: Actor): Promise<PlanOutcome | null> {
  const before = await getPlanItem(db, organisationId, id);
  if (!before || before.districtId !== districtId) return null;
  const errors = validatePlanItem(input);
  if (Object.keys(errors).length) return { ok: false, errors };
  return db.transaction(async (tx) => {
    const item = (await updatePlanItem(tx, organisationId, id, { priority: input.priority.trim(), action: input.action.trim(), owner: input.owner.trim(), dueDate: input.dueDate, status: input.status as PlanStatus, updatedBy: actor.userId }))!;
    const pick = (r: PlanItemRow) => ({ priority: r.priority, action: r.action, owner: r.owner, dueDate: r.dueDate, status: r.status });
    await audit(tx, actor, 'strategy.plan_item_changed', { type: 'district_plan_item', id }, { before: pick(before), after: pick(item) });
    return { ok: true as const, item };
  });
}

export interface MovementView {
  district: { id: number; name: string } | null;
  rounds: { label: string; asOf: string; distribution: Record<string, number> }[];
  codes: { code: string; label: string }[];
  tables: MovementTable[];
  highConcern: { round: string; asOf: string; schools: number; of: number }[];
  highest: string | null;
}

/** Category movement round to round, for the LA or one district (the schools now in it). */
export async function categoryMovement(db: Db | Tx, organisationId: number, district: { id: number; name: string } | null): Promise<MovementView> {
  const rounds = await confirmedRounds(db, organisationId);
  const schoolsIn = await schoolDistricts(db, organisationId);
  const urns = new Set(schoolsIn.filter((s) => !district || s.districtId === district.id).map((s) => s.urn));
  const latest = rounds[rounds.length - 1];
  const cats = latest?.categories ?? [];
  const order = new Map(cats.map((c) => [c.code, c.order]));
  const highest = cats.length ? [...cats].sort((a, b) => b.order - a.order)[0]!.code : null;
  const asEntries: RoundEntries[] = rounds.map((r) => ({ id: r.id, label: r.label, asOf: r.asOf, categories: new Map([...r.entries].filter(([u]) => urns.has(u))) }));
  const tables: MovementTable[] = [];
  for (let i = 1; i < asEntries.length; i++) tables.push(movement(asEntries[i - 1]!, asEntries[i]!, urns, order));
  return {
    district,
    rounds: asEntries.map((r) => {
      const distribution: Record<string, number> = Object.fromEntries(cats.map((c) => [c.code, 0]));
      for (const code of r.categories.values()) if (code) distribution[code] = (distribution[code] ?? 0) + 1;
      return { label: r.label, asOf: r.asOf, distribution };
    }),
    codes: cats.map((c) => ({ code: c.code, label: c.label })),
    tables,
    highConcern: highest ? highConcernByRound(asEntries, urns, highest) : [],
    highest,
  };
}

/**
 * The termly scrutiny report's content: evidence as of the end of the term (or today, if the term has
 * not ended), the indicators, targets, the latest round's categories and movement. Schools are named
 * only when the LA's setting does not anonymise, and then only those in an Ofsted category of concern.
 */
export async function buildScrutinyReport(db: Db | Tx, org: { id: number; kind: string; code: string; name: string }, term: 'autumn' | 'spring' | 'summer', academicYearLabel: string, today = new Date().toISOString().slice(0, 10)): Promise<ScrutinyReport> {
  const settings = settingsFor(org);
  const t = academicYear(academicYearLabel, loadCalendar()).terms.find((x) => x.name === term)!;
  const dataDate = t.end < today ? t.end : today;
  const { rows, ctx } = await loadIndicatorInputs(db, org.id, dataDate, settings.goodOrBetter);
  const scopes = computeAll(rows, ctx);
  const targets = await targetsOverview(db, org, dataDate, { showSchools: false });
  const moves = await categoryMovement(db, org.id, null);
  const lastRound = moves.rounds[moves.rounds.length - 1];
  const lastMove = moves.tables[moves.tables.length - 1];
  const named = settings.anonymiseSchools
    ? null
    : rows
        .map((r) => ({ r, c: ofstedConcern(r) }))
        .filter((x) => x.c.inConcern)
        .map((x) => ({ name: x.r.name, why: `since ${x.c.since}` }));
  return scrutinyReport({
    organisation: org.name,
    term,
    academicYear: academicYearLabel,
    dataDate,
    goodOrBetter: describeGoodOrBetter(settings.goodOrBetter),
    indicators: INDICATORS,
    scopes,
    targets: targets.targets.map((x) => ({
      label: x.indicator.label,
      scope: x.scopeLabel,
      baseline: `${x.baseline.value} (${x.baseline.date})`,
      target: `${x.target.value} by ${x.target.date}`,
      latest: (() => {
        const p = [...x.points].reverse().find((q) => q.actual !== null);
        return p ? { value: p.actual, schools: p.schools, pupils: p.pupils } : null;
      })(),
      status: x.status === 'on-track' ? 'On track' : x.status === 'off-track' ? 'Off track' : 'No data',
      owner: x.owner,
    })),
    categories: lastRound ? { round: lastRound.label, codes: moves.codes, counts: lastRound.distribution } : null,
    movement: lastMove ? { from: lastMove.fromRound, to: lastMove.toRound, improved: lastMove.improved, declined: lastMove.declined, same: lastMove.same } : null,
    namedSchools: named,
  });
}
