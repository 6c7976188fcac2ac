// The job runner started by `lodestar serve`: polls the jobs table, claims one job at a time, runs
// its handler with progress and heartbeat, retries transient failures with backoff, and on start
// recovers jobs a dead runner left running. Stopping finishes the current item and hands the job
// back, so the next start resumes it from its checkpoint.
import os from 'node:os';
import crypto from 'node:crypto';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { claimJob, completeJob, failAttempt, heartbeat, recordJobItem, recoverJob, releaseJob, runningJobs, type JobRow } from '../repositories/jobs.js';

export interface JobContext {
  job: JobRow;
  db: Db;
  logger: Logger;
  /** Aborted when the runner is stopping: finish the current item and return `stopped()`. */
  signal: AbortSignal;
  progress(done: number, total?: number): Promise<void>;
  /** An item (a school) the job could not do, with the reason; the rest carry on. */
  itemFailed(key: string, label: string, error: string): Promise<void>;
  /** What a handler returns when it stopped early: the job goes back to the queue, to resume. */
  stopped(): typeof STOPPED;
}

export const STOPPED = Symbol('stopped');
export type JobHandler = (ctx: JobContext) => Promise<Record<string, unknown> | typeof STOPPED>;

/**
 * A failure that retrying will not mend (bad payload, round not confirmed): fail at once. `result` is
 * kept with the failed job for its page (a refused import's problems by line).
 */
