// The job queue's data access: enqueue (joining an active job with the same key), claim with
// FOR UPDATE SKIP LOCKED, heartbeat and progress, finish, retry with backoff, and recovery of jobs
// a dead runner left running. Plain SQL that PGlite and PostgreSQL both run.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { jobItems, jobs, type JobStatus } from '../db/schema-jobs.js';

export type JobRow = typeof jobs.$inferSelect;
export type JobItemRow = typeof jobItems.$inferSelect;

export interface NewJob {
  organisationId: number;
  kind: string;
  payload: Record<string, unknown>;
  createdBy: string;
  dedupeKey?: string;
  maxAttempts?: number;
  progressTotal?: number;
}

/** Adds a job, or returns the queued/running job with the same key (a double submit starts nothing new). */
export async function enqueueJob(db: Db | Tx, job: NewJob): Promise<{ job: JobRow; created: boolean }> {
  const inserted = await db
    .insert(jobs)
    .values({ ...job, dedupeKey: job.dedupeKey ?? null })
    .onConflictDoNothing({ target: [jobs.organisationId, jobs.dedupeKey], where: sql`${jobs.status} in ('queued', 'running') and ${jobs.dedupeKey} is not null` })
    .returning();
  if (inserted[0]) return { job: inserted[0], created: true };
  const active = await activeJob(db, job.organisationId, job.dedupeKey!);
  if (!active) throw new Error(`A job for ${job.dedupeKey} was neither added nor found`);
  return { job: active, created: false };
}

export async function activeJob(db: Db | Tx, organisationId: number, dedupeKey: string): Promise<JobRow | undefined> {
  const [r] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.organisationId, organisationId), eq(jobs.dedupeKey, dedupeKey), inArray(jobs.status, ['queued', 'running'])));
  return r;
}

/** The newest job with this key, whatever its status. */
export async function latestJob(db: Db | Tx, organisationId: number, dedupeKey: string): Promise<JobRow | undefined> {
  const [r] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.organisationId, organisationId), eq(jobs.dedupeKey, dedupeKey)))
    .orderBy(desc(jobs.id))
    .limit(1);
  return r;
}

export async function getJob(db: Db | Tx, organisationId: number, id: number): Promise<JobRow | undefined> {
  const [r] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.organisationId, organisationId), eq(jobs.id, id)));
  return r;
}

const rowsOf = <T>(r: unknown): T[] => (r as { rows: T[] }).rows;

/** Claims the oldest due job of the given kinds for this runner; another runner skips the locked row. */
export async function claimJob(db: Db, runnerId: string, kinds: string[]): Promise<JobRow | undefined> {
  if (!kinds.length) return undefined;
  const res = await db.execute(sql`
    update jobs set status = 'running', locked_by = ${runnerId}, locked_at = now(), attempts = attempts + 1,
      started_at = coalesce(started_at, now())
    where id = (
      select id from jobs
      where status = 'queued' and run_after <= now() and kind in (${sql.join(kinds.map((k) => sql`${k}`), sql`, `)})
      order by run_after, id
      limit 1
      for update skip locked
    )
    returning id`);
  const [row] = rowsOf<{ id: number }>(res);
  if (!row) return undefined;
  const [job] = await db.select().from(jobs).where(eq(jobs.id, Number(row.id)));
  return job;
}

/** Records progress and renews the heartbeat; false when this runner no longer holds the job. */
export async function heartbeat(db: Db | Tx, id: number, runnerId: string, progress?: { done: number; total?: number }): Promise<boolean> {
  const set: Partial<typeof jobs.$inferInsert> = { lockedAt: sql`now()` as unknown as Date };
  if (progress) {
    set.progressDone = progress.done;
    if (progress.total !== undefined) set.progressTotal = progress.total;
  }
  const r = await db
    .update(jobs)
    .set(set)
    .where(and(eq(jobs.id, id), eq(jobs.lockedBy, runnerId), eq(jobs.status, 'running')))
    .returning({ id: jobs.id });
  return r.length > 0;
}

async function finish(db: Db | Tx, id: number, runnerId: string, status: JobStatus, fields: Partial<typeof jobs.$inferInsert>): Promise<void> {
  await db
    .update(jobs)
    .set({ status, lockedBy: null, lockedAt: null, finishedAt: sql`now()` as unknown as Date, ...fields })
    .where(and(eq(jobs.id, id), eq(jobs.lockedBy, runnerId)));
}

export function completeJob(db: Db | Tx, id: number, runnerId: string, result: Record<string, unknown>): Promise<void> {
  return finish(db, id, runnerId, 'succeeded', { result });
}

/**
 * A failed attempt: queued again after the backoff while attempts remain and the failure may pass,
 * otherwise failed with the reason.
 */
