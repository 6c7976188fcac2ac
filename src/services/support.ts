// Support, brokering and commissioning (issue 18): the strengths register, needs, ranked matches,
// agreements and commissions with their sign-off, progress reports, the school's rating, the impact
// judgement, the contract manager's view and the ledger. Every write is validated (errors keyed by
// form field) and audited; reading never writes.
import type { Db } from '../db/client.js';
import type { PlanOutcome } from '../db/schema-support.js';
import { PROVIDER_KINDS } from '../db/schema-support.js';
import { can, schoolScope, type Principal } from '../domain/access/policy.js';
import { addDays, compareDates, isIsoDate } from '../domain/calendar/index.js';
import { MEASURE_BY_CODE } from '../domain/evidence/measures.js';
import {
  academicYearBounds,
  areasInText,
  computedStrength,
  dashboardFlags,
  defaultPayer,
  findArea,
  IMPACT_LABELS,
  judgeImpact,
  ledgerLine,
  loadAreas,
  rankMatches,
  type Candidate,
  type ImpactJudgement,
  type LedgerLine,
  type Match,
  type Payer,
} from '../domain/support/index.js';
import { listMeetings, openMeetingActions } from '../repositories/engagement.js';
import { getSchool, type SchoolWithDistrict } from '../repositories/schools.js';
import * as repo from '../repositories/support.js';
import type { PlanRow, ProviderRow, StrengthRow } from '../repositories/support.js';
import { findUserByEmail } from '../repositories/users.js';
import { listVisits } from '../repositories/engagement.js';
import { listAudit } from '../repositories/audit.js';
import { audit, type Actor } from './audit.js';
import { todayIso } from './escalations.js';
import { currentCategories } from './programme.js';

type Errors = Record<string, string>;
export type Outcome<T> = { ok: true; row: T } | { ok: false; errors: Errors };

export const PROVIDER_KIND_LABELS: Record<(typeof PROVIDER_KINDS)[number], string> = {
  school: 'School (band A / category A, invited)',
  system_leader: 'System leader (NLE, LLE, SLE or NLG)',
  teaching_school_hub: 'Teaching school hub',
  provider: 'Named provider',
};
export const DESIGNATIONS = ['NLE', 'LLE', 'SLE', 'NLG'] as const;
export const PAYER_LABELS: Record<Payer, string> = { la: 'The LA', school: 'The school', priority_school_support: 'Priority School Support funds' };
export { IMPACT_LABELS };

const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$/i;
const num = (s: string) => (s.trim() === '' ? NaN : Number(s));
/** A form's id or URN: digits that fit a database integer, else null (never a query with NaN or an overflow). */
const intId = (s: string): number | null => (/^\d{1,9}$/.test(s.trim()) && Number(s) > 0 ? Number(s) : null);

/** A school's category as the LA holds it now (the latest confirmed round, else the live proposal), with the policy's order. */
export async function categoryOf(db: Db, orgId: number, urn: number) {
  const set = await currentCategories(db, orgId, { urns: [urn] });
  const s = set.schools.find((x) => x.urn === urn) ?? null;
  const order = set.policy.categories.slice().sort((a, b) => a.order - b.order).map((c) => c.code);
  return { policyId: set.policy.id, code: s?.code ?? null, label: s?.label ?? null, highConcern: s?.highConcern ?? false, allowance: s?.engagement?.allowanceDaysPerYear ?? null, order, best: order[0] ?? null };
}

// ---------------------------------------------------------------------------------------------
// Strengths register

export interface RegisterEntry {
  provider: ProviderRow;
  strengths: (StrengthRow & { areaLabel: string; evidenceText: string; yearsInBestFifth: number; daysCommitted: number })[];
}

/** A plan's days spread over the terms it spans (a term taken as four months), if it is current on `today`. */
function daysPerTermCommitted(plans: PlanRow[], today: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const p of plans) {
    if (!p.strengthId || compareDates(p.endOn, today) < 0) continue;
    const months = Math.max(1, (Date.parse(p.endOn) - Date.parse(p.startOn)) / (30.4 * 86_400_000));
    const terms = Math.max(1, Math.round(months / 4));
    out.set(p.strengthId, (out.get(p.strengthId) ?? 0) + p.days / terms);
  }
  return out;
}

export async function strengthsRegister(db: Db, orgId: number, today = todayIso()): Promise<RegisterEntry[]> {
  const [providers, strengths, plans] = await Promise.all([repo.listProviders(db, orgId), repo.listStrengths(db, orgId), repo.listPlans(db, orgId)]);
  const urns = providers.flatMap((p) => (p.urn ? [p.urn] : []));
  const obs = await repo.quintileObservations(db, orgId, urns, loadAreas().flatMap((a) => a.measures));
  const committed = daysPerTermCommitted(plans, today);
  return providers.map((provider) => ({
    provider,
    strengths: strengths
      .filter((s) => s.providerId === provider.id)
      .map((s) => {
        const area = findArea(s.areaId);
        const computed = s.evidenceKind === 'computed' && area && provider.urn ? computedStrength(area, obs.get(provider.urn) ?? []) : null;
        const evidenceText = s.evidenceKind === 'computed' ? (computed?.text ?? 'the dashboard no longer shows this strength') : `declared on ${s.declaredOn}: ${s.evidence}`;
        return { ...s, areaLabel: area?.label ?? s.areaId, evidenceText, yearsInBestFifth: computed?.topYears.length ?? 0, daysCommitted: Math.round((committed.get(s.id) ?? 0) * 10) / 10 };
      }),
  }));
}

/**
 * The schools in the best category of the LA's policy (the same check `recordProvider` makes) that are
 * not on the register yet: the frameworks invite these schools to offer support.
 */
