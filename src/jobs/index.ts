// Starting and stopping the job runner of `lodestar serve`.
import type { Db } from '../db/client.js';
import { closeRenderPool } from '../letters/pool.js';
import { closeTrainPool } from '../risk/pool.js';
import type { Logger } from '../logger.js';
import { jobHandlers } from './handlers.js';
import { JobRunner, type RunnerOptions } from './runner.js';

export { JobRunner, PermanentJobError, STOPPED, type JobContext, type JobHandler } from './runner.js';

export interface StartedRunner {
  runner: JobRunner;
  /** Stops claiming, lets the current letter finish and be recorded, hands the job back, closes the render and training threads. */
  stop(): Promise<void>;
}

export function startJobRunner(db: Db, logger: Logger, opts: RunnerOptions = {}): StartedRunner {
  const runner = new JobRunner(db, logger, jobHandlers, opts);
  runner.start();
  return {
    runner,
    async stop() {
      await runner.stop();
      await closeRenderPool();
      await closeTrainPool();
    },
  };
}
