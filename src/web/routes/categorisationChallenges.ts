// A school's view of its own confirmed category with the plain-words explanation, its challenge,
// and the officers' list of challenges with the response form.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canActOnSchool, canSeeSchool, schoolScope } from '../../domain/access/policy.js';
import { CHALLENGER_ROLES, RESPONDER_ROLES } from '../../domain/moderation/index.js';
import { readerOf, redactResult } from '../../domain/access/redaction.js';
import { withheldWordingFor } from '../../services/laConfig.js';
import type { CategorisationResult } from '../../domain/categorisation/index.js';
import { engagementFor, summariseForLetter } from '../../domain/categorisation/index.js';
import { explanationBullets, missingEvidenceNotes } from '../../letters/index.js';
import { getEntryById, latestConfirmedEntry, listLetters, schoolAddresses } from '../../repositories/categorisation.js';
import { challengeBody, getChallenge, listChallenges, respondChallenge, submitChallenge } from '../../services/challenges.js';
import { loadRound } from '../../services/rounds.js';
import { field, formContext } from '../forms.js';
import type { AppDeps } from '../types.js';
import { moderationFieldErrors, positiveInt, roundActor } from './categorisationShared.js';

const STATUS_LABELS: Record<string, string> = { open: 'Awaiting response', upheld: 'Upheld', not_upheld: 'Not upheld', withdrawn: 'Withdrawn' };

