-- Least-privilege roles for Lodestar on PostgreSQL (see README, "Accounts, roles and audit").
--
-- Run once as a superuser, connected to the Lodestar database after its first start created the tables:
--   psql "postgres://postgres@db-host/lodestar" -v owner_role=lodestar_owner -v owner_password='…' \
--        -v app_role=lodestar_app -v app_password='…' -f scripts/least-privilege.sql
-- Afterwards the app runs as app_role (DATABASE_URL=postgres://lodestar_app:…@db-host/lodestar) and
-- upgrades, whose migrations change tables, run once as owner_role (any `npx lodestar` command with the
-- owner's DATABASE_URL) before the app is restarted.
--
-- owner_role owns every table, so only it (or a superuser) can ALTER, DROP, TRUNCATE or disable
-- triggers. app_role reads and writes the data, but on audit_log it may only INSERT and SELECT: it
-- cannot update, delete, truncate or alter the audit trail, and the triggers refuse it even to the owner.
\set ON_ERROR_STOP on

CREATE ROLE :"owner_role" LOGIN PASSWORD :'owner_password';
CREATE ROLE :"app_role" LOGIN PASSWORD :'app_password';
SELECT set_config('lodestar.owner_role', :'owner_role', false), set_config('lodestar.app_role', :'app_role', false);

DO $$
DECLARE
  owner_role text := current_setting('lodestar.owner_role');
  app_role text := current_setting('lodestar.app_role');
  r record;
BEGIN
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I, %I', current_database(), owner_role, app_role);
  -- The owner creates the schemas of new migrations; the app's start-up migration check only needs
  -- to find drizzle's bookkeeping, which CREATE SCHEMA/TABLE IF NOT EXISTS checks with CREATE rights.
  EXECUTE format('GRANT CREATE ON DATABASE %I TO %I, %I', current_database(), owner_role, app_role);
  EXECUTE format('ALTER SCHEMA public OWNER TO %I', owner_role);
  EXECUTE format('ALTER SCHEMA drizzle OWNER TO %I', owner_role);
  FOR r IN SELECT schemaname, tablename FROM pg_tables WHERE schemaname IN ('public', 'drizzle') LOOP
    EXECUTE format('ALTER TABLE %I.%I OWNER TO %I', r.schemaname, r.tablename, owner_role);
  END LOOP;
  FOR r IN SELECT sequence_schema AS s, sequence_name AS n FROM information_schema.sequences WHERE sequence_schema IN ('public', 'drizzle') LOOP
    EXECUTE format('ALTER SEQUENCE %I.%I OWNER TO %I', r.s, r.n, owner_role);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS f FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO %I', r.f, owner_role);
  END LOOP;

  EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', app_role);
  EXECUTE format('GRANT USAGE, CREATE ON SCHEMA drizzle TO %I', app_role);
  EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA drizzle TO %I', app_role);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', app_role);
  EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM %I', app_role);
  EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', app_role);
  -- Tables and sequences later migrations create (as the owner) are usable by the app the same way.
  EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', owner_role, app_role);
  EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO %I', owner_role, app_role);
  EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA drizzle GRANT SELECT ON TABLES TO %I', owner_role, app_role);
END $$;
