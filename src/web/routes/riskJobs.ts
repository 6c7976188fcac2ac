// The early-warning model's operations page: rescore every school, retrain the model, run the
// backtest. Each button queues a job (one of each kind at a time: a second press joins it) and goes
// to the job's page; the work never runs on the request. Analysts and administrators (risk:run).
import type { FastifyInstance } from 'fastify';
import { latestJob } from '../../repositories/jobs.js';
import { currentModel } from '../../services/risk.js';
import { BACKTEST_JOB, enqueueRiskJob, RESCORE_JOB, RETRAIN_JOB, type RiskJobKind } from '../../services/riskJobs.js';
import { actorFrom } from '../forms.js';
import type { AppDeps } from '../types.js';

const ACTIONS: { path: string; kind: RiskJobKind; trigger: string }[] = [
  { path: 'rescore', kind: RESCORE_JOB, trigger: 'rescore requested' },
  { path: 'retrain', kind: RETRAIN_JOB, trigger: 'retrain requested' },
  { path: 'backtest', kind: BACKTEST_JOB, trigger: 'backtest requested' },
];

export function riskJobRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const orgId = deps.organisation.id;

  app.get('/risk/model', { config: { permission: 'risk:run' } }, async (_req, reply) => {
    const model = await currentModel();
    const last = Object.fromEntries(await Promise.all(ACTIONS.map(async (a) => [a.path, (await latestJob(db, orgId, a.kind)) ?? null] as const)));
    return reply.render('risk/model.njk', { title: 'Early-warning model: rescore, retrain, backtest', model: { version: model.version, createdAt: model.createdAt }, last });
  });

  for (const a of ACTIONS) {
    app.post(`/risk/model/${a.path}`, { config: { permission: 'risk:run' } }, async (req, reply) => {
      const actor = actorFrom(req);
      const { job } = await enqueueRiskJob(db, orgId, a.kind, {
        trigger: `${a.trigger} by ${actor.label}`,
        requestedBy: actor,
        ...(a.kind === RESCORE_JOB ? {} : { datasetsDir: deps.config.datasetsDir }),
      });
      deps.jobs?.poke();
      return reply.redirect(`/jobs/${job.id}`, 303);
    });
  }
}
