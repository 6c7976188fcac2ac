-- TRUNCATE fires no row triggers, so the append-only and never-deleted rules of 0001/0002 could be
-- bypassed by one statement; statement-level BEFORE TRUNCATE triggers close that on both engines.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
--> statement-breakpoint
CREATE TRIGGER intelligence_items_no_truncate BEFORE TRUNCATE ON intelligence_items
  FOR EACH STATEMENT EXECUTE FUNCTION intelligence_is_never_deleted();
--> statement-breakpoint
CREATE TRIGGER intelligence_revisions_no_truncate BEFORE TRUNCATE ON intelligence_revisions
  FOR EACH STATEMENT EXECUTE FUNCTION intelligence_is_never_deleted();
