// School-to-school support and commissioning (DOMAIN.md §5): one list of areas for needs and
// strengths, strength and need evidence read from the dashboard's stored LA quintiles, the ranking
// of matches with the reason for each, who pays, the days-and-charges ledger (the 2008 formula is
// called, not restated) and the impact judgement. Pure: the services give it rows and dates.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { consultantCharge, loadChargingFormula, type ChargingFormula } from '../engagement/charging.js';
import { MEASURE_BY_CODE } from '../evidence/measures.js';

const areaSchema = z
  .object({ id: z.string().regex(/^[a-z0-9-]+$/), label: z.string().min(1), measures: z.array(z.string()), keywords: z.array(z.string()), reviewAreas: z.array(z.string()) })
  .strict();
const areasFileSchema = z.object({ id: z.string(), title: z.string(), note: z.string(), areas: z.array(areaSchema).min(1) }).strict();
export type SupportArea = z.infer<typeof areaSchema>;

const fundingSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    source: z.string(),
    chargingFormula: z.string(),
    /** Per categorisation policy: the categories whose commissioned support the LA pays for. */
    laFundedCategories: z.record(z.string(), z.array(z.string())),
    prioritySchoolSupport: z.object({ auditDays: z.number(), auditMaxCost: z.number(), monitorDays: z.number(), monitorMaxCost: z.number() }).strict(),
  })
  .strict();
export type SupportFunding = z.infer<typeof fundingSchema>;

function readConfig(name: string): unknown {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../../../config/support/${name}.json`, import.meta.url)), 'utf8'));
}

let areasCache: SupportArea[] | null = null;
export function loadAreas(): SupportArea[] {
  if (!areasCache) {
    const file = areasFileSchema.parse(readConfig('areas'));
    for (const a of file.areas) for (const m of a.measures) if (!MEASURE_BY_CODE.has(m)) throw new Error(`config/support/areas.json: area "${a.label}" names an unknown measure "${m}"`);
    areasCache = file.areas;
  }
  return areasCache;
}

let fundingCache: SupportFunding | null = null;
export function loadFunding(): SupportFunding {
  return (fundingCache ??= fundingSchema.parse(readConfig('funding')));
}

/** An area by id or by its label, whatever the case ("KS2 writing", "ks2-writing"). */
export function findArea(idOrLabel: string): SupportArea | undefined {
  const k = idOrLabel.trim().toLowerCase();
  return loadAreas().find((a) => a.id === k || a.label.toLowerCase() === k);
}

/** Areas a free text (a Core Group action, a visit's judgements) names by keyword or review area. */
export function areasInText(text: string): SupportArea[] {
  const t = ` ${text.toLowerCase()} `;
  return loadAreas().filter((a) => a.keywords.some((k) => new RegExp(`\\b${k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}s?\\b`).test(t)) || a.reviewAreas.some((r) => t.includes(r.toLowerCase())));
}

export interface QuintileObservation {
  measure: string;
  academicYear: string;
  value: number | null;
  laQuintile: number | null;
}

/** The best fifth in the LA: quintile 5 where higher is better, 1 where lower is (absence). */
function isBestFifth(o: QuintileObservation): boolean {
  const m = MEASURE_BY_CODE.get(o.measure);
  if (!m || m.higherIsBetter === null || o.laQuintile === null) return false;
  return m.higherIsBetter ? o.laQuintile === 5 : o.laQuintile === 1;
}
function isWorstFifth(o: QuintileObservation): boolean {
  const m = MEASURE_BY_CODE.get(o.measure);
  if (!m || m.higherIsBetter === null || o.laQuintile === null) return false;
  return m.higherIsBetter ? o.laQuintile === 1 : o.laQuintile === 5;
}

export interface ComputedEvidence {
  measure: string;
  measureLabel: string;
  /** The latest three years the school has a value for. */
  years: string[];
  topYears: string[];
  text: string;
}

/**
 * A strength shown by the dashboard: for each of the area's measures, in how many of the school's
 * latest three years with a value it was in the LA's best fifth; the measure with most such years.
 * Null when no year was in the best fifth.
 */
export function computedStrength(area: SupportArea, obs: QuintileObservation[]): ComputedEvidence | null {
  let best: ComputedEvidence | null = null;
  for (const code of area.measures) {
    const held = obs.filter((o) => o.measure === code && o.value !== null && o.laQuintile !== null).sort((a, b) => b.academicYear.localeCompare(a.academicYear)).slice(0, 3);
    const top = held.filter(isBestFifth).map((o) => o.academicYear);
    if (!top.length || (best && best.topYears.length >= top.length)) continue;
    const label = MEASURE_BY_CODE.get(code)!.label;
    best = { measure: code, measureLabel: label, years: held.map((o) => o.academicYear), topYears: top, text: `${label}: in the LA's best fifth in ${top.length} of the latest ${held.length} year${held.length === 1 ? '' : 's'} held (${top.join(', ')})` };
  }
  return best;
}

