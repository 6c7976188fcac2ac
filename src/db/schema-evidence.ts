// Evidence tables (issue 4): published measures, comparators, inspections and the LA's own intelligence.
// Owned by the evidence work; generated into its own migration. Every row carries its organisation,
// and every published figure its academic year, source file and the import that brought it.
import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { imports, organisations, users } from './schema.js';

/** One published figure for one school and year. Re-importing the same measure and year replaces it. */
export const observations = pgTable(
  'observations',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    urn: integer('urn').notNull(),
    measure: text('measure').notNull(),
    academicYear: text('academic_year').notNull(),
    value: doublePrecision('value'),
    /** ValueStatus: why a value is absent (suppressed, not published, ...); 'ok' when it is present. */
    status: text('status').notNull(),
    raw: text('raw').notNull(),
    ciLower: doublePrecision('ci_lower'),
    ciUpper: doublePrecision('ci_upper'),
    cohort: doublePrecision('cohort'),
    source: text('source').notNull(),
    /** Whether the figure comes from a provisional or a final release (KS2, KS4; migration 0019); null for other kinds. */
    release: text('release', { enum: ['provisional', 'final'] }),
    importId: integer('import_id').notNull().references(() => imports.id),
    /** Mid-rank percentile (0–100, share of schools with a lower value) among every school in a national file. */
    englandPercentile: doublePrecision('england_percentile'),
    /** 1 = lowest fifth of values … 5 = highest, whatever the measure's direction. */
    englandQuintile: smallint('england_quintile'),
    /** The same among this organisation's schools with a value for the measure and year (recomputed after every import). */
    laPercentile: doublePrecision('la_percentile'),
    laQuintile: smallint('la_quintile'),
  },
  (t) => [
    uniqueIndex('observations_org_urn_measure_year').on(t.organisationId, t.urn, t.measure, t.academicYear),
    index('observations_org_measure_year').on(t.organisationId, t.measure, t.academicYear),
  ],
);

/** LA and England averages as published in the same files, per phase where the file splits them. */
export const comparators = pgTable(
  'comparators',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    scope: text('scope', { enum: ['la', 'england'] }).notNull(),
    laCode: text('la_code'),
    phase: text('phase', { enum: ['primary', 'secondary', 'special'] }),
    measure: text('measure').notNull(),
    academicYear: text('academic_year').notNull(),
    value: doublePrecision('value'),
    source: text('source').notNull(),
    /** As on observations: a provisional average never replaces a final one (migration 0019). */
    release: text('release', { enum: ['provisional', 'final'] }),
    importId: integer('import_id').notNull().references(() => imports.id),
  },
  (t) => [
    unique('comparators_key')
      .on(t.organisationId, t.scope, t.laCode, t.phase, t.measure, t.academicYear)
      .nullsNotDistinct(),
  ],
);

/** One Ofsted inspection of one school; the same inspection from two files is stored once. */
export const inspections = pgTable(
  'inspections',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    urn: integer('urn').notNull(),
    inspectionDate: date('inspection_date').notNull(),
    /** Last day on site, where the file gives it (migration 0011). */
    inspectionEndDate: date('inspection_end_date'),
    dateBasis: text('date_basis', { enum: ['inspection', 'publication'] }).notNull(),
    publicationDate: date('publication_date'),
    inspectionType: text('inspection_type', { enum: ['graded', 'ungraded', 'monitoring', 'unknown'] }).notNull(),
    era: text('era', { enum: ['four-grade', 'no-overall-grade', 'report-card'] }).notNull(),
    overallEffectiveness: smallint('overall_effectiveness'),
    categoryOfConcern: text('category_of_concern', { enum: ['serious_weaknesses', 'special_measures', 'notice_to_improve', 'requires_significant_improvement'] }),
    subJudgements: jsonb('sub_judgements').$type<Record<string, number>>(),
    reportCard: jsonb('report_card').$type<Record<string, string>>(),
    safeguarding: text('safeguarding', { enum: ['effective', 'not_effective', 'met', 'not_met'] }),
    previousOverallEffectiveness: smallint('previous_overall_effectiveness'),
    previousInspectionDate: date('previous_inspection_date'),
    /** An ungraded inspection's outcome as Ofsted words it ("School remains Good (Concerns) - S5 Next"). */
    ungradedOutcome: text('ungraded_outcome'),
    /**
     * The URN the school had when inspected, when that was another school (the predecessor of a converter
     * academy: Ofsted's "URN at time of latest OEIF graded inspection"); null when it is `urn` itself.
     */
    inspectedUrn: integer('inspected_urn'),
    source: text('source').notNull(),
    importId: integer('import_id').notNull().references(() => imports.id),
  },
  (t) => [uniqueIndex('inspections_org_urn_date').on(t.organisationId, t.urn, t.inspectionDate)],
);

/** The LA's own dated, sourced knowledge about a school. Never deleted: resolved or corrected with history. */
export const intelligenceItems = pgTable(
  'intelligence_items',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    urn: integer('urn').notNull(),
    kind: text('kind').notNull(),
    /** Walsall leadership/governance indicator code, for those two kinds. */
    indicator: text('indicator'),
    summary: text('summary').notNull(),
    /** Where the information came from (a parent's letter, a governors' meeting, HR). */
    source: text('source').notNull(),
    occurredOn: date('occurred_on').notNull(),
    status: text('status', { enum: ['open', 'resolved'] }).notNull().default('open'),
    resolvedOn: date('resolved_on'),
    confidential: boolean('confidential').notNull().default(false),
    authorUserId: integer('author_user_id').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('intelligence_items_org_urn').on(t.organisationId, t.urn, t.occurredOn)],
);

/** Every correction or resolution of an item: what it was, what it became, who, when and why. */
export const intelligenceRevisions = pgTable(
  'intelligence_revisions',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    itemId: integer('item_id').notNull().references(() => intelligenceItems.id),
    action: text('action', { enum: ['created', 'corrected', 'resolved', 'reopened'] }).notNull(),
    before: jsonb('before').$type<Record<string, unknown>>(),
    after: jsonb('after').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    reason: text('reason'),
    userId: integer('user_id').notNull().references(() => users.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('intelligence_revisions_item').on(t.itemId, t.at)],
);
