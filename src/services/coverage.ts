// Contact coverage for the strategic view: the caseload of every open state-funded school (the same
// plan and matching the caseload page and school hub use, read in bulk, never per school) handed to
// the pure domain function with each school's link officer and district.
import type { Db } from '../db/client.js';
import type { IsoDate, SchoolCalendar } from '../domain/calendar/index.js';
import { contactCoverage, type CoverageNote, type CoverageReport } from '../domain/engagement/index.js';
import { heldContacts } from '../repositories/engagement.js';
import { linkOfficers } from '../repositories/engagementEscalations.js';
import { searchSchools } from '../repositories/schools.js';
import { caseloadOf } from './caseload.js';

export interface CoverageView {
  year: string | null;
  source: string | null;
  report: CoverageReport;
}

/**
 * `showNames` false (elected members): the officer rows and the overdue list, which name officers and
 * schools, are left out here rather than hidden by the page, so they never reach the template.
 */
export async function contactCoverageOf(db: Db, orgId: number, today: IsoDate, calendar: SchoolCalendar, opts: { showNames: boolean }): Promise<CoverageView> {
  const { rows } = await searchSchools(db, orgId, { scope: { kind: 'all' }, status: 'open', stateFundedOnly: true }, null);
  const urns = rows.map((r) => r.urn);
  const district = new Map(rows.map((r) => [r.urn, r.districtName]));
  const officer = new Map<number, string>();
  // Officers come alphabetically; a school shared by two is counted once, under the first.
  for (const o of await linkOfficers(db, orgId)) for (const u of o.urns) if (!officer.has(u)) officer.set(u, o.name);
  const caseload = await caseloadOf(db, orgId, urns, today, calendar);
  let notes: CoverageNote[] = [];
  if (caseload.year) {
    const start = Number(caseload.year.slice(0, 4));
    const { visits } = await heldContacts(db, orgId, urns, `${start}-09-01`, `${start + 1}-08-31`);
    notes = visits.map((v) => ({ urn: v.urn, type: v.type, visitDate: v.visitDate, status: v.status, publishedOn: v.publishedAt ? v.publishedAt.toISOString().slice(0, 10) : null }));
  }
  const report = contactCoverage(
    caseload.schools.map((s) => ({ urn: s.urn, name: s.name, officer: officer.get(s.urn) ?? null, district: district.get(s.urn) ?? null, contacts: s.contacts })),
    notes,
    today,
  );
  return { year: caseload.year, source: caseload.source, report: opts.showNames ? report : { ...report, byOfficer: [], overdue: [] } };
}
