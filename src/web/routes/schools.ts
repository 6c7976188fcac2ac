import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can, canActOnSchool, schoolScope } from '../../domain/access/policy.js';
import { loadCalendar } from '../../domain/calendar/index.js';
import { CONTACT_STATE_LABELS } from '../../domain/engagement/index.js';
import { establishmentTypes } from '../../domain/register/codes.js';
import { listDistricts } from '../../repositories/districts.js';
import { distinctTrusts, getSchool, registerPage, schoolHistory, schoolSortKeys, searchSchools, setDistrict, type SchoolQuery, type SchoolSort, type SchoolWithDistrict } from '../../repositories/schools.js';
import { audit } from '../../services/audit.js';
import { caseloadOf } from '../../services/caseload.js';
import { todayIso } from '../../services/escalations.js';
import { withheldWordingFor } from '../../services/laConfig.js';
import { hubSections, schoolHubSections, schoolHubSummary } from '../../services/schoolHub.js';
import { listLinks, pageCount, paginationFor, PAGE_SIZE, sendList, sortHeaders, type Column, type ListState } from '../lists.js';
import { actorFrom, field } from '../forms.js';
import { schoolSupportPlans } from '../../services/support.js';
import type { AppDeps } from '../types.js';

const STAGE_LABELS: Record<string, string> = { proposed: 'Proposed', link_officer_reviewed: 'Link officer’s view', district_moderated: 'District moderation', confirmed: 'Confirmed', excluded: 'Excluded' };
const STEP_STATUS: Record<string, string> = { proposed: 'Proposed, waiting for sign-off', signed_off: 'Signed off', rejected: 'Not taken forward' };
const phases = ['Nursery', 'Primary', 'Middle deemed primary', 'Secondary', 'Middle deemed secondary', 'All-through', '16 plus', 'Special', 'Alternative provision', 'Not applicable'];
const statuses = ['open', 'closed', 'open, proposed to close', 'proposed to open'];
const typeGroups = [...new Set(establishmentTypes.map((t) => t.group))];

const listQuery = z.object({
  q: z.string().max(100).optional(),
  phase: z.enum(phases as [string, ...string[]]).or(z.literal('')).optional(),
  typeGroup: z.enum(typeGroups as [string, ...string[]]).or(z.literal('')).optional(),
  district: z.string().regex(/^(\d+|none)?$/).optional(),
  status: z.enum(statuses as [string, ...string[]]).or(z.literal('')).or(z.literal('any')).optional(),
  trust: z.string().max(200).optional(),
  sector: z.enum(['state', 'all']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
  sort: z.enum(schoolSortKeys).optional(),
  dir: z.enum(['asc', 'desc']).optional(),
});

const listColumns: Column[] = [
  { key: 'name', label: 'School' },
  { key: 'urn', label: 'URN' },
  { key: 'typeName', label: 'Type' },
  { key: 'phase', label: 'Phase' },
  { key: 'district', label: 'District' },
  { key: 'status', label: 'Status' },
];


export const registerCsvColumns = [
  'urn', 'laestab', 'name', 'typeName', 'typeGroup', 'phase', 'status', 'districtName', 'trustName', 'street', 'town', 'postcode',
  'ageLow', 'ageHigh', 'gender', 'religiousCharacter', 'admissionsPolicy', 'openDate', 'closeDate',
] as const;

function parseFilters(req: FastifyRequest) {
  const parsed = listQuery.safeParse(req.query);
  if (!parsed.success) {
    const err = new Error('The search filters are not valid. Clear them and try again.') as Error & { statusCode: number };
    err.statusCode = 400;
    throw err;
  }
  const f = parsed.data;
  const filters: Omit<SchoolQuery, 'scope'> = {
    q: f.q || undefined,
    phase: f.phase || undefined,
    typeGroup: f.typeGroup || undefined,
    district: f.district || undefined,
    // The register opens on what officers work with: open, state-funded schools.
    status: f.status === 'any' ? undefined : f.status || 'open',
    trust: f.trust || undefined,
    stateFundedOnly: f.sector !== 'all',
  };
  const { page, sort, dir, ...asked } = f;
  const state: ListState = {
    path: '/schools',
    filters: Object.fromEntries(Object.entries(asked).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)])),
    page: page ?? 1,
    sort: sort ?? 'name',
    dir: dir ?? 'asc',
  };
  return { raw: f, filters, state, sort: { key: state.sort, dir: state.dir } as SchoolSort };
}

