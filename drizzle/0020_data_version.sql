CREATE TABLE "data_version" (
	"id" integer PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
INSERT INTO "data_version" ("id", "version") VALUES (1, 1);--> statement-breakpoint
-- Hand-written: every statement that changes what a page can show moves the version on. BEFORE
-- STATEMENT, so a writing transaction takes the counter's row lock before any row of its own and two
-- writers can never deadlock through it (they queue instead). Not on sessions, audit_log, jobs and
-- job_items: they are written while pages are read and while jobs run, and no cached page shows them.
CREATE FUNCTION "lodestar_bump_data_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "data_version" SET "version" = "version" + 1 WHERE "id" = 1;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "action_plan_actions_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "action_plan_actions" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "action_plan_areas_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "action_plan_areas" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "adviser_judgements_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "adviser_judgements" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "categorisation_rounds_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "categorisation_rounds" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "categorisation_steps_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "categorisation_steps" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "categorisations_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "categorisations" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "challenges_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "challenges" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "comparators_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "comparators" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "concern_judgements_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "concern_judgements" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "core_group_meetings_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "core_group_meetings" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "core_groups_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "core_groups" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "district_plan_items_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "district_plan_items" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "districts_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "districts" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "engagement_actions_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "engagement_actions" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "escalations_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "escalations" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "imports_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "imports" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "inspections_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "inspections" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "intelligence_items_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "intelligence_items" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "intelligence_revisions_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "intelligence_revisions" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "letters_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "letters" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "measure_distributions_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "measure_distributions" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "observations_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "observations" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "officer_capacity_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "officer_capacity" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "organisations_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "organisations" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "policy_versions_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "policy_versions" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "review_flags_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "review_flags" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "risk_scores_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "risk_scores" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "school_events_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "school_events" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "school_interventions_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "school_interventions" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "schools_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "schools" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "self_evaluation_frameworks_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "self_evaluation_frameworks" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "self_evaluation_ratings_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "self_evaluation_ratings" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "strategic_targets_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "strategic_targets" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "superseded_observations_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "superseded_observations" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "support_needs_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "support_needs" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "support_plans_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "support_plans" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "support_providers_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "support_providers" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "support_reports_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "support_reports" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "support_strengths_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "support_strengths" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "user_scopes_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "user_scopes" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "users_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "users" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();--> statement-breakpoint
CREATE TRIGGER "visits_data_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "visits" FOR EACH STATEMENT EXECUTE FUNCTION "lodestar_bump_data_version"();
