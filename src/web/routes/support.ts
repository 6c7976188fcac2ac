// Support, brokering and commissioning pages (issue 18). Routes stay thin: the service validates,
// writes and audits. A plan outside the reader's view, like a school outside their scope, is "not found".
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can, canActOnSchool, schoolScope } from '../../domain/access/policy.js';
import { MEASURE_BY_CODE } from '../../domain/evidence/measures.js';
import { findArea, loadAreas } from '../../domain/support/index.js';
import { listMeetings } from '../../repositories/engagement.js';
import { getSchool, type SchoolWithDistrict } from '../../repositories/schools.js';
import * as repo from '../../repositories/support.js';
import { todayIso } from '../../services/escalations.js';
import {
  buildLedger,
  changeEndDate,
  DESIGNATIONS,
  endDateChanges,
  IMPACT_LABELS,
  inviteCandidates,
  LEDGER_COLUMNS,
  ledgerRecords,
  mayReadPlan,
  PAYER_LABELS,
  plansFor,
  PROVIDER_KIND_LABELS,
  proposedNeeds,
  providerPerformance,
  providerStatus,
  rateQuality,
  recordImpact,
  recordNeed,
  recordPlan,
  recordProvider,
  recordReport,
  recordStrength,
  signOffPlan,
  strengthsRegister,
  suggestMatches,
  summarisePlans,
  type PlanInput,
} from '../../services/support.js';
import { actorFrom, dateErrorsToDay, dateField, field, formContext } from '../forms.js';
import { toXlsx } from '../xlsx.js';
import type { AppDeps } from '../types.js';

const OUTCOME_ROWS = 3;
const PLAN_DATES = ['startOn', 'endOn', ...Array.from({ length: OUTCOME_ROWS }, (_, i) => `outcome-${i}-targetDate`)];