export function schoolRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const orgId = deps.organisation.id;
  const wording = withheldWordingFor(deps.organisation);
  const calendar = loadCalendar();

  app.get('/schools', { config: { permission: 'schools:list', pageCache: 'schools/list.njk' } }, async (req, reply) => {
    const { raw, filters, state, sort } = parseFilters(req);
    const scope = schoolScope(req.principal!);
    const result = await registerPage(db, orgId, { ...filters, scope }, { limit: PAGE_SIZE, offset: (state.page - 1) * PAGE_SIZE }, sort);
    const pages = pageCount(result.total);
    const links = listLinks(state);
    return reply.render('schools/list.njk', {
      title: 'Schools',
      schools: result.rows,
      total: result.total,
      page: state.page,
      pages,
      query: { ...raw, status: raw.status ?? 'open', sector: raw.sector ?? 'state' },
      // Only roles that may export are offered the link (a head teacher's page never shows a refused one).
      exports: can(req.principal!, 'schools:export') ? { csv: links.exportHref('csv'), xlsx: links.exportHref('xlsx') } : null,
      headers: sortHeaders(state, listColumns),
      sortState: { sort: state.sort, dir: state.dir },
      pagination: paginationFor(state, pages),
      options: { phases, statuses, typeGroups, districts: await listDistricts(db, orgId), trusts: await distinctTrusts(db, orgId) },
    });
  });

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/schools.${format}`, { config: { permission: 'schools:export' } }, async (req, reply) => {
      const { filters, sort } = parseFilters(req);
      const result = await searchSchools(db, orgId, { ...filters, scope: schoolScope(req.principal!) }, null, sort);
      await audit(db, actorFrom(req), 'schools.export', { type: 'register' }, { after: { format, filters, rows: result.rows.length } });
      return sendList(reply, format, `schools-${deps.organisation.code}`, registerCsvColumns.map((key) => ({ key, header: key })), result.rows);
    });
  }

  /** Everything the hub page shows, for this reader only. */
  async function hubContext(req: FastifyRequest, school: SchoolWithDistrict) {
    const p = req.principal!;
    const today = todayIso();
    const summary = await schoolHubSummary(db, orgId, p, school, wording, today);
    const sections = await schoolHubSections(db, orgId, p, school.urn);
    const support = can(p, 'engagement:read') ? (await caseloadOf(db, orgId, [school.urn], today, calendar)).schools[0] ?? null : null;
    const mayAssign = canActOnSchool(p, school) && ['admin', 'senior_leader', 'district_lead'].includes(p.role);
    const supportPlans = await schoolSupportPlans(db, orgId, p, school.urn);
    return {
      title: school.name,
      school,
      summary,
      nav: hubSections(p, school.urn),
      ...sections,
      support,
      staffView: can(p, 'categorisation:read'),
      officerView: can(p, 'engagement:read'),
      stateLabels: CONTACT_STATE_LABELS,
      stageLabels: STAGE_LABELS,
      stepStatus: STEP_STATUS,
      mayWrite: can(p, 'engagement:write') && canActOnSchool(p, school),
      mayRecordIntelligence: can(p, 'intelligence:write') && canActOnSchool(p, school),
      supportPlans,
      supportOfficer: can(p, 'support:read'),
      history: await schoolHistory(db, orgId, school.urn),
      districts: mayAssign ? await listDistricts(db, orgId) : null,
    };
  }

  app.get('/schools/:urn', { config: { permission: 'schools:read', pageCache: 'schools/show.njk' } }, async (req, reply) => {
    const urn = Number((req.params as { urn: string }).urn);
    if (!Number.isInteger(urn) || urn <= 0) return reply.callNotFound();
    const school = await getSchool(db, orgId, urn, schoolScope(req.principal!));
    // Outside the user's scope looks exactly like a school that does not exist.
    if (!school) return reply.callNotFound();
    return reply.render('schools/show.njk', {
      ...(await hubContext(req, school)),
      saved: (req.query as Record<string, string>).saved === 'district',
    });
  });

  app.post('/schools/:urn/district', { config: { permission: 'schools:assign-district' } }, async (req, reply) => {
    const urn = Number((req.params as { urn: string }).urn);
    const school = Number.isInteger(urn) ? await getSchool(db, orgId, urn, schoolScope(req.principal!)) : undefined;
    if (!school || !canActOnSchool(req.principal!, school)) return reply.callNotFound();
    const value = field(req, 'districtId');
    const districts = await listDistricts(db, orgId);
    const target = value === 'none' ? null : districts.find((d) => String(d.id) === value);
    if (target === undefined) {
      return reply.render('schools/show.njk', {
        ...(await hubContext(req, school)),
        errors: [{ text: 'Select a district', href: '#districtId' }], fieldErrors: { districtId: 'Select a district' },
      }, 400);
    }
    await db.transaction(async (tx) => {
      await setDistrict(tx, orgId, urn, target?.id ?? null);
      await audit(tx, actorFrom(req), 'school.district', { type: 'school', id: urn }, { before: { district: school.districtName }, after: { district: target?.name ?? null } });
    });
    return reply.redirect(`/schools/${urn}?saved=district`, 303);
  });
}