/** The area's measures in the LA's worst fifth in the school's latest year with a value: a dashboard flag. */
export function dashboardFlags(obs: QuintileObservation[]): { area: SupportArea; measure: string; year: string; text: string }[] {
  const out: { area: SupportArea; measure: string; year: string; text: string }[] = [];
  for (const area of loadAreas()) {
    for (const code of area.measures) {
      const latest = obs.filter((o) => o.measure === code && o.value !== null && o.laQuintile !== null).sort((a, b) => b.academicYear.localeCompare(a.academicYear))[0];
      if (latest && isWorstFifth(latest)) {
        out.push({ area, measure: code, year: latest.academicYear, text: `${MEASURE_BY_CODE.get(code)!.label} in the LA's worst fifth in ${latest.academicYear}` });
        break;
      }
    }
  }
  return out;
}

export interface Place {
  postcode: string | null;
  districtId: number | null;
  districtName?: string | null;
}

/** "AL5 4QP" → { outward: "AL5", area: "AL", district: 5 }. */
export function postcodeParts(postcode: string | null): { outward: string; area: string; district: number | null } | null {
  const m = /^([A-Z]{1,2})(\d{1,2})[A-Z]?\s*\d[A-Z]{2}$/.exec((postcode ?? '').toUpperCase().trim());
  if (!m) return null;
  const outward = (postcode ?? '').toUpperCase().trim().split(/\s+/)[0].replace(/\d[A-Z]{2}$/, '');
  return { outward, area: m[1], district: Number(m[2]) };
}

/**
 * Distance without coordinates (the register holds postcodes, not latitude and longitude): a
 * documented proxy in four steps — the same postcode district, the same council district, the same
 * postcode area, elsewhere in the LA. 0 is nearest.
 */
export function distanceProxy(a: Place, b: Place): { rank: 0 | 1 | 2 | 3; text: string } {
  const pa = postcodeParts(a.postcode);
  const pb = postcodeParts(b.postcode);
  if (pa && pb && pa.outward === pb.outward) return { rank: 0, text: `same postcode district (${pa.outward})` };
  if (a.districtId !== null && a.districtId === b.districtId) return { rank: 1, text: `same district${a.districtName ? ` (${a.districtName})` : ''}` };
  if (pa && pb && pa.area === pb.area) return { rank: 2, text: `same postcode area (${pa.area})` };
  return { rank: 3, text: 'elsewhere in the LA' };
}

export interface Candidate {
  strengthId: number;
  providerId: number;
  providerName: string;
  providerKind: string;
  areaId: string;
  place: Place | null;
  /** Dashboard evidence: years in the best fifth (0–3); declared evidence counts as one. */
  evidence: { kind: 'computed' | 'declared'; text: string; strength: number };
  capacityDaysPerTerm: number;
  daysCommitted: number;
  available: boolean;
}

export interface Match {
  candidate: Candidate;
  score: number;
  capacityLeft: number;
  distance: { rank: number; text: string } | null;
  reasons: string[];
}

/**
 * Ranks candidates for a need: only the need's area, available and with days left; then evidence
 * of strength (dashboard years count more than a declaration), nearness, and capacity left. The
 * score is a sum of stated parts so each match can say why it is where it is.
 */
