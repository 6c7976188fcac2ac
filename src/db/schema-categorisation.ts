// Categorisation (issue 5): policy versions an LA has edited, annual and in-year rounds, each
// school's proposal with its explanation, moderation steps, challenges and issued letters.
import { sql } from 'drizzle-orm';
import { boolean, customType, doublePrecision, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { organisations, users } from './schema.js';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => Buffer.from(v),
});

/** Every version of every policy the LA has used: shipped files are version-stamped copies; edits add versions. */
export const policyVersions = pgTable(
  'policy_versions',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    policyId: text('policy_id').notNull(),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    definition: jsonb('definition').$type<unknown>().notNull(),
    origin: text('origin', { enum: ['shipped', 'edited'] }).notNull(),
    changeNote: text('change_note'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('policy_versions_org_policy_version').on(t.organisationId, t.policyId, t.version)],
);

export const categorisationRounds = pgTable(
  'categorisation_rounds',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    label: text('label').notNull(),
    academicYear: text('academic_year').notNull(),
    policyVersionId: integer('policy_version_id').notNull().references(() => policyVersions.id),
    status: text('status', { enum: ['open', 'confirmed'] }).notNull().default('open'),
    asOf: text('as_of').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    confirmedBy: text('confirmed_by'),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('categorisation_rounds_org_label').on(t.organisationId, t.label)],
);

export const categorisations = pgTable(
  'categorisations',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    roundId: integer('round_id').notNull().references(() => categorisationRounds.id),
    urn: integer('urn').notNull(),
    proposedCategory: text('proposed_category'),
    currentCategory: text('current_category'),
    stage: text('stage').notNull(),
    /** The engine's whole explanation, as proposed. */
    result: jsonb('result').$type<unknown>().notNull(),
    needsReview: boolean('needs_review').notNull().default(false),
    reviewReason: text('review_reason'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('categorisations_round_urn').on(t.roundId, t.urn), index('categorisations_org_urn').on(t.organisationId, t.urn)],
);

export const categorisationSteps = pgTable('categorisation_steps', {
  id: serial('id').primaryKey(),
  organisationId: integer('organisation_id').notNull().references(() => organisations.id),
  categorisationId: integer('categorisation_id').notNull().references(() => categorisations.id),
  step: text('step').notNull(),
  fromCategory: text('from_category'),
  toCategory: text('to_category'),
  reason: text('reason'),
  actorUserId: integer('actor_user_id').references(() => users.id),
  actor: text('actor').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});

export const challenges = pgTable('challenges', {
  id: serial('id').primaryKey(),
  organisationId: integer('organisation_id').notNull().references(() => organisations.id),
  categorisationId: integer('categorisation_id').notNull().references(() => categorisations.id),
  urn: integer('urn').notNull(),
  evidence: text('evidence').notNull(),
  status: text('status').notNull(),
  submittedBy: text('submitted_by').notNull(),
  submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
  response: text('response'),
  respondedBy: text('responded_by'),
  respondedAt: timestamp('responded_at', { withTimezone: true }),
});

export const letters = pgTable(
  'letters',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    roundId: integer('round_id').notNull().references(() => categorisationRounds.id),
    urn: integer('urn').notNull(),
    category: text('category'),
    docx: bytea('docx').notNull(),
    pdf: bytea('pdf').notNull(),
    issuedBy: text('issued_by').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    /** 1 for the round's first letters, 2 for the first reissue…: a school has at most one letter per issue. */
    issue: integer('issue').notNull().default(1),
    /** A reissue keeps the earlier letter, marked superseded, never deletes it. */
    status: text('status', { enum: ['issued', 'superseded'] }).notNull().default('issued'),
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
    supersededReason: text('superseded_reason'),
    jobId: integer('job_id'),
  },
  (t) => [
    index('letters_round_urn').on(t.roundId, t.urn),
    uniqueIndex('letters_round_urn_issue').on(t.roundId, t.urn, t.issue),
    uniqueIndex('letters_one_issued').on(t.roundId, t.urn).where(sql`${t.status} = 'issued'`),
  ],
);

/**
 * Reasons a school's category should be looked at again in year: a new Ofsted judgement, a
 * safeguarding concern, a data release, or the early-warning model's risk rising past the threshold.
 * They join the "needs review" queue until an officer records that they were considered.
 */
export const reviewFlags = pgTable(
  'review_flags',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    urn: integer('urn').notNull(),
    kind: text('kind', { enum: ['ofsted', 'safeguarding', 'data_release', 'risk', 'intelligence', 'other'] }).notNull(),
    raisedOn: text('raised_on').notNull(),
    reason: text('reason').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    status: text('status', { enum: ['open', 'considered'] }).notNull().default('open'),
    consideredBy: text('considered_by'),
    consideredAt: timestamp('considered_at', { withTimezone: true }),
    outcome: text('outcome'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('review_flags_org_status').on(t.organisationId, t.status), index('review_flags_org_urn').on(t.organisationId, t.urn)],
);

/** Early-warning scores as computed after each data import, so rises can be seen and alerted on. */
export const riskScores = pgTable(
  'risk_scores',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    urn: integer('urn').notNull(),
    scoredAt: timestamp('scored_at', { withTimezone: true }).notNull().defaultNow(),
    asOf: text('as_of').notNull(),
    risk: doublePrecision('risk').notNull(),
    coverage: doublePrecision('coverage'),
    topFactors: jsonb('top_factors').$type<unknown>().notNull(),
    modelVersion: text('model_version').notNull(),
    trigger: text('trigger').notNull(),
  },
  // In the order "latest score of a school" reads it (newest first, id breaking ties), so the watch list's
  // per-school probe and rescoring's latest-per-school read need no sort.
  (t) => [index('risk_scores_org_urn_latest').on(t.organisationId, t.urn, t.scoredAt.desc().nullsFirst(), t.id.desc().nullsFirst())],
);

/**
 * Judgements an adviser makes that a policy takes as input (Wales: capacity to improve A–D). Kept as
 * history: the latest per school and input is the one used, and each says who made it and why.
 */
export const adviserJudgements = pgTable(
  'adviser_judgements',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    urn: integer('urn').notNull(),
    input: text('input', { enum: ['capacityToImprove'] }).notNull(),
    value: text('value').notNull(),
    reason: text('reason').notNull(),
    recordedByUserId: integer('recorded_by_user_id').references(() => users.id),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('adviser_judgements_org_urn').on(t.organisationId, t.urn, t.input, t.recordedAt)],
);
