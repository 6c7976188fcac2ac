// A job's progress page: a bar with "N of M", reloaded by /public/refresh.mjs (a <noscript> meta refresh without script),
// and where the work leads when it is done. Only people allowed to start that kind of job see it.
import type { FastifyInstance } from 'fastify';
import { can } from '../../domain/access/policy.js';
import type { Permission } from '../../domain/access/roles.js';
import { ROUND_JOB } from '../../jobs/handlers.js';
import { getJob } from '../../repositories/jobs.js';
import { IMPORT_JOB, type ImportRefusal } from '../../services/importJobs.js';
import { LETTER_JOB } from '../../services/letters.js';
import { BACKTEST_JOB, RESCORE_JOB, RETRAIN_JOB } from '../../services/riskJobs.js';
import type { AppDeps } from '../types.js';
import { positiveInt } from './categorisationShared.js';
import { refusalErrors } from './imports.js';

const JOB_PAGES: Record<string, { permission: Permission; title: string; unit: string; note?: string }> = {
  [ROUND_JOB]: { permission: 'categorisation:confirm', title: 'Opening the round', unit: 'schools categorised' },
  [LETTER_JOB]: { permission: 'categorisation:read', title: 'Generating letters', unit: 'letters' },
  [IMPORT_JOB]: { permission: 'imports:run', title: 'Importing a file', unit: 'rows' },
  [RESCORE_JOB]: { permission: 'risk:run', title: 'Rescoring every school', unit: 'schools scored', note: 'Every school is scored and stored in one step, usually within a minute.' },
  [RETRAIN_JOB]: { permission: 'risk:run', title: 'Retraining the early-warning model', unit: 'steps', note: 'Training runs in the background and usually takes between half a minute and a few minutes; then every school is rescored with the new model.' },
  [BACKTEST_JOB]: { permission: 'risk:run', title: 'Running the backtest', unit: 'steps', note: 'The backtest runs in the background and usually takes between half a minute and a few minutes.' },
};

const pct1 = (x: unknown) => (typeof x === 'number' ? `${(x * 100).toFixed(1)}%` : 'n/a');

/** What a finished early-warning job did, in a few lines, and where to look next. */
function riskOutcome(kind: string, result: Record<string, unknown>): { lines: string[]; links: { href: string; text: string }[] } {
  const evaluations = (result.evaluations ?? []) as { title: string; outcomes: number; auc: number | null; recallTop10: number | null }[];
  const figures = evaluations.map((e) => `${e.title}: ${e.outcomes.toLocaleString('en-GB')} outcomes, AUC ${typeof e.auc === 'number' ? e.auc.toFixed(3) : 'n/a'}, ${pct1(e.recallTop10)} of below-good outcomes in the riskiest 10%`);
  if (kind === RESCORE_JOB) {
    return {
      lines: [`${Number(result.scored ?? 0).toLocaleString('en-GB')} schools scored with model ${String(result.modelVersion ?? '')}; ${Number(result.flagged ?? 0)} joined the needs-review queue.`],
      links: [{ href: '/risk', text: 'Open the watch list' }],
    };
  }
  if (kind === RETRAIN_JOB) {
    return {
      lines: [`Model ${String(result.version ?? '')} saved; the watch list uses it from now on.`, ...figures],
      links: [...(result.rescoreJob ? [{ href: `/jobs/${Number(result.rescoreJob)}`, text: 'Follow the rescoring with the new model' }] : []), { href: '/risk/model', text: 'Back to the model page' }],
    };
  }
  return { lines: figures, links: [{ href: '/risk/backtest', text: 'Read the backtest report' }] };
}

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
    const outcome = job.status === 'succeeded' && (job.kind === RESCORE_JOB || job.kind === RETRAIN_JOB || job.kind === BACKTEST_JOB) ? riskOutcome(job.kind, (job.result ?? {}) as Record<string, unknown>) : null;
    return reply.render('jobs/job.njk', {
      title: kind.title,
      job,
      unit: kind.unit,
      note: kind.note,
      outcome,
      running: job.status === 'queued' || job.status === 'running',
      percent: total ? Math.floor((100 * job.progressDone) / total) : 0,
      next,
      result,
    });
  });
}
