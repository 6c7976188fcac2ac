import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { roles } from '../../domain/access/roles.js';
import { listDistricts } from '../../repositories/districts.js';
import { auditEntityTypes, countAudit, listAudit, type AuditQuery } from '../../repositories/audit.js';
import { auditChanges, auditChangesText } from '../../domain/audit/diff.js';
import { audit } from '../../services/audit.js';
import { listLinks, pageCount, paginationFor, PAGE_SIZE, sendList, sortHeaders, type ListState } from '../lists.js';
import { getUser, listUsers } from '../../repositories/users.js';
import { accountProblems, createAccount, resetPassword, setDisabled } from '../../services/accounts.js';
import { changeAccess, currentAccess, MAX_OFFICER_DAYS } from '../../services/userAccess.js';
import { DEFAULT_OFFICER_DAYS } from '../../services/programme.js';
import { actorFrom, field, fieldList, formContext } from '../forms.js';
import type { AppDeps } from '../types.js';

const auditQuery = z.object({
  action: z.string().max(60).optional(),
  actor: z.string().max(200).optional(),
  from: z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/).optional(),
  to: z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/).optional(),
  entityType: z.string().max(60).optional(),
  entityId: z.string().max(60).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
  sort: z.enum(['at']).optional(),
  dir: z.enum(['asc', 'desc']).optional(),
});

const auditExportColumns = [
  { key: 'id', header: 'id' }, { key: 'at', header: 'at' }, { key: 'actor', header: 'actor' }, { key: 'action', header: 'action' },
  { key: 'entityType', header: 'entityType' }, { key: 'entityId', header: 'entityId' }, { key: 'changes', header: 'changes' },
  { key: 'before', header: 'before' }, { key: 'after', header: 'after' }, { key: 'requestId', header: 'requestId' }, { key: 'ip', header: 'ip' },
];

export const auditCsvColumns = ['id', 'at', 'actor', 'action', 'entityType', 'entityId', 'before', 'after', 'requestId', 'ip'] as const;

/** The schools field of the user forms: URNs separated by commas or spaces. */
const urnList = (text: string) => text.split(/[\s,]+/).filter(Boolean);
const urnListProblem = (urns: string[]) => (urns.some((u) => !/^\d{6}$/.test(u)) ? 'URNs are six-digit numbers, separated by commas' : null);

