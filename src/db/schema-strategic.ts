// Strategic view tables (issue 17): the LA's targets on its strategic indicators and each district's
// step-change plan. Indicator ids are those of src/domain/strategic/indicators.ts.
import { date, doublePrecision, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { districts, organisations, users } from './schema.js';

/** A target: where an indicator stood (baseline), where the LA wants it and by when, and the way there. */
export const strategicTargets = pgTable(
  'strategic_targets',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    /** Stable key from the LA's config, so re-seeding never duplicates. */
    key: text('key').notNull(),
    indicatorId: text('indicator_id').notNull(),
    /** 'la' or 'district:<name>' (domain scopeKey). */
    scope: text('scope').notNull(),
    baselineValue: doublePrecision('baseline_value').notNull(),
    baselineDate: date('baseline_date').notNull(),
    targetValue: doublePrecision('target_value').notNull(),
    targetDate: date('target_date').notNull(),
    /** Milestones between baseline and target; straight line when empty. */
    trajectory: jsonb('trajectory').$type<{ date: string; value: number }[]>().notNull(),
    owner: text('owner').notNull(),
    /** Where the target came from (the framework it copies, the LA's decision). */
    source: text('source').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('strategic_targets_org_key').on(t.organisationId, t.key)],
);

/** One line of a district's step-change plan: a priority, the action, who, by when, and where it stands. */
export const districtPlanItems = pgTable(
  'district_plan_items',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    districtId: integer('district_id').notNull().references(() => districts.id),
    priority: text('priority').notNull(),
    action: text('action').notNull(),
    owner: text('owner').notNull(),
    dueDate: date('due_date').notNull(),
    status: text('status', { enum: ['not_started', 'in_progress', 'done', 'at_risk'] }).notNull(),
    updatedBy: integer('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('district_plan_items_org_district').on(t.organisationId, t.districtId)],
);