export async function inviteCandidates(db: Db, orgId: number): Promise<{ urn: number; name: string; code: string; policyId: string }[]> {
  const [set, providers] = await Promise.all([currentCategories(db, orgId), repo.listProviders(db, orgId)]);
  const best = set.policy.categories.slice().sort((a, b) => a.order - b.order)[0]?.code ?? null;
  const onRegister = new Set(providers.flatMap((p) => (p.urn ? [p.urn] : [])));
  return set.schools
    .filter((s) => best !== null && s.code === best && !onRegister.has(s.urn))
    .map((s) => ({ urn: s.urn, name: s.name, code: s.code!, policyId: set.policy.id }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A school on the register with no strength recorded yet has been invited and not yet said what it offers. */
export function providerStatus(e: RegisterEntry): 'invited' | 'on_register' {
  return e.provider.kind === 'school' && e.strengths.length === 0 ? 'invited' : 'on_register';
}

export interface ProviderInput {
  kind: string;
  name: string;
  urn: string;
  designation: string;
  postcode: string;
  accountEmail: string;
}

/**
 * Adds a provider to the register. A school must be in the best category of the LA's policy (band A /
 * category A: the frameworks invite those schools); a system leader states their designation; a
 * provider account, when named, is the provider-role user who will see its commissions.
 */
export async function recordProvider(db: Db, orgId: number, input: ProviderInput, actor: Actor): Promise<Outcome<ProviderRow>> {
  const errors: Errors = {};
  const kind = (PROVIDER_KINDS as readonly string[]).includes(input.kind) ? (input.kind as ProviderRow['kind']) : null;
  if (!kind) errors.kind = 'Select the kind of provider';
  let name = input.name.trim();
  let urn: number | null = null;
  let postcode = input.postcode.trim().toUpperCase() || null;
  if (kind === 'school') {
    urn = intId(input.urn);
    const school = urn ? await getSchool(db, orgId, urn, { kind: 'all' }) : undefined;
    if (!school) errors.urn = 'Enter the URN of a school in the register';
    else {
      const cat = await categoryOf(db, orgId, school.urn);
      if (cat.code !== cat.best) errors.urn = `${school.name} is in category ${cat.code ?? 'none'} of ${cat.policyId}: only category ${cat.best} schools are invited onto the register`;
      else if ((await repo.listProviders(db, orgId)).some((p) => p.urn === school.urn)) errors.urn = `${school.name} is already on the register`;
      name = school.name;
      postcode = school.postcode;
    }
  } else {
    if (!name) errors.name = 'Enter the name of the provider';
    if (postcode && !POSTCODE.test(postcode)) errors.postcode = 'Enter a real postcode, like AL10 9AB';
  }
  const designation = input.designation.trim().toUpperCase() || null;
  if (kind === 'system_leader' && !(DESIGNATIONS as readonly string[]).includes(designation ?? '')) errors.designation = 'Select the designation: NLE, LLE, SLE or NLG';
  let userId: number | null = null;
  if (input.accountEmail.trim()) {
    const u = await findUserByEmail(db, input.accountEmail.trim());
    if (!u || u.organisationId !== orgId || u.role !== 'provider') errors.accountEmail = 'Enter the e-mail of a support provider account';
    else userId = u.id;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const row = await db.transaction(async (tx) => {
    const r = await repo.insertProvider(tx, { organisationId: orgId, kind: kind!, name, urn, designation: kind === 'system_leader' ? designation : null, postcode, userId, createdBy: actor.label });
    await audit(tx, actor, 'support.provider-added', { type: 'support-provider', id: r.id }, { after: { kind: r.kind, name: r.name, urn: r.urn, designation: r.designation, userId: r.userId, ...(r.kind === 'school' ? { status: 'invited' } : {}) } });
    return r;
  });
  return { ok: true, row };
}

export interface StrengthInput {
  area: string;
  evidenceKind: string;
  evidence: string;
  declaredOn: string;
  capacity: string;
  available: string;
  availability: string;
}

/**
 * A strength is either shown by the dashboard (a school in the LA's best fifth on one of the area's
 * measures in its latest years: checked now, read afresh on every page) or declared with a date.
 */
export async function recordStrength(db: Db, orgId: number, providerId: number, input: StrengthInput, actor: Actor, today = todayIso()): Promise<Outcome<StrengthRow>> {
  const provider = await repo.getProvider(db, orgId, providerId);
  if (!provider) return { ok: false, errors: { area: 'That provider is not on the register' } };
  const errors: Errors = {};
  const area = findArea(input.area);
  if (!area) errors.area = 'Select the area of strength';
  const kind = input.evidenceKind === 'computed' || input.evidenceKind === 'declared' ? input.evidenceKind : null;
  if (!kind) errors.evidenceKind = 'Select where the evidence of this strength comes from';
  let evidence = input.evidence.trim();
  if (kind === 'computed') {
    if (!provider.urn) errors.evidenceKind = 'Only a school has dashboard evidence: declare this strength with a date';
    else if (area) {
      const obs = (await repo.quintileObservations(db, orgId, [provider.urn], area.measures)).get(provider.urn) ?? [];
      const c = computedStrength(area, obs);
      if (!c) errors.evidenceKind = `The dashboard does not show ${provider.name} in the LA's best fifth on any ${area.label} measure: declare the strength with a date`;
      else evidence = c.text;
    }
  } else if (kind === 'declared') {
    if (!evidence) errors.evidence = 'Describe the evidence of this strength';
    if (!input.declaredOn) errors['declaredOn'] = 'Enter the date the strength was declared';
    else if (!isIsoDate(input.declaredOn)) errors['declaredOn'] = 'The date the strength was declared must be a real date';
    else if (compareDates(input.declaredOn, today) > 0) errors['declaredOn'] = 'The date the strength was declared must be today or in the past';
  }
  const capacity = num(input.capacity);
  if (!Number.isFinite(capacity) || capacity <= 0 || capacity > 65 || Math.round(capacity * 2) !== capacity * 2) errors.capacity = 'Enter the days a term the provider can give, from 0.5 to 65, in half days';
  if (input.available !== 'yes' && input.available !== 'no') errors.available = 'Select whether the provider is available now';
  if (Object.keys(errors).length) return { ok: false, errors };
  const row = await db.transaction(async (tx) => {
    const r = await repo.insertStrength(tx, {
      organisationId: orgId,
      providerId,
      areaId: area!.id,
      evidenceKind: kind!,
      evidence,
      declaredOn: kind === 'declared' ? input.declaredOn : null,
      capacityDaysPerTerm: capacity,
      available: input.available === 'yes',
      availability: input.availability.trim(),
      createdBy: actor.label,
    });
    await audit(tx, actor, 'support.strength-added', { type: 'support-strength', id: r.id }, { after: { providerId, area: r.areaId, evidenceKind: r.evidenceKind, evidence: r.evidence, capacityDaysPerTerm: r.capacityDaysPerTerm, available: r.available } });
    return r;
  });
  return { ok: true, row };
}

// ---------------------------------------------------------------------------------------------
// Needs

export interface ProposedNeed {
  areaId: string;
  areaLabel: string;
  source: 'category' | 'core_group' | 'visit' | 'dashboard';
  description: string;
}

/**
 * Needs the evidence points to: the category (a high-concern school needs leadership support), open
 * Core Group actions and the areas the last meeting reviewed, visit notes, and dashboard measures
 * in the LA's worst fifth. Proposals only: the officer records the need they agree with.
 */
export async function proposedNeeds(db: Db, orgId: number, school: SchoolWithDistrict): Promise<ProposedNeed[]> {
  const out: ProposedNeed[] = [];
  const push = (areaId: string, source: ProposedNeed['source'], description: string) => {
    if (out.some((n) => n.areaId === areaId && n.source === source)) return;
    out.push({ areaId, areaLabel: findArea(areaId)?.label ?? areaId, source, description });
  };
  const cat = await categoryOf(db, orgId, school.urn);
  if (cat.highConcern) push('leadership', 'category', `Category ${cat.code} (${cat.label}) of ${cat.policyId}: a high-concern school, priority for commissioned support`);
  for (const a of await openMeetingActions(db, orgId, school.urn)) for (const area of areasInText(a.text)) push(area.id, 'core_group', `Core Group action due ${a.dueDate}: ${a.text}`);
  const meetings = await listMeetings(db, orgId, school.urn);
  const last = meetings.at(-1);
  if (last) for (const r of last.reviewAreas) for (const area of areasInText(`${r.area} ${r.findings}`)) push(area.id, 'core_group', `Core Group meeting ${last.meetingDate}, ${r.area}: ${r.findings}`);
  for (const v of (await listVisits(db, orgId, school.urn)).slice(-3)) {
    for (const area of areasInText(`${v.areasReviewed.join(' ')} ${v.judgements}`)) push(area.id, 'visit', `Visit of ${v.visitDate}: ${v.judgements || v.areasReviewed.join(', ')}`);
  }
  const obs = (await repo.quintileObservations(db, orgId, [school.urn], loadAreas().flatMap((a) => a.measures))).get(school.urn) ?? [];
  for (const f of dashboardFlags(obs)) push(f.area.id, 'dashboard', f.text);
  return out;
}

export async function recordNeed(db: Db, orgId: number, school: SchoolWithDistrict, input: { area: string; source: string; description: string; identifiedOn: string }, actor: Actor, today = todayIso()): Promise<Outcome<repo.NeedRow>> {
  const errors: Errors = {};
  const area = findArea(input.area);
  if (!area) errors.area = 'Select the area of need';
  const sources = ['category', 'core_group', 'visit', 'dashboard', 'officer'] as const;
  const source = (sources as readonly string[]).includes(input.source) ? (input.source as (typeof sources)[number]) : null;
  if (!source) errors.source = 'Select where the need comes from';
  if (!input.description.trim()) errors.description = 'Describe the need';
  if (!input.identifiedOn) errors.identifiedOn = 'Enter the date the need was identified';
  else if (!isIsoDate(input.identifiedOn)) errors.identifiedOn = 'The date the need was identified must be a real date';
  else if (compareDates(input.identifiedOn, today) > 0) errors.identifiedOn = 'The date the need was identified must be today or in the past';
  if (Object.keys(errors).length) return { ok: false, errors };
  const row = await db.transaction(async (tx) => {
    const r = await repo.insertNeed(tx, { organisationId: orgId, urn: school.urn, areaId: area!.id, source: source!, description: input.description.trim(), identifiedOn: input.identifiedOn, createdBy: actor.label });
    await audit(tx, actor, 'support.need-recorded', { type: 'support-need', id: r.id }, { after: { urn: r.urn, area: r.areaId, source: r.source } });
    return r;
  });
  return { ok: true, row };
}

// ---------------------------------------------------------------------------------------------
// Brokering

/** Ranked matches for a school's need in an area, each with its reasons (the school itself excluded). */
export async function suggestMatches(db: Db, orgId: number, school: SchoolWithDistrict, areaId: string, today = todayIso()): Promise<Match[]> {
  const area = findArea(areaId);
  if (!area) throw new Error(`"${areaId}" is not an area in config/support/areas.json (${loadAreas().map((a) => a.label).join(', ')})`);
  const register = await strengthsRegister(db, orgId, today);
  const providerUrns = register.flatMap((e) => (e.provider.urn ? [e.provider.urn] : []));
  const places = await repo.schoolPlaces(db, orgId, providerUrns);
  const candidates: Candidate[] = [];
  for (const { provider, strengths } of register) {
    if (!provider.active || provider.urn === school.urn) continue;
    for (const s of strengths.filter((x) => x.areaId === area.id)) {
      const place = provider.urn ? places.get(provider.urn) : null;
      candidates.push({
        strengthId: s.id,
        providerId: provider.id,
        providerName: provider.name + (provider.designation ? ` (${provider.designation})` : ''),
        providerKind: provider.kind,
        areaId: s.areaId,
        place: place ? { postcode: place.postcode, districtId: place.districtId } : provider.postcode ? { postcode: provider.postcode, districtId: null } : null,
        evidence: s.evidenceKind === 'computed' ? { kind: 'computed', text: s.evidenceText, strength: s.yearsInBestFifth } : { kind: 'declared', text: s.evidenceText, strength: 1 },
        capacityDaysPerTerm: s.capacityDaysPerTerm,
        daysCommitted: s.daysCommitted,
        available: s.available,
      });
    }
  }
  return rankMatches({ areaId: area.id, place: { postcode: school.postcode, districtId: school.districtId, districtName: school.districtName } }, candidates);
}

// ---------------------------------------------------------------------------------------------
// Agreements and commissions

export interface OutcomeInput {
  measure: string;
  description: string;
  target: string;
  targetDate: string;
}

export interface PlanInput {
  needId: string;
  strengthId: string;
  providerId: string;
  specification: string;
  outcomes: OutcomeInput[];
  startOn: string;
  endOn: string;
  days: string;
  budget: string;
  payer: string;
  purpose: string;
  reportingLine: string;
  confidentiality: string;
  recompense: string;
}

/**
 * Records an agreement (school-to-school, from a chosen match) or a commission (to a provider). Each
 * outcome measure's baseline is the school's latest value held on the dashboard, so the impact is
 * later judged against evidence, not a figure typed in. Who pays defaults to the funding rules; a
 * commission for a high-concern school waits for the Core Group's sign-off.
 */
export async function recordPlan(db: Db, orgId: number, school: SchoolWithDistrict, kind: 'agreement' | 'commission', input: PlanInput, actor: Actor): Promise<Outcome<PlanRow>> {
  const errors: Errors = {};
  const needKey = intId(input.needId);
  const need = needKey ? await repo.getNeed(db, orgId, needKey) : undefined;
  if (input.needId && (!need || need.urn !== school.urn)) errors.needId = 'Select one of the school’s needs';
  let provider: ProviderRow | undefined;
  let strength: StrengthRow | undefined;
  if (kind === 'agreement') {
    strength = (await repo.listStrengths(db, orgId)).find((s) => String(s.id) === input.strengthId);
    provider = strength ? await repo.getProvider(db, orgId, strength.providerId) : undefined;
    if (!strength || !provider) errors.strengthId = 'Choose one of the matches';
    else if (provider.urn === school.urn) errors.strengthId = 'A school cannot support itself';
  } else {
    const providerKey = intId(input.providerId);
    provider = providerKey ? await repo.getProvider(db, orgId, providerKey) : undefined;
    if (!provider || provider.kind === 'school') errors.providerId = 'Select the provider commissioned';
  }
  const areaId = strength?.areaId ?? need?.areaId ?? null;
  if (kind === 'commission' && !areaId) errors.needId = 'Select the need this commission meets';
  if (!input.specification.trim()) errors.specification = kind === 'commission' ? 'Enter the specification of the commission' : 'Describe the support agreed';
  const outcomes: PlanOutcome[] = [];
  for (const [i, o] of input.outcomes.entries()) {
    if (!o.measure && !o.description.trim() && !o.target.trim() && !o.targetDate) continue;
    const def = o.measure ? MEASURE_BY_CODE.get(o.measure) : undefined;
    if (o.measure && !def) errors[`outcome-${i}-measure`] = `Select a dashboard measure for outcome ${i + 1}`;
    if (!o.measure && !o.description.trim()) errors[`outcome-${i}-description`] = `Describe outcome ${i + 1} or choose a dashboard measure`;
    const target = num(o.target);
    if (o.measure && !Number.isFinite(target)) errors[`outcome-${i}-target`] = `Enter the target for outcome ${i + 1} as a number`;
    if (!o.targetDate) errors[`outcome-${i}-targetDate`] = `Enter the target date of outcome ${i + 1}`;
    else if (!isIsoDate(o.targetDate)) errors[`outcome-${i}-targetDate`] = `The target date of outcome ${i + 1} must be a real date`;
    let baseline: number | null = null;
    let baselineYear: string | null = null;
    if (def) {
      const held = (await repo.observationValue(db, orgId, school.urn, def.code)).find((v) => v.value !== null);
      if (!held) errors[`outcome-${i}-measure`] = `${school.name} has no value for ${def.label} to take as the baseline: choose another measure or describe the outcome`;
      else ({ value: baseline, year: baselineYear } = held);
    }
    outcomes.push({ measure: def?.code ?? '', description: o.description.trim() || def?.label || '', baseline, baselineYear, target: Number.isFinite(target) ? target : null, targetDate: o.targetDate });
  }
  if (!outcomes.length && !Object.keys(errors).some((k) => k.startsWith('outcome-'))) errors['outcome-0-measure'] = 'Enter at least one outcome measure with its target and target date';
  for (const [k, label] of [['startOn', 'start date'], ['endOn', 'end date']] as const) {
    if (!input[k]) errors[k] = `Enter the ${label}`;
    else if (!isIsoDate(input[k])) errors[k] = `The ${label} must be a real date`;
  }
  if (!errors.startOn && !errors.endOn && compareDates(input.endOn, input.startOn) <= 0) errors.endOn = 'The end date must be after the start date';
  const days = num(input.days);
  if (!Number.isFinite(days) || days <= 0 || days > 200 || Math.round(days * 2) !== days * 2) errors.days = 'Enter the days of support, from 0.5 to 200, in half days';
  const budget = input.budget.trim() === '' ? null : num(input.budget.replace(/[£,]/g, ''));
  if (kind === 'commission' && (budget === null || !Number.isFinite(budget) || budget < 0)) errors.budget = 'Enter the budget in pounds';
  else if (budget !== null && (!Number.isFinite(budget) || budget < 0)) errors.budget = 'Enter the budget in pounds, or leave it blank';
  if (!input.reportingLine.trim()) errors.reportingLine = 'Enter who the support reports to, and how often';
  if (kind === 'agreement') {
    if (!input.confidentiality.trim()) errors.confidentiality = 'Say what of this agreement may be shared, and with whom';
    if (!input.recompense.trim()) errors.recompense = 'Enter what the providing school receives for its time';
  }
  const cat = await categoryOf(db, orgId, school.urn);
  const byRule = defaultPayer(cat.policyId, cat.code);
  let payer: Payer = byRule.payer;
  let payerReason = byRule.reason;
  if (input.payer === 'priority_school_support') {
    payer = 'priority_school_support';
    payerReason = 'Priority School Support funds, chosen by the officer';
    if (input.purpose !== 'audit' && input.purpose !== 'monitor') errors.purpose = 'Select whether Priority School Support pays to audit and plan or to monitor';
  } else if (input.payer && input.payer !== 'rule') errors.payer = 'Select who pays';
  if (Object.keys(errors).length) return { ok: false, errors };
  const signOffRequired = kind === 'commission' && cat.highConcern;
  const row = await db.transaction(async (tx) => {
    const r = await repo.insertPlan(tx, {
      organisationId: orgId,
      kind,
      needId: need?.id ?? null,
      urn: school.urn,
      providerId: provider!.id,
      strengthId: strength?.id ?? null,
      areaId: areaId!,
      specification: input.specification.trim(),
      outcomes,
      startOn: input.startOn,
      endOn: input.endOn,
      days,
      budget,
      payer,
      payerReason,
      purpose: payer === 'priority_school_support' ? (input.purpose as 'audit' | 'monitor') : null,
      reportingLine: input.reportingLine.trim(),
      confidentiality: input.confidentiality.trim(),
      recompense: input.recompense.trim(),
      categoryAtStart: cat.code,
      policyId: cat.policyId,
      status: signOffRequired ? 'awaiting_sign_off' : 'active',
      signOffRequired,
      createdBy: actor.label,
      createdByUserId: actor.userId,
    });
    await audit(tx, actor, `support.${kind}-recorded`, { type: 'support-plan', id: r.id }, { after: { urn: r.urn, providerId: r.providerId, area: r.areaId, days: r.days, budget: r.budget, payer: r.payer, status: r.status, outcomes: r.outcomes } });
    return r;
  });
  return { ok: true, row };
}

/** The Core Group signs off a commission for a high-concern school: the officer names the meeting that agreed it. */
export async function signOffPlan(db: Db, orgId: number, plan: PlanRow, input: { meetingId: string }, actor: Actor): Promise<Outcome<PlanRow>> {
  if (plan.status !== 'awaiting_sign_off') return { ok: false, errors: { meetingId: 'This commission is not waiting for sign-off' } };
  const meeting = (await listMeetings(db, orgId, plan.urn)).find((m) => String(m.id) === input.meetingId);
  if (!meeting) return { ok: false, errors: { meetingId: 'Select the Core Group meeting that signed the commission off' } };
  const row = await db.transaction(async (tx) => {
    const r = await repo.updatePlan(tx, orgId, plan.id, { status: 'active', coreGroupMeetingId: meeting.id, signedOffBy: actor.label, signedOffAt: new Date() });
    await audit(tx, actor, 'support.commission-signed-off', { type: 'support-plan', id: plan.id }, { before: { status: plan.status }, after: { status: r.status, coreGroupMeeting: meeting.meetingDate } });
    return r;
  });
  return { ok: true, row };
}

export async function recordReport(db: Db, orgId: number, plan: PlanRow, input: { reportedOn: string; progress: string; daysUsed: string }, actor: Actor, today = todayIso()): Promise<Outcome<repo.ReportRow>> {
  const errors: Errors = {};
  if (plan.status !== 'active') errors.progress = 'Progress can be reported once the commission is signed off';
  if (!input.reportedOn) errors.reportedOn = 'Enter the date of the report';
  else if (!isIsoDate(input.reportedOn)) errors.reportedOn = 'The date of the report must be a real date';
  else if (compareDates(input.reportedOn, today) > 0) errors.reportedOn = 'The date of the report must be today or in the past';
  if (!input.progress.trim()) errors.progress = 'Describe the progress made against the outcome measures';
  const days = num(input.daysUsed);
  if (!Number.isFinite(days) || days < 0 || Math.round(days * 2) !== days * 2) errors.daysUsed = 'Enter the days used so far, in half days';
  if (Object.keys(errors).length) return { ok: false, errors };
  const row = await db.transaction(async (tx) => {
    const r = await repo.insertReport(tx, { organisationId: orgId, planId: plan.id, reportedOn: input.reportedOn, progress: input.progress.trim(), daysUsed: days, author: actor.label, authorUserId: actor.userId });
    await audit(tx, actor, 'support.progress-reported', { type: 'support-plan', id: plan.id }, { after: { reportId: r.id, reportedOn: r.reportedOn, daysUsed: r.daysUsed } });
    return r;
  });
  return { ok: true, row };
}

export async function rateQuality(db: Db, orgId: number, plan: PlanRow, input: { rating: string; comment: string }, actor: Actor): Promise<Outcome<PlanRow>> {
  const errors: Errors = {};
  const rating = Number(input.rating);
  if (![1, 2, 3, 4, 5].includes(rating)) errors.rating = 'Select how good the support was, from 1 to 5';
  if (!input.comment.trim()) errors.comment = 'Say why you gave this rating';
  if (Object.keys(errors).length) return { ok: false, errors };
  const row = await db.transaction(async (tx) => {
    const r = await repo.updatePlan(tx, orgId, plan.id, { qualityRating: rating, qualityComment: input.comment.trim(), qualityBy: actor.label });
    await audit(tx, actor, 'support.quality-rated', { type: 'support-plan', id: plan.id }, { before: { rating: plan.qualityRating }, after: { rating, comment: r.qualityComment } });
    return r;
  });
  return { ok: true, row };
}

/**
 * An officer ends a plan early or moves its end date, giving the reason: the impact is judged at the
 * end date, so a plan stopped early can be judged at once. Not after the judgement, which was made
 * against the end date it had. The reason is kept in the audit log and shown on the plan.
 */
export async function changeEndDate(db: Db, orgId: number, plan: PlanRow, input: { endOn: string; reason: string }, actor: Actor): Promise<Outcome<PlanRow>> {
  if (plan.impact) return { ok: false, errors: { endOn: 'The impact has been judged: the end date can no longer change' } };
  const errors: Errors = {};
  if (!input.endOn) errors.endOn = 'Enter the new end date';
  else if (!isIsoDate(input.endOn)) errors.endOn = 'The new end date must be a real date';
  else if (compareDates(input.endOn, plan.startOn) <= 0) errors.endOn = `The new end date must be after the start date (${plan.startOn})`;
  else if (input.endOn === plan.endOn) errors.endOn = `The plan already ends on ${plan.endOn}`;
  if (!input.reason.trim()) errors.endReason = 'Give the reason for changing the end date';
  if (Object.keys(errors).length) return { ok: false, errors };
  const row = await db.transaction(async (tx) => {
    const r = await repo.updatePlan(tx, orgId, plan.id, { endOn: input.endOn });
    await audit(tx, actor, 'support.plan-end-changed', { type: 'support-plan', id: plan.id }, { before: { endOn: plan.endOn }, after: { endOn: r.endOn, reason: input.reason.trim() } });
    return r;
  });
  return { ok: true, row };
}

/** The plan's end-date changes, oldest first, from the audit log (where their reasons are kept). */
export async function endDateChanges(db: Db, orgId: number, planId: number): Promise<{ from: string; to: string; reason: string; by: string; at: Date }[]> {
  const entries = await listAudit(db, orgId, { action: 'support.plan-end-changed', entityType: 'support-plan', entityId: String(planId), order: 'asc' });
  return entries.map((e) => {
    const before = (e.before ?? {}) as { endOn?: string };
    const after = (e.after ?? {}) as { endOn?: string; reason?: string };
    return { from: before.endOn ?? '', to: after.endOn ?? '', reason: after.reason ?? '', by: e.actor, at: e.at };
  });
}

/** The evidence held now for a plan's outcome measures: the latest value from a year after the baseline's. */
async function impactEvidence(db: Db, orgId: number, plan: PlanRow, asOf: string) {
  const measures = [];
  for (const o of plan.outcomes.filter((x) => x.measure)) {
    const held = (await repo.observationValue(db, orgId, plan.urn, o.measure)).find((v) => v.value !== null && o.baselineYear !== null && v.year > o.baselineYear);
    measures.push({ measure: o.measure, baseline: o.baseline, target: o.target, now: held?.value ?? null, nowYear: held?.year ?? null });
  }
  const meetings = (await listMeetings(db, orgId, plan.urn)).filter((m) => compareDates(m.meetingDate, plan.startOn) >= 0 && compareDates(m.meetingDate, asOf) <= 0);
  const cat = await categoryOf(db, orgId, plan.urn);
  return {
    measures,
    coreGroup: meetings.at(-1)?.judgement ?? null,
    categoryAtStart: plan.policyId === cat.policyId ? plan.categoryAtStart : null,
    categoryNow: cat.code,
    categoryOrder: cat.order,
  };
}

/**
 * At (or after) the end date an officer records the impact judgement. It is worked out from the
 * evidence then held — outcome measures against baseline and target, the Core Group's latest
 * judgement, the category's move — and the provider's reports are not part of it.
 */
export async function recordImpact(db: Db, orgId: number, plan: PlanRow, input: { note: string }, actor: Actor, today = todayIso()): Promise<Outcome<PlanRow>> {
  if (compareDates(today, plan.endOn) < 0) return { ok: false, errors: { note: `Impact is judged at the end date (${plan.endOn})` } };
  if (!input.note.trim()) return { ok: false, errors: { note: 'Add the officer’s commentary on the evidence' } };
  const judged = judgeImpact(await impactEvidence(db, orgId, plan, today));
  const impact = { judgement: judged.judgement, reasons: judged.reasons, judgedOn: today, judgedBy: actor.label, note: input.note.trim() };
  const row = await db.transaction(async (tx) => {
    const r = await repo.updatePlan(tx, orgId, plan.id, { impact });
    await audit(tx, actor, 'support.impact-judged', { type: 'support-plan', id: plan.id }, { before: { impact: plan.impact }, after: { impact } });
    return r;
  });
  return { ok: true, row };
}

// ---------------------------------------------------------------------------------------------
// Who sees which plan

export interface ReaderView {
  /** Officers and the contract manager see the funding reason; school and provider readers do not. */
  seesFundingReason: boolean;
}

/**
 * A plan is read by officers for the schools in their scope, the contract manager (all), the
 * provider account linked to its provider, the supported school's own users and — for agreements
 * only — the supporting school's users.
 */
export function mayReadPlan(p: Principal, plan: PlanRow, provider: ProviderRow | undefined, school: { urn: number; districtId: number | null } | undefined): boolean {
  if (can(p, 'support:read') && school) {
    const s = schoolScope(p);
    if (s.kind === 'all' || (s.kind === 'limited' && (s.urns.includes(school.urn) || (school.districtId !== null && s.districtIds.includes(school.districtId))))) return true;
  }
  if (can(p, 'support:contracts')) return true;
  if (can(p, 'support:provider') && provider?.userId === p.userId) return true;
  if (can(p, 'support:own-school')) {
    if (p.schoolUrns.includes(plan.urn)) return true;
    if (plan.kind === 'agreement' && provider?.urn && p.schoolUrns.includes(provider.urn)) return true;
  }
  return false;
}

/** The plans a reader's support menu lists. */
export async function plansFor(db: Db, orgId: number, p: Principal): Promise<PlanRow[]> {
  if (can(p, 'support:contracts')) return repo.listPlans(db, orgId, { urns: 'all' });
  if (can(p, 'support:provider')) {
    const mine = await repo.providersOfUser(db, orgId, p.userId);
    return repo.listPlans(db, orgId, { providerIds: mine.map((x) => x.id) });
  }
  if (can(p, 'support:own-school')) {
    const supporting = await repo.providersOfSchools(db, orgId, p.schoolUrns);
    const plans = await repo.listPlans(db, orgId, { urns: p.schoolUrns, providerIds: supporting.map((x) => x.id) });
    return plans.filter((pl) => p.schoolUrns.includes(pl.urn) || pl.kind === 'agreement');
  }
  if (can(p, 'support:read')) {
    const s = schoolScope(p);
    const plans = await repo.listPlans(db, orgId, { urns: 'all' });
    if (s.kind === 'all') return plans;
    if (s.kind === 'none') return [];
    const places = await repo.schoolPlaces(db, orgId, [...new Set(plans.map((x) => x.urn))]);
    return plans.filter((pl) => s.urns.includes(pl.urn) || s.districtIds.includes(places.get(pl.urn)?.districtId ?? -1));
  }
  return [];
}

/** When the next progress report is due, and whether it is overdue, for an active plan not yet judged. */
export function reportDue(plan: PlanRow, reports: repo.ReportRow[], today = todayIso()): { due: string | null; overdue: boolean } {
  if (plan.status !== 'active' || plan.impact) return { due: null, overdue: false };
  const last = reports.filter((r) => r.planId === plan.id).at(-1)?.reportedOn ?? plan.startOn;
  const due = addDays(last, plan.reportEveryWeeks * 7);
  if (compareDates(due, plan.endOn) > 0 && reports.some((r) => r.planId === plan.id && compareDates(r.reportedOn, plan.endOn) >= 0)) return { due: null, overdue: false };
  return { due, overdue: compareDates(due, today) < 0 };
}

export interface PlanSummary {
  plan: PlanRow;
  provider: ProviderRow | undefined;
  schoolName: string;
  areaLabel: string;
  /** The impact judgement in words, once judged. */
  impactLabel: string | null;
  reports: repo.ReportRow[];
  daysUsed: number;
  due: string | null;
  overdue: boolean;
  risks: string[];
}

export async function summarisePlans(db: Db, orgId: number, plans: PlanRow[], today = todayIso()): Promise<PlanSummary[]> {
  const [providers, reports, places] = await Promise.all([repo.listProviders(db, orgId), repo.reportsOf(db, orgId, plans.map((p) => p.id)), repo.schoolPlaces(db, orgId, [...new Set(plans.map((p) => p.urn))])]);
  return plans.map((plan) => {
    const mine = reports.filter((r) => r.planId === plan.id);
    const daysUsed = mine.at(-1)?.daysUsed ?? 0;
    const { due, overdue } = reportDue(plan, mine, today);
    const risks: string[] = [];
    if (plan.status === 'awaiting_sign_off') risks.push('waiting for the Core Group’s sign-off');
    if (overdue) risks.push(`progress report overdue since ${due}`);
    if (daysUsed > plan.days) risks.push(`${daysUsed} days used of ${plan.days} agreed`);
    if (compareDates(plan.endOn, today) < 0 && !plan.impact) risks.push(`ended ${plan.endOn} without an impact judgement`);
    if (compareDates(plan.endOn, today) < 0 && plan.qualityRating === null) risks.push('the school has not rated the quality');
    if (plan.impact?.judgement === 'no_improvement') risks.push('judged: no improvement');
    return { plan, provider: providers.find((p) => p.id === plan.providerId), schoolName: places.get(plan.urn)?.name ?? String(plan.urn), areaLabel: findArea(plan.areaId)?.label ?? plan.areaId, impactLabel: plan.impact ? IMPACT_LABELS[plan.impact.judgement] : null, reports: mine, daysUsed, due, overdue, risks };
  });
}

/** The contract manager's view: each provider's commissions, days, spend, quality, impact and risks. */
export async function providerPerformance(db: Db, orgId: number, today = todayIso()) {
  const all = await summarisePlans(db, orgId, await repo.listPlans(db, orgId, { urns: 'all' }), today);
  const commissions = all.filter((s) => s.plan.kind === 'commission');
  const providers = await repo.listProviders(db, orgId);
  const perProvider = providers
    .map((provider) => {
      const mine = commissions.filter((c) => c.plan.providerId === provider.id);
      const rated = mine.filter((c) => c.plan.qualityRating !== null);
      const impacts: Partial<Record<ImpactJudgement, number>> = {};
      for (const c of mine) if (c.plan.impact) impacts[c.plan.impact.judgement] = (impacts[c.plan.impact.judgement] ?? 0) + 1;
      return {
        provider,
        commissions: mine.length,
        days: mine.reduce((s, c) => s + c.plan.days, 0),
        daysUsed: mine.reduce((s, c) => s + c.daysUsed, 0),
        budget: mine.reduce((s, c) => s + (c.plan.budget ?? 0), 0),
        averageQuality: rated.length ? Math.round((rated.reduce((s, c) => s + c.plan.qualityRating!, 0) / rated.length) * 10) / 10 : null,
        impacts: Object.entries(impacts).map(([k, n]) => `${IMPACT_LABELS[k as ImpactJudgement].split(':')[0]}: ${n}`).join('; '),
        overdue: mine.filter((c) => c.overdue).length,
        risks: mine.reduce((s, c) => s + c.risks.length, 0),
      };
    })
    .filter((x) => x.commissions > 0);
  return { perProvider, commissions };
}

// ---------------------------------------------------------------------------------------------
// Ledger

export interface LedgerRow extends LedgerLine {
  urn: number;
  name: string;
  category: string | null;
  policyId: string;
  plans: number;
  impactText: string;
}

/** Per school with support in the year: days, allowance, charges, Priority School Support and impact. */
export async function buildLedger(db: Db, orgId: number, year: string, scope: Principal | 'all'): Promise<{ year: string; rows: LedgerRow[] }> {
  const bounds = academicYearBounds(year);
  if (!bounds) throw new RangeError(`"${year}" is not an academic year like 2025/26`);
  let plans = await repo.plansOverlapping(db, orgId, bounds.from, bounds.to);
  if (scope !== 'all' && !can(scope, 'support:contracts')) {
    const visible = new Set((await plansFor(db, orgId, scope)).map((p) => p.id));
    plans = plans.filter((p) => visible.has(p.id));
  }
  const urns = [...new Set(plans.map((p) => p.urn))];
  const places = await repo.schoolPlaces(db, orgId, urns);
  const cats = urns.length ? await currentCategories(db, orgId, { urns }) : null;
  const rows: LedgerRow[] = [];
  for (const urn of urns) {
    const mine = plans.filter((p) => p.urn === urn);
    const cat = cats?.schools.find((s) => s.urn === urn);
    const line = ledgerLine(cat?.engagement?.allowanceDaysPerYear ?? null, mine.map((p) => ({ kind: p.kind, payer: p.payer, days: p.days, budget: p.budget, purpose: p.purpose, impact: p.impact?.judgement ?? null })));
    const impactText = mine.map((p) => `${p.kind} ${p.id}: ${p.impact ? IMPACT_LABELS[p.impact.judgement] : 'not yet judged'}`).join('; ');
    rows.push({ ...line, urn, name: places.get(urn)?.name ?? String(urn), category: cat?.code ?? null, policyId: cats?.policy.id ?? '', plans: mine.length, impactText });
  }
  return { year, rows: rows.sort((a, b) => a.name.localeCompare(b.name)) };
}

export const LEDGER_COLUMNS = [
  { key: 'urn', header: 'URN' },
  { key: 'name', header: 'School' },
  { key: 'category', header: 'Category' },
  { key: 'plans', header: 'Agreements and commissions' },
  { key: 'allowanceDays', header: 'LA-funded allowance (days)' },
  { key: 'laDays', header: 'LA-funded days used' },
  { key: 'daysOverAllowance', header: 'Days over allowance' },
  { key: 'freeDays', header: 'Free days (charging formula)' },
  { key: 'paidDays', header: 'Days the school pays (charging formula)' },
  { key: 'charge', header: 'Charge to the school (£)' },
  { key: 'schoolPaid', header: 'Commissions the school pays (£)' },
  { key: 'pssDays', header: 'Priority School Support days' },
  { key: 'pssCost', header: 'Priority School Support (£)' },
  { key: 'pssWithinLimits', header: 'Within Priority School Support limits' },
  { key: 'impact', header: 'Impact' },
] as const;

export function ledgerRecords(rows: LedgerRow[]): Record<string, unknown>[] {
  return rows.map((r) => ({
    urn: r.urn,
    name: r.name,
    category: r.category,
    plans: r.plans,
    allowanceDays: r.allowanceDays,
    laDays: r.laDays,
    daysOverAllowance: r.daysOverAllowance,
    freeDays: r.formula.freeDays,
    paidDays: r.formula.paidDays,
    charge: r.formula.charge,
    schoolPaid: r.schoolPaid,
    pssDays: r.prioritySchoolSupport.days,
    pssCost: r.prioritySchoolSupport.cost,
    pssWithinLimits: r.prioritySchoolSupport.withinLimits,
    impact: r.impactText,
  }));
}

/**
 * The plans shown on a school's own page: officers (in scope) see all its plans; the school's own
 * users see the support it receives and the agreements in which it supports another school. Null
 * for a reader who may see neither.
 */
export async function schoolSupportPlans(db: Db, orgId: number, p: Principal, urn: number): Promise<PlanSummary[] | null> {
  if (can(p, 'support:read')) return summarisePlans(db, orgId, await repo.listPlans(db, orgId, { urns: [urn] }));
  if (!can(p, 'support:own-school') || !p.schoolUrns.includes(urn)) return null;
  const supporting = await repo.providersOfSchools(db, orgId, [urn]);
  const plans = (await repo.listPlans(db, orgId, { urns: [urn], providerIds: supporting.map((x) => x.id) })).filter((pl) => pl.urn === urn || pl.kind === 'agreement');
  return summarisePlans(db, orgId, plans);
}
