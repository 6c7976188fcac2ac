// One school's visit notes and Core Group. Reading follows the school page's scope (outside it looks
// like "not found"); writing needs an officer who may act on the school. Head teachers and chairs see
// only their own school's published notes.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can, canActOnSchool, schoolScope } from '../../domain/access/policy.js';
import { JUDGEMENTS } from '../../domain/engagement/index.js';
import { getSchool, type SchoolWithDistrict } from '../../repositories/schools.js';
import { coreGroupPage, establishCoreGroup, evaluationFormFromDashboard, JUDGEMENT_LABELS, recordMeeting, REVIEW_AREAS, schedule, type MeetingInput } from '../../services/coreGroups.js';
import { defaultContext, syncEscalations, todayIso, viewEscalations } from '../../services/escalations.js';
import { actionsOf } from '../../repositories/engagement.js';
import { CONCERN_GROUND_CHOICES, concernsFor } from '../../services/interventions.js';
import { completeAction, createVisit, mayReadVisit, publishVisit, updateDraft, visitsFor, visitWithActions, type VisitInput } from '../../services/visits.js';
import { VISIT_TYPES } from '../../db/tables.js';
import { MEETING_LABELS } from '../../domain/engagement/index.js';
import { actorFrom, dateErrorsToDay, dateField, field, fieldList, formContext, isoToParts, safeReturnTo } from '../forms.js';
import type { AppDeps } from '../types.js';

const ACTION_ROWS = 3;

function actionRows(req: FastifyRequest) {
  return Array.from({ length: ACTION_ROWS }, (_, i) => {
    const due = dateField(req, `action-${i}-due`);
    return { text: field(req, `action-${i}-text`), owner: field(req, `action-${i}-owner`), due: due.iso, dueParts: due.parts };
  });
}

