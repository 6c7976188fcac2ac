// Support, brokering and commissioning (issue 18): who can support (providers and their strengths),
// what schools need, the agreements and commissions made between them, and progress reports. Dates a
// school works to are ISO text; moments are timestamps. Days may be halves, so they are doubles.
import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { organisations, users } from './schema.js';

export const PROVIDER_KINDS = ['school', 'system_leader', 'teaching_school_hub', 'provider'] as const;

/** Who can give support: an invited school, a system leader (NLE, LLE, SLE, NLG), a hub or a named provider. */
export const supportProviders = pgTable(
  'support_providers',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    kind: text('kind', { enum: PROVIDER_KINDS }).notNull(),
    name: text('name').notNull(),
    /** A school's own URN (band A / category A schools invited onto the register). */
    urn: integer('urn'),
    /** NLE, LLE, SLE or NLG for system leaders. */
    designation: text('designation'),
    postcode: text('postcode'),
    /** The provider account that sees this provider's commissions. */
    userId: integer('user_id').references(() => users.id),
    active: boolean('active').notNull().default(true),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('support_providers_org').on(t.organisationId)],
);

export const supportStrengths = pgTable(
  'support_strengths',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    providerId: integer('provider_id').notNull().references(() => supportProviders.id),
    /** An id from config/support/areas.json. */
    areaId: text('area_id').notNull(),
    /** 'computed': the dashboard shows it (read afresh each time); 'declared': stated on a date. */
    evidenceKind: text('evidence_kind', { enum: ['computed', 'declared'] }).notNull(),
    evidence: text('evidence').notNull().default(''),
    declaredOn: text('declared_on'),
    capacityDaysPerTerm: doublePrecision('capacity_days_per_term').notNull(),
    available: boolean('available').notNull().default(true),
    availability: text('availability').notNull().default(''),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('support_strengths_org_area').on(t.organisationId, t.areaId)],
);

export const supportNeeds = pgTable(
  'support_needs',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    urn: integer('urn').notNull(),
    areaId: text('area_id').notNull(),
    source: text('source', { enum: ['category', 'core_group', 'visit', 'dashboard', 'officer'] }).notNull(),
    /** What the source said (the Core Group action, the dashboard flag), as the officer recorded it. */
    description: text('description').notNull(),
    identifiedOn: text('identified_on').notNull(),
    status: text('status', { enum: ['open', 'closed'] }).notNull().default('open'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('support_needs_org_urn').on(t.organisationId, t.urn)],
);

export interface PlanOutcome {
  measure: string;
  description: string;
  baseline: number | null;
  baselineYear: string | null;
  target: number | null;
  targetDate: string;
}

export interface PlanImpact {
  judgement: 'improved' | 'some_improvement' | 'no_improvement' | 'not_assessable';
  reasons: string[];
  judgedOn: string;
  judgedBy: string;
  note: string;
}

/** A brokered school-to-school agreement or a commission to a provider: one shape, so days, charges and impact are counted once. */
export const supportPlans = pgTable(
  'support_plans',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    kind: text('kind', { enum: ['agreement', 'commission'] }).notNull(),
    needId: integer('need_id').references(() => supportNeeds.id),
    /** The school supported. */
    urn: integer('urn').notNull(),
    providerId: integer('provider_id').notNull().references(() => supportProviders.id),
    strengthId: integer('strength_id').references(() => supportStrengths.id),
    areaId: text('area_id').notNull(),
    specification: text('specification').notNull(),
    outcomes: jsonb('outcomes').$type<PlanOutcome[]>().notNull().default(sql`'[]'::jsonb`),
    startOn: text('start_on').notNull(),
    endOn: text('end_on').notNull(),
    days: doublePrecision('days').notNull(),
    budget: doublePrecision('budget'),
    payer: text('payer', { enum: ['la', 'school', 'priority_school_support'] }).notNull(),
    payerReason: text('payer_reason').notNull(),
    /** Priority School Support only: auditing and planning, or monitoring (each has its own limit). */
    purpose: text('purpose', { enum: ['audit', 'monitor'] }),
    reportingLine: text('reporting_line').notNull().default(''),
    confidentiality: text('confidentiality').notNull().default(''),
    /** What the providing school receives for its staff's time. */
    recompense: text('recompense').notNull().default(''),
    reportEveryWeeks: integer('report_every_weeks').notNull().default(6),
    /** The category when the plan was made, and the policy it belongs to: impact compares with it. */
    categoryAtStart: text('category_at_start'),
    policyId: text('policy_id'),
    status: text('status', { enum: ['awaiting_sign_off', 'active'] }).notNull(),
    signOffRequired: boolean('sign_off_required').notNull().default(false),
    coreGroupMeetingId: integer('core_group_meeting_id'),
    signedOffBy: text('signed_off_by'),
    signedOffAt: timestamp('signed_off_at', { withTimezone: true }),
    qualityRating: integer('quality_rating'),
    qualityComment: text('quality_comment'),
    qualityBy: text('quality_by'),
    impact: jsonb('impact').$type<PlanImpact>(),
    createdBy: text('created_by').notNull(),
    createdByUserId: integer('created_by_user_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('support_plans_org_urn').on(t.organisationId, t.urn), index('support_plans_org_provider').on(t.organisationId, t.providerId)],
);

export const supportReports = pgTable(
  'support_reports',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    planId: integer('plan_id').notNull().references(() => supportPlans.id),
    reportedOn: text('reported_on').notNull(),
    progress: text('progress').notNull(),
    daysUsed: doublePrecision('days_used').notNull(),
    author: text('author').notNull(),
    authorUserId: integer('author_user_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('support_reports_plan').on(t.planId)],
);
