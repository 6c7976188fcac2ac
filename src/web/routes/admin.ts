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
import { isIsoDate } from '../../domain/calendar/index.js';
import { actorFrom, dateFromParts, field, fieldList, formContext, isoToParts, type DateParts, type FieldErrors } from '../forms.js';
import type { AppDeps } from '../types.js';

const auditQuery = z.object({
  action: z.string().max(60).optional(),
  actor: z.string().max(200).optional(),
  // A day as the list's own links carry it; the form sends GOV.UK date boxes (from-day, from-month, from-year).
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

  /**
   * The From and To days: GOV.UK date boxes as typed, or the ISO day the list's links carry. A date that
   * is not a real date, or a To before the From, is an error for the summary (keyed to its first box).
   */
  function auditDates(raw: Record<string, unknown>, asked: { from?: string; to?: string }) {
    const str = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string).slice(0, 10) : '');
    const errors: FieldErrors = {};
    const days: { from?: string; to?: string } = {};
    const parts: Record<string, DateParts | null> = {};
    for (const [name, label] of [['from', 'From'], ['to', 'To']] as const) {
      const typed = { day: str(`${name}-day`), month: str(`${name}-month`), year: str(`${name}-year`) };
      const boxes = typed.day || typed.month || typed.year ? dateFromParts(typed) : null;
      const iso = boxes ? boxes.iso : asked[name] && isIsoDate(asked[name]) ? asked[name] : asked[name] ? 'invalid' : '';
      parts[name] = boxes ? boxes.parts : isoToParts(iso);
      if (iso === 'invalid') errors[`${name}-day`] = `${label} must be a real date, like 27 3 2026`;
      else if (iso) days[name] = iso;
    }
    if (days.from && days.to && days.to < days.from) errors['to-day'] = 'To must be the same as or after From';
    return { days, parts, errors };
  }

  function auditState(req: import('fastify').FastifyRequest) {
    const raw = (req.query ?? {}) as Record<string, unknown>;
    const q = auditQuery.safeParse(raw);
    const { page, sort: _s, dir, from, to, ...asked } = q.success ? q.data : {};
    const dates = auditDates(raw, { from, to });
    const filters = Object.fromEntries(
      Object.entries({ ...asked, ...(Object.keys(dates.errors).length ? {} : dates.days) }).filter(([, v]) => v !== undefined && v !== ''),
    ) as Record<string, string>;
    const state: ListState = { path: '/admin/audit', filters, page: page ?? 1, sort: 'at', dir: dir ?? 'desc' };
    return { state, query: { ...filters, order: state.dir } as AuditQuery, dates };
  }

  app.get('/admin/audit', { config: { permission: 'audit:read' } }, async (req, reply) => {
    const { state, query, dates } = auditState(req);
    if (Object.keys(dates.errors).length) {
      // Nothing is listed for a period that could not be read, so no one mistakes it for the filtered log.
      return reply.render(
        'admin/audit.njk',
        { title: 'Audit log', entries: [], filters: state.filters, dateParts: dates.parts, total: 0, page: 1, pages: 1, pagination: null, headers: [], sortState: { sort: state.sort, dir: state.dir }, entityTypes: await auditEntityTypes(db, orgId), exports: null, ...formContext(dates.errors, {}) },
        400,
      );
    }
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
      dateParts: dates.parts,
      exports: { csv: links.exportHref('csv'), xlsx: links.exportHref('xlsx') },
    });
  });

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/admin/audit.${format}`, { config: { permission: 'audit:read' } }, async (req, reply) => {
      const { state, query, dates } = auditState(req);
      // A file for a period that could not be read would look like the filtered log: refuse it instead.
      if (Object.keys(dates.errors).length) return reply.code(400).type('text/plain; charset=utf-8').send(Object.values(dates.errors).join('\n'));
      const entries = await listAudit(db, orgId, query);
      // Reading the log out of the app is itself something the log keeps.
      await audit(db, actorFrom(req), 'audit.export', { type: 'audit_log' }, { after: { format, filters: state.filters, rows: entries.length } });
      return sendList(reply, format, 'audit-log', auditExportColumns, entries.map((e) => ({ ...e, changes: auditChangesText(e.before, e.after) })));
    });
  }
}
