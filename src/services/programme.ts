// The year's visit programme for the organisation: gathers categories (latest confirmed round, else the
// live proposals), link officers with their schools and capacity, and hands them to the pure planner.
import { createHash } from 'node:crypto';
import type { Db } from '../db/client.js';
import { loadCalendar, type SchoolCalendar } from '../domain/calendar/index.js';
import { categorise, engagementFor, schoolKindsOf, specialHandlingFor, type Policy, type PolicyCategory } from '../domain/categorisation/index.js';
import { planProgramme, type Officer, type PlannedSchool, type Programme } from '../domain/engagement/index.js';
import type { EngagementExpectation } from '../domain/engagement-types.js';
import { latestConfirmedCategories, linkOfficers } from '../repositories/engagementEscalations.js';
import { currentDataVersion, programmeDataVersion } from '../repositories/dataVersion.js';
import { storedLiveCategories, storeLiveCategories } from '../repositories/liveCategories.js';
import { schoolFacts } from '../repositories/schools.js';
import { eachProposedCategory } from './categorisation.js';
import { loadLaContext, loadSchoolEvidence, schoolContext } from './evidence.js';
import { getPolicyVersion, policyOf, resolvePolicyVersion } from './policies.js';

/** Staffordshire County Council, School Improvement Strategy (2008): "officers have 170 days a year". */
export const DEFAULT_OFFICER_DAYS = 170;
export const DEFAULT_OFFICER_DAYS_SOURCE = 'Default: 170 days a year (Staffordshire County Council, School Improvement Strategy, 2008)';
export const DEFAULT_POLICY_ID = 'staffordshire-2014';

export type CategorySource =
  | { kind: 'confirmed-round'; roundId: number; label: string; policyId: string; policyVersion: number; asOf: string }
  | { kind: 'live-proposals'; policyId: string; policyVersion: number; asOf: string };

export interface SchoolCategory {
  urn: number;
  name: string;
  code: string | null;
  label: string | null;
  engagement: EngagementExpectation | null;
  highConcern: boolean;
  isMaintained: boolean;
  isAcademy: boolean;
}

export interface CategorySet {
  source: CategorySource;
  policy: Policy;
  schools: SchoolCategory[];
}

/** A category is "high concern" when the policy meets it in a Core Group or Improvement Review. */
export function isHighConcern(c: PolicyCategory | undefined): boolean {
  return !!c && (c.engagement.meetingType === 'core-group' || c.engagement.meetingType === 'improvement-review');
}

/** The LA's latest stored version of a policy id (its edits and copies included), never the shipped file alone. */
async function latestPolicy(db: Db, orgId: number, policyId: string): Promise<{ policy: Policy; version: number }> {
  const pv = await resolvePolicyVersion(db, orgId, policyId);
  if (!pv) throw new Error(`Unknown policy "${policyId}": it is neither shipped nor stored by this LA`);
  return { policy: policyOf(pv), version: pv.version };
}

