// One schema for PGlite and PostgreSQL. Every record carries its organisation from the first
// migration so tenancy is never retrofitted: an LA and a trust each hold their own view of a school.
import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

export const organisations = pgTable(
  'organisations',
  {
    id: serial('id').primaryKey(),
    kind: text('kind', { enum: ['local_authority', 'trust'] }).notNull(),
    /** LA code ("919") or the trust's name/companies-house reference as GIAS writes it. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('organisations_kind_code').on(t.kind, t.code)],
);

export const districts = pgTable(
  'districts',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    name: text('name').notNull(),
  },
  (t) => [uniqueIndex('districts_org_name').on(t.organisationId, t.name)],
);

export const schools = pgTable(
  'schools',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    urn: integer('urn').notNull(),
    laestab: text('laestab'),
    name: text('name').notNull(),
    street: text('street'),
    locality: text('locality'),
    address3: text('address3'),
    town: text('town'),
    postcode: text('postcode'),
    laCode: text('la_code').notNull(),
    laName: text('la_name'),
    typeName: text('type_name').notNull(),
    typeGroup: text('type_group').notNull(),
    phase: text('phase').notNull(),
    isPrimary: boolean('is_primary').notNull().default(false),
    isSecondary: boolean('is_secondary').notNull().default(false),
    isPost16: boolean('is_post16').notNull().default(false),
    ageLow: integer('age_low'),
    ageHigh: integer('age_high'),
    status: text('status').notNull(),
    openDate: date('open_date'),
    closeDate: date('close_date'),
    gender: text('gender'),
    religiousCharacter: text('religious_character'),
    diocese: text('diocese'),
    admissionsPolicy: text('admissions_policy'),
    trustName: text('trust_name'),
    sponsorName: text('sponsor_name'),
    constituency: text('constituency'),
    isStateFunded: boolean('is_state_funded').notNull(),
    districtId: integer('district_id').references(() => districts.id),
    /** 'default' when assigned from the data, 'manual' once an officer has set it. */
    districtSource: text('district_source', { enum: ['default', 'manual'] }),
    lastImportId: integer('last_import_id'),
    /** "As at" date of the file these facts came from: an older file never overwrites newer facts. */
    sourceDate: date('source_date').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('schools_org_urn').on(t.organisationId, t.urn),
    index('schools_org_name').on(t.organisationId, t.name),
    index('schools_org_postcode').on(t.organisationId, t.postcode),
  ],
);

/** Openings, closures, conversions and changes, as the imports saw them. */
export const schoolEvents = pgTable(
  'school_events',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    urn: integer('urn').notNull(),
    eventType: text('event_type', {
      enum: ['registered', 'opened', 'closed', 'academy_conversion', 'academy_transfer', 'changed', 'district_changed'],
    }).notNull(),
    eventDate: date('event_date'),
    /** For conversions: the school this one replaced or was replaced by. */
    predecessorUrn: integer('predecessor_urn'),
    successorUrn: integer('successor_urn'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    importId: integer('import_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('school_events_org_urn').on(t.organisationId, t.urn)],
);

/** One row per successful import: the data catalogue. Failed imports change nothing and leave no row. */
export const imports = pgTable(
  'imports',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    kind: text('kind').notNull(),
    layout: text('layout'),
    fileName: text('file_name').notNull(),
    sha256: text('sha256').notNull(),
    encoding: text('encoding').notNull(),
    rowsRead: integer('rows_read').notNull(),
    rowsAccepted: integer('rows_accepted').notNull(),
    rowsSkipped: integer('rows_skipped').notNull(),
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    importedBy: text('imported_by').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('imports_org_kind').on(t.organisationId, t.kind)],
);

export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role').notNull(),
    /** argon2id hash; null for single-sign-on-only accounts. */
    passwordHash: text('password_hash'),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    oidcSubject: text('oidc_subject'),
    /** Demo accounts exist only outside production and say so on every page. */
    isDemo: boolean('is_demo').notNull().default(false),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email').on(sql`lower(${t.email})`)],
);

/**
 * When each account last signed in. Kept apart from `users` (migration 0022) because `users` moves the data
 * version that every cached page is keyed on, and a sign-in changes nothing any page shows but the
 * administrators' account list, which is never cached; like `sessions`, this table has no version trigger.
 */
export const signIns = pgTable('sign_ins', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }).notNull(),
});

/** The schools (head teacher, chair, sponsor, link officer) and districts (district lead, link officer) a user covers. */
export const userScopes = pgTable(
  'user_scopes',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').notNull().references(() => organisations.id),
    userId: integer('user_id').notNull().references(() => users.id),
    schoolUrn: integer('school_urn'),
    districtId: integer('district_id').references(() => districts.id),
  },
  (t) => [index('user_scopes_user').on(t.userId)],
);

export const sessions = pgTable(
  'sessions',
  {
    /** sha256 of the cookie token: a stolen database does not yield live sessions. */
    id: text('id').primaryKey(),
    userId: integer('user_id').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

/** Append-only: the application only inserts, and a trigger refuses updates and deletes. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: serial('id').primaryKey(),
    organisationId: integer('organisation_id').references(() => organisations.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: integer('actor_user_id'),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    before: jsonb('before').$type<unknown>(),
    after: jsonb('after').$type<unknown>(),
    requestId: text('request_id'),
    ip: text('ip'),
  },
  (t) => [index('audit_log_org_at').on(t.organisationId, t.at)],
);
