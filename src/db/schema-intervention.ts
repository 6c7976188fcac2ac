// Stages of concern and the LA's judgements of concern (issue 12 items 5, 8, 10). A designation at a
// stage of concern, with the start of a stage-3 intervention and its plan and reviews, is what the
// 2008 term rules count from; a signed-off judgement of concern is what the immediate Notice of
// Concern and warning notice rules read. Dates a school works to are ISO text, moments timestamps.
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { organisations, users } from './schema.js';

export interface InterventionReview {
  /** The day the review was held. */
  on: string;
  significantImprovement: boolean;
  note: string;
  recordedBy: string;
}

/** The LA designates a school at a stage of concern; a later designation supersedes it. */
export const schoolInterventions = pgTable(
  'school_interventions',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    urn: integer('urn').notNull(),
    stage: integer('stage').notNull(),
    startedOn: text('started_on').notNull(),
    reason: text('reason').notNull(),
    /** Stage 3: the school's statement of action / recovery plan, who owns it, when it is reviewed. */
    plan: text('plan'),
    planOwner: text('plan_owner'),
    reviewDates: jsonb('review_dates').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    reviews: jsonb('reviews').$type<InterventionReview[]>().notNull().default(sql`'[]'::jsonb`),
    endedOn: text('ended_on'),
    recordedBy: text('recorded_by').notNull(),
    recordedByUserId: integer('recorded_by_user_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('school_interventions_org_urn').on(t.organisationId, t.urn)],
);

/** The LA's judgement that a ground for a notice exists; it counts only once a senior leader signs it off. */
export const concernJudgements = pgTable(
  'concern_judgements',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    urn: integer('urn').notNull(),
    ground: text('ground').notNull(),
    judgedOn: text('judged_on').notNull(),
    /** Who made the judgement (name and role, as the officer writes it). */
    judgedBy: text('judged_by').notNull(),
    evidence: text('evidence').notNull(),
    /** Confidential evidence is LA intelligence: never shown to a school's own users or in letters. */
    confidential: boolean('confidential').notNull().default(false),
    status: text('status', { enum: ['awaiting_sign_off', 'signed_off', 'rejected'] }).notNull().default('awaiting_sign_off'),
    signedOffBy: text('signed_off_by'),
    signedOffByUserId: integer('signed_off_by_user_id').references(() => users.id),
    signedOffAt: timestamp('signed_off_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    recordedBy: text('recorded_by').notNull(),
    recordedByUserId: integer('recorded_by_user_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('concern_judgements_org_urn').on(t.organisationId, t.urn)],
);
