// Categorisation rounds on the web: the overview, opening a round, the round's schools, one school's
// explanation with its moderation form and history, and confirming. Rules live in the moderation
// domain and the services; these handlers read the form, check scope and render.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { canActOnSchool, canSeeSchool } from '../../domain/access/policy.js';
import { distribution, movement, OVERRIDE_ROLES, STAGE_ROLES, STAGES, TERMS, transitions, type Stage, type Term } from '../../domain/moderation/index.js';
import { listRounds, previousRound } from '../../repositories/categorisation.js';
import { readerOf, redactResult, visibleFlags } from '../../domain/access/redaction.js';
import { listOpenFlags } from '../../services/reviewFlags.js';
import { withheldWordingFor } from '../../services/laConfig.js';
import { listPolicies } from '../../services/policies.js';
import { capacityJudgementBlocker, recordCapacityJudgement } from '../../services/adviserJudgements.js';
import { capacityDimension } from '../../domain/categorisation/index.js';
import { judgementHistory } from '../../repositories/adviserJudgements.js';
import { checkRoundInput, confirmUnchangedProposals, confirmWholeRound, unchangedProposalsSummary, entryWithHistory, listEntries, loadRound, moderateEntry, toEntry } from '../../services/rounds.js';
import { ROUND_JOB } from '../../jobs/handlers.js';
import { enqueueJob } from '../../repositories/jobs.js';
import { dateErrorsToDay, dateField, field, formContext, isoToParts } from '../forms.js';
import type { AppDeps } from '../types.js';
import { renderDistributionChart } from './categorisationChart.js';
import { moderationFieldErrors, positiveInt, roundActor, STAGE_LABELS, STEP_LABELS, visible } from './categorisationShared.js';

const read = { config: { permission: 'categorisation:read' as const } };
const moderate = { config: { permission: 'categorisation:moderate' as const } };
const confirm = { config: { permission: 'categorisation:confirm' as const } };

/** The academic year whose autumn is nearest: September starts a new one. */
function currentAcademicYear(d = new Date()): string {
  const y = d.getUTCMonth() >= 8 ? d.getUTCFullYear() : d.getUTCFullYear() - 1;
  return `${y}/${String((y + 1) % 100).padStart(2, '0')}`;
}

