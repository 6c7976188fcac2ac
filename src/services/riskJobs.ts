// The early-warning model's long work as jobs (issue 11): rescoring every school, retraining the model
// and running the backtest. Rescoring reads the database, so it runs on the main thread in one
// transaction; retraining and the backtest read only the dataset files and run in a worker thread.
// Who asked, and what came of it, is audited.
import type { Db } from '../db/client.js';
import { enqueueJob, type JobRow } from '../repositories/jobs.js';
import { trainInWorker, type TrainResult } from '../risk/pool.js';
import { audit, type Actor } from './audit.js';
import { currentModel, modelsDir, reportsDir } from './risk.js';
import { rescoreAfterImport, scoresAreFromOlderModel } from './riskAlerts.js';

export const RESCORE_JOB = 'risk.rescore';
export const RETRAIN_JOB = 'risk.retrain';
export const BACKTEST_JOB = 'risk.backtest';
export const RISK_JOBS = [RESCORE_JOB, RETRAIN_JOB, BACKTEST_JOB] as const;
export type RiskJobKind = (typeof RISK_JOBS)[number];

export interface RiskJobPayload {
  /** Stored with each score: why this scoring happened. */
  trigger: string;
  requestedBy: Actor;
  /** Retrain and backtest: the dataset files to learn from. */
  datasetsDir?: string;
  seed?: number;
}

const WORDS: Record<RiskJobKind, string> = {
  [RESCORE_JOB]: 'rescore',
  [RETRAIN_JOB]: 'retrain',
  [BACKTEST_JOB]: 'backtest',
};

/**
 * Queues one of the three, or joins the one already queued or running (one of each kind per
 * organisation at a time). Audited when a request adds a job, not when it joins one.
 */
export async function enqueueRiskJob(db: Db, organisationId: number, kind: RiskJobKind, payload: RiskJobPayload): Promise<{ job: JobRow; created: boolean }> {
  const out = await enqueueJob(db, {
    organisationId,
    kind,
    payload: payload as unknown as Record<string, unknown>,
    createdBy: payload.requestedBy.label,
    dedupeKey: kind,
    // Training reads files only: if it failed, trying again will fail the same way but costs little.
    maxAttempts: 2,
  });
  if (out.created && payload.requestedBy.userId !== null) {
    await audit(db, payload.requestedBy, `risk.${WORDS[kind]}_requested`, { type: 'job', id: out.job.id }, { after: { trigger: payload.trigger } });
  }
  return out;
}

/**
 * At start-up: when every stored score comes from an older model than the current one, queue one
 * rescoring so the new model takes over the watch list (alerts never compare across model versions,
 * so this cannot fill the review queue). Start-up does not wait for it. Returns the job, or null.
 */
export async function enqueueRescoreIfModelChanged(db: Db, organisationId: number): Promise<JobRow | null> {
  const model = await currentModel();
  if (!(await scoresAreFromOlderModel(db, organisationId, model.version))) return null;
  const { job } = await enqueueRiskJob(db, organisationId, RESCORE_JOB, {
    trigger: `new model ${model.version}`,
    requestedBy: { userId: null, label: 'lodestar (start-up)', organisationId },
  });
  return job;
}

export interface RescoreJobResult extends Record<string, unknown> {
  scored: number;
  flagged: number;
  modelVersion: string;
  asOf: string;
}

/** Scores every open state-funded school with the current model, stores the scores and raises alerts. */
export async function runRescoreJob(db: Db, organisationId: number, p: RiskJobPayload, progress: (done: number, total?: number) => Promise<void>): Promise<RescoreJobResult> {
  const r = await rescoreAfterImport(db, organisationId, p.trigger);
  await progress(r.scored, r.scored);
  const result = { scored: r.scored, flagged: r.flagged.length, modelVersion: r.modelVersion, asOf: r.asOf };
  await audit(db, p.requestedBy, 'risk.rescored', { type: 'risk_model', id: r.modelVersion }, { after: { ...result, trigger: p.trigger } });
  return result;
}

/**
 * Retrains in the worker thread and saves the new model (models/, latest.json names it); the app
 * picks it up at its next read. Then queues a rescoring so the watch list uses it at once.
 */
export async function runRetrainJob(db: Db, organisationId: number, p: RiskJobPayload, signal: AbortSignal): Promise<Record<string, unknown>> {
  if (!p.datasetsDir) throw new Error('The job names no dataset folder');
  const dir = modelsDir();
  const out: TrainResult = await trainInWorker({ op: 'retrain', datasetsDir: p.datasetsDir, modelsDir: dir, seed: p.seed }, signal);
  const model = await currentModel();
  await audit(db, p.requestedBy, 'risk.model_retrained', { type: 'risk_model', id: out.version ?? model.version }, { after: { modelPath: out.modelPath, evaluations: out.evaluations } });
  const { job: rescore } = await enqueueRiskJob(db, organisationId, RESCORE_JOB, { trigger: `new model ${model.version}`, requestedBy: { ...p.requestedBy, userId: null } });
  return { ...out, rescoreJob: rescore.id } as unknown as Record<string, unknown>;
}

/** Runs the backtest in the worker thread and writes its report where /risk/backtest reads it. */
export async function runBacktestJob(db: Db, p: RiskJobPayload, signal: AbortSignal): Promise<Record<string, unknown>> {
  if (!p.datasetsDir) throw new Error('The job names no dataset folder');
  const out = await trainInWorker({ op: 'backtest', datasetsDir: p.datasetsDir, outDir: reportsDir(), seed: p.seed }, signal);
  await audit(db, p.requestedBy, 'risk.backtest_run', { type: 'risk_backtest', id: out.generatedAt ?? null }, { after: { evaluations: out.evaluations } });
  return out as unknown as Record<string, unknown>;
}