export function categorisationChallengeRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const orgId = deps.organisation.id;
  const wording = withheldWordingFor(deps.organisation);

  /** The user's own school(s): a head teacher or chair has one; a sponsor may have several. */
  async function ownSchools(req: FastifyRequest) {
    const s = schoolScope(req.principal!);
    const urns = s.kind === 'limited' ? s.urns : [];
    const out = [];
    for (const school of await schoolAddresses(db, orgId, urns)) {
      const latest = await latestConfirmedEntry(db, orgId, school.urn);
      if (!latest) {
        out.push({ school, latest: null });
        continue;
      }
      const loaded = (await loadRound(db, orgId, latest.round.id))!;
      const result = latest.entry.result as CategorisationResult;
      const category = loaded.policy.categories.find((c) => c.code === latest.entry.currentCategory);
      const summary = summariseForLetter(result, loaded.policy);
      const challenges = (await listChallenges(db, orgId, { categorisationId: latest.entry.id })).map((c) => ({ ...c, body: challengeBody(c), statusLabel: STATUS_LABELS[c.status] ?? c.status }));
      const [letter] = await listLetters(db, orgId, latest.round.id, [school.urn]);
      out.push({
        school,
        latest: {
          round: latest.round,
          entry: latest.entry,
          category,
          // The category the school now holds, with its own special handling (an academy's offer), as its letter says.
          engagement: engagementFor(loaded.policy, result.specialHandling, latest.entry.currentCategory)?.description ?? summary.engagement,
          summary,
          explanation: explanationBullets(redactResult(result, readerOf(req.principal!), wording), loaded.policy),
          gaps: missingEvidenceNotes(result, loaded.policy),
          moved: latest.entry.currentCategory !== latest.entry.proposedCategory,
          categories: [...loaded.policy.categories].sort((a, b) => a.order - b.order).filter((c) => c.code !== latest.entry.currentCategory),
          challenges,
          openChallenge: challenges.some((c) => c.status === 'open'),
          letter,
        },
      });
    }
    return out;
  }

  const own = async (req: FastifyRequest, reply: FastifyReply, ctx: Record<string, unknown> = formContext({}, {}), status = 200) =>
    reply.render(
      'categorisation/my-school.njk',
      { title: 'Your school’s category', schools: await ownSchools(req), mayChallenge: CHALLENGER_ROLES.includes(req.principal!.role), notice: (req.query as { notice?: string }).notice, ...ctx },
      status,
    );

  app.get('/my-school/category', { config: { permission: 'categorisation:own-school' } }, async (req, reply) => own(req, reply));

  app.post('/my-school/category/challenge', { config: { permission: 'categorisation:own-school' } }, async (req, reply) => {
    const urn = positiveInt(field(req, 'urn'));
    const s = schoolScope(req.principal!);
    if (!urn || s.kind !== 'limited' || !s.urns.includes(urn)) return reply.callNotFound();
    const latest = await latestConfirmedEntry(db, orgId, urn);
    if (!latest) return reply.callNotFound();
    const values = { grounds: field(req, 'grounds'), evidence: field(req, 'evidence'), requestedCategory: field(req, 'requestedCategory') };
    const outcome = await submitChallenge(db, orgId, latest.entry.id, values, roundActor(req));
    if (!outcome.ok) {
      const errs = moderationFieldErrors(outcome.errors, { 'reason-required': 'grounds', 'evidence-required': 'evidence', 'unknown-category': 'requestedCategory' }, 'grounds');
      return own(req, reply, formContext(errs, values), 400);
    }
    return reply.redirect('/my-school/category?notice=challenged', 303);
  });

  async function challengeRows(req: FastifyRequest) {
    const rows = await listChallenges(db, orgId);
    const schools = new Map((await schoolAddresses(db, orgId, [...new Set(rows.map((r) => r.urn))])).map((s) => [s.urn, s]));
    return rows
      .filter((r) => schools.has(r.urn) && canSeeSchool(req.principal!, schools.get(r.urn)!))
      .map((r) => ({ ...r, body: challengeBody(r), school: schools.get(r.urn)!, statusLabel: STATUS_LABELS[r.status] ?? r.status }));
  }

  app.get('/categorisation/challenges', { config: { permission: 'categorisation:read' } }, async (req, reply) =>
    reply.render('categorisation/challenges.njk', { title: 'Challenges to categories', challenges: await challengeRows(req) }),
  );

  async function challengePage(req: FastifyRequest, reply: FastifyReply, ctx: Record<string, unknown> = formContext({}, {}), status = 200) {
    const id = positiveInt((req.params as { id: string }).id);
    const row = id ? await getChallenge(db, orgId, id) : undefined;
    const [school] = row ? await schoolAddresses(db, orgId, [row.urn]) : [];
    if (!row || !school || !canSeeSchool(req.principal!, school)) return reply.callNotFound();
    const entry = (await getEntryById(db, orgId, row.categorisationId))!;
    const loaded = (await loadRound(db, orgId, entry.roundId))!;
    const p = req.principal!;
    return reply.render(
      'categorisation/challenge.njk',
      {
        title: `Challenge from ${school.name}`,
        challenge: { ...row, body: challengeBody(row), statusLabel: STATUS_LABELS[row.status] ?? row.status },
        school,
        entry,
        loaded,
        categories: [...loaded.policy.categories].sort((a, b) => a.order - b.order),
        canRespond: row.status === 'open' && (p.role === 'admin' || RESPONDER_ROLES.includes(p.role)) && canActOnSchool(p, school),
        ...ctx,
      },
      status,
    );
  }

  app.get('/categorisation/challenges/:id', { config: { permission: 'categorisation:read' } }, async (req, reply) => challengePage(req, reply));

  app.post('/categorisation/challenges/:id', { config: { permission: 'categorisation:moderate' } }, async (req, reply) => {
    const id = positiveInt((req.params as { id: string }).id);
    const row = id ? await getChallenge(db, orgId, id) : undefined;
    const [school] = row ? await schoolAddresses(db, orgId, [row.urn]) : [];
    if (!row || !school || !canActOnSchool(req.principal!, school)) return reply.callNotFound();
    const values = { outcome: field(req, 'outcome'), category: field(req, 'category'), reason: field(req, 'reason') };
    const outcome = await respondChallenge(db, orgId, row.id, { outcome: values.outcome, toCategory: values.category || undefined, reason: values.reason }, roundActor(req));
    if (!outcome.ok) {
      const errs = moderationFieldErrors(outcome.errors, { 'reason-required': 'reason', 'unknown-category': 'category', 'category-required': 'category', mismatch: 'outcome' }, 'outcome');
      return challengePage(req, reply, formContext(errs, values), 400);
    }
    return reply.redirect(`/categorisation/challenges/${row.id}`, 303);
  });
}
