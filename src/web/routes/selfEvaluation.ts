// The LA's self-evaluation and action plan (issue 19). Senior leaders and administrators rate and plan;
// district leads read (the records behind a figure limited to their districts' schools). Routes stay
// thin: the service validates, writes and audits.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../domain/access/policy.js';
import { isIsoDate } from '../../domain/calendar/index.js';
import { FIGURE_IDS, RATINGS, ratingLabels, type FigureId } from '../../domain/selfeval/framework.js';
import { todayIso } from '../../services/escalations.js';
import {
  actionPlan,
  addAction,
  addArea,
  computeEvidence,
  currentFramework,
  editAction,
  getAction,
  getArea,
  isOverdue,
  listFrameworkVersions,
  possibleOwners,
  rateHeading,
  ratingsByHeading,
  saveFramework,
  statusLabels,
  type ActionInput,
} from '../../services/selfEvaluation.js';
import { ACTION_STATUSES } from '../../db/schema-selfeval.js';
import { actionPlanDocx, actionPlanXlsx, selfEvaluationDocx, selfEvaluationXlsx } from '../../services/selfEvaluationExport.js';
import { audit } from '../../services/audit.js';
import { actorFrom, dateErrorsToDay, dateField, field, fieldList, formContext, isoToParts } from '../forms.js';
import type { AppDeps } from '../types.js';

const reader = { config: { permission: 'self-evaluation:read' as const } };
const writer = { config: { permission: 'self-evaluation:write' as const } };

/** The as-of date asked for, else today; a malformed one is ignored rather than guessed at. */
export function asOfFrom(req: FastifyRequest): string {
  const v = (req.query as { asOf?: unknown }).asOf;
  return typeof v === 'string' && isIsoDate(v) ? v : todayIso();
}