export function rankMatches(need: { areaId: string; place: Place }, candidates: Candidate[]): Match[] {
  const out: Match[] = [];
  for (const c of candidates) {
    if (c.areaId !== need.areaId || !c.available) continue;
    const capacityLeft = Math.max(0, c.capacityDaysPerTerm - c.daysCommitted);
    if (capacityLeft <= 0) continue;
    const distance = c.place ? distanceProxy(need.place, c.place) : null;
    const evidencePoints = c.evidence.kind === 'computed' ? 10 * c.evidence.strength : 5;
    const distancePoints = distance ? 3 * (3 - distance.rank) : 0;
    const capacityPoints = Math.min(capacityLeft, 10) / 2;
    const score = 20 + evidencePoints + distancePoints + capacityPoints;
    out.push({
      candidate: c,
      score,
      capacityLeft,
      distance,
      reasons: [
        `area: ${findArea(c.areaId)?.label ?? c.areaId} (+20)`,
        `evidence: ${c.evidence.text} (+${evidencePoints})`,
        distance ? `distance: ${distance.text} (+${distancePoints})` : 'distance: not known (no postcode) (+0)',
        `capacity: ${capacityLeft} of ${c.capacityDaysPerTerm} days a term left (+${capacityPoints})`,
      ],
    });
  }
  return out.sort((a, b) => b.score - a.score || a.candidate.providerName.localeCompare(b.candidate.providerName));
}

export type Payer = 'la' | 'school' | 'priority_school_support';

/** Who pays for a commission: the LA for the policy's funded categories, the school otherwise. */
export function defaultPayer(policyId: string, categoryCode: string | null, funding: SupportFunding = loadFunding()): { payer: Payer; reason: string } {
  const funded = funding.laFundedCategories[policyId] ?? [];
  if (categoryCode && funded.includes(categoryCode)) return { payer: 'la', reason: `category ${categoryCode}: the LA funds commissioned support for categories ${funded.join(', ')} (${funding.source})` };
  return { payer: 'school', reason: categoryCode ? `category ${categoryCode} is not one the LA funds (${funded.join(', ') || 'none'}): the school pays` : 'no category: the school pays' };
}

export interface OutcomeMeasure {
  /** A dashboard measure code, or '' for a described outcome. */
  measure: string;
  description: string;
  baseline: number | null;
  baselineYear: string | null;
  target: number | null;
  targetDate: string;
}

export type ImpactJudgement = 'improved' | 'some_improvement' | 'no_improvement' | 'not_assessable';
export const IMPACT_LABELS: Record<ImpactJudgement, string> = {
  improved: 'Improved: the outcome measures moved to target',
  some_improvement: 'Some improvement',
  no_improvement: 'No improvement',
  not_assessable: 'Not assessable from the evidence held',
};

export interface ImpactEvidence {
  /** Per outcome measure, the value held at the end date (the latest year after the baseline). */
  measures: { measure: string; baseline: number | null; target: number | null; now: number | null; nowYear: string | null }[];
  /** The latest Core Group judgement up to the end date, if the school has a Core Group. */
  coreGroup: 'effective_action' | 'some_impact' | 'no_evidence_of_impact' | null;
  categoryAtStart: string | null;
  categoryNow: string | null;
  /** Categories in the policy's order, best first, to tell a better category from a worse one. */
  categoryOrder: string[];
}

/**
 * Judges impact from the evidence held at the end date, never from the provider's report alone:
 * each outcome measure moved (in its better direction) and reached its target or not, the latest
 * Core Group judgement, and whether the category got better or worse.
 */
export function judgeImpact(ev: ImpactEvidence): { judgement: ImpactJudgement; reasons: string[] } {
  const reasons: string[] = [];
  let up = 0;
  let down = 0;
  let atTarget = 0;
  let assessed = 0;
  for (const m of ev.measures) {
    const def = MEASURE_BY_CODE.get(m.measure);
    if (!def || m.baseline === null || m.now === null) {
      reasons.push(`${def?.label ?? (m.measure || 'outcome')}: no value held after the baseline`);
      continue;
    }
    assessed++;
    const better = def.higherIsBetter === false ? m.baseline - m.now : m.now - m.baseline;
    const reached = m.target !== null && (def.higherIsBetter === false ? m.now <= m.target : m.now >= m.target);
    if (better > 0) up++;
    else if (better < 0) down++;
    if (reached) atTarget++;
    reasons.push(`${def.label}: ${m.baseline} → ${m.now} (${m.nowYear})${m.target !== null ? `, target ${m.target} ${reached ? 'reached' : 'not reached'}` : ''}`);
  }
  if (ev.coreGroup) reasons.push(`latest Core Group judgement: ${ev.coreGroup.replace(/_/g, ' ')}`);
  const order = (c: string | null) => (c === null ? -1 : ev.categoryOrder.indexOf(c));
  let categoryMove = 0;
  if (ev.categoryAtStart && ev.categoryNow && ev.categoryAtStart !== ev.categoryNow && order(ev.categoryAtStart) >= 0 && order(ev.categoryNow) >= 0) {
    categoryMove = order(ev.categoryNow) < order(ev.categoryAtStart) ? 1 : -1;
    reasons.push(`category ${ev.categoryAtStart} → ${ev.categoryNow}`);
  } else if (ev.categoryNow) reasons.push(`category ${ev.categoryNow}, unchanged`);
  if (!assessed && !ev.coreGroup && !categoryMove) return { judgement: 'not_assessable', reasons };
  const positive = (assessed > 0 && atTarget === assessed) || (assessed === 0 && (ev.coreGroup === 'effective_action' || categoryMove > 0));
  if (positive && categoryMove >= 0 && ev.coreGroup !== 'no_evidence_of_impact') return { judgement: 'improved', reasons };
  if (up > down || ev.coreGroup === 'effective_action' || ev.coreGroup === 'some_impact' || categoryMove > 0) return { judgement: 'some_improvement', reasons };
  return { judgement: 'no_improvement', reasons };
}

