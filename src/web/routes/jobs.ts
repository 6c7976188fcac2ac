// A job's progress page: a bar with "N of M", reloaded by /public/refresh.mjs (a <noscript> meta refresh without script),
// and where the work leads when it is done. Only people allowed to start that kind of job see it.
import type { FastifyInstance } from 'fastify';
import { can } from '../../domain/access/policy.js';
import type { Permission } from '../../domain/access/roles.js';
import { ROUND_JOB } from '../../jobs/handlers.js';
import { getJob } from '../../repositories/jobs.js';
import { IMPORT_JOB, type ImportRefusal } from '../../services/importJobs.js';
import { LETTER_JOB } from '../../services/letters.js';
import type { AppDeps } from '../types.js';
import { positiveInt } from './categorisationShared.js';
import { refusalErrors } from './imports.js';

const JOB_PAGES: Record<string, { permission: Permission; title: string; unit: string }> = {
  [ROUND_JOB]: { permission: 'categorisation:confirm', title: 'Opening the round', unit: 'schools categorised' },
  [LETTER_JOB]: { permission: 'categorisation:read', title: 'Generating letters', unit: 'letters' },
  [IMPORT_JOB]: { permission: 'imports:run', title: 'Importing a file', unit: 'rows' },
};

export function jobRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const orgId = deps.organisation.id;

  app.get('/jobs/:id', { config: { permission: 'account:self' } }, async (req, reply) => {
    const id = positiveInt((req.params as { id: string }).id);
    const job = id ? await getJob(db, orgId, id) : undefined;
    const kind = job && JOB_PAGES[job.kind];
    if (!job || !kind || !can(req.principal!, kind.permission)) return reply.callNotFound();
    const payload = job.payload as { roundId?: number };
    if (job.kind === LETTER_JOB && payload.roundId) return reply.redirect(`/categorisation/rounds/${payload.roundId}/letters`, 303);
    if (job.kind === IMPORT_JOB) {
      const running = job.status === 'queued' || job.status === 'running';
      const refused = job.status === 'failed' ? (job.result as { refused?: ImportRefusal } | null)?.refused : undefined;
      const errors = refused ? refusalErrors(refused) : job.status === 'failed' || job.status === 'cancelled' ? [{ text: `The import did not finish: ${job.error ?? 'it was cancelled'}. Nothing was changed.` }] : [];
      const title = running ? 'Importing a file' : job.status === 'succeeded' ? 'File imported' : 'File not imported';
      return reply.render('imports/job.njk', { title, job, running, result: job.result ?? {}, refused, errors, file: (job.payload as { fileName?: string }).fileName });
    }
    const result = (job.result ?? {}) as { roundId?: number; label?: string; schools?: number };
    const next = job.status === 'succeeded' && job.kind === ROUND_JOB && result.roundId ? `/categorisation/rounds/${result.roundId}?notice=created` : null;
    const total = job.progressTotal;
    return reply.render('jobs/job.njk', {
      title: kind.title,
      job,
      unit: kind.unit,
      running: job.status === 'queued' || job.status === 'running',
      percent: total ? Math.floor((100 * job.progressDone) / total) : 0,
      next,
      result,
    });
  });
}
