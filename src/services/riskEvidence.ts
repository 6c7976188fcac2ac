// Evidence for many schools at once, for scoring a whole LA after each import. Same result as calling
// loadSchoolEvidence per school (tested), but three queries instead of four per school: on the bundled
// Hertfordshire data that is about half a second instead of five, which keeps first start and uploads quick.
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { intelligenceItems } from '../db/schema-evidence.js';
import type { SchoolEvidence } from '../domain/evidence/types.js';
import { featuresMayRead } from '../domain/risk/features.js';
import { measureYears, observationsByUrn, okObservationsByUrn } from '../repositories/evidence.js';
import { inspectionHistory } from '../repositories/inspections.js';
import { loadLaSignals } from '../repositories/laSignals.js';
import type { SchoolFacts, SchoolWithDistrict } from '../repositories/schools.js';
import { evidenceAsOf, loadSchoolEvidence, observationAvailableBy } from './evidence.js';
import { groupByUrn } from './groupByUrn.js';

const FEW = 200;

/** The LA's intelligence about these schools (every school's when `few` is null), newest first per school. */
async function intelligenceByUrn(db: Db | Tx, organisationId: number, few: number[] | null) {
  return groupByUrn(
    await db
      .select()
      .from(intelligenceItems)
      .where(and(eq(intelligenceItems.organisationId, organisationId), few ? inArray(intelligenceItems.urn, few) : undefined))
      .orderBy(asc(intelligenceItems.urn), desc(intelligenceItems.occurredOn), desc(intelligenceItems.id)),
  );
}

/** SchoolEvidence as known on `day` (inclusive) for each school given, keyed by URN. */
export async function loadEvidenceForSchools(
  db: Db | Tx,
  organisationId: number,
  schools: readonly SchoolWithDistrict[],
  day: string,
  /** Early warning also reads the LA's own records (categories, Core Groups, stages, notices); categorisation does not. */
  opts: { laSignals?: boolean } = {},
): Promise<Map<number, SchoolEvidence>> {
  // A few schools (a small round, one escalation) read only their own rows; a whole LA reads the organisation's.
  const few = schools.length <= FEW ? schools.map((s) => s.urn) : null;
  const obs = await observationsByUrn(db, organisationId, few);
  // With each converter academy's predecessor's inspections, as loadSchoolEvidence reads them.
  const ins = await inspectionHistory(db, organisationId, schools.map((s) => s.urn));
  const intel = await intelligenceByUrn(db, organisationId, few);
  const signals = opts.laSignals ? await loadLaSignals(db, organisationId, schools.map((s) => s.urn)) : null;
  const out = new Map<number, SchoolEvidence>();
  for (const s of schools) {
    const evidence = evidenceAsOf(s, day, obs.get(s.urn) ?? [], ins.get(s.urn) ?? [], intel.get(s.urn) ?? []);
    const la = signals?.get(s.urn);
    if (la) evidence.laSignals = la;
    out.set(s.urn, evidence);
  }
  return out;
}

/**
 * What early warning scores every open school from: as loadEvidenceForSchools with LA signals, except that
 * the observations are only the published figures the risk features can read on `day` (domain/risk/features.ts
 * featuresMayRead), which give every feature as all of them would. On a national register the rest (older
 * years, unused measures, suppressed cells) were most of the rows read.
 */
export async function loadScoringEvidenceForSchools(
  db: Db | Tx,
  organisationId: number,
  schools: readonly SchoolFacts[],
  day: string,
): Promise<Map<number, SchoolEvidence>> {
  const few = schools.length <= FEW ? schools.map((s) => s.urn) : null;
  const pairs = (await measureYears(db, organisationId)).filter(
    (p) => featuresMayRead(p.measure, p.academicYear, day) && observationAvailableBy(p.measure, p.academicYear, day),
  );
  const obs = await okObservationsByUrn(db, organisationId, pairs);
  const ins = await inspectionHistory(db, organisationId, schools.map((s) => s.urn));
  const intel = await intelligenceByUrn(db, organisationId, few);
  const signals = await loadLaSignals(db, organisationId, schools.map((s) => s.urn));
  const out = new Map<number, SchoolEvidence>();
  for (const s of schools) {
    const evidence = evidenceAsOf(s, day, [], ins.get(s.urn) ?? [], intel.get(s.urn) ?? []);
    // Already cut to what was published by `day`, pair by pair, with the same test evidenceAsOf applies.
    evidence.observations = obs.get(s.urn) ?? [];
    const la = signals.get(s.urn);
    if (la) evidence.laSignals = la;
    out.set(s.urn, evidence);
  }
  return out;
}

/** One school's evidence for early warning: loadSchoolEvidence plus the LA's own signals. */
export async function loadRiskEvidence(db: Db | Tx, organisationId: number, urn: number, day: string): Promise<SchoolEvidence | null> {
  const evidence = await loadSchoolEvidence(db, organisationId, urn, day);
  if (!evidence) return null;
  const la = (await loadLaSignals(db, organisationId, [urn])).get(urn);
  if (la) evidence.laSignals = la;
  return evidence;
}
