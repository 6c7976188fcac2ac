// Letters for a confirmed round: start generation in the background, watch progress (the page
// refreshes itself with a meta refresh: no script under our CSP), list and download issued letters.
import type { FastifyInstance } from 'fastify';
import { can, canSeeSchool } from '../../domain/access/policy.js';
import { letterFileName } from '../../letters/index.js';
import { getLetter, listLetters, schoolAddresses } from '../../repositories/categorisation.js';
import { letterJob, startLetterJob } from '../../services/letters.js';
import { listEntries, loadRound } from '../../services/rounds.js';
import { actorFrom } from '../forms.js';
import type { AppDeps } from '../types.js';
import { positiveInt, visible } from './categorisationShared.js';

export function categorisationLetterRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const orgId = deps.organisation.id;

  app.get('/categorisation/rounds/:id/letters', { config: { permission: 'categorisation:read' } }, async (req, reply) => {
    const id = positiveInt((req.params as { id: string }).id);
    const loaded = id ? await loadRound(db, orgId, id) : undefined;
    if (!loaded) return reply.callNotFound();
    const entries = visible(req, await listEntries(db, orgId, loaded.row.id));
    const letters = await listLetters(db, orgId, loaded.row.id, entries.map((e) => e.urn));
    // The newest letter per school is the one issued; earlier ones stay listed as superseded.
    const seen = new Set<number>();
    const rows = letters.map((l) => {
      const current = !seen.has(l.urn);
      seen.add(l.urn);
      return { ...l, current };
    });
    const job = letterJob(orgId, loaded.row.id);
    return reply.render('categorisation/letters.njk', {
      title: `Letters for ${loaded.row.label}`,
      loaded,
      letters: rows,
      job,
      running: job?.status === 'running',
      confirmedSchools: entries.filter((e) => e.stage === 'confirmed').length,
      canGenerate: can(req.principal!, 'categorisation:confirm') && loaded.row.status === 'confirmed',
    });
  });

  app.post('/categorisation/rounds/:id/letters', { config: { permission: 'categorisation:confirm' } }, async (req, reply) => {
    const id = positiveInt((req.params as { id: string }).id);
    const loaded = id ? await loadRound(db, orgId, id) : undefined;
    if (!loaded) return reply.callNotFound();
    if (loaded.row.status !== 'confirmed') return reply.render('errors/problem.njk', { message: 'Letters go out only once the round is confirmed.' }, 400);
    startLetterJob(db, orgId, loaded.row.id, { laName: deps.organisation.name, issuedBy: actorFrom(req) }, (e) => req.log.error({ err: e }, 'letter generation failed'));
    return reply.redirect(`/categorisation/rounds/${loaded.row.id}/letters`, 303);
  });

  // "/letters/123.pdf": one parameter, split here, so the URL reads as the file it returns.
  app.get('/letters/:file', { config: { permission: 'letters:read' } }, async (req, reply) => {
    const m = /^(\d+)\.(docx|pdf)$/.exec((req.params as { file: string }).file);
    const letter = m ? await getLetter(db, orgId, Number(m[1])) : undefined;
    if (!m || !letter) return reply.callNotFound();
    const [school] = await schoolAddresses(db, orgId, [letter.urn]);
    if (!school || !canSeeSchool(req.principal!, school)) return reply.callNotFound();
    const round = await loadRound(db, orgId, letter.roundId);
    const format = m[2] as 'docx' | 'pdf';
    const name = letterFileName({ school: { name: school.name, urn: letter.urn, addressLines: [] }, round: { label: round?.row.label ?? 'round' } }, format);
    return reply
      .header('Content-Disposition', `attachment; filename="${name}"`)
      .header('Cache-Control', 'private, no-store')
      .type(format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .send(format === 'pdf' ? letter.pdf : letter.docx);
  });
}
