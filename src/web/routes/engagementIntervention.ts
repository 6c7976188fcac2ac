// A school's stage of concern (designation, the start of a stage-3 intervention with its plan and
// reviews) and the LA's judgements of concern. Recording needs an officer who may act on the school;
// only a senior leader signs a judgement of concern off. Outside the reader's scope looks like "not found".
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can, canActOnSchool, schoolScope } from '../../domain/access/policy.js';
import { dateFromParts } from '../../domain/evidence/intelligence.js';
import { getSchool, type SchoolWithDistrict } from '../../repositories/schools.js';
import { defaultContext, viewEscalations } from '../../services/escalations.js';
import { getConcernJudgement } from '../../repositories/interventions.js';
import { CONCERN_GROUND_CHOICES, concernEvidenceFor, decideConcern, recordConcern, recordInterventionReview, recordStage } from '../../services/interventions.js';
import { actorFrom, field, formContext } from '../forms.js';
import type { AppDeps } from '../types.js';

const MAX_REVIEWS = 3;

/** Blank stays blank ("Enter …"); parts that make no date become "invalid" ("must be a real date"). */
function dateField(req: FastifyRequest, name: string) {
  const parts = { day: field(req, `${name}-day`).trim(), month: field(req, `${name}-month`).trim(), year: field(req, `${name}-year`).trim() };
  const blank = !parts.day && !parts.month && !parts.year;
  return { parts, iso: blank ? '' : (dateFromParts(parts.day, parts.month, parts.year) ?? 'invalid') };
}

/** Date errors sit on the first box of their date input, as GOV.UK's date pattern expects. */
function onDayBox(errors: Record<string, string>, dateFields: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [dateFields.includes(k) || /^review-\d$/.test(k) ? `${k}-day` : k, v]));
}