export function categorisationRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const orgId = deps.organisation.id;
  const wording = withheldWordingFor(deps.organisation);

  /** Open flags per school that this reader may know of: a confidential one must not mark a school. */
  async function flagCounts(req: FastifyRequest): Promise<Map<number, number>> {
    const counts = new Map<number, number>();
    for (const f of visibleFlags(await listOpenFlags(db, orgId), readerOf(req.principal!))) counts.set(f.urn, (counts.get(f.urn) ?? 0) + 1);
    return counts;
  }

  async function roundFor(req: FastifyRequest) {
    const id = positiveInt((req.params as { id: string }).id);
    return id ? loadRound(db, orgId, id) : undefined;
  }

  app.get('/categorisation', read, async (req, reply) => {
    const rounds = await listRounds(db, orgId);
    const q = req.query as { round?: string };
    const chosen = rounds.find((r) => String(r.id) === q.round) ?? rounds[0];
    const flags = await flagCounts(req);
    let view: Record<string, unknown> = {};
    if (chosen) {
      const loaded = (await loadRound(db, orgId, chosen.id))!;
      const rows = visible(req, await listEntries(db, orgId, chosen.id));
      const entries = rows.map((r) => toEntry(r, loaded.codes));
      const prev = await previousRound(db, orgId, chosen.id);
      let movementView: Record<string, unknown> | null = null;
      if (prev) {
        const prevLoaded = (await loadRound(db, orgId, prev.id))!;
        const prevEntries = visible(req, await listEntries(db, orgId, prev.id)).map((r) => toEntry(r, prevLoaded.codes));
        movementView = { round: prev, matrix: transitions(prevEntries, entries), movement: movement(prevEntries, entries) };
      }
      const byDistrict = distribution(entries, 'district');
      const byPhase = distribution(entries, 'phase');
      view = {
        loaded,
        byDistrict,
        byPhase,
        districtChart: renderDistributionChart('district', `Categories by district, ${chosen.label}`, byDistrict),
        phaseChart: renderDistributionChart('phase', `Categories by phase, ${chosen.label}`, byPhase),
        movementView,
        needingReview: rows.filter((r) => flags.has(r.urn)).length,
      };
    }
    return reply.render('categorisation/overview.njk', { title: 'Categorisation', rounds, chosen, ...view });
  });

  const newRoundForm = async (reply: import('fastify').FastifyReply, ctx: Record<string, unknown>, status = 200) =>
    reply.render('categorisation/new-round.njk', { title: 'Open a categorisation round', terms: TERMS, policies: await listPolicies(db, orgId), ...ctx }, status);

  app.get('/categorisation/rounds/new', confirm, async (_req, reply) =>
    newRoundForm(reply, formContext({}, { academicYear: currentAcademicYear(), term: 'autumn', policy: 'staffordshire-2014', asOfParts: isoToParts(new Date().toISOString().slice(0, 10)) })),
  );

  // Opening a round categorises every school, which takes seconds: the form is checked at once, the
  // work runs as a job, and the officer watches its progress (then lands on the round).
  app.post('/categorisation/rounds', confirm, async (req, reply) => {
    const asOf = dateField(req, 'asOf');
    const values = { academicYear: field(req, 'academicYear').trim(), term: field(req, 'term'), policy: field(req, 'policy'), asOf: asOf.iso, asOfParts: asOf.parts };
    const [policyId, version] = values.policy.split('@');
    const input = { academicYear: values.academicYear, term: values.term as Term, policyId, policyVersion: version ? Number(version) : undefined, asOf: values.asOf };
    const checked = await checkRoundInput(db, orgId, input, roundActor(req));
    if (checked.errors.length) return newRoundForm(reply, formContext(dateErrorsToDay(Object.fromEntries(checked.errors.map((e) => [e.field, e.message])), ['asOf']), values), 400);
    const { job } = await enqueueJob(db, { organisationId: orgId, kind: ROUND_JOB, payload: { input, actor: roundActor(req) } as unknown as Record<string, unknown>, createdBy: req.user!.email, dedupeKey: `round:create:${checked.label}`, maxAttempts: 2 });
    deps.jobs?.poke();
    return reply.redirect(`/jobs/${job.id}`, 303);
  });

  app.get('/categorisation/rounds/:id', read, async (req, reply) => {
    const loaded = await roundFor(req);
    if (!loaded) return reply.callNotFound();
    const q = req.query as Record<string, string | undefined>;
    const all = visible(req, await listEntries(db, orgId, loaded.row.id));
    const flags = await flagCounts(req);
    const rows = all.filter(
      (e) => (!q.district || (e.districtName ?? 'none') === q.district) && (!q.phase || e.phase === q.phase) && (!q.stage || e.stage === q.stage) && (!q.category || (e.currentCategory ?? 'none') === q.category),
    );
    const counts = Object.fromEntries([...STAGES, 'excluded'].map((s) => [s, all.filter((e) => e.stage === s).length]));
    const everything = loaded.row.status === 'open' && req.principal!.role !== 'district_lead' && req.principal!.role !== 'link_officer' ? await listEntries(db, orgId, loaded.row.id) : all;
    return reply.render('categorisation/round.njk', {
      title: `Categorisation round ${loaded.row.label}`,
      loaded,
      rows,
      total: all.length,
      counts,
      flags: Object.fromEntries(flags),
      filters: q,
      districts: [...new Set(all.map((e) => e.districtName ?? 'none'))].sort(),
      phases: [...new Set(all.map((e) => e.phase))].sort(),
      stageLabels: STAGE_LABELS,
      mayReadConfidential: readerOf(req.principal!).mayReadConfidential,
      canConfirm: req.principal!.role === 'admin' || req.principal!.role === 'senior_leader',
      unchanged: everything.filter((e) => e.stage !== 'confirmed' && e.stage !== 'excluded' && e.currentCategory !== null && e.currentCategory === e.proposedCategory).length,
      outstanding: everything.filter((e) => e.stage !== 'confirmed' && e.stage !== 'excluded').length,
      notice: q.notice,
    });
  });

  async function entryPage(req: FastifyRequest, reply: import('fastify').FastifyReply, ctx: Record<string, unknown> = formContext({}, {}), status = 200) {
    const loaded = await roundFor(req);
    const urn = positiveInt((req.params as { urn: string }).urn);
    const data = loaded && urn ? await entryWithHistory(db, orgId, loaded, urn) : undefined;
    if (!loaded || !data || !canSeeSchool(req.principal!, data.row)) return reply.callNotFound();
    const p = req.principal!;
    const roleMay = (roles: readonly string[]) => p.role === 'admin' || roles.includes(p.role);
    const state = data.entry.state;
    // Offer only the moves this user could make from here; the domain still decides.
    const options: { value: string; text: string }[] = [];
    if (state !== 'excluded') {
      const i = STAGES.indexOf(state as Stage);
      const next = STAGES[i + 1] as Exclude<Stage, 'proposed'> | undefined;
      if (next && roleMay(STAGE_ROLES[next])) options.push({ value: next, text: next === 'confirmed' ? 'Confirm this school’s category' : `Record the ${STAGE_LABELS[next].toLowerCase()}` });
      if (state !== 'proposed' && state !== 'confirmed' && roleMay(STAGE_ROLES[state as Exclude<Stage, 'proposed'>])) options.push({ value: state, text: `Revise the ${STAGE_LABELS[state].toLowerCase()}` });
      if (roleMay(OVERRIDE_ROLES)) {
        for (const s of STAGES.slice(0, i)) options.push({ value: s, text: `Send back to ${STAGE_LABELS[s].toLowerCase()}` });
        options.push({ value: 'excluded', text: 'Exclude from the round (closing or converting)' });
      }
    } else if (roleMay(OVERRIDE_ROLES)) options.push({ value: 'proposed', text: 'Reinstate at the proposed stage' });
    const reader = readerOf(p);
    // The stored "needs review" mark and reason may come from a confidential flag: show only visible ones.
    const reviewFlags = visibleFlags(await listOpenFlags(db, orgId, { urns: [data.row.urn] }), reader);
    const canModerate = loaded.row.status === 'open' && canActOnSchool(p, data.row) && options.length > 0 && (p.role !== 'analyst');
    const categories = [...loaded.policy.categories].sort((a, b) => a.order - b.order);
    const dimension = capacityDimension(loaded.policy);
    const capacity = dimension && {
      dimension,
      history: await judgementHistory(db, orgId, data.row.urn, 'capacityToImprove'),
      canJudge: !capacityJudgementBlocker(loaded.row, { stage: state }, p.role) && canActOnSchool(p, data.row),
    };
    return reply.render(
      'categorisation/entry.njk',
      {
        title: `${data.row.name}: ${loaded.row.label}`,
        loaded,
        row: data.row,
        entry: data.entry,
        result: redactResult(data.result, reader, wording),
        needsReview: reader.mayReadConfidential ? (data.row.needsReview ? [data.row.reviewReason ?? 'Needs review'] : []) : reviewFlags.map((f) => f.reason),
        // Steps recorded before confidential flags were kept out of the "considered" list may still name one.
        steps: reader.mayReadConfidential ? data.steps : data.steps.map((st) => (st.step === 'in_year_review' && st.reason ? { ...st, reason: st.reason.replace(/\s*\(considered: [^)]*\)$/, '') } : st)),
        categories,
        categoryLabel: (code: string | null) => categories.find((c) => c.code === code)?.label ?? 'not set',
        stepOptions: options,
        canModerate,
        capacity,
        stageLabels: STAGE_LABELS,
        stepLabels: STEP_LABELS,
        notice: (req.query as { notice?: string }).notice,
        ...ctx,
      },
      status,
    );
  }

  app.get('/categorisation/rounds/:id/schools/:urn', read, async (req, reply) => entryPage(req, reply));

  app.post('/categorisation/rounds/:id/schools/:urn', moderate, async (req, reply) => {
    const loaded = await roundFor(req);
    const urn = positiveInt((req.params as { urn: string }).urn);
    const data = loaded && urn ? await entryWithHistory(db, orgId, loaded, urn) : undefined;
    if (!loaded || !data || !canActOnSchool(req.principal!, data.row)) return reply.callNotFound();
    const values = { step: field(req, 'step'), category: field(req, 'category'), reason: field(req, 'reason') };
    if (!values.step) return entryPage(req, reply, formContext({ step: 'Choose what you are recording' }, values), 400);
    const outcome = await moderateEntry(db, orgId, loaded.row.id, data.row.urn, { step: values.step, toCategory: values.category || undefined, reason: values.reason }, roundActor(req));
    if (!outcome.ok) {
      const errs = moderationFieldErrors(outcome.errors, { 'reason-required': 'reason', 'unknown-category': 'category', 'category-required': 'category' }, 'step');
      return entryPage(req, reply, formContext(errs, values), 400);
    }
    return reply.redirect(`/categorisation/rounds/${loaded.row.id}/schools/${data.row.urn}?notice=saved`, 303);
  });

  app.post('/categorisation/rounds/:id/schools/:urn/capacity', moderate, async (req, reply) => {
    const loaded = await roundFor(req);
    const urn = positiveInt((req.params as { urn: string }).urn);
    const data = loaded && urn ? await entryWithHistory(db, orgId, loaded, urn) : undefined;
    if (!loaded || !data || !canActOnSchool(req.principal!, data.row)) return reply.callNotFound();
    const values = { capacity: field(req, 'capacity'), capacityReason: field(req, 'capacityReason') };
    const outcome = await recordCapacityJudgement(db, orgId, loaded.row.id, data.row.urn, { value: values.capacity, reason: values.capacityReason }, roundActor(req));
    if (!outcome.ok) {
      const errs = { ...(outcome.errors.value ? { capacity: outcome.errors.value } : {}), ...(outcome.errors.reason ? { capacityReason: outcome.errors.reason } : {}) };
      return entryPage(req, reply, formContext(errs, values), 400);
    }
    return reply.redirect(`/categorisation/rounds/${loaded.row.id}/schools/${data.row.urn}?notice=capacity`, 303);
  });

  // A bulk action that confirms hundreds of categories asks first, saying how many are high concern
  // and how many nobody has looked at; the POST acts only with the explicit answer and the same count.
  const confirmUnchangedPage = async (req: FastifyRequest, reply: import('fastify').FastifyReply, loaded: NonNullable<Awaited<ReturnType<typeof roundFor>>>, ctx: Record<string, unknown> = formContext({}, {}), status = 200) =>
    reply.render('categorisation/confirm-unchanged.njk', { title: `Confirm unchanged proposals in ${loaded.row.label}`, loaded, summary: await unchangedProposalsSummary(db, orgId, loaded), ...ctx }, status);

  app.get('/categorisation/rounds/:id/confirm-unchanged', confirm, async (req, reply) => {
    const loaded = await roundFor(req);
    if (!loaded) return reply.callNotFound();
    return confirmUnchangedPage(req, reply, loaded);
  });

  app.post('/categorisation/rounds/:id/confirm-unchanged', confirm, async (req, reply) => {
    const loaded = await roundFor(req);
    if (!loaded) return reply.callNotFound();
    const summary = await unchangedProposalsSummary(db, orgId, loaded);
    if (field(req, 'answer') === 'no') return reply.redirect(`/categorisation/rounds/${loaded.row.id}`, 303);
    if (field(req, 'answer') !== 'yes') return confirmUnchangedPage(req, reply, loaded, formContext({ answer: `Select yes to confirm ${summary.unchanged} unchanged proposals` }, {}), 400);
    // The page showed one number; if proposals moved meanwhile, show the new numbers and ask again.
    if (field(req, 'expected') !== String(summary.unchanged)) {
      return confirmUnchangedPage(req, reply, loaded, formContext({ answer: `The proposals changed while you were deciding: there are now ${summary.unchanged}. Check the numbers and confirm again` }, {}), 409);
    }
    const outcome = await confirmUnchangedProposals(db, orgId, loaded.row.id, roundActor(req));
    if (!outcome.ok) return reply.render('errors/problem.njk', { message: outcome.errors.map((e) => e.message).join(' ') }, 400);
    return reply.redirect(`/categorisation/rounds/${loaded.row.id}?notice=bulk-confirmed`, 303);
  });

  app.post('/categorisation/rounds/:id/confirm', confirm, async (req, reply) => {
    const loaded = await roundFor(req);
    if (!loaded) return reply.callNotFound();
    const outcome = await confirmWholeRound(db, orgId, loaded.row.id, roundActor(req));
    if (!outcome.ok) return reply.render('errors/problem.njk', { message: outcome.errors.map((e) => e.message).join(' ') }, 400);
    return reply.redirect(`/categorisation/rounds/${loaded.row.id}?notice=confirmed`, 303);
  });
}
