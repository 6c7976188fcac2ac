// Assigning schools to a person by searching and ticking, a page at a time, or a whole district at once
// (issue 14: 501 of 513 schools had no link officer when the only way was typing URNs).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { listDistricts } from '../../repositories/districts.js';
import { searchSchools } from '../../repositories/schools.js';
import { getUser, linkOfficersOf } from '../../repositories/users.js';
import { assignSchools, currentAccess, districtSchoolUrns } from '../../services/userAccess.js';
import { actorFrom, field, fieldList, formContext, type FieldErrors } from '../forms.js';
import { pageCount, paginationFor, PAGE_SIZE, type ListState } from '../lists.js';
import type { AppDeps } from '../types.js';

const shows = ['all', 'held', 'unassigned'] as const;
type Show = (typeof shows)[number];

const assignQuery = z.object({
  q: z.string().max(100).optional(),
  district: z.string().regex(/^(\d{1,9}|none)?$/).optional(),
  show: z.enum(shows).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
  added: z.coerce.number().int().min(0).max(100_000).optional(),
  removed: z.coerce.number().int().min(0).max(100_000).optional(),
});
type AssignFilters = { q: string; district: string; show: Show; page: number };

const urnsOf = (values: string[]) => values.filter((v) => /^\d{1,9}$/.test(v)).map(Number);