/** Every open state-funded school's category: from the latest confirmed round, else live proposals. */
export async function currentCategories(db: Db, orgId: number, opts: { policyId?: string; asOf?: string; urns?: number[] } = {}): Promise<CategorySet> {
  const confirmed = await latestConfirmedCategories(db, orgId);
  const rows = await schoolFacts(db, orgId, { scope: opts.urns ? { kind: 'limited', urns: opts.urns, districtIds: [] } : { kind: 'all' }, status: 'open', stateFundedOnly: true });
  const facts = new Map(rows.map((s) => [s.urn, schoolContext(s)]));
  const build = (policy: Policy, urn: number, name: string, code: string | null): SchoolCategory => {
    const cat = policy.categories.find((c) => c.code === code);
    const ctx = facts.get(urn);
    // The policy's special handling (an academy's core offer) decides the contacts, as in the proposal and the letter.
    const engagement = ctx ? engagementFor(policy, specialHandlingFor(policy, schoolKindsOf(ctx)), code) : (cat?.engagement ?? null);
    return {
      urn,
      name,
      code: cat?.code ?? null,
      label: cat?.label ?? null,
      engagement,
      highConcern: isHighConcern(cat),
      isMaintained: ctx?.typeGroup === 'maintained' || (ctx?.typeGroup === 'special' && !ctx.isAcademy),
      isAcademy: ctx?.isAcademy ?? false,
    };
  };
  if (confirmed) {
    // The round's own stored policy version: an LA's edited copy is what its categories mean.
    const pv = await getPolicyVersion(db, orgId, confirmed.policyVersionId);
    if (!pv) throw new Error(`Round ${confirmed.roundId} names a missing policy version ${confirmed.policyVersionId}`);
    const policy = policyOf(pv);
    return {
      source: { kind: 'confirmed-round', roundId: confirmed.roundId, label: confirmed.label, policyId: confirmed.policyId, policyVersion: pv.version, asOf: confirmed.asOf },
      policy,
      schools: rows.filter((s) => confirmed.categories.has(s.urn)).map((s) => build(policy, s.urn, s.name, confirmed.categories.get(s.urn) ?? null)),
    };
  }
  const { policy, version } = await latestPolicy(db, orgId, opts.policyId ?? DEFAULT_POLICY_ID);
  const asOf = opts.asOf ?? new Date().toISOString().slice(0, 10);
  // One school (the escalation page) need not run the engine over the whole LA.
  const proposals = opts.urns ? await categoriseSome(db, orgId, policy, opts.urns, asOf) : await liveCategoryCodes(db, orgId, policy, version, asOf);
  return {
    source: { kind: 'live-proposals', policyId: policy.id, policyVersion: version, asOf },
    policy,
    schools: proposals.map((p) => build(policy, p.urn, p.name, p.category)),
  };
}

interface CategoryCode {
  urn: number;
  name: string;
  category: string | null;
}

async function categoriseSome(db: Db, orgId: number, policy: Policy, urns: number[], asOf: string): Promise<CategoryCode[]> {
  const la = await loadLaContext(db, orgId);
  const out: CategoryCode[] = [];
  for (const urn of urns) {
    const evidence = await loadSchoolEvidence(db, orgId, urn, asOf);
    if (evidence) out.push({ urn, name: evidence.school.name, category: categorise(policy, evidence, la).category });
  }
  return out;
}

/**
 * Every school's proposed code and nothing else: a whole LA's results with their explanations are
 * hundreds of megabytes at national size, and the programme only ever reads the code. Kept in the
 * database (migration 0023) with what it was computed from, and reused while the data version, or
 * else the programme's fingerprint (everything live categorisation reads: imports, intelligence,
 * judgements, the register), is unchanged for the same policy version and day: a whole LA takes seconds.
 */
async function liveCategoryCodes(db: Db, orgId: number, policy: Policy, policyVersion: number, asOf: string): Promise<CategoryCode[]> {
  // Both read before the engine's reads: a write in between only makes the next caller compute again.
  const dataVersion = await currentDataVersion(db);
  const stored = await storedLiveCategories(db, orgId, policy.id);
  const sameInputs = stored && stored.policyVersion === policyVersion && stored.asOf === asOf;
  if (sameInputs && stored.dataVersion === dataVersion) return codesOf(stored.schools);
  // With the policy's own text: a stored version edited in place must not match an old result.
  const fingerprint = `${await programmeDataVersion(db, orgId)}|${createHash('sha256').update(JSON.stringify(policy)).digest('hex')}`;
  if (sameInputs && stored.fingerprint === fingerprint) return codesOf(stored.schools);
  const out: CategoryCode[] = [];
  for await (const p of eachProposedCategory(db, orgId, policy, { asOf })) out.push({ urn: p.urn, name: p.name, category: p.result.category });
  await storeLiveCategories(db, { organisationId: orgId, policyId: policy.id, policyVersion, asOf, dataVersion, fingerprint, schools: out.map((c) => [c.urn, c.name, c.category]) });
  return out;
}

const codesOf = (schools: [number, string, string | null][]): CategoryCode[] => schools.map(([urn, name, category]) => ({ urn, name, category }));

export interface ProgrammeReport {
  source: CategorySource;
  programme: Programme;
  officers: (Programme['officers'][number] & { email: string; capacitySource: string; schools: number })[];
  uncategorised: { urn: number; name: string }[];
  schoolNames: Map<number, string>;
  /** Each planned school's category, for the page's summary by level of concern. */
  categoryOf: Map<number, { code: string; label: string }>;
}