/** The academic year a date falls in ("2025/26" from 1 September 2025). */
function academicYearOf(iso: string): string {
  const y = Number(iso.slice(0, 4));
  const start = Number(iso.slice(5, 7)) >= 9 ? y : y - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

export function supportRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const orgId = deps.organisation.id;
  const areas = loadAreas();
  const measureItems = [{ value: '', text: 'No dashboard measure (describe the outcome)' }, ...[...MEASURE_BY_CODE.values()].filter((m) => m.higherIsBetter !== null && !m.lastYear).map((m) => ({ value: m.code, text: m.label }))];

  async function schoolFor(req: FastifyRequest, write: boolean): Promise<SchoolWithDistrict | null> {
    const urn = Number((req.params as { urn: string }).urn);
    if (!Number.isInteger(urn) || urn <= 0) return null;
    const school = await getSchool(db, orgId, urn, schoolScope(req.principal!));
    if (!school) return null;
    return write && !canActOnSchool(req.principal!, school) ? null : school;
  }

  async function planFor(req: FastifyRequest) {
    const id = Number((req.params as { id: string }).id);
    if (!Number.isInteger(id) || id <= 0) return null;
    const plan = await repo.getPlan(db, orgId, id);
    if (!plan) return null;
    const [provider, school] = await Promise.all([repo.getProvider(db, orgId, plan.providerId), getSchool(db, orgId, plan.urn, { kind: 'all' })]);
    return mayReadPlan(req.principal!, plan, provider, school) ? { plan, provider, school: school! } : null;
  }

  // ------------------------------------------------------------------ officers' overview and register
  app.get('/support', { config: { permission: 'support:read' } }, async (req, reply) => {
    const summaries = await summarisePlans(db, orgId, await plansFor(db, orgId, req.principal!));
    return reply.render('support/index.njk', { title: 'Support and commissioning', summaries, impactLabels: IMPACT_LABELS, year: academicYearOf(todayIso()) });
  });

  async function registerPage(req: FastifyRequest, reply: FastifyReply, c: Record<string, unknown>, status = 200) {
    const mayWrite = can(req.principal!, 'support:write');
    const [register, candidates] = await Promise.all([strengthsRegister(db, orgId), mayWrite ? inviteCandidates(db, orgId) : []]);
    return reply.render(
      'support/register.njk',
      { title: 'Strengths register', register: register.map((e) => ({ ...e, status: providerStatus(e) })), candidates, kindLabels: PROVIDER_KIND_LABELS, mayWrite, notice: (req.query as Record<string, string>).notice, ...c },
      status,
    );
  }

  app.get('/support/register', { config: { permission: 'support:read' } }, async (req, reply) => registerPage(req, reply, formContext({}, {})));

  const providerForm = (reply: FastifyReply, c: Record<string, unknown>, status = 200) =>
    reply.render('support/provider-form.njk', { title: 'Add a provider to the strengths register', kinds: Object.entries(PROVIDER_KIND_LABELS).map(([value, text]) => ({ value, text })), designations: DESIGNATIONS, ...c }, status);

  app.get('/support/providers/new', { config: { permission: 'support:write' } }, async (_req, reply) => providerForm(reply, formContext({}, {})));

  app.post('/support/providers', { config: { permission: 'support:write' } }, async (req, reply) => {
    const input = { kind: field(req, 'kind'), name: field(req, 'name'), urn: field(req, 'urn'), designation: field(req, 'designation'), postcode: field(req, 'postcode'), accountEmail: field(req, 'accountEmail') };
    const out = await recordProvider(db, orgId, input, actorFrom(req));
    // The register's "Invite" buttons post here too, and come back to the register's list.
    const fromRegister = field(req, 'from') === 'register';
    if (!out.ok) return fromRegister ? registerPage(req, reply, formContext(out.errors, input), 400) : providerForm(reply, formContext(out.errors, input), 400);
    return reply.redirect(fromRegister ? `/support/register?notice=invited` : `/support/providers/${out.row.id}/strengths/new`, 303);
  });

  async function strengthForm(req: FastifyRequest, reply: FastifyReply, c: Record<string, unknown>, status = 200) {
    const provider = await repo.getProvider(db, orgId, Number((req.params as { id: string }).id) || 0);
    if (!provider) return reply.callNotFound();
    return reply.render('support/strength-form.njk', { title: `Add a strength: ${provider.name}`, provider, areas, ...c }, status);
  }

  app.get('/support/providers/:id/strengths/new', { config: { permission: 'support:write' } }, async (req, reply) => strengthForm(req, reply, formContext({}, {})));

  app.post('/support/providers/:id/strengths/new', { config: { permission: 'support:write' } }, async (req, reply) => {
    const declared = dateField(req, 'declaredOn');
    const input = { area: field(req, 'area'), evidenceKind: field(req, 'evidenceKind'), evidence: field(req, 'evidence'), declaredOn: declared.iso, capacity: field(req, 'capacity'), available: field(req, 'available'), availability: field(req, 'availability') };
    const out = await recordStrength(db, orgId, Number((req.params as { id: string }).id) || 0, input, actorFrom(req));
    if (!out.ok) return strengthForm(req, reply, formContext(dateErrorsToDay(out.errors, ['declaredOn']), { ...input, declaredOn: declared.parts }), 400);
    return reply.redirect('/support/register?notice=strength', 303);
  });

  // ------------------------------------------------------------------ a school's needs and brokering
  async function schoolPage(req: FastifyRequest, reply: FastifyReply, school: SchoolWithDistrict, c: Record<string, unknown>, status = 200) {
    const p = req.principal!;
    const [needs, proposed, plans] = await Promise.all([repo.needsOf(db, orgId, school.urn), proposedNeeds(db, orgId, school), repo.listPlans(db, orgId, { urns: [school.urn] })]);
    return reply.render(
      'support/school.njk',
      {
        title: `Support: ${school.name}`,
        school,
        needs: needs.map((n) => ({ ...n, areaLabel: findArea(n.areaId)?.label ?? n.areaId })),
        proposed,
        summaries: await summarisePlans(db, orgId, plans),
        areas,
        impactLabels: IMPACT_LABELS,
        mayWrite: can(p, 'support:write') && canActOnSchool(p, school),
        notice: (req.query as Record<string, string>).notice,
        ...c,
      },
      status,
    );
  }

  app.get('/schools/:urn/support', { config: { permission: 'support:read' } }, async (req, reply) => {
    const school = await schoolFor(req, false);
    return school ? schoolPage(req, reply, school, formContext({}, { identifiedOn: null })) : reply.callNotFound();
  });

  app.post('/schools/:urn/support/needs', { config: { permission: 'support:write' } }, async (req, reply) => {
    const school = await schoolFor(req, true);
    if (!school) return reply.callNotFound();
    const on = dateField(req, 'identifiedOn');
    const input = { area: field(req, 'area'), source: field(req, 'source'), description: field(req, 'description'), identifiedOn: on.iso };
    const out = await recordNeed(db, orgId, school, input, actorFrom(req));
    if (!out.ok) return schoolPage(req, reply, school, formContext(dateErrorsToDay(out.errors, ['identifiedOn']), { ...input, identifiedOn: on.parts }), 400);
    return reply.redirect(`/schools/${school.urn}/support/needs/${out.row.id}`, 303);
  });

  function planValues(req: FastifyRequest): { input: PlanInput; values: Record<string, unknown> } {
    const start = dateField(req, 'startOn');
    const end = dateField(req, 'endOn');
    const outcomeDates = Array.from({ length: OUTCOME_ROWS }, (_, i) => dateField(req, `outcome-${i}-targetDate`));
    const input: PlanInput = {
      needId: field(req, 'needId'),
      strengthId: field(req, 'strengthId'),
      providerId: field(req, 'providerId'),
      specification: field(req, 'specification'),
      outcomes: outcomeDates.map((d, i) => ({ measure: field(req, `outcome-${i}-measure`), description: field(req, `outcome-${i}-description`), target: field(req, `outcome-${i}-target`), targetDate: d.iso })),
      startOn: start.iso,
      endOn: end.iso,
      days: field(req, 'days'),
      budget: field(req, 'budget'),
      payer: field(req, 'payer'),
      purpose: field(req, 'purpose'),
      reportingLine: field(req, 'reportingLine'),
      confidentiality: field(req, 'confidentiality'),
      recompense: field(req, 'recompense'),
    };
    const values: Record<string, unknown> = { ...input, startOn: start.parts, endOn: end.parts };
    input.outcomes.forEach((o, i) => {
      values[`outcome-${i}-measure`] = o.measure;
      values[`outcome-${i}-description`] = o.description;
      values[`outcome-${i}-target`] = o.target;
      values[`outcome-${i}-targetDate`] = outcomeDates[i].parts;
    });
    return { input, values };
  }

  async function brokerPage(req: FastifyRequest, reply: FastifyReply, school: SchoolWithDistrict, c: Record<string, unknown>, status = 200) {
    const need = await repo.getNeed(db, orgId, Number((req.params as { id: string }).id) || 0);
    if (!need || need.urn !== school.urn) return reply.callNotFound();
    const matches = await suggestMatches(db, orgId, school, need.areaId);
    const p = req.principal!;
    return reply.render(
      'support/broker.njk',
      { title: `Broker support: ${findArea(need.areaId)?.label ?? need.areaId}`, school, need, matches, measureItems, outcomeRows: OUTCOME_ROWS, mayWrite: can(p, 'support:write') && canActOnSchool(p, school), ...c },
      status,
    );
  }

  app.get('/schools/:urn/support/needs/:id', { config: { permission: 'support:read' } }, async (req, reply) => {
    const school = await schoolFor(req, false);
    return school ? brokerPage(req, reply, school, formContext({}, {})) : reply.callNotFound();
  });

  app.post('/schools/:urn/support/needs/:id', { config: { permission: 'support:write' } }, async (req, reply) => {
    const school = await schoolFor(req, true);
    if (!school) return reply.callNotFound();
    const { input, values } = planValues(req);
    input.needId = String((req.params as { id: string }).id);
    const out = await recordPlan(db, orgId, school, 'agreement', input, actorFrom(req));
    if (!out.ok) return brokerPage(req, reply, school, formContext(dateErrorsToDay(out.errors, PLAN_DATES), values), 400);
    return reply.redirect(`/support/plans/${out.row.id}?notice=recorded`, 303);
  });

  async function commissionForm(reply: FastifyReply, school: SchoolWithDistrict, c: Record<string, unknown>, status = 200) {
    const [needs, providers] = await Promise.all([repo.needsOf(db, orgId, school.urn), repo.listProviders(db, orgId)]);
    return reply.render(
      'support/commission-form.njk',
      {
        title: `Commission support: ${school.name}`,
        school,
        needs: needs.filter((n) => n.status === 'open').map((n) => ({ value: String(n.id), text: `${findArea(n.areaId)?.label ?? n.areaId} (${n.identifiedOn}): ${n.description}` })),
        providers: providers.filter((x) => x.kind !== 'school' && x.active).map((x) => ({ value: String(x.id), text: `${x.name}${x.designation ? ` (${x.designation})` : ''}` })),
        measureItems,
        outcomeRows: OUTCOME_ROWS,
        ...c,
      },
      status,
    );
  }

  app.get('/schools/:urn/support/commissions/new', { config: { permission: 'support:write' } }, async (req, reply) => {
    const school = await schoolFor(req, true);
    return school ? commissionForm(reply, school, formContext({}, { needId: (req.query as Record<string, string>).need ?? '' })) : reply.callNotFound();
  });

  app.post('/schools/:urn/support/commissions/new', { config: { permission: 'support:write' } }, async (req, reply) => {
    const school = await schoolFor(req, true);
    if (!school) return reply.callNotFound();
    const { input, values } = planValues(req);
    const out = await recordPlan(db, orgId, school, 'commission', input, actorFrom(req));
    if (!out.ok) return commissionForm(reply, school, formContext(dateErrorsToDay(out.errors, PLAN_DATES), values), 400);
    return reply.redirect(`/support/plans/${out.row.id}?notice=recorded`, 303);
  });

  // ------------------------------------------------------------------ one agreement or commission
  async function planPage(req: FastifyRequest, reply: FastifyReply, c: Record<string, unknown> = {}, status = 200) {
    const found = await planFor(req);
    if (!found) return reply.callNotFound();
    const { plan, provider, school } = found;
    const p = req.principal!;
    const [summary] = await summarisePlans(db, orgId, [plan]);
    const officer = can(p, 'support:write') && canActOnSchool(p, school);
    const meetings = plan.status === 'awaiting_sign_off' && officer ? await listMeetings(db, orgId, plan.urn) : [];
    const today = todayIso();
    return reply.render(
      'support/plan.njk',
      {
        title: `${plan.kind === 'agreement' ? 'Support agreement' : 'Commission'}: ${school.name}`,
        plan,
        provider,
        school,
        summary,
        areaLabel: findArea(plan.areaId)?.label ?? plan.areaId,
        payerLabel: PAYER_LABELS[plan.payer],
        seesFundingReason: can(p, 'support:read') || can(p, 'support:contracts'),
        impactLabels: IMPACT_LABELS,
        meetings: meetings.map((m) => ({ value: String(m.id), text: `${m.meetingDate}: ${m.judgement.replace(/_/g, ' ')}` })),
        maySignOff: officer && plan.status === 'awaiting_sign_off',
        mayReport: can(p, 'support:provider') && provider?.userId === p.userId && plan.status === 'active' && !plan.impact,
        mayRate: can(p, 'support:own-school') && p.schoolUrns.includes(plan.urn) && plan.status === 'active',
        mayJudge: officer && plan.status === 'active' && today >= plan.endOn,
        mayChangeEnd: officer && !plan.impact,
        endChanges: await endDateChanges(db, orgId, plan.id),
        notice: (req.query as Record<string, string>).notice,
        ...formContext({}, {}),
        ...c,
      },
      status,
    );
  }

  app.get('/support/plans/:id', { config: { permission: 'account:self' } }, async (req, reply) => planPage(req, reply));

  app.post('/support/plans/:id/sign-off', { config: { permission: 'support:write' } }, async (req, reply) => {
    const found = await planFor(req);
    if (!found || !canActOnSchool(req.principal!, found.school)) return reply.callNotFound();
    const input = { meetingId: field(req, 'meetingId') };
    const out = await signOffPlan(db, orgId, found.plan, input, actorFrom(req));
    if (!out.ok) return planPage(req, reply, formContext(out.errors, input), 400);
    return reply.redirect(`/support/plans/${found.plan.id}?notice=signed-off`, 303);
  });

  app.post('/support/plans/:id/reports', { config: { permission: 'support:provider' } }, async (req, reply) => {
    const found = await planFor(req);
    if (!found || found.provider?.userId !== req.principal!.userId) return reply.callNotFound();
    const on = dateField(req, 'reportedOn');
    const input = { reportedOn: on.iso, progress: field(req, 'progress'), daysUsed: field(req, 'daysUsed') };
    const out = await recordReport(db, orgId, found.plan, input, actorFrom(req));
    if (!out.ok) return planPage(req, reply, formContext(dateErrorsToDay(out.errors, ['reportedOn']), { ...input, reportedOn: on.parts }), 400);
    return reply.redirect(`/support/plans/${found.plan.id}?notice=reported`, 303);
  });

  app.post('/support/plans/:id/rating', { config: { permission: 'support:own-school' } }, async (req, reply) => {
    const found = await planFor(req);
    if (!found || !req.principal!.schoolUrns.includes(found.plan.urn)) return reply.callNotFound();
    const input = { rating: field(req, 'rating'), comment: field(req, 'comment') };
    const out = await rateQuality(db, orgId, found.plan, input, actorFrom(req));
    if (!out.ok) return planPage(req, reply, formContext(out.errors, input), 400);
    return reply.redirect(`/support/plans/${found.plan.id}?notice=rated`, 303);
  });

  app.post('/support/plans/:id/end-date', { config: { permission: 'support:write' } }, async (req, reply) => {
    const found = await planFor(req);
    if (!found || !canActOnSchool(req.principal!, found.school)) return reply.callNotFound();
    const end = dateField(req, 'endOn');
    const input = { endOn: end.iso, reason: field(req, 'endReason') };
    const out = await changeEndDate(db, orgId, found.plan, input, actorFrom(req));
    if (!out.ok) return planPage(req, reply, formContext(dateErrorsToDay(out.errors, ['endOn']), { endOn: end.parts, endReason: input.reason }), 400);
    return reply.redirect(`/support/plans/${found.plan.id}?notice=end-changed`, 303);
  });

  app.post('/support/plans/:id/impact', { config: { permission: 'support:write' } }, async (req, reply) => {
    const found = await planFor(req);
    if (!found || !canActOnSchool(req.principal!, found.school)) return reply.callNotFound();
    const input = { note: field(req, 'note') };
    const out = await recordImpact(db, orgId, found.plan, input, actorFrom(req));
    if (!out.ok) return planPage(req, reply, formContext(out.errors, input), 400);
    return reply.redirect(`/support/plans/${found.plan.id}?notice=judged`, 303);
  });

  // ------------------------------------------------------------------ provider, school, contract manager
  app.get('/provider', { config: { permission: 'support:provider' } }, async (req, reply) => {
    const summaries = await summarisePlans(db, orgId, await plansFor(db, orgId, req.principal!));
    return reply.render('support/mine.njk', { title: 'Your commissions and agreements', summaries, impactLabels: IMPACT_LABELS, forProvider: true });
  });

  app.get('/my-school/support', { config: { permission: 'support:own-school' } }, async (req, reply) => {
    const summaries = await summarisePlans(db, orgId, await plansFor(db, orgId, req.principal!));
    return reply.render('support/mine.njk', { title: 'Support for and from your school', summaries, impactLabels: IMPACT_LABELS, ownUrns: req.principal!.schoolUrns });
  });

  app.get('/support/contracts', { config: { permission: 'support:contracts' } }, async (_req, reply) => {
    const perf = await providerPerformance(db, orgId);
    return reply.render('support/contracts.njk', { title: 'Commissions: provider performance', ...perf, impactLabels: IMPACT_LABELS, payerLabels: PAYER_LABELS });
  });

  // ------------------------------------------------------------------ ledger
  function ledgerYear(req: FastifyRequest): string {
    const y = (req.query as Record<string, string>).year;
    return typeof y === 'string' && /^\d{4}\/\d{2}$/.test(y) ? y : academicYearOf(todayIso());
  }

  app.get('/support/ledger', { config: { permission: 'support:ledger' } }, async (req, reply) => {
    const year = ledgerYear(req);
    let ledger;
    try {
      ledger = await buildLedger(db, orgId, year, req.principal!);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      ledger = await buildLedger(db, orgId, academicYearOf(todayIso()), req.principal!);
    }
    return reply.render('support/ledger.njk', { title: `Support days and charges ${ledger.year}`, ledger, records: ledgerRecords(ledger.rows), columns: LEDGER_COLUMNS });
  });

  app.get('/support/ledger.xlsx', { config: { permission: 'support:ledger' } }, async (req, reply) => {
    const year = ledgerYear(req);
    const ledger = await buildLedger(db, orgId, year, req.principal!).catch(() => buildLedger(db, orgId, academicYearOf(todayIso()), req.principal!));
    const body = await toXlsx(`Ledger ${ledger.year}`, LEDGER_COLUMNS, ledgerRecords(ledger.rows));
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="support-ledger-${ledger.year.replace('/', '-')}.xlsx"`)
      .send(body);
  });
}
