// The strategic view (issue 17): targets against trajectory and district radars. Aggregate figures for
// every reader with reports:aggregate; the schools behind a figure only for readers who may open schools
// (never elected members). Routes stay thin: services/strategic.ts computes.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can } from '../../domain/access/policy.js';
import { loadCalendar } from '../../domain/calendar/index.js';
import { MEETING_LABELS } from '../../domain/engagement/index.js';
import { PLAN_STATUSES, PLAN_STATUS_LABELS, type PlanItemInput } from '../../domain/strategic/plan.js';
import { listDistricts } from '../../repositories/districts.js';
import { getPlanItem, listPlanItems } from '../../repositories/strategic.js';
import { contactCoverageOf } from '../../services/coverage.js';
import { todayIso } from '../../services/escalations.js';
import { addPlanItem, categoryMovement, changePlanItem, districtRadar, targetsOverview } from '../../services/strategic.js';
import { actorFrom, dateErrorsToDay, dateField, field, formContext, isoToParts } from '../forms.js';
import type { AppDeps } from '../types.js';
import { distributionChart, radarChart, targetChart } from './strategyChart.js';

const ISO = /^\d{4}-\d{2}-\d{2}$/;

export function asOfFrom(req: FastifyRequest): string {
  const v = (req.query as Record<string, unknown>)?.asOf;
  return typeof v === 'string' && ISO.test(v) && !Number.isNaN(Date.parse(v)) ? v : new Date().toISOString().slice(0, 10);
}

/** School names appear only for readers who may open school pages (officers, not elected members). */
export function mayNameSchools(req: FastifyRequest): boolean {
  return can(req.principal!, 'schools:read') && req.principal!.role !== 'elected_member';
}

