// Distributions of published values, computed once per data release (issue 15): when a file is
// imported, the same transaction stores per measure × year × scope what pages and rules need — count,
// suppressed count, mean, quartiles, extremes and the sorted values — so a page or a whole-LA
// categorisation reads a handful of rows instead of every school's observations. Scopes are the
// organisation's schools ('la'), one district ('district', key = district name) and one phase
// ('phase', key = the register's phase). England figures come from the files themselves: the published
// England averages (comparators) and each school's England percentile, ranked at import over the
// whole national file.
import { doublePrecision, index, integer, jsonb, pgTable, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { imports, organisations } from './schema.js';

export const measureDistributions = pgTable(
  'measure_distributions',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    measure: text('measure').notNull(),
    academicYear: text('academic_year').notNull(),
    scope: text('scope', { enum: ['la', 'district', 'phase'] }).notNull(),
    /** '' for the LA; the district's name or the phase otherwise. */
    scopeKey: text('scope_key').notNull(),
    /** Schools with a published value. */
    count: integer('count').notNull(),
    /** Schools with a row but no usable value (suppressed, not published, …). */
    suppressed: integer('suppressed').notNull(),
    mean: doublePrecision('mean'),
    min: doublePrecision('min'),
    p25: doublePrecision('p25'),
    median: doublePrecision('median'),
    p75: doublePrecision('p75'),
    max: doublePrecision('max'),
    /** Every published value, ascending: quartile rules need exact mid-ranks, not a sketch. */
    sortedValues: jsonb('sorted_values').$type<number[]>().notNull(),
    /** The import that last changed this measure and year (or the register import that moved schools). */
    importId: integer('import_id').references(() => imports.id),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('measure_distributions_key').on(t.organisationId, t.measure, t.academicYear, t.scope, t.scopeKey),
    index('measure_distributions_org_scope').on(t.organisationId, t.scope),
  ],
);
