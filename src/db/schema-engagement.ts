// Engagement and escalation (issue 6): visit records with their agreed actions, Core Groups and
// their meetings, escalation proposals with the senior leader's sign-off and the letter it produced,
// and each officer's capacity in days. Dates a school works to are ISO text (school calendar days);
// moments (publication, sign-off) are timestamps.
import { sql } from 'drizzle-orm';
import { customType, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { organisations, users } from './schema.js';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => Buffer.from(v),
});

export const VISIT_TYPES = ['annual-conversation', 'termly-visit', 'quality-assurance-visit', 'core-group', 'improvement-review'] as const;

/** A visit note: drafted by the officer, then published, after which the school's HT and chair can read it. */
export const visits = pgTable(
  'visits',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    urn: integer('urn').notNull(),
    officerUserId: integer('officer_user_id').references(() => users.id),
    type: text('type', { enum: VISIT_TYPES }).notNull(),
    visitDate: text('visit_date').notNull(),
    agenda: text('agenda').notNull().default(''),
    attendees: text('attendees').notNull().default(''),
    areasReviewed: jsonb('areas_reviewed').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    evidence: text('evidence').notNull().default(''),
    judgements: text('judgements').notNull().default(''),
    status: text('status', { enum: ['draft', 'published'] }).notNull().default('draft'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    author: text('author').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('visits_org_urn').on(t.organisationId, t.urn), index('visits_org_status').on(t.organisationId, t.status)],
);

/** The school's governing body's strategic group for a high-concern school (one per school). */
export const coreGroups = pgTable(
  'core_groups',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    urn: integer('urn').notNull(),
    /** Members as "Name, role" lines: governors, head teacher, link officer, diocese or sponsor. */
    membership: jsonb('membership').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    cadence: text('cadence', { enum: ['half-termly', 'termly'] }).notNull().default('half-termly'),
    meetingType: text('meeting_type', { enum: ['core-group', 'improvement-review'] }).notNull().default('core-group'),
    establishedOn: text('established_on').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('core_groups_org_urn').on(t.organisationId, t.urn)],
);

export interface EvaluationForm {
  /** KPIs copied from the dashboard when the form was opened, with their source and year. */
  kpis: { code: string; label: string; year: string; value: string; source: string }[];
  /** The school's own commentary on its data. */
  schoolCommentary: string;
}

export interface ReviewArea {
  area: string;
  findings: string;
}

export const coreGroupMeetings = pgTable(
  'core_group_meetings',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    coreGroupId: integer('core_group_id').notNull().references(() => coreGroups.id),
    urn: integer('urn').notNull(),
    meetingDate: text('meeting_date').notNull(),
    evaluationForm: jsonb('evaluation_form').$type<EvaluationForm>().notNull(),
    reviewAreas: jsonb('review_areas').$type<ReviewArea[]>().notNull().default(sql`'[]'::jsonb`),
    judgement: text('judgement', { enum: ['effective_action', 'some_impact', 'no_evidence_of_impact'] }).notNull(),
    notes: text('notes').notNull().default(''),
    recordedBy: text('recorded_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('core_group_meetings_group').on(t.coreGroupId, t.meetingDate)],
);

/** Agreed actions from a visit or a meeting; open actions carry over to the next meeting. */
export const engagementActions = pgTable(
  'engagement_actions',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    urn: integer('urn').notNull(),
    visitId: integer('visit_id').references(() => visits.id),
    meetingId: integer('meeting_id').references(() => coreGroupMeetings.id),
    text: text('text').notNull(),
    owner: text('owner').notNull(),
    dueDate: text('due_date').notNull(),
    status: text('status', { enum: ['open', 'done', 'carried_over'] }).notNull().default('open'),
    carriedOverFrom: integer('carried_over_from').references((): AnyPgColumn => engagementActions.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('engagement_actions_org_urn').on(t.organisationId, t.urn, t.status)],
);

/**
 * Escalation steps: proposed by the rules in config/escalation, decided by a senior leader. The
 * proposal is kept as the engine gave it, so the decision can always be traced to its evidence.
 */
export const escalations = pgTable(
  'escalations',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    urn: integer('urn').notNull(),
    step: text('step').notNull(),
    ruleId: text('rule_id').notNull(),
    /** Rule id and the date of the evidence that fired it: the same trigger is never proposed twice. */
    triggerKey: text('trigger_key').notNull(),
    title: text('title').notNull(),
    reason: text('reason').notNull(),
    evidence: jsonb('evidence').$type<{ date: string; description: string }[]>().notNull(),
    proposal: jsonb('proposal').$type<unknown>().notNull(),
    status: text('status', { enum: ['proposed', 'signed_off', 'rejected'] }).notNull().default('proposed'),
    dueDate: text('due_date'),
    reviewDate: text('review_date'),
    issuedOn: text('issued_on'),
    /** Step-specific choices at sign-off: review weeks, warning-notice ground and compliance end, review outcome. */
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    decisionNote: text('decision_note'),
    signedOffBy: text('signed_off_by'),
    signedOffByUserId: integer('signed_off_by_user_id').references(() => users.id),
    signedOffAt: timestamp('signed_off_at', { withTimezone: true }),
    letterDocx: bytea('letter_docx'),
    letterPdf: bytea('letter_pdf'),
    /** The letter's text as a senior leader edited it before sign-off; the signed letter is made from it. */
    letterText: text('letter_text'),
    letterTextBy: text('letter_text_by'),
    letterTextAt: timestamp('letter_text_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('escalations_org_urn_trigger').on(t.organisationId, t.urn, t.triggerKey), index('escalations_org_status').on(t.organisationId, t.status)],
);

/** Officer days per academic year available for school contacts (default in services/programme.ts). */
export const officerCapacity = pgTable(
  'officer_capacity',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    userId: integer('user_id').notNull().references(() => users.id),
    daysPerYear: integer('days_per_year').notNull(),
    source: text('source').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('officer_capacity_org_user').on(t.organisationId, t.userId)],
);
