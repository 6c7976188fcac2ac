// What the escalation engine reads of a school besides its category (designation, signed-off concerns,
// Core Group and its meetings, escalations on record, inspections): for one school, or for many in one
// read of each table, which is how the daily check over a whole installation reads them.
import type { Db } from '../db/client.js';
import { coreGroupsOf, getCoreGroup, listMeetings, meetingsOfSchools, type CoreGroupRow, type MeetingRow } from '../repositories/engagement.js';
import { escalationsOf, escalationsOfSchools, type EscalationRow } from '../repositories/engagementEscalations.js';
import { inspectionsOfSchools, schoolInspections, type InspectionRow } from '../repositories/evidence.js';
import { chunks } from '../repositories/unnest.js';
import { concernJudgementsOf, concernJudgementsOfSchools, currentIntervention, currentInterventionsOf, type ConcernJudgementRow, type InterventionRow } from '../repositories/interventions.js';
import { groupByUrn } from './groupByUrn.js';

export interface EscalationInputs {
  designation: InterventionRow | null;
  concerns: ConcernJudgementRow[];
  coreGroup: CoreGroupRow | undefined;
  meetings: MeetingRow[];
  /** Read for many schools, without the letters' bytes (the engine reads none of them). */
  records: EscalationRow[];
  inspections: InspectionRow[];
}

export async function oneSchoolInputs(db: Db, orgId: number, urn: number): Promise<EscalationInputs> {
  return {
    designation: await currentIntervention(db, orgId, urn),
    concerns: await concernJudgementsOf(db, orgId, urn),
    coreGroup: await getCoreGroup(db, orgId, urn),
    meetings: await listMeetings(db, orgId, urn),
    records: await escalationsOf(db, orgId, urn),
    inspections: await schoolInspections(db, orgId, urn),
  };
}

/** Bounded lists in `in (…)`: well under PostgreSQL's 65,535 parameters of one statement. */
const CHUNK = 5_000;

async function chunked<T>(urns: number[], read: (part: number[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (const part of chunks(urns, CHUNK)) out.push(...(await read(part)));
  return out;
}

/** Every school's inputs, each school's rows in the order `oneSchoolInputs` gives them. */
export async function manySchoolsInputs(db: Db, orgId: number, urns: number[]): Promise<Map<number, EscalationInputs>> {
  const designations = new Map<number, InterventionRow>();
  for (const part of chunks(urns, CHUNK)) for (const [urn, row] of await currentInterventionsOf(db, orgId, part)) designations.set(urn, row);
  const concerns = groupByUrn(await chunked(urns, (p) => concernJudgementsOfSchools(db, orgId, p)));
  const groups = new Map((await chunked(urns, (p) => coreGroupsOf(db, orgId, p))).map((g) => [g.urn, g]));
  const meetings = groupByUrn(await chunked(urns, (p) => meetingsOfSchools(db, orgId, p)));
  const records = groupByUrn(await chunked(urns, (p) => escalationsOfSchools(db, orgId, p)));
  const inspections = groupByUrn(await chunked(urns, (p) => inspectionsOfSchools(db, orgId, p)));
  return new Map(
    urns.map((urn) => [
      urn,
      {
        designation: designations.get(urn) ?? null,
        concerns: concerns.get(urn) ?? [],
        coreGroup: groups.get(urn),
        meetings: meetings.get(urn) ?? [],
        records: (records.get(urn) ?? []).map(({ hasLetter: _h, ...r }) => r),
        inspections: inspections.get(urn) ?? [],
      },
    ]),
  );
}
