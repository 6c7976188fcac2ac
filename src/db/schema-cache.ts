// The data version (issue 15): one counter that every change to what pages show moves forward, so a
// page rendered for one version can be served again until anything it may read changes. Triggers in
// migration 0020 bump it on every INSERT, UPDATE, DELETE or TRUNCATE statement of every table except
// the few written as a side effect of reading (sessions, the audit log) or by job bookkeeping.
import { bigint, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { organisations } from './schema.js';

export const dataVersion = pgTable('data_version', {
  /** Always 1: a single row. */
  id: integer('id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull(),
});

/**
 * The live categorisation the visit programme starts from when no round is confirmed, kept per
 * organisation and policy with what it was computed from (the data version, the programme's
 * fingerprint, the policy version and the day). A whole LA takes seconds at national size, so the page
 * and `lodestar programme` reuse it while either version still matches. No version trigger (see 0020):
 * it is written while pages are read, and it is derived only from tables that have one.
 */
export const liveCategories = pgTable(
  'live_categories',
  {
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id),
    policyId: text('policy_id').notNull(),
    policyVersion: integer('policy_version').notNull(),
    asOf: text('as_of').notNull(),
    dataVersion: bigint('data_version', { mode: 'number' }).notNull(),
    fingerprint: text('fingerprint').notNull(),
    /** [urn, name, code or null], in the order the engine gave them (school name). */
    schools: jsonb('schools').$type<[number, string, string | null][]>().notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.policyId] })],
);
