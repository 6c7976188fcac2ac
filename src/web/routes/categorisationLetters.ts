// Letters for a confirmed round: "Generate" queues a durable job (one per round: a second press
// joins it), the page shows its progress (reloaded by a small script file, a meta refresh without script) and failures per
// school, asks for a reason before reissuing, and offers every letter the reader may see as one ZIP.
import { ZipArchive } from 'archiver';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can, canSeeSchool } from '../../domain/access/policy.js';
import { letterFileName } from '../../letters/index.js';
import { getLetter, issuedLettersWithFiles, listLetters, schoolAddresses } from '../../repositories/categorisation.js';
import { listJobItems } from '../../repositories/jobs.js';
import { enqueueLetterJob, letterJob, letterPlan } from '../../services/letters.js';
import { listEntries, loadRound, type LoadedRound } from '../../services/rounds.js';
import { actorFrom, field, formContext } from '../forms.js';
import type { AppDeps } from '../types.js';
import { positiveInt, visible } from './categorisationShared.js';

export function categorisationLetterRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const orgId = deps.organisation.id;

  async function lettersPage(req: FastifyRequest, reply: FastifyReply, loaded: LoadedRound, ctx: Record<string, unknown> = formContext({}, {}), status = 200) {
    const all = await listEntries(db, orgId, loaded.row.id);
    const entries = visible(req, all);
    const seeable = new Set(entries.map((e) => e.urn));
    const letters = await listLetters(db, orgId, loaded.row.id, entries.map((e) => e.urn));
    const job = await letterJob(db, orgId, loaded.row.id);
    const running = job?.status === 'queued' || job?.status === 'running';
    const failures = job ? (await listJobItems(db, job.id, 'failed')).filter((f) => seeable.has(Number(f.itemKey))) : [];
    const confirmedUrns = all.filter((e) => e.stage === 'confirmed').map((e) => e.urn);
    const plan = await letterPlan(db, orgId, loaded.row.id, confirmedUrns);
    const total = job?.progressTotal ?? null;
    return reply.render(
      'categorisation/letters.njk',
      {
        title: `Letters for ${loaded.row.label}`,
        loaded,
        letters,
        job: job && { ...job, percent: total ? Math.floor((100 * job.progressDone) / total) : 0 },
        failures,
        running,
        plan,
        issuedCount: letters.filter((l) => l.status === 'issued').length,
        confirmedSchools: entries.filter((e) => e.stage === 'confirmed').length,
        canGenerate: can(req.principal!, 'categorisation:confirm') && loaded.row.status === 'confirmed',
        ...ctx,
      },
      status,
    );
  }

  const roundOf = async (req: FastifyRequest) => {
    const id = positiveInt((req.params as { id: string }).id);
    return id ? loadRound(db, orgId, id) : undefined;
  };

  app.get('/categorisation/rounds/:id/letters', { config: { permission: 'categorisation:read' } }, async (req, reply) => {
    const loaded = await roundOf(req);
    if (!loaded) return reply.callNotFound();
    return lettersPage(req, reply, loaded);
  });

  app.post('/categorisation/rounds/:id/letters', { config: { permission: 'categorisation:confirm' } }, async (req, reply) => {
    const loaded = await roundOf(req);
    if (!loaded) return reply.callNotFound();
    if (loaded.row.status !== 'confirmed') return reply.render('errors/problem.njk', { message: 'Letters go out only once the round is confirmed.' }, 400);
    const back = `/categorisation/rounds/${loaded.row.id}/letters`;
    // A second press while a job runs joins it: the job is unique per round while queued or running.
    const current = await letterJob(db, orgId, loaded.row.id);
    if (current && (current.status === 'queued' || current.status === 'running')) return reply.redirect(back, 303);
    const confirmedUrns = (await listEntries(db, orgId, loaded.row.id)).filter((e) => e.stage === 'confirmed').map((e) => e.urn);
    const plan = await letterPlan(db, orgId, loaded.row.id, confirmedUrns);
    const reissue = field(req, 'reissue') === 'yes';
    const reason = field(req, 'reason').trim();
    if (plan.mode === 'reissue') {
      // Every school already has its letter: only an explicit reissue with a reason goes ahead.
      if (!reissue) return reply.redirect(back, 303);
      if (!reason) return lettersPage(req, reply, loaded, formContext({ reason: 'Enter why the letters are being reissued' }, { reason }), 400);
    }
    const { job } = await enqueueLetterJob(db, orgId, {
      roundId: loaded.row.id,
      laName: deps.organisation.name,
      mode: plan.mode,
      reason: plan.mode === 'reissue' ? reason : null,
      issuedBy: actorFrom(req),
    });
    deps.jobs?.poke();
    req.log.info({ job: job.id, round: loaded.row.id, mode: plan.mode }, 'letter job queued');
    return reply.redirect(back, 303);
  });

  // Every issued letter of the round the reader may see, streamed as one ZIP (DOCX and PDF each).
  app.get('/categorisation/rounds/:id/letters.zip', { config: { permission: 'letters:read' } }, async (req, reply) => {
    const loaded = await roundOf(req);
    if (!loaded) return reply.callNotFound();
    const entries = visible(req, await listEntries(db, orgId, loaded.row.id));
    const names = new Map(entries.map((e) => [e.urn, e.name]));
    const zip = new ZipArchive({ zlib: { level: 1 } });
    zip.on('warning', (e: Error) => req.log.warn({ err: e }, 'letters zip warning'));
    zip.on('error', (e: Error) => req.log.error({ err: e }, 'letters zip failed'));
    reply
      .header('Content-Disposition', `attachment; filename="letters-${loaded.row.label.replace(/[^A-Za-z0-9]+/g, '-')}.zip"`)
      .header('Cache-Control', 'private, no-store')
      .type('application/zip');
    void (async () => {
      try {
        for await (const l of issuedLettersWithFiles(db, orgId, loaded.row.id, [...names.keys()])) {
          const data = { school: { name: names.get(l.urn) ?? String(l.urn), urn: l.urn, addressLines: [] }, round: { label: loaded.row.label } };
          zip.append(l.docx, { name: letterFileName(data, 'docx') });
          zip.append(l.pdf, { name: letterFileName(data, 'pdf') });
        }
        await zip.finalize();
      } catch (e) {
        zip.abort();
        req.log.error({ err: e }, 'letters zip failed');
      }
    })();
    return reply.send(zip);
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