export function strategyRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  app.get('/strategy', { config: { permission: 'reports:aggregate' } }, async (req, reply) => {
    const asOf = asOfFrom(req);
    const overview = await targetsOverview(db, deps.organisation, asOf, { showSchools: mayNameSchools(req) });
    const fmt = (v: number | null) => (v === null ? 'Not held' : String(v));
    return reply.render('strategy/index.njk', {
      title: 'Strategic targets',
      asOf,
      goodOrBetter: overview.goodOrBetter,
      showSchools: mayNameSchools(req),
      targets: overview.targets.map((t) => ({
        ...t,
        chart: targetChart({
          id: String(t.id),
          label: `${t.indicator.label} (${t.scopeLabel})`,
          unit: t.indicator.unit,
          trajectory: t.trajectory,
          actual: t.points.map((p) => ({ date: p.date, value: p.actual })),
        }),
        rows: t.points.map((p) => ({ date: p.date, actual: fmt(p.actual), expected: p.expected, schools: p.schools, pupils: p.pupils })),
        usesGoodOrBetter: t.indicator.id.includes('good-or-better'),
      })),
    });
  });

  const districtOf = async (req: FastifyRequest) => {
    const id = Number((req.params as { id: string }).id);
    if (!Number.isInteger(id)) return undefined;
    return (await listDistricts(db, deps.organisation.id)).find((d) => d.id === id);
  };
  // Senior leaders and administrators edit every district's plan; a district lead only their own.
  const mayEditPlan = (req: FastifyRequest, districtId: number) =>
    can(req.principal!, 'strategy:plan') && (req.principal!.role !== 'district_lead' || req.principal!.districtIds.includes(districtId));

  app.get('/strategy/districts', { config: { permission: 'reports:aggregate' } }, async (_req, reply) =>
    reply.render('strategy/districts.njk', { title: 'District radars', districts: await listDistricts(db, deps.organisation.id) }),
  );

  async function renderDistrict(req: FastifyRequest, reply: import('fastify').FastifyReply, district: { id: number; name: string }, form: { errors?: Record<string, string>; values?: Record<string, unknown> } = {}, status = 200) {
    const asOf = asOfFrom(req);
    const radar = await districtRadar(db, deps.organisation, district, asOf);
    const chart = radarChart({
      id: String(district.id),
      title: `${district.name} against ${deps.organisation.name} and England on ${radar.axes.length} indicators`,
      axes: radar.axes.map((a) => ({ label: a.label, min: a.min, max: a.max })),
      series: [
        { name: district.name, values: radar.rows.map((r) => r.district.value) },
        { name: deps.organisation.name, values: radar.rows.map((r) => r.la.value) },
        { name: 'England', values: radar.rows.map((r) => r.england) },
      ],
    });
    const items = await listPlanItems(db, deps.organisation.id, district.id);
    return reply.render(
      'strategy/district.njk',
      {
        title: `${district.name}: district radar and plan`,
        district,
        asOf,
        radar,
        chart,
        items: items.map((i) => ({ ...i, statusLabel: PLAN_STATUS_LABELS[i.status] })),
        mayEdit: mayEditPlan(req, district.id),
        statuses: PLAN_STATUSES.map((value) => ({ value, text: PLAN_STATUS_LABELS[value] })),
        ...formContext(form.errors ?? {}, form.values ?? { status: 'not_started' }),
      },
      status,
    );
  }

  app.get('/strategy/districts/:id', { config: { permission: 'reports:aggregate' } }, async (req, reply) => {
    const district = await districtOf(req);
    if (!district) return reply.callNotFound();
    return renderDistrict(req, reply, district);
  });

  const planInput = (req: FastifyRequest): { input: PlanItemInput; values: Record<string, unknown> } => {
    const due = dateField(req, 'dueDate');
    const input = { priority: field(req, 'priority'), action: field(req, 'action'), owner: field(req, 'owner'), dueDate: due.iso, status: field(req, 'status') };
    return { input, values: { ...input, dueDate: due.parts } };
  };

  app.post('/strategy/districts/:id/plan', { config: { permission: 'strategy:plan' } }, async (req, reply) => {
    const district = await districtOf(req);
    if (!district) return reply.callNotFound();
    if (!mayEditPlan(req, district.id)) return reply.callNotFound();
    const { input, values } = planInput(req);
    const outcome = await addPlanItem(db, deps.organisation.id, district.id, input, actorFrom(req));
    if (!outcome.ok) return renderDistrict(req, reply, district, { errors: dateErrorsToDay(outcome.errors as Record<string, string>, ['dueDate']), values }, 400);
    return reply.redirect(`/strategy/districts/${district.id}#plan`, 303);
  });

  app.get('/strategy/districts/:id/plan/:item', { config: { permission: 'strategy:plan' } }, async (req, reply) => {
    const district = await districtOf(req);
    const item = district ? await getPlanItem(db, deps.organisation.id, Number((req.params as { item: string }).item) || 0) : undefined;
    if (!district || !item || item.districtId !== district.id) return reply.callNotFound();
    if (!mayEditPlan(req, district.id)) return reply.callNotFound();
    return reply.render('strategy/plan-item.njk', {
      title: `Change a plan line: ${district.name}`,
      district,
      item,
      statuses: PLAN_STATUSES.map((value) => ({ value, text: PLAN_STATUS_LABELS[value] })),
      ...formContext({}, { ...item, dueDate: isoToParts(item.dueDate) }),
    });
  });

  app.post('/strategy/districts/:id/plan/:item', { config: { permission: 'strategy:plan' } }, async (req, reply) => {
    const district = await districtOf(req);
    const itemId = Number((req.params as { item: string }).item) || 0;
    if (!district) return reply.callNotFound();
    if (!mayEditPlan(req, district.id)) return reply.callNotFound();
    const { input, values } = planInput(req);
    const outcome = await changePlanItem(db, deps.organisation.id, district.id, itemId, input, actorFrom(req));
    if (!outcome) return reply.callNotFound();
    if (!outcome.ok) {
      return reply.render(
        'strategy/plan-item.njk',
        { title: `Change a plan line: ${district.name}`, district, item: { id: itemId }, statuses: PLAN_STATUSES.map((value) => ({ value, text: PLAN_STATUS_LABELS[value] })), ...formContext(dateErrorsToDay(outcome.errors as Record<string, string>, ['dueDate']), values) },
        400,
      );
    }
    return reply.redirect(`/strategy/districts/${district.id}#plan`, 303);
  });

  // Contact coverage: officers see each officer's figures and the overdue contacts by school; elected
  // members the LA, district and kind-of-contact figures only (the service drops the rest).
  const calendar = loadCalendar();
  app.get('/strategy/coverage', { config: { permission: 'reports:aggregate' } }, async (req, reply) => {
    const today = todayIso();
    const showNames = mayNameSchools(req);
    const view = await contactCoverageOf(db, deps.organisation.id, today, calendar, { showNames });
    return reply.render('strategy/coverage.njk', {
      title: 'Contact coverage',
      today,
      showNames,
      ...view,
      overdue: view.report.overdue.map((o) => ({ ...o, typeLabel: MEETING_LABELS[o.meetingType] })),
    });
  });

  app.get('/strategy/movement', { config: { permission: 'reports:aggregate' } }, async (req, reply) => {
    const all = await listDistricts(db, deps.organisation.id);
    const wanted = Number((req.query as Record<string, unknown>)?.district);
    const district = all.find((d) => d.id === wanted) ?? null;
    const view = await categoryMovement(db, deps.organisation.id, district);
    const chart = view.rounds.length
      ? distributionChart({
          id: String(district?.id ?? 'la'),
          title: `Schools in each category, round by round: ${district?.name ?? 'whole LA'}`,
          rounds: view.rounds.map((r) => r.label),
          codes: view.codes,
          counts: view.rounds.map((r) => view.codes.map((c) => r.distribution[c.code] ?? 0)),
        })
      : null;
    return reply.render('strategy/movement.njk', { title: 'Category movement', districts: all, district, view, chart });
  });
}