export async function buildProgramme(db: Db, orgId: number, year: string, opts: { calendar?: SchoolCalendar; policyId?: string } = {}): Promise<ProgrammeReport> {
  const calendar = opts.calendar ?? loadCalendar();
  const cats = await currentCategories(db, orgId, { policyId: opts.policyId });
  const officers = await linkOfficers(db, orgId);
  // A school named on two officers' accounts goes to the first by name: one programme, one officer.
  const officerOf = new Map<number, number>();
  for (const o of officers) for (const urn of o.urns) if (!officerOf.has(urn)) officerOf.set(urn, o.id);
  const planned: PlannedSchool[] = cats.schools
    .filter((s): s is SchoolCategory & { code: string; label: string; engagement: EngagementExpectation } => !!s.code && !!s.engagement)
    .map((s) => ({
      urn: s.urn,
      name: s.name,
      category: s.code,
      categoryLabel: s.label,
      engagement: s.engagement,
      officerId: officerOf.has(s.urn) ? String(officerOf.get(s.urn)) : null,
      isMaintained: s.isMaintained,
    }));
  const plannerOfficers: Officer[] = officers.map((o) => ({ id: String(o.id), name: o.name, capacityDays: o.capacityDays ?? DEFAULT_OFFICER_DAYS }));
  const programme = planProgramme({ year, calendar, schools: planned, officers: plannerOfficers });
  // Counted once, not by filtering every school for each officer.
  const byId = new Map(officers.map((o) => [String(o.id), o]));
  const schoolsOf = new Map<string, number>();
  for (const s of planned) if (s.officerId) schoolsOf.set(s.officerId, (schoolsOf.get(s.officerId) ?? 0) + 1);
  return {
    source: cats.source,
    programme,
    officers: programme.officers.map((load) => {
      const o = byId.get(load.id)!;
      return { ...load, email: o.email, capacitySource: o.capacitySource ?? DEFAULT_OFFICER_DAYS_SOURCE, schools: schoolsOf.get(load.id) ?? 0 };
    }),
    uncategorised: cats.schools.filter((s) => !s.code || !s.engagement).map((s) => ({ urn: s.urn, name: s.name })),
    schoolNames: new Map(cats.schools.map((s) => [s.urn, s.name])),
    categoryOf: new Map(planned.map((s) => [s.urn, { code: s.category, label: s.categoryLabel }])),
  };
}

export function sourceWords(source: CategorySource): string {
  return source.kind === 'confirmed-round'
    ? `Categories from the latest confirmed categorisation round, ${source.label} (policy ${source.policyId} version ${source.policyVersion}).`
    : `No categorisation round has been confirmed, so these are the live proposals of the ${source.policyId} policy (version ${source.policyVersion}) as of ${source.asOf}.`;
}

/**
 * The programme as one reader may see it: only the schools in their scope, and every count and day
 * total summed over those schools alone, so that no figure encodes the category of a school they
 * cannot see. `visible` null is the whole LA.
 */
export function scopeProgramme(report: ProgrammeReport, visible: ReadonlySet<number> | null): ProgrammeReport & { partial: boolean } {
  if (!visible) return { ...report, partial: false };
  const contacts = report.programme.contacts.filter((c) => visible.has(c.urn));
  const inScope = (urn: number) => visible.has(urn);
  const officers = report.officers
    .map((o) => {
      const mine = contacts.filter((c) => c.officerId === o.id);
      const plannedDays = mine.reduce((n, c) => n + c.days, 0);
      return { ...o, plannedDays, schools: new Set(mine.map((c) => c.urn)).size, overloaded: plannedDays > o.capacityDays };
    })
    .filter((o) => o.schools > 0);
  return {
    source: report.source,
    partial: true,
    programme: {
      ...report.programme,
      contacts,
      officers: report.programme.officers.filter((o) => officers.some((x) => x.id === o.id)).map((o) => officers.find((x) => x.id === o.id)!),
      unassigned: report.programme.unassigned.filter(inScope),
      unscheduled: report.programme.unscheduled.filter((c) => inScope(c.urn)),
      allowances: report.programme.allowances.filter((a) => inScope(a.urn)),
    },
    officers,
    uncategorised: report.uncategorised.filter((u) => inScope(u.urn)),
    schoolNames: new Map([...report.schoolNames].filter(([urn]) => inScope(urn))),
    categoryOf: new Map([...report.categoryOf].filter(([urn]) => inScope(urn))),
  };
}
