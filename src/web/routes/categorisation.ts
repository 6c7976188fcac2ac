// Categorisation rounds on the web: the overview, opening a round, the round's schools, one school's
// explanation with its moderation form and history, and confirming. Rules live in the moderation
// domain and the services; these handlers read the form, check scope and render.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { canActOnSchool, canSeeSchool, schoolScope } from '../../domain/access/policy.js';
import { distribution, movement, OVERRIDE_ROLES, STAGE_ROLES, STAGES, TERMS, transitions, type Stage, type Term } from '../../domain/moderation/index.js';
import { entryFacets, entrySortKeys, listRounds, previousRound, searchEntries, type EntryQuery, type EntrySort } from '../../repositories/categorisation.js';
import type { CategorisationResult } from '../../domain/categorisation/result-types.js';
import { audit } from '../../services/audit.js';
import { listLinks, pageCount, paginationFor, PAGE_SIZE, sendList, sortHeaders, type Column, type ListState } from '../lists.js';
import { readerOf, redactResult, visibleFlags } from '../../domain/access/redaction.js';
import { listOpenFlags } from '../../services/reviewFlags.js';
import { withheldWordingFor } from '../../services/laConfig.js';
import { listPolicies } from '../../services/policies.js';
import { capacityJudgementBlocker, recordCapacityJudgement } from '../../services/adviserJudgements.js';
import { capacityDimension, engagementFor } from '../../domain/categorisation/index.js';
import { MEASURE_BY_CODE } from '../../domain/evidence/measures.js';
import { gapRows } from '../../domain/words/gaps.js';
import { judgementHistory } from '../../repositories/adviserJudgements.js';
import { checkRoundInput, confirmUnchangedProposals, confirmWholeRound, unchangedProposalsSummary, entryWithHistory, listEntries, loadRound, moderateEntry, toEntry } from '../../services/rounds.js';
import { ROUND_JOB } from '../../jobs/handlers.js';
import { enqueueJob } from '../../repositories/jobs.js';
import { actorFrom, dateErrorsToDay, dateField, field, formContext, isoToParts } from '../forms.js';
import type { AppDeps } from '../types.js';
import { renderDistributionChart } from './categorisationChart.js';
import { moderationFieldErrors, positiveInt, roundActor, STAGE_LABELS, STEP_LABELS, visible } from './categorisationShared.js';