export interface LedgerPlan {
  kind: 'agreement' | 'commission';
  payer: Payer;
  days: number;
  budget: number | null;
  purpose: 'audit' | 'monitor' | null;
  impact: ImpactJudgement | null;
}

export interface LedgerLine {
  allowanceDays: number | null;
  laDays: number;
  daysOverAllowance: number;
  formula: { freeDays: number; paidDays: number; charge: number };
  schoolPaid: number;
  prioritySchoolSupport: { days: number; cost: number; withinLimits: boolean; limits: string };
  impacts: Partial<Record<ImpactJudgement, number>>;
}

/**
 * One school's year: LA-funded days against the category's allowance, the school's charge for them
 * by the charging formula, commissions the school pays itself, and Priority School Support against
 * its audit and monitoring limits.
 */
export function ledgerLine(allowanceDays: number | null, plans: LedgerPlan[], funding: SupportFunding = loadFunding(), formula: ChargingFormula = loadChargingFormula(funding.chargingFormula)): LedgerLine {
  const la = plans.filter((p) => p.payer === 'la');
  const laDays = la.reduce((s, p) => s + p.days, 0);
  const charge = consultantCharge(laDays, formula);
  const pss = plans.filter((p) => p.payer === 'priority_school_support');
  const pssDays = pss.reduce((s, p) => s + p.days, 0);
  const pssCost = pss.reduce((s, p) => s + (p.budget ?? 0), 0);
  const lim = funding.prioritySchoolSupport;
  const audit = pss.filter((p) => p.purpose !== 'monitor');
  const monitor = pss.filter((p) => p.purpose === 'monitor');
  const sum = (xs: LedgerPlan[], f: (p: LedgerPlan) => number) => xs.reduce((s, p) => s + f(p), 0);
  const withinLimits = sum(audit, (p) => p.days) <= lim.auditDays && sum(audit, (p) => p.budget ?? 0) <= lim.auditMaxCost && sum(monitor, (p) => p.days) <= lim.monitorDays && sum(monitor, (p) => p.budget ?? 0) <= lim.monitorMaxCost;
  const impacts: Partial<Record<ImpactJudgement, number>> = {};
  for (const p of plans) if (p.impact) impacts[p.impact] = (impacts[p.impact] ?? 0) + 1;
  return {
    allowanceDays,
    laDays,
    daysOverAllowance: allowanceDays === null ? 0 : Math.max(0, laDays - allowanceDays),
    formula: { freeDays: charge.freeDays, paidDays: charge.paidDays, charge: charge.cost },
    schoolPaid: sum(plans.filter((p) => p.payer === 'school'), (p) => p.budget ?? 0),
    prioritySchoolSupport: { days: pssDays, cost: pssCost, withinLimits, limits: `audit and plan up to ${lim.auditDays} days (£${lim.auditMaxCost}), monitor up to ${lim.monitorDays} days (£${lim.monitorMaxCost})` },
    impacts,
  };
}

/** "2025/26" → its first and last days (1 September to 31 August). */
export function academicYearBounds(year: string): { from: string; to: string } | null {
  const m = /^(\d{4})\/(\d{2})$/.exec(year);
  if (!m || (Number(m[1]) + 1) % 100 !== Number(m[2])) return null;
  return { from: `${m[1]}-09-01`, to: `${Number(m[1]) + 1}-08-31` };
}
