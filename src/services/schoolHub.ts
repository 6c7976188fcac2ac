// The school page as the hub of everything known about one school (issue 14). `schoolHubSummary` is
// the one place the summary is put together, so other work (stage-of-concern records, LA judgements of
// concern) extends it here. Every part is shown only to a reader whose permissions allow it, and every
// explanation is redacted for the reader (src/domain/access/redaction.ts).
import type { Db } from '../db/client.js';
import { can, type Principal } from '../domain/access/policy.js';
import type { Permission } from '../domain/access/roles.js';
import { readerOf, redactResult, redactStoredFactors, SCHOOL_READER, type WithheldWording } from '../domain/access/redaction.js';
import { categorise, type CategorisationResult, type Policy } from '../domain/categorisation/index.js';
import { riskBand, pct } from '../domain/risk/alerts.js';
import { explanationBullets } from '../letters/index.js';
import { entriesOfSchool, latestConfirmedEntry, latestEntry, lettersOfSchool } from '../repositories/categorisation.js';
import { escalationsOfSchools, linkOfficers } from '../repositories/engagementEscalations.js';
import { schoolInspections } from '../repositories/evidence.js';
import type { SchoolWithDistrict } from '../repositories/schools.js';
import { isOpenNotice, openNotice, type OpenNotice } from './caseload.js';
import { loadLaContext, loadSchoolEvidence, schoolContext, toInspection } from './evidence.js';
import { DEFAULT_POLICY_ID } from './programme.js';
import { policyOf, resolvePolicyVersion } from './policies.js';
import { loadRound } from './rounds.js';
import { readRiskSettings, latestScores, type StoredFactor } from './riskAlerts.js';

export interface HubSection {
  id: string;
  text: string;
  href: string;
}

export interface HubCategory {
  code: string | null;
  label: string | null;
  /** Where the category comes from, in words ("Confirmed in round 2025/26 autumn"). */
  basis: string;
  why: string[];
  href: string | null;
}

export interface HubSummary {
  category: HubCategory | null;
  risk: { pct: string; band: { words: string; tag: string }; scoredOn: string; asOf: string; factors: StoredFactor[] } | null;
  /** Null when the reader may not see risk; `none` when no score is stored yet. */
  riskState: 'shown' | 'none' | 'hidden';
  inspection: { date: string; type: string; overall: string; category: string | null; ageYears: number; ageMonths: number } | null;
  /** A policy's stage of concern (Staffordshire 2008) where the category states one. */
  stageOfConcern: string | null;
  notices: OpenNotice[] | null;
  linkOfficers: string[];
  trust: { name: string | null; isAcademy: boolean };
}

export interface SchoolHub {
  summary: HubSummary;
  sections: HubSection[];
}

/** Which sections a reader may open, in the order an officer works through them. */
export function hubSections(p: Principal, urn: number): HubSection[] {
  const all: (HubSection & { permission: Permission | Permission[] })[] = [
    { id: 'dashboard', text: 'Dashboard: performance and Ofsted', href: `/schools/${urn}/dashboard`, permission: 'schools:read' },
    { id: 'visits', text: 'Visit notes', href: `/schools/${urn}/visits`, permission: 'visits:read' },
    { id: 'core-group', text: 'Core Group', href: `/schools/${urn}/core-group`, permission: 'engagement:read' },
    { id: 'categorisation', text: 'Categorisation history', href: '#categorisation', permission: ['categorisation:read', 'categorisation:own-school'] },
    { id: 'escalations', text: 'Escalations and notices', href: '#escalations', permission: 'engagement:read' },
    { id: 'support', text: 'Support: contacts this year', href: '#support', permission: 'engagement:read' },
    { id: 'support-plans', text: 'Support agreements and commissions', href: '#support-plans', permission: ['support:read', 'support:own-school'] },
    { id: 'risk', text: 'Early-warning risk', href: `/schools/${urn}/risk`, permission: 'risk:read' },
    { id: 'intelligence', text: 'Local intelligence', href: `/schools/${urn}/dashboard#intelligence`, permission: 'intelligence:read' },
    { id: 'letters', text: 'Letters', href: '#letters', permission: 'letters:read' },
    { id: 'register', text: 'Register details and history', href: '#register', permission: 'schools:read' },
  ];
  return all.filter((s) => [s.permission].flat().some((x) => can(p, x))).map(({ permission: _p, ...s }) => s);
}

function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  return (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
}

const OVERALL: Record<number, string> = { 1: 'Outstanding', 2: 'Good', 3: 'Requires improvement', 4: 'Inadequate' };

function stageOf(result: CategorisationResult | null): string | null {
  if (!result) return null;
  const stage = Object.entries(result.dimensions ?? {}).find(([k]) => /stage/i.test(k));
  return stage && stage[1].value ? (stage[1].label ?? stage[1].value) : null;
}