export function adminSchoolRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const orgId = deps.organisation.id;
  const userIdParam = (p: unknown) => Number((p as { id: string }).id);

  /** The filters from a query string (GET) or from the hidden fields of the forms (POST), so a save keeps them. */
  const filtersFrom = (raw: Record<string, unknown>): AssignFilters => {
    const q = assignQuery.safeParse(raw);
    const d = q.success ? q.data : {};
    return { q: d.q?.trim() ?? '', district: d.district ?? '', show: d.show ?? 'all', page: d.page ?? 1 };
  };
  const pathOf = (userId: number) => `/admin/users/${userId}/schools`;
  const hrefOf = (userId: number, f: AssignFilters, extra: Record<string, string | number> = {}) => {
    const p = new URLSearchParams();
    if (f.q) p.set('q', f.q);
    if (f.district) p.set('district', f.district);
    if (f.show !== 'all') p.set('show', f.show);
    if (f.page > 1) p.set('page', String(f.page));
    for (const [k, v] of Object.entries(extra)) p.set(k, String(v));
    const s = p.toString();
    return `${pathOf(userId)}${s ? `?${s}` : ''}`;
  };

  async function render(
    reply: FastifyReply,
    userId: number,
    f: AssignFilters,
    ctx: { errors?: FieldErrors; ticked?: number[]; districtValues?: Record<string, string>; status?: number; notice?: { added: number; removed: number } },
  ) {
    const person = await getUser(db, userId);
    const access = person && (await currentAccess(db, orgId, person.id));
    if (!person || !access || person.organisationId !== orgId) return reply.callNotFound();
    const { total, rows } = await searchSchools(
      db,
      orgId,
      {
        q: f.q,
        district: f.district,
        status: 'open',
        stateFundedOnly: true,
        scope: { kind: 'all' },
        assignment: f.show === 'held' ? { heldBy: person.id } : f.show === 'unassigned' ? 'no-link-officer' : undefined,
      },
      { limit: PAGE_SIZE, offset: (f.page - 1) * PAGE_SIZE },
    );
    const held = new Set(ctx.ticked ?? access.urns);
    const officers = await linkOfficersOf(db, orgId, rows.map((r) => r.urn));
    const filters = Object.fromEntries(Object.entries({ q: f.q, district: f.district, show: f.show === 'all' ? '' : f.show }).filter(([, v]) => v));
    const state: ListState = { path: pathOf(userId), filters, page: f.page, sort: 'name', dir: 'asc' };
    const pages = pageCount(total);
    const errors = ctx.errors ?? {};
    return reply.render('admin/assign-schools.njk', {
      title: `Assign schools: ${person.displayName}`,
      person,
      role: access.role,
      heldCount: access.urns.length,
      filters: f,
      districts: await listDistricts(db, orgId),
      total,
      page: f.page,
      pages,
      // The list's own sort is fixed (by name), so the page links carry no sort of their own.
      pagination: paginationFor(state, pages),
      schools: rows.map((s) => ({ ...s, ticked: held.has(s.urn), officers: officers.get(s.urn) ?? [] })),
      notice: ctx.notice,
      ...formContext(errors, ctx.districtValues ?? {}),
    }, ctx.status ?? 200);
  }

  app.get('/admin/users/:id/schools', { config: { permission: 'users:manage' } }, async (req, reply) => {
    const raw = req.query as Record<string, unknown>;
    const f = filtersFrom(raw);
    const q = assignQuery.safeParse(raw);
    const notice = q.success && (q.data.added !== undefined || q.data.removed !== undefined) ? { added: q.data.added ?? 0, removed: q.data.removed ?? 0 } : undefined;
    return render(reply, userIdParam(req.params), f, { notice });
  });

  app.post('/admin/users/:id/schools', { config: { permission: 'users:manage' } }, async (req, reply) => {
    const userId = userIdParam(req.params);
    const person = await getUser(db, userId);
    if (!person || person.organisationId !== orgId) return reply.callNotFound();
    const f = filtersFrom(req.body as Record<string, unknown>);
    const shown = fieldList(req, 'shown');
    const tickedRaw = fieldList(req, 'urns');
    // Only what the page showed can be unticked; a school ticked but not shown is refused like any URN.
    if ([...shown, ...tickedRaw].some((u) => !/^\d{1,9}$/.test(u))) {
      return render(reply, userId, f, { errors: { urns: 'The schools sent are not valid URNs. Search again and tick the schools.' }, status: 400 });
    }
    const ticked = urnsOf(tickedRaw);
    const remove = urnsOf(shown).filter((u) => !ticked.includes(u));
    const outcome = await assignSchools(db, orgId, userId, { add: ticked, remove }, actorFrom(req));
    if (!outcome.ok) {
      const before = (await currentAccess(db, orgId, userId))?.urns ?? [];
      // Re-show the page as it was ticked, with the reason.
      const asTicked = [...before.filter((u) => !remove.includes(u)), ...ticked];
      return render(reply, userId, f, { errors: outcome.errors.urns ? { urns: outcome.errors.urns } : outcome.errors, ticked: asTicked, status: 400 });
    }
    return reply.redirect(hrefOf(userId, f, { added: outcome.added, removed: outcome.removed }), 303);
  });

  app.post('/admin/users/:id/schools/district', { config: { permission: 'users:manage' } }, async (req, reply) => {
    const userId = userIdParam(req.params);
    const person = await getUser(db, userId);
    if (!person || person.organisationId !== orgId) return reply.callNotFound();
    const f = filtersFrom(req.body as Record<string, unknown>);
    const values = { districtId: field(req, 'districtId'), mode: field(req, 'mode') };
    const errors: FieldErrors = {};
    const district = (await listDistricts(db, orgId)).find((d) => String(d.id) === values.districtId);
    if (!district) errors.districtId = 'Select the district whose schools to assign';
    if (values.mode !== 'add' && values.mode !== 'remove') errors.mode = 'Select whether to assign or unassign the district’s schools';
    if (Object.keys(errors).length) return render(reply, userId, f, { errors, districtValues: values, status: 400 });
    const urns = await districtSchoolUrns(db, orgId, district!.id);
    const outcome = await assignSchools(db, orgId, userId, values.mode === 'add' ? { add: urns, remove: [] } : { add: [], remove: urns }, actorFrom(req));
    if (!outcome.ok) {
      return render(reply, userId, f, { errors: { districtId: outcome.errors.urns ?? Object.values(outcome.errors)[0] }, districtValues: values, status: 400 });
    }
    return reply.redirect(hrefOf(userId, f, { added: outcome.added, removed: outcome.removed }), 303);
  });
}