export function selfEvaluationRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const orgId = deps.organisation.id;

  app.get('/self-evaluation', reader, async (req, reply) => {
    const asOf = asOfFrom(req);
    const [evidence, ratings, current] = await Promise.all([computeEvidence(db, orgId, asOf, req.principal!), ratingsByHeading(db, orgId), currentFramework(db, orgId)]);
    const notice = (req.query as { notice?: string }).notice;
    return reply.render('self-evaluation/index.njk', {
      title: 'Self-evaluation',
      asOf,
      asOfParts: isoToParts(asOf),
      evidence,
      ratings: Object.fromEntries(ratings),
      framework: current,
      canWrite: can(req.principal!, 'self-evaluation:write'),
      ratingLabels,
      notice: notice === 'rated' ? 'Rating saved' : notice === 'framework' ? 'Framework saved as a new version' : null,
    });
  });

  app.get('/self-evaluation/figures/:figure', reader, async (req, reply) => {
    const id = (req.params as { figure: string }).figure;
    if (!(FIGURE_IDS as readonly string[]).includes(id)) return reply.callNotFound();
    const asOf = asOfFrom(req);
    const evidence = await computeEvidence(db, orgId, asOf, req.principal!);
    const { framework } = await currentFramework(db, orgId);
    return reply.render('self-evaluation/figure.njk', { title: evidence.figures[id as FigureId].title, asOf, figure: evidence.figures[id as FigureId], explanation: framework.figures[id as FigureId]?.explanation });
  });

  async function headingPage(req: FastifyRequest, reply: FastifyReply, ctx: Record<string, unknown>, status = 200) {
    const headingId = (req.params as { heading: string }).heading;
    const { framework } = await currentFramework(db, orgId);
    const heading = framework.headings.find((h) => h.id === headingId);
    if (!heading) return reply.callNotFound();
    const revisions = (await ratingsByHeading(db, orgId)).get(heading.id) ?? [];
    const asOf = asOfFrom(req);
    const evidence = await computeEvidence(db, orgId, asOf, req.principal!);
    return reply.render(
      'self-evaluation/heading.njk',
      {
        title: heading.title,
        heading,
        figures: heading.figures.map((f) => evidence.figures[f]),
        asOf,
        revisions,
        canWrite: can(req.principal!, 'self-evaluation:write'),
        ratingItems: RATINGS.map((r) => ({ value: r, text: ratingLabels[r] })),
        ...ctx,
      },
      status,
    );
  }

  app.get('/self-evaluation/headings/:heading', reader, async (req, reply) => {
    const latest = ((await ratingsByHeading(db, orgId)).get((req.params as { heading: string }).heading) ?? [])[0];
    const values = { rating: latest?.rating ?? '', lead: latest?.lead ?? req.user!.displayName, narrative: latest?.narrative ?? '', ratedOn: isoToParts(todayIso()), figureIds: [], otherEvidence: '' };
    return headingPage(req, reply, formContext({}, values));
  });

  app.post('/self-evaluation/headings/:heading', writer, async (req, reply) => {
    const headingId = (req.params as { heading: string }).heading;
    const { framework } = await currentFramework(db, orgId);
    if (!framework.headings.some((h) => h.id === headingId)) return reply.callNotFound();
    const ratedOn = dateField(req, 'ratedOn');
    const input = { headingId, rating: field(req, 'rating'), lead: field(req, 'lead'), narrative: field(req, 'narrative'), ratedOn: ratedOn.iso, figureIds: fieldList(req, 'figureIds'), otherEvidence: field(req, 'otherEvidence') };
    const outcome = await rateHeading(db, orgId, input, { ...actorFrom(req), userId: req.user!.id }, todayIso());
    if (!outcome.ok) return headingPage(req, reply, formContext(dateErrorsToDay(outcome.errors, ['ratedOn']), { ...input, ratedOn: ratedOn.parts }), 400);
    return reply.redirect(`/self-evaluation?notice=rated#heading-${headingId}`, 303);
  });

  const frameworkForm = async (reply: FastifyReply, ctx: Record<string, unknown>, status = 200) => {
    const current = await currentFramework(db, orgId);
    return reply.render('self-evaluation/framework.njk', { title: 'Self-evaluation framework', current, versions: await listFrameworkVersions(db, orgId), ...ctx }, status);
  };

  app.get('/self-evaluation/framework', reader, async (req, reply) => {
    const current = await currentFramework(db, orgId);
    return frameworkForm(reply, { canWrite: can(req.principal!, 'self-evaluation:write'), ...formContext({}, { definition: JSON.stringify(current.framework, null, 2), changeNote: '' }) });
  });

  app.post('/self-evaluation/framework', writer, async (req, reply) => {
    const outcome = await saveFramework(db, orgId, field(req, 'definition'), field(req, 'changeNote'), actorFrom(req));
    if (!outcome.ok) return frameworkForm(reply, { canWrite: true, ...formContext(outcome.errors, { definition: field(req, 'definition'), changeNote: field(req, 'changeNote') }) }, 400);
    return reply.redirect('/self-evaluation?notice=framework', 303);
  });

  // ---- action plan ----

  app.get('/action-plan', reader, async (req, reply) => {
    const today = todayIso();
    const areas = await actionPlan(db, orgId);
    const notice = (req.query as { notice?: string }).notice;
    return reply.render('self-evaluation/action-plan.njk', {
      title: 'Action plan',
      areas: areas.map((a) => ({ ...a, actions: a.actions.map((x) => ({ ...x, overdue: isOverdue(x, today) })) })),
      statusLabels,
      canWrite: can(req.principal!, 'self-evaluation:write'),
      notice: notice === 'area' ? 'Area added' : notice === 'action' ? 'Action saved' : null,
    });
  });

  const headingOptions = async () => (await currentFramework(db, orgId)).framework.headings.map((h) => ({ value: h.id, text: h.title }));

  const areaForm = async (reply: FastifyReply, ctx: Record<string, unknown>, status = 200) =>
    reply.render('self-evaluation/area-form.njk', { title: 'Add an area for improvement', headings: await headingOptions(), ...ctx }, status);

  app.get('/action-plan/areas/new', writer, async (_req, reply) => areaForm(reply, formContext({}, { findingSource: 'inspectors' })));

  app.post('/action-plan/areas', writer, async (req, reply) => {
    const input = { title: field(req, 'title'), headingId: field(req, 'headingId'), finding: field(req, 'finding'), findingSource: field(req, 'findingSource'), aim: field(req, 'aim'), whatMore: field(req, 'whatMore') };
    const outcome = await addArea(db, orgId, input, actorFrom(req));
    if (!outcome.ok) return areaForm(reply, formContext(outcome.errors, input), 400);
    return reply.redirect(`/action-plan?notice=area#area-${outcome.id}`, 303);
  });

  const actionInput = (req: FastifyRequest): { input: ActionInput; parts: unknown } => {
    const due = dateField(req, 'dueOn');
    return {
      input: { text: field(req, 'text'), ownerUserId: field(req, 'ownerUserId'), dueOn: due.iso, status: field(req, 'status'), impact: field(req, 'impact'), indicatorId: field(req, 'indicatorId') },
      parts: due.parts,
    };
  };

  const actionForm = async (reply: FastifyReply, ctx: Record<string, unknown>, status = 200) =>
    reply.render(
      'self-evaluation/action-form.njk',
      { owners: await possibleOwners(db, orgId), statuses: ACTION_STATUSES.map((s) => ({ value: s, text: statusLabels[s] })), ...ctx },
      status,
    );

  app.get('/action-plan/areas/:id/actions/new', writer, async (req, reply) => {
    const area = await getArea(db, orgId, Number((req.params as { id: string }).id));
    if (!area) return reply.callNotFound();
    return actionForm(reply, { title: `Add an action to area ${area.number}`, area, ...formContext({}, { status: 'not_started', ownerUserId: String(req.user!.id) }) });
  });

  app.post('/action-plan/areas/:id/actions', writer, async (req, reply) => {
    const area = await getArea(db, orgId, Number((req.params as { id: string }).id));
    if (!area) return reply.callNotFound();
    const { input, parts } = actionInput(req);
    const outcome = await addAction(db, orgId, area.id, input, actorFrom(req));
    if (!outcome.ok) return actionForm(reply, { title: `Add an action to area ${area.number}`, area, ...formContext(dateErrorsToDay(outcome.errors, ['dueOn']), { ...input, dueOn: parts }) }, 400);
    return reply.redirect(`/action-plan?notice=action#action-${outcome.id}`, 303);
  });

  app.get('/action-plan/actions/:id/edit', writer, async (req, reply) => {
    const action = await getAction(db, orgId, Number((req.params as { id: string }).id));
    if (!action) return reply.callNotFound();
    const values = { ...action, ownerUserId: String(action.ownerUserId), dueOn: isoToParts(action.dueOn), indicatorId: action.indicatorId ?? '' };
    return actionForm(reply, { title: `Update action ${action.areaNumber}.${action.number}`, action, ...formContext({}, values) });
  });

  app.post('/action-plan/actions/:id/edit', writer, async (req, reply) => {
    const action = await getAction(db, orgId, Number((req.params as { id: string }).id));
    if (!action) return reply.callNotFound();
    const { input, parts } = actionInput(req);
    const outcome = await editAction(db, orgId, action, input, actorFrom(req));
    if (!outcome.ok) return actionForm(reply, { title: `Update action ${action.areaNumber}.${action.number}`, action, ...formContext(dateErrorsToDay(outcome.errors, ['dueOn']), { ...input, dueOn: parts }) }, 400);
    return reply.redirect(`/action-plan?notice=action#action-${action.id}`, 303);
  });

  // ---- exports: LA-level figures, ratings and plans only, no school named ----

  const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const send = (reply: FastifyReply, type: string, name: string, body: Buffer) =>
    reply.header('content-type', type).header('content-disposition', `attachment; filename="${name}"`).send(body);

  app.get('/self-evaluation.docx', reader, async (req, reply) => {
    const asOf = asOfFrom(req);
    const body = await selfEvaluationDocx(await computeEvidence(db, orgId, asOf), await ratingsByHeading(db, orgId), deps.organisation.name);
    await audit(db, actorFrom(req), 'self_evaluation.export', { type: 'self_evaluation' }, { after: { format: 'docx', asOf } });
    return send(reply, DOCX, `self-evaluation-${asOf}.docx`, body);
  });

  app.get('/self-evaluation.xlsx', reader, async (req, reply) => {
    const asOf = asOfFrom(req);
    const body = await selfEvaluationXlsx(await computeEvidence(db, orgId, asOf), await ratingsByHeading(db, orgId));
    await audit(db, actorFrom(req), 'self_evaluation.export', { type: 'self_evaluation' }, { after: { format: 'xlsx', asOf } });
    return send(reply, XLSX, `self-evaluation-${asOf}.xlsx`, body);
  });

  app.get('/action-plan.docx', reader, async (req, reply) => {
    const today = todayIso();
    const body = await actionPlanDocx(await actionPlan(db, orgId), deps.organisation.name, today);
    await audit(db, actorFrom(req), 'action_plan.export', { type: 'action_plan' }, { after: { format: 'docx' } });
    return send(reply, DOCX, `action-plan-${today}.docx`, body);
  });

  app.get('/action-plan.xlsx', reader, async (req, reply) => {
    const body = await actionPlanXlsx(await actionPlan(db, orgId));
    await audit(db, actorFrom(req), 'action_plan.export', { type: 'action_plan' }, { after: { format: 'xlsx' } });
    return send(reply, XLSX, `action-plan-${todayIso()}.xlsx`, body);
  });
}
