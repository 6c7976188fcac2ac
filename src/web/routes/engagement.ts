// The caseload ("my schools": next contact, overdue actions, late visit notes; for senior leaders the
// escalations waiting for sign-off and overdue Notice of Concern reviews) and the year's programme.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { can, schoolScope, type Principal } from '../../domain/access/policy.js';
import { academicYearOf, CalendarRangeError, loadCalendar } from '../../domain/calendar/index.js';
import { CONTACT_STATE_LABELS, MEETING_LABELS } from '../../domain/engagement/index.js';
import { escalationsByStatus } from '../../repositories/engagementEscalations.js';
import { currentDataVersion, programmeDataVersion } from '../../repositories/dataVersion.js';
import { searchSchools } from '../../repositories/schools.js';
import { overdueReviews, todayIso } from '../../services/escalations.js';
import { caseloadOf, sortCaseload } from '../../services/caseload.js';
import { buildProgramme, scopeProgramme, sourceWords, type ProgrammeReport } from '../../services/programme.js';
import { summariseProgramme } from '../../services/programme-summary.js';
import type { AppDeps } from '../types.js';
import { audit } from '../../services/audit.js';
import { actorFrom } from '../forms.js';
import { listLinks, pageCount, paginationFor, PAGE_SIZE, sendList, sortHeaders, type Column, type ListState } from '../lists.js';
import { capacityChart } from './engagementChart.js';

