// The LA's own self-evaluation and action plan (issue 19). The framework of headings is data: each LA
// edit is a new version row, so a rating always names the wording it answered. Ratings and actions are
// never overwritten: a new rating of a heading is a revision, an action's edits are kept as revisions,
// so the history a scrutiny committee or an inspector asks for is always there.
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { organisations, users } from './schema.js';

export const selfEvaluationFrameworks = pgTable(
  'self_evaluation_frameworks',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    frameworkId: text('framework_id').notNull(),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    definition: jsonb('definition').$type<unknown>().notNull(),
    origin: text('origin', { enum: ['shipped', 'edited'] }).notNull(),
    changeNote: text('change_note'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('self_evaluation_frameworks_org_id_version').on(t.organisationId, t.frameworkId, t.version)],
);

export interface EvidenceLink {
  /** What the evidence is, in words ("Proactive, not reactive as of 1 September 2025"). */
  label: string;
  /** A Lodestar path or an outside address. */
  href: string;
  /** The day the evidence speaks for. */
  date: string;
}

/** One rating of one heading; the newest per heading is the current one, older rows are its revisions. */
export const selfEvaluationRatings = pgTable(
  'self_evaluation_ratings',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    frameworkVersionId: integer('framework_version_id').notNull().references(() => selfEvaluationFrameworks.id),
    headingId: text('heading_id').notNull(),
    rating: text('rating', { enum: ['red', 'amber', 'green'] }).notNull(),
    /** The named lead who owns the judgement (not always the person typing it in). */
    lead: text('lead').notNull(),
    narrative: text('narrative').notNull(),
    evidence: jsonb('evidence').$type<EvidenceLink[]>().notNull().default(sql`'[]'::jsonb`),
    ratedOn: text('rated_on').notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedByUserId: integer('recorded_by_user_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('self_evaluation_ratings_org_heading').on(t.organisationId, t.headingId, t.createdAt)],
);

/** An area of the action plan: what inspectors (or the LA itself) found, and what the LA wants to achieve. */
export const actionPlanAreas = pgTable(
  'action_plan_areas',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    number: integer('number').notNull(),
    title: text('title').notNull(),
    /** The self-evaluation heading the area answers, if any. */
    headingId: text('heading_id'),
    finding: text('finding').notNull(),
    findingSource: text('finding_source', { enum: ['inspectors', 'la'] }).notNull(),
    aim: text('aim').notNull(),
    whatMore: text('what_more').notNull().default(''),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('action_plan_areas_org_number').on(t.organisationId, t.number)],
);

export const ACTION_STATUSES = ['not_started', 'in_progress', 'done', 'dropped'] as const;

export interface ActionRevision {
  at: string;
  by: string;
  changes: Record<string, { from: unknown; to: unknown }>;
}

/** A numbered action (area 1 → 1.1, 1.2 …) with its owner, date, status and evidence of impact. */
export const actionPlanActions = pgTable(
  'action_plan_actions',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    areaId: integer('area_id').notNull().references(() => actionPlanAreas.id),
    number: integer('number').notNull(),
    text: text('text').notNull(),
    ownerUserId: integer('owner_user_id').notNull().references(() => users.id),
    dueOn: text('due_on').notNull(),
    status: text('status', { enum: ACTION_STATUSES }).notNull().default('not_started'),
    impact: text('impact').notNull().default(''),
    /** Free text until the strategic view's indicators land (issue 17): an indicator id such as "ks2-rwm-expected". */
    indicatorId: text('indicator_id'),
    targetId: integer('target_id'),
    revisions: jsonb('revisions').$type<ActionRevision[]>().notNull().default(sql`'[]'::jsonb`),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('action_plan_actions_area_number').on(t.areaId, t.number), index('action_plan_actions_org_owner').on(t.organisationId, t.ownerUserId, t.status)],
);
