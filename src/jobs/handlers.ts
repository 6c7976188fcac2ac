// What each kind of job does. Handlers call the same services the CLI calls; the runner gives them
// progress, per-item failures and a stop signal.
import { IMPORT_JOB, ImportJobFailure, runImportJob, type ImportJobPayload } from '../services/importJobs.js';
import { generateRoundLetters, LETTER_JOB, type LetterJobPayload } from '../services/letters.js';
import { createRound, type CreateRoundInput, type RoundActor } from '../services/rounds.js';
import { BACKTEST_JOB, RESCORE_JOB, RETRAIN_JOB, runBacktestJob, runRescoreJob, runRetrainJob, type RiskJobPayload } from '../services/riskJobs.js';
import { PermanentJobError, type JobHandler } from './runner.js';

const letters: JobHandler = async (ctx) => {
  const p = ctx.job.payload as unknown as LetterJobPayload;
  if (!Number.isInteger(p.roundId)) throw new PermanentJobError('The job names no round');
  let result;
  try {
    result = await generateRoundLetters(ctx.db, ctx.job.organisationId, p.roundId, {
      laName: p.laName,
      issuedBy: p.issuedBy,
      urns: p.urns,
      mode: p.mode,
      reason: p.reason,
      jobId: ctx.job.id,
      signal: ctx.signal,
      onProgress: (done, total) => ctx.progress(done, total),
      onFailure: (f) => ctx.itemFailed(String(f.urn), f.schoolName, f.error),
    });
  } catch (e) {
    // A round that is missing or not confirmed will not become so by retrying.
    if (e instanceof Error && /There is no round|is not confirmed/.test(e.message)) throw new PermanentJobError(e.message);
    throw e;
  }
  if (result.stopped) return ctx.stopped();
  return { issued: result.issued, skipped: result.skipped, failures: result.failures.length };
};

export const ROUND_JOB = 'round.create';
export interface RoundJobPayload {
  input: Omit<CreateRoundInput, 'onProgress'>;
  actor: RoundActor;
}

/** Opening a round for every school: the engine's work, with progress; the writes are one transaction. */
const openRoundJob: JobHandler = async (ctx) => {
  const p = ctx.job.payload as unknown as RoundJobPayload;
  let last = 0;
  const outcome = await createRound(ctx.db, ctx.job.organisationId, {
    ...p.input,
    onProgress: (done, total) => {
      // Every school would be a write per school; every twentieth is plenty for a progress bar.
      if (done - last >= 20 || done === total) {
        last = done;
        void ctx.progress(done, total).catch(() => undefined);
      }
    },
  }, p.actor);
  // Nothing was written: the form's checks failed now (another round with the label was opened meanwhile).
  if (!outcome.ok) throw new PermanentJobError(outcome.errors.map((e) => e.message).join('; '));
  await ctx.progress(outcome.schools, outcome.schools);
  return { roundId: outcome.round.id, label: outcome.round.label, schools: outcome.schools };
};

/**
 * An uploaded file's import: one transaction, so it cannot stop half way; a stopping runner waits for it.
 * A refusal fails the job at once, keeping its problems for the job's page.
 */
const importJob: JobHandler = async (ctx) => {
  const p = ctx.job.payload as unknown as ImportJobPayload;
  let last = 0;
  try {
    const result = await runImportJob(ctx.db, ctx.job.organisationId, p, {
      lastAttempt: ctx.job.attempts >= ctx.job.maxAttempts,
      onProgress: (rows) => {
        // A write per row would slow the import; every 5,000 rows is plenty for "N rows read".
        if (rows - last >= 5000) {
          last = rows;
          void ctx.progress(rows).catch(() => undefined);
        }
      },
    });
    await ctx.progress(result.rowsRead);
    return result as unknown as Record<string, unknown>;
  } catch (e) {
    if (e instanceof ImportJobFailure && e.permanent) throw new PermanentJobError(e.message, e.result);
    throw e;
  }
};

/** Rescoring: one transaction on the main thread (it reads the database); a stopping runner waits for it. */
const rescoreJob: JobHandler = async (ctx) => runRescoreJob(ctx.db, ctx.job.organisationId, ctx.job.payload as unknown as RiskJobPayload, ctx.progress);

/**
 * Retraining and the backtest run in a worker thread. A stopping runner ends the thread (nothing is
 * written until the end) and hands the job back, so the next start runs it again from the beginning.
 */
function trainingJob(run: (ctx: Parameters<JobHandler>[0], p: RiskJobPayload) => Promise<Record<string, unknown>>): JobHandler {
  return async (ctx) => {
    const p = ctx.job.payload as unknown as RiskJobPayload;
    if (!p.datasetsDir) throw new PermanentJobError('The job names no dataset folder');
    await ctx.progress(0, 1);
    try {
      const result = await run(ctx, p);
      await ctx.progress(1, 1);
      return result;
    } catch (e) {
      if (ctx.signal.aborted) return ctx.stopped();
      throw e;
    }
  };
}

export const jobHandlers: Record<string, JobHandler> = {
  [LETTER_JOB]: letters,
  [ROUND_JOB]: openRoundJob,
  [IMPORT_JOB]: importJob,
  [RESCORE_JOB]: rescoreJob,
  [RETRAIN_JOB]: trainingJob((ctx, p) => runRetrainJob(ctx.db, ctx.job.organisationId, p, ctx.signal)),
  [BACKTEST_JOB]: trainingJob((ctx, p) => runBacktestJob(ctx.db, p, ctx.signal)),
};