export function adminRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const orgId = deps.organisation.id;
  const userIdParam = (p: unknown) => Number((p as { id: string }).id);

  app.get('/admin/users', { config: { permission: 'users:manage' } }, async (req, reply) => {
    const q = req.query as Record<string, string>;
    return reply.render('admin/users.njk', { title: 'Users', users: await listUsers(db, orgId), notice: q.notice, temporary: q.temporary });
  });

  const newUserPage = async (ctx: Record<string, unknown>) => ({
    title: 'Add a user',
    roles,
    districts: await listDistricts(db, orgId),
    ...ctx,
  });

  app.get('/admin/users/new', { config: { permission: 'users:manage' } }, async (_req, reply) =>
    reply.render('admin/new-user.njk', await newUserPage(formContext({}, {}))),
  );

  app.post('/admin/users', { config: { permission: 'users:manage' } }, async (req, reply) => {
    const values = {
      email: field(req, 'email').trim(),
      displayName: field(req, 'displayName'),
      role: field(req, 'role'),
      password: field(req, 'password'),
      urns: field(req, 'urns'),
      districtIds: fieldList(req, 'districtIds'),
    };
    const urns = urnList(values.urns);
    const errors = accountProblems({
      ...values,
      password: values.password || null,
      urns: urns.map(Number),
      districtIds: values.districtIds.map(Number),
    });
    const urnError = urnListProblem(urns);
    if (urnError) errors.urns = urnError;
    if (!errors.email && (await listUsers(db, orgId)).some((u) => u.email.toLowerCase() === values.email.toLowerCase())) {
      errors.email = 'A user with this email address already exists';
    }
    if (Object.keys(errors).length) return reply.render('admin/new-user.njk', await newUserPage(formContext(errors, values)), 400);
    await createAccount(
      db,
      {
        organisationId: orgId,
        email: values.email,
        displayName: values.displayName,
        role: values.role as (typeof roles)[number],
        password: values.password || null,
        urns: urns.map(Number),
        districtIds: values.districtIds.map(Number),
        mustChangePassword: Boolean(values.password),
      },
      actorFrom(req),
    );
    return reply.redirect('/admin/users?notice=created', 303);
  });

  // Changing access: role, schools, districts and a link officer's visit days a year.
  const accessPage = async (user: { id: number; displayName: string; email: string }, ctx: Record<string, unknown>) => ({
    title: `Change access: ${user.displayName}`,
    person: user,
    roles,
    districts: await listDistricts(db, orgId),
    defaultOfficerDays: DEFAULT_OFFICER_DAYS,
    maxOfficerDays: MAX_OFFICER_DAYS,
    ...ctx,
  });

  app.get('/admin/users/:id/access', { config: { permission: 'users:manage' } }, async (req, reply) => {
    const user = await getUser(db, userIdParam(req.params));
    const access = user && (await currentAccess(db, orgId, user.id));
    if (!user || !access) return reply.callNotFound();
    const values = {
      role: access.role,
      urns: access.urns.join(', '),
      districtIds: access.districtIds.map(String),
      capacityDays: access.capacityDays === null ? '' : String(access.capacityDays),
    };
    return reply.render('admin/access.njk', await accessPage(user, formContext({}, values)));
  });

  app.post('/admin/users/:id/access', { config: { permission: 'users:manage' } }, async (req, reply) => {
    const user = await getUser(db, userIdParam(req.params));
    if (!user || user.organisationId !== orgId) return reply.callNotFound();
    const values = { role: field(req, 'role'), urns: field(req, 'urns'), districtIds: fieldList(req, 'districtIds'), capacityDays: field(req, 'capacityDays').trim() };
    const urns = urnList(values.urns);
    const formErrors: Record<string, string> = {};
    const urnError = urnListProblem(urns);
    if (urnError) formErrors.urns = urnError;
    if (values.capacityDays && !/^\d{1,3}$/.test(values.capacityDays)) formErrors.capacityDays = `Enter officer days a year as a whole number from 0 to ${MAX_OFFICER_DAYS}`;
    if (user.id === req.user!.id && values.role !== user.role) formErrors.role = 'You cannot change your own role: ask another administrator';
    const outcome = Object.keys(formErrors).length
      ? { ok: false as const, errors: formErrors }
      : await changeAccess(
          db,
          orgId,
          user.id,
          { role: values.role, urns: urns.map(Number), districtIds: values.districtIds.map(Number), capacityDays: values.capacityDays ? Number(values.capacityDays) : null },
          actorFrom(req),
        );
    if (!outcome.ok) return reply.render('admin/access.njk', await accessPage(user, formContext(outcome.errors, values)), 400);
    return reply.redirect('/admin/users?notice=access', 303);
  });

  app.post('/admin/users/:id/reset-password', { config: { permission: 'users:manage' } }, async (req, reply) => {
    const user = await getUser(db, userIdParam(req.params));
    if (!user || user.organisationId !== orgId) return reply.callNotFound();
    const temporary = crypto.randomBytes(12).toString('base64url');
    await resetPassword(db, user.id, temporary, actorFrom(req));
    // Shown once to the administrator, who passes it on; it must be changed at next sign-in.
    return reply.render('admin/users.njk', { title: 'Users', users: await listUsers(db, orgId), temporary: { email: user.email, password: temporary } });
  });

  app.post('/admin/users/:id/disable', { config: { permission: 'users:manage' } }, async (req, reply) => {
    const user = await getUser(db, userIdParam(req.params));
    if (!user || user.organisationId !== orgId) return reply.callNotFound();
    if (user.id === req.user!.id) return reply.redirect('/admin/users?notice=self', 303);
    await setDisabled(db, user.id, !user.disabled, actorFrom(req));
    return reply.redirect('/admin/users?notice=updated', 303);
  });

  function auditState(req: import('fastify').FastifyRequest) {
    const q = auditQuery.safeParse(req.query);
    const { page, sort: _s, dir, ...asked } = q.success ? q.data : {};
    const filters = Object.fromEntries(Object.entries(asked).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;
    const state: ListState = { path: '/admin/audit', filters, page: page ?? 1, sort: 'at', dir: dir ?? 'desc' };
    return { state, query: { ...filters, order: state.dir } as AuditQuery };
  }

  app.get('/admin/audit', { config: { permission: 'audit:read' } }, async (req, reply) => {
    const { state, query } = auditState(req);
    const total = await countAudit(db, orgId, query);
    const pages = pageCount(total);
    const entries = await listAudit(db, orgId, { ...query, limit: PAGE_SIZE, offset: (state.page - 1) * PAGE_SIZE });
    const links = listLinks(state);
    return reply.render('admin/audit.njk', {
      title: 'Audit log',
      entries: entries.map((e) => ({ ...e, changes: auditChanges(e.before, e.after) })),
      filters: state.filters,
      total,
      page: state.page,
      pages,
      pagination: paginationFor(state, pages),
      headers: sortHeaders(state, [{ key: 'at', label: 'When' }, { key: 'actor', label: 'Who', sortable: false }, { key: 'action', label: 'Action', sortable: false }, { key: 'what', label: 'What', sortable: false }, { key: 'changes', label: 'Changes', sortable: false }], { at: 'desc' }),
      sortState: { sort: state.sort, dir: state.dir },
      entityTypes: await auditEntityTypes(db, orgId),
      exports: { csv: links.exportHref('csv'), xlsx: links.exportHref('xlsx') },
    });
  });

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/admin/audit.${format}`, { config: { permission: 'audit:read' } }, async (req, reply) => {
      const { state, query } = auditState(req);
      const entries = await listAudit(db, orgId, query);
      // Reading the log out of the app is itself something the log keeps.
      await audit(db, actorFrom(req), 'audit.export', { type: 'audit_log' }, { after: { format, filters: state.filters, rows: entries.length } });
      return sendList(reply, format, 'audit-log', auditExportColumns, entries.map((e) => ({ ...e, changes: auditChangesText(e.before, e.after) })));
    });
  }
}
