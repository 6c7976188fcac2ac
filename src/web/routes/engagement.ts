// The caseload ("my schools": next contact, overdue actions, late visit notes; for senior leaders the
// escalations waiting for sign-off and overdue Notice of Concern reviews) and the year's programme.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { can, schoolScope, type Principal } from '../../domain/access/policy.js';
import { academicYearOf, CalendarRangeError, loadCalendar } from '../../domain/calendar/index.js';
import { CONTACT_STATE_LABELS, MEETING_LABELS } from '../../domain/engagement/index.js';
import { escalationsByStatus } from '../../repositories/engagementEscalations.js';
import { programmeDataVersion } from '../../repositories/dataVersion.js';
import { searchSchools } from '../../repositories/schools.js';
import { overdueReviews, todayIso } from '../../services/escalations.js';
import { caseloadOf, sortCaseload } from '../../services/caseload.js';
import { buildProgramme, scopeProgramme, sourceWords, type ProgrammeReport } from '../../services/programme.js';
import type { AppDeps } from '../types.js';
import { capacityChart } from './engagementChart.js';

const caseloadQuery = z.object({ sort: z.enum(['action', 'name', 'next']).optional(), show: z.enum(['all', 'action']).optional(), notice: z.string().optional() });
const yearQuery = z.object({ year: z.string().regex(/^\d{4}\/\d{2}$/).optional() });

/** Schools on the principal's own caseload: named on the account, or in their districts. */
async function caseloadUrns(db: Db, orgId: number, p: Principal): Promise<number[]> {
  if (p.role === 'link_officer') return p.schoolUrns;
  if (p.role === 'district_lead') {
    const { rows } = await searchSchools(db, orgId, { scope: schoolScope(p), status: 'open', stateFundedOnly: true }, null);
    return rows.map((r) => r.urn);
  }
  return p.schoolUrns;
}

export function engagementRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const orgId = deps.organisation.id;
  const calendar = loadCalendar();
  // Live categorisation of every school takes seconds, so a programme is kept, but only for the data
  // it was built from: a confirmed round, a changed category or a new assignment changes the
  // fingerprint and the next request builds afresh (never a stale programme).
  const cache = new Map<string, { version: string; report: Promise<ProgrammeReport> }>();
  const programmeFor = async (year: string) => {
    const version = await programmeDataVersion(db, orgId);
    const hit = cache.get(year);
    if (hit && hit.version === version) return hit.report;
    const report = buildProgramme(db, orgId, year, { calendar });
    cache.set(year, { version, report });
    report.catch(() => cache.delete(year));
    return report;
  };

  app.get('/engagement', { config: { permission: 'engagement:read' } }, async (req, reply) => {
    const p = req.principal!;
    const today = todayIso();
    const q = caseloadQuery.safeParse(req.query);
    const sort = (q.success && q.data.sort) || 'action';
    const show = (q.success && q.data.show) || 'all';
    const urns = await caseloadUrns(db, orgId, p);
    const caseload = await caseloadOf(db, orgId, urns, today, calendar);
    const sorted = sortCaseload(caseload.schools, sort);
    const schools = show === 'action' ? sorted.filter((s) => s.actionCount > 0) : sorted;
    const signOff = can(p, 'escalation:sign-off');
    const visible = (urn: number) => schoolScope(p).kind === 'all' || urns.includes(urn);
    const pending = (await escalationsByStatus(db, orgId, 'proposed')).filter((e) => signOff || visible(e.urn));
    const overdue = overdueReviews(await escalationsByStatus(db, orgId, 'signed_off'), today).filter((e) => signOff || visible(e.urn));
    const { rows } = await searchSchools(db, orgId, { scope: { kind: 'limited', urns: [...new Set([...pending, ...overdue].map((e) => e.urn))], districtIds: [] } }, null);
    const names = Object.fromEntries(rows.map((r) => [r.urn, r.name]));
    const all = caseload.schools;
    return reply.render('engagement/caseload.njk', {
      title: 'My schools',
      schools,
      source: caseload.source,
      year: caseload.year,
      sort,
      show,
      totals: {
        schools: all.length,
        needingAction: all.filter((s) => s.actionCount > 0).length,
        overdueContacts: all.reduce((n, s) => n + s.overdueContacts.length, 0),
        draftNotes: all.reduce((n, s) => n + s.draftNotes.length, 0),
        overdueActions: all.reduce((n, s) => n + s.overdueActions.length, 0),
        late: all.reduce((n, s) => n + s.late.length, 0),
      },
      pending,
      overdue,
      names,
      signOff,
      stateLabels: CONTACT_STATE_LABELS,
      mayWrite: can(p, 'engagement:write'),
      notice: (req.query as Record<string, string>).notice,
      today,
    });
  });

  app.get('/engagement/programme', { config: { permission: 'engagement:read' } }, async (req, reply) => {
    const q = yearQuery.safeParse(req.query);
    if (!q.success) return reply.callNotFound();
    const year = q.data.year ?? academicYearOf(todayIso());
    const noDates = () => reply.render('errors/problem.njk', { message: `The school calendar has no dates for ${year}.` }, 404);
    if (!calendar.years.some((y) => y.label === year)) return noDates();
    let whole: ProgrammeReport | null;
    try {
      // Planning from live categories can take a while on a large LA: rather than hold the request,
      // say it is being prepared and let the officer refresh (the work carries on and is cached).
      const pending = programmeFor(year);
      whole = await Promise.race([pending, new Promise<null>((resolve) => setTimeout(() => resolve(null), 5000).unref())]);
    } catch (err) {
      // A year the calendar holds but whose bank holidays it lacks fails here, as does one it lacks.
      if (err instanceof RangeError || err instanceof CalendarRangeError || /year/i.test((err as Error).message)) return noDates();
      throw err;
    }
    if (!whole) return reply.render('engagement/programme-pending.njk', { title: 'The visit programme is being prepared', year });
    // The LA's programme is planned once; each reader sees only the schools in their scope.
    const scope = schoolScope(req.principal!);
    const visible = scope.kind === 'all' ? null : new Set(scope.kind === 'none' ? [] : (await searchSchools(db, orgId, { scope, status: 'open', stateFundedOnly: true }, null)).rows.map((r) => r.urn));
    const report = scopeProgramme(whole, visible);
    const officers = report.officers.map((o) => ({
      ...o,
      contacts: report.programme.contacts.filter((c) => c.officerId === o.id).map((c) => ({ ...c, typeLabel: MEETING_LABELS[c.meetingType] })),
    }));
    const unassignedContacts = report.programme.contacts.filter((c) => !c.officerId);
    return reply.render('engagement/programme.njk', {
      title: `Visit programme ${report.programme.year}`,
      year: report.programme.year,
      source: sourceWords(report.source),
      officers,
      chart: officers.length ? capacityChart(officers, report.programme.year) : null,
      unassigned: report.programme.unassigned.map((urn) => ({ urn, name: report.schoolNames.get(urn) ?? String(urn), contacts: unassignedContacts.filter((c) => c.urn === urn).length, days: unassignedContacts.filter((c) => c.urn === urn).reduce((n, c) => n + c.days, 0) })),
      unassignedDays: unassignedContacts.reduce((n, c) => n + c.days, 0),
      unscheduled: report.programme.unscheduled,
      uncategorised: report.uncategorised,
      totalContacts: report.programme.contacts.length,
      partial: report.partial,
    });
  });
}