const caseloadQuery = z.object({ sort: z.enum(['action', 'name', 'next']).optional(), show: z.enum(['all', 'action']).optional(), notice: z.string().optional() });
const yearQuery = z.object({ year: z.string().regex(/^\d{4}\/\d{2}$/).optional() });
const programmeQuery = yearQuery.extend({
  q: z.string().max(100).optional(),
  officer: z.string().regex(/^(\d+|none)?$/).optional(),
  type: z.string().max(40).optional(),
  term: z.enum(['autumn', 'spring', 'summer', '']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
  sort: z.enum(['date', 'school', 'officer', 'type']).optional(),
  dir: z.enum(['asc', 'desc']).optional(),
});

const collator = new Intl.Collator('en-GB');

const contactColumns: Column[] = [
  { key: 'date', label: 'Date' },
  { key: 'school', label: 'School' },
  { key: 'officer', label: 'Officer' },
  { key: 'type', label: 'Contact' },
  { key: 'reason', label: 'Reason', sortable: false },
];

const contactExportColumns = [
  { key: 'date', header: 'Date' },
  { key: 'urn', header: 'URN' },
  { key: 'school', header: 'School' },
  { key: 'officer', header: 'Officer' },
  { key: 'type', header: 'Contact' },
  { key: 'days', header: 'Days' },
  { key: 'term', header: 'Term' },
  { key: 'window', header: 'Window' },
  { key: 'reason', header: 'Reason' },
];

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
  // fingerprint and the next request builds afresh (never a stale programme). The fingerprint reads
  // whole tables, so it is taken only when the database's change counter has moved since the last look
  // (no write anywhere leaves every table, and so the fingerprint, as it was).
  const cache = new Map<string, { counter: number; version: string; report: Promise<ProgrammeReport> }>();
  const programmeFor = async (year: string) => {
    // Read before the fingerprint: a write between the two only makes the next request look again.
    const counter = await currentDataVersion(db);
    const hit = cache.get(year);
    if (hit && hit.counter === counter) return hit.report;
    const version = await programmeDataVersion(db, orgId);
    if (hit && hit.version === version) {
      hit.counter = counter;
      return hit.report;
    }
    const report = buildProgramme(db, orgId, year, { calendar });
    cache.set(year, { counter, version, report });
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

  /**
   * The programme as this reader may see it, or null once another answer has been sent (no such year;
   * still being planned). Not the reply itself: a reply is thenable, so an async function returning it
   * resolves to undefined, and the caller then failed after the answer had gone.
   */
  async function scopedProgramme(req: FastifyRequest, reply: FastifyReply, year: string): Promise<(ProgrammeReport & { partial: boolean }) | null> {
    const noDates = () => {
      void reply.render('errors/problem.njk', { message: `The school calendar has no dates for ${year}.` }, 404);
      return null;
    };
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
    if (!whole) {
      void reply.render('engagement/programme-pending.njk', { title: 'The visit programme is being prepared', year });
      return null;
    }
    // The LA's programme is planned once; each reader sees only the schools in their scope.
    const scope = schoolScope(req.principal!);
    const visible = scope.kind === 'all' ? null : new Set(scope.kind === 'none' ? [] : (await searchSchools(db, orgId, { scope, status: 'open', stateFundedOnly: true }, null)).rows.map((r) => r.urn));
    return scopeProgramme(whole, visible);
  }

  function contactList(req: FastifyRequest, report: ProgrammeReport, year: string) {
    const parsed = programmeQuery.safeParse(req.query);
    const { page, sort, dir, year: _y, ...asked } = parsed.success ? parsed.data : {};
    const state: ListState = {
      path: '/engagement/programme',
      filters: { year, ...(Object.fromEntries(Object.entries(asked).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>) },
      page: page ?? 1,
      sort: sort ?? 'date',
      dir: dir ?? 'asc',
    };
    const officerName = new Map(report.officers.map((o) => [String(o.id), o.name]));
    const q = asked.q?.trim().toLowerCase();
    const rows = report.programme.contacts
      .filter((c) => !q || c.schoolName.toLowerCase().includes(q) || String(c.urn) === q)
      .filter((c) => !asked.officer || (asked.officer === 'none' ? !c.officerId : c.officerId === asked.officer))
      .filter((c) => !asked.type || c.meetingType === asked.type)
      .filter((c) => !asked.term || c.term === asked.term)
      .map((c) => ({
        date: c.date,
        urn: c.urn,
        school: c.schoolName,
        officer: c.officerId ? (officerName.get(c.officerId) ?? 'Unknown officer') : 'No link officer',
        type: MEETING_LABELS[c.meetingType],
        days: c.days,
        term: c.term,
        window: c.window,
        reason: c.reason,
      }));
    // Contacts without a free day sort last by date, whichever way round.
    const key = (r: (typeof rows)[number]) => (state.sort === 'date' ? (r.date ?? '9999') : state.sort === 'school' ? r.school : state.sort === 'officer' ? r.officer : r.type);
    // One collator, not one per comparison: 47,000 contacts at national size.
    const { compare } = collator;
    rows.sort((a, b) => compare(key(a), key(b)) || (a.date ?? '9999').localeCompare(b.date ?? '9999') || compare(a.school, b.school));
    if (state.dir === 'desc') rows.reverse();
    return { state, rows };
  }

  app.get('/engagement/programme', { config: { permission: 'engagement:read', pageCache: 'engagement/programme.njk' } }, async (req, reply) => {
    const q = yearQuery.safeParse({ year: (req.query as Record<string, unknown>).year });
    if (!q.success || !programmeQuery.safeParse(req.query).success) return reply.callNotFound();
    const year = q.data.year ?? academicYearOf(todayIso());
    const report = await scopedProgramme(req, reply, year);
    if (!report) return reply;
    const officers = report.officers;
    // Counted in one pass; the page names no unassigned school outside the paged list (22,000 at national size).
    let unassignedDays = 0;
    for (const c of report.programme.contacts) if (!c.officerId) unassignedDays += c.days;
    const { state, rows } = contactList(req, report, year);
    const pages = pageCount(rows.length);
    const links = listLinks(state);
    return reply.render('engagement/programme.njk', {
      title: `Visit programme ${report.programme.year}`,
      year: report.programme.year,
      source: sourceWords(report.source),
      officers,
      chart: officers.length ? capacityChart(officers, report.programme.year) : null,
      unassignedCount: report.programme.unassigned.length,
      unassignedDays,
      unscheduledCount: report.programme.unscheduled.length,
      uncategorisedCount: report.uncategorised.length,
      summary: summariseProgramme(report),
      totalContacts: report.programme.contacts.length,
      partial: report.partial,
      contacts: rows.slice((state.page - 1) * PAGE_SIZE, state.page * PAGE_SIZE),
      matching: rows.length,
      page: state.page,
      pages,
      pagination: paginationFor(state, pages),
      headers: sortHeaders(state, contactColumns),
      filters: state.filters,
      sortState: { sort: state.sort, dir: state.dir },
      meetingTypes: Object.entries(MEETING_LABELS).map(([value, text]) => ({ value, text })),
      exports: { csv: links.exportHref('csv'), xlsx: links.exportHref('xlsx') },
    });
  });

  // The filtered contacts as a file: only the schools the reader may see; audited.
  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/engagement/programme.${format}`, { config: { permission: 'engagement:read' } }, async (req, reply) => {
      const q = yearQuery.safeParse({ year: (req.query as Record<string, unknown>).year });
      if (!q.success || !programmeQuery.safeParse(req.query).success) return reply.callNotFound();
      const year = q.data.year ?? academicYearOf(todayIso());
      const report = await scopedProgramme(req, reply, year);
      if (!report) return reply;
      const { state, rows } = contactList(req, report, year);
      await audit(db, actorFrom(req), 'programme.export', { type: 'programme', id: year }, { after: { format, filters: state.filters, rows: rows.length } });
      return sendList(reply, format, `programme-${year.replace('/', '-')}`, contactExportColumns, rows);
    });
  }
}
