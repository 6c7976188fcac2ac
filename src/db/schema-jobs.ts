// Long work as durable jobs (issue 11): a queue kept in the same database so one implementation runs
// on PGlite and PostgreSQL, survives restarts, and shows its progress to whoever started it.
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { organisations } from './schema.js';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const jobs = pgTable(
  'jobs',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    status: text('status', { enum: JOB_STATUSES }).notNull().default('queued'),
    /** At most one queued/running job per key (e.g. letters for one round): a double submit joins it. */
    dedupeKey: text('dedupe_key'),
    progressDone: integer('progress_done').notNull().default(0),
    progressTotal: integer('progress_total'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(3),
    /** Not claimed before this time: the backoff after a transient failure. */
    runAfter: timestamp('run_after', { withTimezone: true }).notNull().defaultNow(),
    lockedBy: text('locked_by'),
    /** The runner's heartbeat; a running job whose heartbeat is old belongs to a dead runner. */
    lockedAt: timestamp('locked_at', { withTimezone: true }),
    error: text('error'),
    result: jsonb('result').$type<Record<string, unknown>>(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('jobs_claim').on(t.status, t.runAfter),
    uniqueIndex('jobs_active_dedupe').on(t.organisationId, t.dedupeKey).where(sql`${t.status} in ('queued', 'running') and ${t.dedupeKey} is not null`),
  ],
);

/** One row per item a job could not do (a school whose letter failed), with the reason. */
export const jobItems = pgTable(
  'job_items',
  {
    id: serial('id').primaryKey(),
    jobId: integer('job_id')
      .notNull()
      .references(() => jobs.id),
    itemKey: text('item_key').notNull(),
    label: text('label'),
    status: text('status', { enum: ['failed', 'done'] }).notNull(),
    error: text('error'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('job_items_job_item').on(t.jobId, t.itemKey)],
);