export function engagementSchoolRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const orgId = deps.organisation.id;
  const ctx = defaultContext(deps.organisation.name);
  const actor = (req: FastifyRequest) => ({ ...actorFrom(req), userId: req.user!.id });

  async function schoolFor(req: FastifyRequest, write: boolean): Promise<SchoolWithDistrict | null> {
    const urn = Number((req.params as { urn: string }).urn);
    if (!Number.isInteger(urn) || urn <= 0) return null;
    const school = await getSchool(db, orgId, urn, schoolScope(req.principal!));
    if (!school) return null;
    return write && !canActOnSchool(req.principal!, school) ? null : school;
  }

  const visitTypes = VISIT_TYPES.map((t) => ({ value: t, text: MEETING_LABELS[t] }));
  const visitForm = (reply: FastifyReply, school: SchoolWithDistrict, c: Record<string, unknown>, status = 200) =>
    reply.render('engagement/visit-form.njk', { title: 'Record a visit', school, visitTypes, areas: REVIEW_AREAS, actionRows: ACTION_ROWS, ...c }, status);

  app.get('/schools/:urn/visits', { config: { permission: 'visits:read' } }, async (req, reply) => {
    const school = await schoolFor(req, false);
    if (!school) return reply.callNotFound();
    const list = await visitsFor(db, orgId, req.principal!, school.urn);
    return reply.render('engagement/visits.njk', {
      title: `${school.name}: visit notes`,
      school,
      visits: list.map((v) => ({ ...v, typeLabel: MEETING_LABELS[v.type] })),
      mayWrite: can(req.principal!, 'engagement:write') && canActOnSchool(req.principal!, school),
      mayCoreGroup: can(req.principal!, 'engagement:read'),
    });
  });

  app.get('/schools/:urn/visits/new', { config: { permission: 'engagement:write' } }, async (req, reply) => {
    const school = await schoolFor(req, true);
    if (!school) return reply.callNotFound();
    return visitForm(reply, school, formContext({}, { type: 'termly-visit', areas: [] }));
  });

  app.post('/schools/:urn/visits/new', { config: { permission: 'engagement:write' } }, async (req, reply) => {
    const school = await schoolFor(req, true);
    if (!school) return reply.callNotFound();
    const date = dateField(req, 'date');
    const input: VisitInput = {
      type: field(req, 'type'),
      date: date.iso,
      agenda: field(req, 'agenda'),
      attendees: field(req, 'attendees'),
      areas: fieldList(req, 'areas'),
      evidence: field(req, 'evidence'),
      judgements: field(req, 'judgements'),
      actions: actionRows(req),
    };
    const out = await createVisit(db, orgId, school.urn, input, actor(req), todayIso());
    if (!out.ok) return visitForm(reply, school, formContext(renameDate(out.errors), { ...input, date: date.parts }), 400);
    return reply.redirect(`/schools/${school.urn}/visits/${out.visit.id}`, 303);
  });

  app.get('/schools/:urn/visits/:id', { config: { permission: 'visits:read' } }, async (req, reply) => {
    const school = await schoolFor(req, false);
    const id = Number((req.params as { id: string }).id);
    const found = school && Number.isInteger(id) ? await visitWithActions(db, orgId, school.urn, id) : null;
    if (!school || !found || !mayReadVisit(req.principal!, found.visit)) return reply.callNotFound();
    return reply.render('engagement/visit.njk', {
      title: `${MEETING_LABELS[found.visit.type]} on ${found.visit.visitDate}`,
      school,
      visit: found.visit,
      typeLabel: MEETING_LABELS[found.visit.type],
      actions: found.actions,
      mayPublish: found.visit.status === 'draft' && can(req.principal!, 'engagement:write') && canActOnSchool(req.principal!, school),
      notice: (req.query as Record<string, string>).notice,
    });
  });

  /** The draft's form, filled from the note (or from what was posted, when it was refused). */
  async function draftFor(req: FastifyRequest) {
    const school = await schoolFor(req, true);
    const id = Number((req.params as { id: string }).id);
    const found = school && Number.isInteger(id) ? await visitWithActions(db, orgId, school.urn, id) : null;
    return school && found ? { school, ...found } : null;
  }

  app.get('/schools/:urn/visits/:id/edit', { config: { permission: 'engagement:write' } }, async (req, reply) => {
    const d = await draftFor(req);
    if (!d) return reply.callNotFound();
    // A published note is what the school read: it is never edited, so its page is shown instead.
    if (d.visit.status !== 'draft') return reply.redirect(`/schools/${d.school.urn}/visits/${d.visit.id}`, 303);
    const values = {
      type: d.visit.type,
      date: isoToParts(d.visit.visitDate),
      agenda: d.visit.agenda,
      attendees: d.visit.attendees,
      areas: REVIEW_AREAS.filter((a) => d.visit.areasReviewed.includes(a.label)).map((a) => a.code),
      evidence: d.visit.evidence,
      judgements: d.visit.judgements,
      actions: Array.from({ length: ACTION_ROWS }, (_, i) => d.actions[i]).map((a) => (a ? { text: a.text, owner: a.owner, due: a.dueDate, dueParts: isoToParts(a.dueDate) } : null)),
    };
    return visitForm(reply, d.school, { title: 'Edit the draft visit note', editing: d.visit, ...formContext({}, values) });
  });

  app.post('/schools/:urn/visits/:id/edit', { config: { permission: 'engagement:write' } }, async (req, reply) => {
    const d = await draftFor(req);
    if (!d) return reply.callNotFound();
    const date = dateField(req, 'date');
    const input: VisitInput = {
      type: field(req, 'type'),
      date: date.iso,
      agenda: field(req, 'agenda'),
      attendees: field(req, 'attendees'),
      areas: fieldList(req, 'areas'),
      evidence: field(req, 'evidence'),
      judgements: field(req, 'judgements'),
      actions: actionRows(req),
    };
    const out = await updateDraft(db, orgId, d.visit, input, actor(req), todayIso());
    if (!out.ok && out.published) return reply.redirect(`/schools/${d.school.urn}/visits/${d.visit.id}?notice=already-published`, 303);
    if (!out.ok) return visitForm(reply, d.school, { title: 'Edit the draft visit note', editing: d.visit, ...formContext(renameDate(out.errors), { ...input, date: date.parts }) }, 400);
    return reply.redirect(`/schools/${d.school.urn}/visits/${d.visit.id}?notice=saved`, 303);
  });

  app.post('/schools/:urn/visits/:id/publish', { config: { permission: 'engagement:write' } }, async (req, reply) => {
    const school = await schoolFor(req, true);
    const id = Number((req.params as { id: string }).id);
    const found = school && Number.isInteger(id) ? await visitWithActions(db, orgId, school.urn, id) : null;
    if (!school || !found) return reply.callNotFound();
    await publishVisit(db, found.visit, actor(req));
    return reply.redirect(`/schools/${school.urn}/visits/${id}?notice=published`, 303);
  });

  app.post('/schools/:urn/actions/:id/done', { config: { permission: 'engagement:write' } }, async (req, reply) => {
    const school = await schoolFor(req, true);
    const id = Number((req.params as { id: string }).id);
    if (!school || !Number.isInteger(id) || id <= 0) return reply.callNotFound();
    const done = await completeAction(db, orgId, school.urn, id, actor(req));
    if (!done.ok) return reply.callNotFound();
    // Back to where the officer pressed the button (same-site paths only): the caseload by default.
    return reply.redirect(`${safeReturnTo(field(req, 'returnTo') || '/engagement')}?notice=action-done#schools`, 303);
  });

  async function coreGroupView(req: FastifyRequest, reply: FastifyReply, school: SchoolWithDistrict, extra: Record<string, unknown> = {}, status = 200) {
    const data = await coreGroupPage(db, orgId, school.urn);
    // Looking never proposes: proposals are stored by the events that cause them.
    const escalation = await viewEscalations(db, orgId, school, ctx);
    const meetingActions = await actionsOf(db, orgId, { meetingIds: data.meetings.map((m) => m.id) });
    const concerns = (await concernsFor(db, orgId, school.urn)).map((c) => ({ ...c, groundText: CONCERN_GROUND_CHOICES.find((g) => g.value === c.ground)?.text ?? c.ground }));
    return reply.render(
      'engagement/core-group.njk',
      {
        title: `${school.name}: Core Group`,
        school,
        ...data,
        meetings: data.meetings.map((m) => ({ ...m, judgementLabel: JUDGEMENT_LABELS[m.judgement], actions: meetingActions.filter((a) => a.meetingId === m.id) })),
        schedule: data.group ? schedule(data.meetings, data.group.cadence, todayIso(), ctx.calendar) : [],
        escalation,
        concerns,
        mayWrite: can(req.principal!, 'engagement:write') && canActOnSchool(req.principal!, school),
        maySignOff: can(req.principal!, 'escalation:sign-off'),
        notice: (req.query as Record<string, string>).notice,
        ...formContext({}, { membership: data.group?.membership.join('\n') ?? '', cadence: data.group?.cadence ?? 'half-termly' }),
        ...extra,
      },
      status,
    );
  }

  app.get('/schools/:urn/core-group', { config: { permission: 'engagement:read' } }, async (req, reply) => {
    const school = await schoolFor(req, false);
    if (!school) return reply.callNotFound();
    return coreGroupView(req, reply, school);
  });

  app.post('/schools/:urn/core-group', { config: { permission: 'engagement:write' } }, async (req, reply) => {
    const school = await schoolFor(req, true);
    if (!school) return reply.callNotFound();
    const input = { membership: field(req, 'membership'), cadence: field(req, 'cadence') };
    // The route of the school's round decides the group: a Walsall school gets an Improvement Review group.
    const route = (await viewEscalations(db, orgId, school, ctx)).state.policy;
    const out = await establishCoreGroup(db, orgId, school.urn, input, actor(req), todayIso(), route.group.meetingType);
    if (!out.ok) return coreGroupView(req, reply, school, formContext(out.errors, input), 400);
    await syncEscalations(db, orgId, school, ctx, actor(req));
    return reply.redirect(`/schools/${school.urn}/core-group?notice=saved`, 303);
  });

  const judgements = JUDGEMENTS.map((j) => ({ value: j, text: JUDGEMENT_LABELS[j] }));
  async function meetingForm(reply: FastifyReply, school: SchoolWithDistrict, c: Record<string, unknown>, status = 200) {
    const data = await coreGroupPage(db, orgId, school.urn);
    if (!data.group) return reply.redirect(`/schools/${school.urn}/core-group`, 303);
    const form = await evaluationFormFromDashboard(db, orgId, school);
    return reply.render('engagement/meeting-form.njk', { title: 'Record a Core Group meeting', school, form, areas: REVIEW_AREAS, judgements, openActions: data.openActions, actionRows: ACTION_ROWS, ...c }, status);
  }

  app.get('/schools/:urn/core-group/meetings/new', { config: { permission: 'engagement:write' } }, async (req, reply) => {
    const school = await schoolFor(req, true);
    if (!school) return reply.callNotFound();
    return meetingForm(reply, school, formContext({}, { areas: [], carry: {} }));
  });

  app.post('/schools/:urn/core-group/meetings/new', { config: { permission: 'engagement:write' } }, async (req, reply) => {
    const school = await schoolFor(req, true);
    if (!school) return reply.callNotFound();
    const date = dateField(req, 'date');
    const body = req.body as Record<string, unknown>;
    const carry: Record<number, string> = {};
    const findings: Record<string, string> = {};
    for (const [k, v] of Object.entries(body ?? {})) {
      if (k.startsWith('carry-') && typeof v === 'string') carry[Number(k.slice(6))] = v;
      if (k.startsWith('findings-') && typeof v === 'string') findings[k.slice(9)] = v;
    }
    const input: MeetingInput = {
      date: date.iso,
      judgement: field(req, 'judgement'),
      notes: field(req, 'notes'),
      schoolCommentary: field(req, 'schoolCommentary'),
      areas: fieldList(req, 'areas'),
      findings,
      carry,
      newActions: actionRows(req),
    };
    const out = await recordMeeting(db, orgId, school, input, ctx, actor(req), todayIso());
    if (!out.ok) return meetingForm(reply, school, formContext(renameDate(out.errors), { ...input, date: date.parts }), 400);
    return reply.redirect(`/schools/${school.urn}/core-group?notice=meeting`, 303);
  });
}

/** Each date input's first box carries the error link, as GOV.UK's date pattern expects. */
function renameDate(errors: Record<string, string>): Record<string, string> {
  return dateErrorsToDay(errors, ['date', ...Array.from({ length: ACTION_ROWS }, (_, i) => `action-${i}-due`)]);
}