async function categoryFor(db: Db, orgId: number, p: Principal, school: SchoolWithDistrict, wording: WithheldWording, today: string): Promise<{ category: HubCategory | null; result: CategorisationResult | null }> {
  const staff = can(p, 'categorisation:read');
  if (!staff && !can(p, 'categorisation:own-school')) return { category: null, result: null };
  // A school reads only the category it was told, from a confirmed round; officers the latest round's.
  const held = staff ? await latestEntry(db, orgId, school.urn) : await latestConfirmedEntry(db, orgId, school.urn);
  const reader = staff ? readerOf(p) : SCHOOL_READER;
  if (held) {
    const loaded = await loadRound(db, orgId, held.round.id);
    if (loaded) {
      const result = held.entry.result as CategorisationResult;
      const code = held.entry.currentCategory;
      const cat = loaded.policy.categories.find((c) => c.code === code);
      const confirmed = held.round.status === 'confirmed';
      return {
        result,
        category: {
          code,
          label: cat?.label ?? null,
          basis: confirmed ? `Confirmed in round ${held.round.label}` : `Proposed in round ${held.round.label}, not yet confirmed (${held.entry.stage.replace(/_/g, ' ')})`,
          why: explanationBullets(redactResult(result, reader, wording), loaded.policy),
          href: staff ? `/categorisation/rounds/${held.round.id}/schools/${school.urn}` : '/my-school/category',
        },
      };
    }
  }
  if (!staff) return { category: null, result: null };
  // No round yet: the live proposal of the LA's default policy, as the programme reads it.
  const pv = await resolvePolicyVersion(db, orgId, DEFAULT_POLICY_ID);
  const evidence = pv ? await loadSchoolEvidence(db, orgId, school.urn, today) : null;
  if (!pv || !evidence) return { category: null, result: null };
  const policy: Policy = policyOf(pv);
  const result = categorise(policy, evidence, await loadLaContext(db, orgId));
  return {
    result,
    category: {
      code: result.category,
      label: result.categoryLabel,
      basis: `Live proposal of ${policy.title} on today's evidence: no round has categorised this school yet`,
      why: explanationBullets(redactResult(result, reader, wording), policy),
      href: null,
    },
  };
}

/** The hub's summary for one reader. */
export async function schoolHubSummary(db: Db, orgId: number, p: Principal, school: SchoolWithDistrict, wording: WithheldWording, today: string): Promise<HubSummary> {
  const { category, result } = await categoryFor(db, orgId, p, school, wording, today);

  let risk: HubSummary['risk'] = null;
  let riskState: HubSummary['riskState'] = 'hidden';
  if (can(p, 'risk:read')) {
    const row = (await latestScores(db, orgId, [school.urn])).get(school.urn);
    riskState = row ? 'shown' : 'none';
    if (row) {
      const factors = redactStoredFactors(Array.isArray(row.topFactors) ? (row.topFactors as StoredFactor[]) : [], readerOf(p));
      risk = { pct: pct(row.risk), band: riskBand(row.risk, readRiskSettings()), scoredOn: row.scoredAt.toISOString().slice(0, 10), asOf: row.asOf, factors };
    }
  }

  const inspections = (await schoolInspections(db, orgId, school.urn)).map(toInspection).filter((i) => i.inspectionDate <= today);
  const last = inspections.sort((a, b) => b.inspectionDate.localeCompare(a.inspectionDate))[0];
  const months = last ? monthsBetween(last.inspectionDate, today) : 0;
  const inspection = last
    ? {
        date: last.inspectionDate,
        type: { graded: 'Graded inspection', ungraded: 'Ungraded inspection', monitoring: 'Monitoring inspection', unknown: 'Inspection' }[last.inspectionType],
        overall: last.era === 'four-grade' && last.overallEffectiveness ? OVERALL[last.overallEffectiveness] : last.era === 'report-card' ? 'Report card (no overall grade)' : 'No overall grade',
        category: last.categoryOfConcern ? last.categoryOfConcern.replace(/_/g, ' ') : null,
        ageYears: Math.floor(months / 12),
        ageMonths: months % 12,
      }
    : null;

  const officerView = can(p, 'engagement:read');
  const notices = officerView ? (await escalationsOfSchools(db, orgId, [school.urn])).filter(isOpenNotice).map((r) => openNotice(r, today)) : null;
  const officers = (await linkOfficers(db, orgId)).filter((o) => o.urns.includes(school.urn)).map((o) => o.name);

  return {
    category,
    risk,
    riskState,
    inspection,
    stageOfConcern: officerView ? stageOf(result) : null,
    notices,
    linkOfficers: officers,
    trust: { name: school.trustName, isAcademy: schoolContext(school).isAcademy },
  };
}

/** Categorisation history, escalations and letters for the on-page sections, each only where allowed. */
export async function schoolHubSections(db: Db, orgId: number, p: Principal, urn: number) {
  const staff = can(p, 'categorisation:read');
  const categoryHistory = staff || can(p, 'categorisation:own-school') ? (await entriesOfSchool(db, orgId, urn)).filter((e) => staff || e.roundStatus === 'confirmed') : null;
  const escalations = can(p, 'engagement:read') ? await escalationsOfSchools(db, orgId, [urn]) : null;
  const letters = can(p, 'letters:read') ? (await lettersOfSchool(db, orgId, urn)).filter((l) => staff || l.status === 'issued') : null;
  return { categoryHistory, escalations, letters };
}