export function engagementInterventionRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const orgId = deps.organisation.id;
  const ctx = defaultContext(deps.organisation.name);

  async function schoolFor(req: FastifyRequest, write: boolean): Promise<SchoolWithDistrict | null> {
    const urn = Number((req.params as { urn: string }).urn);
    if (!Number.isInteger(urn) || urn <= 0) return null;
    const school = await getSchool(db, orgId, urn, schoolScope(req.principal!));
    if (!school) return null;
    return write && !canActOnSchool(req.principal!, school) ? null : school;
  }

  async function stageForm(reply: FastifyReply, school: SchoolWithDistrict, c: Record<string, unknown>, status = 200) {
    const e = await viewEscalations(db, orgId, school, ctx);
    return reply.render('engagement/stage-form.njk', { title: 'Record a stage of concern', school, stages: e.state.policy.stages, maxReviews: MAX_REVIEWS, ...c }, status);
  }

  app.get('/schools/:urn/stage/new', { config: { permission: 'engagement:write' } }, async (req, reply) => {
    const school = await schoolFor(req, true);
    return school ? stageForm(reply, school, formContext({}, {})) : reply.callNotFound();
  });

  app.post('/schools/:urn/stage/new', { config: { permission: 'engagement:write' } }, async (req, reply) => {
    const school = await schoolFor(req, true);
    if (!school) return reply.callNotFound();
    const started = dateField(req, 'startedOn');
    const reviews = Array.from({ length: MAX_REVIEWS }, (_, i) => dateField(req, `review-${i}`));
    const input = { stage: field(req, 'stage'), startedOn: started.iso, reason: field(req, 'reason'), plan: field(req, 'plan'), planOwner: field(req, 'planOwner'), reviewDates: reviews.map((r) => r.iso) };
    const out = await recordStage(db, orgId, school, input, ctx, actorFrom(req));
    if (!out.ok) {
      const values: Record<string, unknown> = { ...input, startedOn: started.parts };
      reviews.forEach((r, i) => (values[`review-${i}`] = r.parts));
      return stageForm(reply, school, formContext(onDayBox(out.errors, ['startedOn']), values), 400);
    }
    return reply.redirect(`/schools/${school.urn}/core-group?notice=stage`, 303);
  });

  async function reviewForm(reply: FastifyReply, school: SchoolWithDistrict, c: Record<string, unknown>, status = 200) {
    const e = await viewEscalations(db, orgId, school, ctx);
    if (!e.designation) return reply.redirect(`/schools/${school.urn}/core-group`, 303);
    return reply.render('engagement/stage-review.njk', { title: 'Record a review of the intervention', school, stage: e.stage, ...c }, status);
  }

  app.get('/schools/:urn/stage/review', { config: { permission: 'engagement:write' } }, async (req, reply) => {
    const school = await schoolFor(req, true);
    return school ? reviewForm(reply, school, formContext({}, {})) : reply.callNotFound();
  });

  app.post('/schools/:urn/stage/review', { config: { permission: 'engagement:write' } }, async (req, reply) => {
    const school = await schoolFor(req, true);
    if (!school) return reply.callNotFound();
    const on = dateField(req, 'on');
    const input = { on: on.iso, significantImprovement: field(req, 'significantImprovement'), note: field(req, 'note') };
    const out = await recordInterventionReview(db, orgId, school, input, ctx, actorFrom(req));
    if (!out.ok) return reviewForm(reply, school, formContext(onDayBox(out.errors, ['on']), { ...input, on: on.parts }), 400);
    return reply.redirect(`/schools/${school.urn}/core-group?notice=review`, 303);
  });

  async function concernForm(reply: FastifyReply, school: SchoolWithDistrict, c: Record<string, unknown>, status = 200) {
    const e = await viewEscalations(db, orgId, school, ctx);
    const groundRules = e.state.policy.rules.filter((r) => r.kind === 'concern_recorded' || r.kind === 'academy_concern').map((r) => r.title);
    return reply.render('engagement/concern-form.njk', { title: 'Record a judgement of concern', school, grounds: CONCERN_GROUND_CHOICES, groundRules: [...new Set(groundRules)], ...c }, status);
  }

  app.get('/schools/:urn/concerns/new', { config: { permission: 'engagement:write' } }, async (req, reply) => {
    const school = await schoolFor(req, true);
    return school ? concernForm(reply, school, formContext({}, {})) : reply.callNotFound();
  });

  app.post('/schools/:urn/concerns/new', { config: { permission: 'engagement:write' } }, async (req, reply) => {
    const school = await schoolFor(req, true);
    if (!school) return reply.callNotFound();
    const judged = dateField(req, 'judgedOn');
    const input = { ground: field(req, 'ground'), judgedOn: judged.iso, judgedBy: field(req, 'judgedBy'), evidence: field(req, 'evidence'), confidential: field(req, 'confidential') === 'yes' };
    const out = await recordConcern(db, orgId, school, input, actorFrom(req));
    if (!out.ok) return concernForm(reply, school, formContext(onDayBox(out.errors, ['judgedOn']), { ...input, judgedOn: judged.parts }), 400);
    return reply.redirect(`/schools/${school.urn}/concerns/${out.row.id}?notice=recorded`, 303);
  });

  async function concernPage(req: FastifyRequest, reply: FastifyReply, c: Record<string, unknown> = {}, status = 200) {
    const school = await schoolFor(req, false);
    const id = Number((req.params as { id: string }).id);
    const row = school && Number.isInteger(id) && id > 0 ? await getConcernJudgement(db, orgId, id) : null;
    if (!school || !row || row.urn !== school.urn) return reply.callNotFound();
    const ground = CONCERN_GROUND_CHOICES.find((g) => g.value === row.ground)?.text ?? row.ground;
    return reply.render(
      'engagement/concern.njk',
      {
        title: `Judgement of concern: ${school.name}`,
        school,
        row,
        ground,
        evidence: concernEvidenceFor(row, req.principal!),
        mayDecide: can(req.principal!, 'escalation:sign-off') && row.status === 'awaiting_sign_off',
        notice: (req.query as Record<string, string>).notice,
        ...formContext({}, {}),
        ...c,
      },
      status,
    );
  }

  app.get('/schools/:urn/concerns/:id', { config: { permission: 'engagement:read' } }, async (req, reply) => concernPage(req, reply));

  app.post('/schools/:urn/concerns/:id', { config: { permission: 'escalation:sign-off' } }, async (req, reply) => {
    const school = await schoolFor(req, false);
    const id = Number((req.params as { id: string }).id);
    if (!school || !Number.isInteger(id) || id <= 0) return reply.callNotFound();
    const input = { decision: field(req, 'decision'), note: field(req, 'note') };
    const out = await decideConcern(db, orgId, school, id, input, ctx, { ...actorFrom(req), userId: req.user!.id, name: req.user!.displayName });
    if (!out.ok) return concernPage(req, reply, formContext(out.errors, input), 400);
    return reply.redirect(`/schools/${school.urn}/concerns/${id}?notice=${out.row.status}`, 303);
  });
}
