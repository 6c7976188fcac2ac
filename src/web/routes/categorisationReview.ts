// The in-year "needs review" queue: open flags by school, newest first; recording a review uses the
// moderation domain on the school's confirmed entry and marks its flags considered.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canActOnSchool, canSeeSchool } from '../../domain/access/policy.js';
import { REVIEW_ROLES } from '../../domain/moderation/index.js';
import { readerOf, visibleFlags } from '../../domain/access/redaction.js';
import { latestConfirmedEntry, schoolAddresses } from '../../repositories/categorisation.js';
import { listOpenFlags, recordSchoolReview } from '../../services/reviewFlags.js';
import { loadRound } from '../../services/rounds.js';
import { field, formContext, type FieldErrors } from '../forms.js';
import type { AppDeps } from '../types.js';
import { moderationFieldErrors, positiveInt, roundActor } from './categorisationShared.js';

export function categorisationReviewRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const orgId = deps.organisation.id;

  async function queue(req: FastifyRequest, reply: FastifyReply, ctx: Record<string, unknown> = formContext({}, {}), status = 200) {
    const p = req.principal!;
    // A confidential flag names its kind and date, and its presence alone says the LA holds something.
    const flags = visibleFlags(await listOpenFlags(db, orgId), readerOf(p));
    const schools = new Map((await schoolAddresses(db, orgId, [...new Set(flags.map((f) => f.urn))])).map((s) => [s.urn, s]));
    const mayReview = p.role === 'admin' || REVIEW_ROLES.includes(p.role);
    const groups = new Map<number, { urn: number; name: string; flags: typeof flags; current: { category: string | null; round: string; roundId: number; codes: string[] } | null; canReview: boolean }>();
    for (const f of flags) {
      const s = schools.get(f.urn);
      if (!s || !canSeeSchool(p, s)) continue;
      let g = groups.get(f.urn);
      if (!g) {
        const latest = await latestConfirmedEntry(db, orgId, f.urn);
        const loaded = latest && (await loadRound(db, orgId, latest.round.id));
        g = {
          urn: f.urn,
          name: s.name,
          flags: [],
          current: latest && loaded ? { category: latest.entry.currentCategory, round: latest.round.label, roundId: latest.round.id, codes: loaded.codes } : null,
          canReview: mayReview && canActOnSchool(p, s),
        };
        groups.set(f.urn, g);
      }
      g.flags.push(f);
    }
    return reply.render('categorisation/review.njk', { title: 'Schools needing review', groups: [...groups.values()], notice: (req.query as { notice?: string }).notice, ...ctx }, status);
  }

  app.get('/categorisation/review', { config: { permission: 'categorisation:read' } }, async (req, reply) => queue(req, reply));

  app.post('/categorisation/review/:urn', { config: { permission: 'categorisation:moderate' } }, async (req, reply) => {
    const urn = positiveInt((req.params as { urn: string }).urn);
    const [school] = urn ? await schoolAddresses(db, orgId, [urn]) : [];
    if (!school || !canActOnSchool(req.principal!, school)) return reply.callNotFound();
    const values = { urn, category: field(req, 'category'), reason: field(req, 'reason') };
    const outcome = await recordSchoolReview(db, orgId, school.urn, { toCategory: values.category || undefined, reason: values.reason }, roundActor(req));
    if (!outcome.ok) {
      const errs: FieldErrors = moderationFieldErrors(outcome.errors, { 'unknown-category': `category-${urn}`, 'not-confirmed': `category-${urn}` }, `reason-${urn}`);
      return queue(req, reply, { ...formContext(errs, values), failedUrn: urn }, 400);
    }
    return reply.redirect('/categorisation/review?notice=reviewed', 303);
  });
}
