// Provisional and final releases (issue 13): a KS2/KS4 figure first published provisionally is superseded
// by the final release of the same year, and the provisional figure is kept here rather than lost, so an
// officer can see what was known before the final tables. Owned by the evidence work (migration 0019).
import { doublePrecision, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { imports, organisations } from './schema.js';

/** A figure superseded by another release of the same school, measure and year (or one that arrived after it). */
export const supersededObservations = pgTable(
  'superseded_observations',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    urn: integer('urn').notNull(),
    measure: text('measure').notNull(),
    academicYear: text('academic_year').notNull(),
    release: text('release', { enum: ['provisional', 'final'] }).notNull(),
    value: doublePrecision('value'),
    status: text('status').notNull(),
    raw: text('raw').notNull(),
    ciLower: doublePrecision('ci_lower'),
    ciUpper: doublePrecision('ci_upper'),
    cohort: doublePrecision('cohort'),
    source: text('source').notNull(),
    importId: integer('import_id').notNull().references(() => imports.id),
    /** The import of the final release that holds this figure's place. */
    supersededByImportId: integer('superseded_by_import_id').notNull().references(() => imports.id),
    supersededAt: timestamp('superseded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('superseded_observations_key').on(t.organisationId, t.urn, t.measure, t.academicYear, t.release)],
);