export async function failAttempt(db: Db | Tx, job: Pick<JobRow, 'id' | 'attempts' | 'maxAttempts'>, runnerId: string, error: string, opts: { retry: boolean; backoffMs: number; result?: Record<string, unknown> }): Promise<'retry' | 'failed'> {
  if (opts.retry && job.attempts < job.maxAttempts) {
    await db
      .update(jobs)
      .set({ status: 'queued', lockedBy: null, lockedAt: null, error, runAfter: sql`now() + ${`${Math.round(opts.backoffMs)} milliseconds`}::interval` as unknown as Date })
      .where(and(eq(jobs.id, job.id), eq(jobs.lockedBy, runnerId)));
    return 'retry';
  }
  await finish(db, job.id, runnerId, 'failed', { error, ...(opts.result ? { result: opts.result } : {}) });
  return 'failed';
}

/** Hands a job back untouched (the runner is stopping): the next runner resumes from its checkpoint. */
export async function releaseJob(db: Db | Tx, id: number, runnerId: string): Promise<void> {
  await db
    .update(jobs)
    .set({ status: 'queued', lockedBy: null, lockedAt: null, attempts: sql`greatest(${jobs.attempts} - 1, 0)` as unknown as number, runAfter: sql`now()` as unknown as Date })
    .where(and(eq(jobs.id, id), eq(jobs.lockedBy, runnerId)));
}

export async function cancelJob(db: Db | Tx, organisationId: number, id: number): Promise<boolean> {
  const r = await db
    .update(jobs)
    .set({ status: 'cancelled', lockedBy: null, lockedAt: null, finishedAt: sql`now()` as unknown as Date })
    .where(and(eq(jobs.organisationId, organisationId), eq(jobs.id, id), inArray(jobs.status, ['queued', 'running'])))
    .returning({ id: jobs.id });
  return r.length > 0;
}

/** Running jobs, for recovery: who holds them and when they last beat. */
export async function runningJobs(db: Db | Tx): Promise<Pick<JobRow, 'id' | 'lockedBy' | 'lockedAt' | 'attempts' | 'maxAttempts' | 'kind'>[]> {
  return db.select({ id: jobs.id, lockedBy: jobs.lockedBy, lockedAt: jobs.lockedAt, attempts: jobs.attempts, maxAttempts: jobs.maxAttempts, kind: jobs.kind }).from(jobs).where(eq(jobs.status, 'running'));
}

/** A job whose runner died: queued to resume from its checkpoint, or failed with the reason. */
export async function recoverJob(db: Db | Tx, job: Pick<JobRow, 'id' | 'lockedBy' | 'attempts' | 'maxAttempts'>, reason: string): Promise<'resumed' | 'failed'> {
  const resume = job.attempts < job.maxAttempts;
  await db
    .update(jobs)
    .set(
      resume
        ? { status: 'queued', lockedBy: null, lockedAt: null, error: reason, runAfter: sql`now()` as unknown as Date }
        : { status: 'failed', lockedBy: null, lockedAt: null, error: `${reason}; gave up after ${job.attempts} attempts`, finishedAt: sql`now()` as unknown as Date },
    )
    // Only if nobody has taken it over since it was read.
    .where(and(eq(jobs.id, job.id), eq(jobs.status, 'running'), job.lockedBy === null ? sql`${jobs.lockedBy} is null` : eq(jobs.lockedBy, job.lockedBy)));
  return resume ? 'resumed' : 'failed';
}

export async function recordJobItem(db: Db | Tx, item: { jobId: number; itemKey: string; label?: string; status: 'failed' | 'done'; error?: string }): Promise<void> {
  await db
    .insert(jobItems)
    .values({ ...item, label: item.label ?? null, error: item.error ?? null })
    .onConflictDoUpdate({ target: [jobItems.jobId, jobItems.itemKey], set: { status: item.status, error: item.error ?? null, at: sql`now()` } });
}

export async function clearJobItem(db: Db | Tx, jobId: number, itemKey: string): Promise<void> {
  await db.delete(jobItems).where(and(eq(jobItems.jobId, jobId), eq(jobItems.itemKey, itemKey)));
}

export async function listJobItems(db: Db | Tx, jobId: number, status?: 'failed' | 'done'): Promise<JobItemRow[]> {
  const c = [eq(jobItems.jobId, jobId)];
  if (status) c.push(eq(jobItems.status, status));
  return db
    .select()
    .from(jobItems)
    .where(and(...c))
    .orderBy(asc(jobItems.id));
}

/** Payloads of the queued and running jobs of one kind, in every organisation (what their files are). */
export async function activePayloads(db: Db | Tx, kind: string): Promise<Record<string, unknown>[]> {
  const rows = await db
    .select({ payload: jobs.payload })
    .from(jobs)
    .where(and(eq(jobs.kind, kind), inArray(jobs.status, ['queued', 'running'])));
  return rows.map((r) => r.payload as Record<string, unknown>);
}
