// The data version (issue 15): one counter that every change to what pages show moves forward, so a
// page rendered for one version can be served again until anything it may read changes. Triggers in
// migration 0020 bump it on every INSERT, UPDATE, DELETE or TRUNCATE statement of every table except
// the few written as a side effect of reading (sessions, the audit log) or by job bookkeeping.
import { bigint, integer, pgTable } from 'drizzle-orm/pg-core';

export const dataVersion = pgTable('data_version', {
  /** Always 1: a single row. */
  id: integer('id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull(),
});