export class PermanentJobError extends Error {
  constructor(
    message: string,
    readonly result?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export interface RunnerOptions {
  pollMs?: number;
  heartbeatMs?: number;
  /** A running job whose heartbeat is older than this belongs to a dead runner. */
  staleMs?: number;
  backoffMs?: (attempt: number) => number;
  runnerId?: string;
  /** How long after a request queued a job the runner looks for it (see poke). */
  pokeGraceMs?: number;
}

const host = os.hostname();

/** The runner id names host and process, so a restart on the same host knows a dead pid at once. */
export function newRunnerId(): string {
  return `${host}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Why a running job is abandoned, or null while its runner may still be at work. */
export function abandonedReason(job: { lockedBy: string | null; lockedAt: Date | null }, now: number, staleMs: number, self: string): string | null {
  if (!job.lockedBy) return 'running without a runner';
  if (job.lockedBy === self) return null;
  const [h, pid] = job.lockedBy.split(':');
  if (h === host && Number(pid) !== process.pid && Number.isInteger(Number(pid)) && !pidAlive(Number(pid))) return `its runner (process ${pid}) stopped without finishing it`;
  if (h === host && Number(pid) === process.pid) return 'an earlier runner in this process stopped without finishing it';
  const at = job.lockedAt ? new Date(job.lockedAt).getTime() : 0;
  if (now - at > staleMs) return `its runner ${job.lockedBy} has not reported since ${job.lockedAt ? new Date(job.lockedAt).toISOString() : 'it started'}`;
  return null;
}

export class JobRunner {
  readonly id: string;
  private readonly pollMs: number;
  private readonly heartbeatMs: number;
  private readonly staleMs: number;
  private readonly backoffMs: (attempt: number) => number;
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private readonly pokeGraceMs: number;
  private pokeTimer: NodeJS.Timeout | null = null;
  /** No job's work starts before this time (set by poke). */
  private holdUntil = 0;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly handlers: Record<string, JobHandler>,
    opts: RunnerOptions = {},
  ) {
    this.id = opts.runnerId ?? newRunnerId();
    this.pollMs = opts.pollMs ?? 1000;
    this.heartbeatMs = opts.heartbeatMs ?? 5000;
    this.staleMs = opts.staleMs ?? 60_000;
    this.backoffMs = opts.backoffMs ?? ((n) => Math.min(5 * 60_000, 2000 * 2 ** (n - 1)));
    this.pokeGraceMs = opts.pokeGraceMs ?? 300;
  }

  /** Jobs a dead runner left running are queued again to resume, or failed once out of attempts. */
  async recover(): Promise<{ resumed: number[]; failed: number[] }> {
    const out = { resumed: [] as number[], failed: [] as number[] };
    const now = Date.now();
    for (const j of await runningJobs(this.db)) {
      const reason = abandonedReason(j, now, this.staleMs, this.id);
      if (!reason) continue;
      const r = await recoverJob(this.db, j, reason);
      out[r].push(j.id);
      this.logger.warn({ job: j.id, kind: j.kind, outcome: r, reason }, 'job left running by a stopped runner');
    }
    return out;
  }

  start(): void {
    if (this.loop) return;
    this.loop = this.run().catch((e: unknown) => this.logger.error({ err: e }, 'job runner stopped on an error'));
  }

  /**
   * A request queued a job: look for it soon rather than at the next poll, but not at once. On PGlite
   * the job's queries run in this thread, one at a time with everyone else's: a round's first reads
   * (every school, the LA's distributions) held the redirect of the request that queued it, and the job
   * page it leads to, for over a second. A short grace lets both be answered first.
   */
  poke(): void {
    // The poll may claim the job meanwhile: its work waits for the grace all the same.
    this.holdUntil = Date.now() + this.pokeGraceMs;
    if (this.pokeTimer) return;
    this.pokeTimer = setTimeout(() => {
      this.pokeTimer = null;
      this.wake?.();
    }, this.pokeGraceMs);
    this.pokeTimer.unref();
  }

  /** Stops claiming, lets the current job reach the end of its current item, and waits for it. */
  async stop(): Promise<void> {
    this.abort.abort();
    if (this.pokeTimer) clearTimeout(this.pokeTimer);
    this.wake?.();
    await this.loop;
  }

  /** Claims and runs one due job; false when there was none. Exposed for tests. */
  async runOnce(): Promise<boolean> {
    const job = await claimJob(this.db, this.id, Object.keys(this.handlers));
    if (!job) return false;
    await this.execute(job);
    return true;
  }

  private async run(): Promise<void> {
    await this.recover();
    let lastRecover = Date.now();
    while (!this.abort.signal.aborted) {
      let worked = false;
      try {
        if (Date.now() - lastRecover > this.staleMs) {
          await this.recover();
          lastRecover = Date.now();
        }
        worked = await this.runOnce();
      } catch (e) {
        this.logger.error({ err: e }, 'job runner could not claim a job');
      }
      if (!worked && !this.abort.signal.aborted) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, this.pollMs);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.wake = null;
      }
    }
  }

  private async execute(job: JobRow): Promise<void> {
    const handler = this.handlers[job.kind]!;
    // Let the request that queued the job answer before the work starts (PGlite runs in this thread).
    const hold = this.holdUntil - Date.now();
    if (hold > 0 && !this.abort.signal.aborted) await new Promise((resolve) => setTimeout(resolve, hold));
    await new Promise((resolve) => setImmediate(resolve));
    // A long item (one big import) must not look dead: the heartbeat also runs on a timer.
    const timer = setInterval(() => {
      void heartbeat(this.db, job.id, this.id).catch(() => undefined);
    }, this.heartbeatMs);
    timer.unref();
    const ctx: JobContext = {
      job,
      db: this.db,
      logger: this.logger,
      signal: this.abort.signal,
      progress: async (done, total) => {
        await heartbeat(this.db, job.id, this.id, { done, total });
      },
      itemFailed: (key, label, error) => recordJobItem(this.db, { jobId: job.id, itemKey: key, label, status: 'failed', error }),
      stopped: () => STOPPED,
    };
    try {
      const result = await handler(ctx);
      if (result === STOPPED) {
        await releaseJob(this.db, job.id, this.id);
        this.logger.info({ job: job.id, kind: job.kind }, 'job handed back to resume at the next start');
      } else {
        await completeJob(this.db, job.id, this.id, result);
      }
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const outcome = await failAttempt(this.db, job, this.id, message, {
        retry: !(e instanceof PermanentJobError),
        backoffMs: this.backoffMs(job.attempts),
        result: e instanceof PermanentJobError ? e.result : undefined,
      });
      this.logger[outcome === 'failed' ? 'error' : 'warn']({ job: job.id, kind: job.kind, err: e, outcome }, 'job attempt failed');
    } finally {
      clearInterval(timer);
    }
  }
}