const roundQuery = z.object({
  q: z.string().max(100).optional(),
  district: z.string().max(200).optional(),
  phase: z.string().max(100).optional(),
  stage: z.string().max(40).optional(),
  category: z.string().max(40).optional(),
  review: z.enum(['yes', '']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
  sort: z.enum(entrySortKeys).optional(),
  dir: z.enum(['asc', 'desc']).optional(),
  notice: z.string().max(40).optional(),
});

const roundColumns: Column[] = [
  { key: 'name', label: 'School' },
  { key: 'district', label: 'District' },
  { key: 'phase', label: 'Phase' },
  { key: 'proposed', label: 'Proposed' },
  { key: 'current', label: 'Current' },
  { key: 'stage', label: 'Stage' },
  { key: 'review', label: 'Review', sortable: false },
];

const roundExportColumns = [
  { key: 'urn', header: 'URN' },
  { key: 'name', header: 'School' },
  { key: 'district', header: 'District' },
  { key: 'phase', header: 'Phase' },
  { key: 'proposed', header: 'Proposed category' },
  { key: 'current', header: 'Current category' },
  { key: 'stage', header: 'Stage' },
  { key: 'review', header: 'Review' },
  { key: 'reasons', header: 'Rules that decided it' },
  { key: 'stale', header: 'Inspection evidence' },
] as const;

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

  app.get('/categorisation', { config: { ...read.config, pageCache: 'categorisation/overview.njk' } }, async (req, reply) => {
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

  /** The round list's filters, sort and page from the query string; null when they are not valid. */
  function roundListState(req: FastifyRequest, roundId: number) {
    const parsed = roundQuery.safeParse(req.query);
    if (!parsed.success) return null;
    const { page, sort, dir, notice: _n, ...asked } = parsed.data;
    const state: ListState = {
      path: `/categorisation/rounds/${roundId}`,
      filters: Object.fromEntries(Object.entries(asked).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>,
      page: page ?? 1,
      sort: sort ?? 'name',
      dir: dir ?? 'asc',
    };
    return state;
  }

  async function entryQuery(req: FastifyRequest, state: ListState): Promise<EntryQuery> {
    const f = state.filters;
    return {
      scope: schoolScope(req.principal!),
      q: f.q,
      district: f.district,
      phase: f.phase,
      stage: f.stage,
      category: f.category,
      // Only flags this reader may know of: a confidential one must not mark a school.
      urns: f.review === 'yes' ? [...(await flagCounts(req)).keys()] : undefined,
    };
  }

  app.get('/categorisation/rounds/:id', read, async (req, reply) => {
    const loaded = await roundFor(req);
    if (!loaded) return reply.callNotFound();
    const state = roundListState(req, loaded.row.id);
    if (!state) return reply.render('errors/problem.njk', { message: 'The filters are not valid. Clear them and try again.' }, 400);
    const q = req.query as Record<string, string | undefined>;
    const scope = schoolScope(req.principal!);
    const facets = await entryFacets(db, orgId, loaded.row.id, scope);
    const { total: matching, rows } = await searchEntries(db, orgId, loaded.row.id, await entryQuery(req, state), { limit: PAGE_SIZE, offset: (state.page - 1) * PAGE_SIZE }, { key: state.sort, dir: state.dir } as EntrySort);
    const pages = pageCount(matching);
    const flags = await flagCounts(req);
    const links = listLinks(state);
    return reply.render('categorisation/round.njk', {
      title: `Categorisation round ${loaded.row.label}`,
      loaded,
      rows,
      total: facets.total,
      inspectionGaps: facets.inspectionGaps,
      matching,
      page: state.page,
      pages,
      pagination: paginationFor(state, pages),
      headers: sortHeaders(state, roundColumns),
      sortState: { sort: state.sort, dir: state.dir },
      exports: { csv: links.exportHref('csv', `${state.path}/schools`), xlsx: links.exportHref('xlsx', `${state.path}/schools`) },
      counts: Object.fromEntries([...STAGES, 'excluded'].map((s) => [s, facets.stages.get(s) ?? 0])),
      flags: Object.fromEntries(flags),
      filters: state.filters,
      districts: facets.districts,
      phases: facets.phases,
      stageLabels: STAGE_LABELS,
      mayReadConfidential: readerOf(req.principal!).mayReadConfidential,
      canConfirm: req.principal!.role === 'admin' || req.principal!.role === 'senior_leader',
      unchanged: facets.unchanged,
      outstanding: facets.outstanding,
      notice: q.notice,
    });
  });

  // The round's filtered list as a file: the same schools, scope and redaction as the page; audited.
  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/categorisation/rounds/:id/schools.${format}`, read, async (req, reply) => {
      const loaded = await roundFor(req);
      if (!loaded) return reply.callNotFound();
      const state = roundListState(req, loaded.row.id);
      if (!state) return reply.render('errors/problem.njk', { message: 'The filters are not valid. Clear them and try again.' }, 400);
      const reader = readerOf(req.principal!);
      const { rows } = await searchEntries(db, orgId, loaded.row.id, await entryQuery(req, state), null, { key: state.sort, dir: state.dir } as EntrySort);
      const flags = await flagCounts(req);
      const label = (code: string | null) => (code ? `${code}${loaded.policy.categories.find((c) => c.code === code)?.label ? ` (${loaded.policy.categories.find((c) => c.code === code)!.label})` : ''}` : 'not set');
      const out = rows.map((e) => {
        const shown = redactResult(e.result as CategorisationResult, reader, wording);
        return {
          urn: e.urn,
          name: e.name,
          district: e.districtName ?? 'No district',
          phase: e.phase,
          proposed: label(e.proposedCategory),
          current: label(e.currentCategory),
          stage: STAGE_LABELS[e.stage] ?? e.stage,
          review: flags.has(e.urn) || (e.needsReview && reader.mayReadConfidential) ? 'Needs review' : '',
          reasons: [...shown.firedRules.map((f) => f.description), ...(shown.withheld.sentence ? [shown.withheld.sentence] : [])].join('; '),
          stale: shown.staleEvidence?.statement ?? '',
        };
      });
      await audit(db, actorFrom(req), 'categorisation.export', { type: 'round', id: loaded.row.id }, { after: { format, filters: state.filters, rows: out.length } });
      return sendList(reply, format, `round-${loaded.row.label.replace(/[^A-Za-z0-9]+/g, '-')}`, roundExportColumns, out);
    });
  }

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
    const shown = redactResult(data.result, reader, wording);
    const measureLabel = (code: string) => loaded.policy.evidence.measures.find((m) => m.code === code)?.label ?? MEASURE_BY_CODE.get(code)?.label ?? code;
    return reply.render(
      'categorisation/entry.njk',
      {
        title: `${data.row.name}: ${loaded.row.label}`,
        measureLabel,
        gaps: gapRows(shown.missingEvidence, measureLabel),
        // After a change of category the engagement is the current category's, not the proposal's.
        engagement: data.row.currentCategory && data.row.currentCategory !== data.result.category ? (engagementFor(loaded.policy, data.result.specialHandling, data.row.currentCategory) ?? data.result.engagement) : data.result.engagement,
        loaded,
        row: data.row,
        entry: data.entry,
        result: shown,
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
