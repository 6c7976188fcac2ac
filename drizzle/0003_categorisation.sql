CREATE TABLE "categorisation_rounds" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"label" text NOT NULL,
	"academic_year" text NOT NULL,
	"policy_version_id" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"as_of" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_by" text,
	"confirmed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "categorisation_steps" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"categorisation_id" integer NOT NULL,
	"step" text NOT NULL,
	"from_category" text,
	"to_category" text,
	"reason" text,
	"actor_user_id" integer,
	"actor" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "categorisations" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"round_id" integer NOT NULL,
	"urn" integer NOT NULL,
	"proposed_category" text,
	"current_category" text,
	"stage" text NOT NULL,
	"result" jsonb NOT NULL,
	"needs_review" boolean DEFAULT false NOT NULL,
	"review_reason" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "challenges" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"categorisation_id" integer NOT NULL,
	"urn" integer NOT NULL,
	"evidence" text NOT NULL,
	"status" text NOT NULL,
	"submitted_by" text NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"response" text,
	"responded_by" text,
	"responded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "letters" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"round_id" integer NOT NULL,
	"urn" integer NOT NULL,
	"category" text,
	"docx" "bytea" NOT NULL,
	"pdf" "bytea" NOT NULL,
	"issued_by" text NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"policy_id" text NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"definition" jsonb NOT NULL,
	"origin" text NOT NULL,
	"change_note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "categorisation_rounds" ADD CONSTRAINT "categorisation_rounds_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "categorisation_rounds" ADD CONSTRAINT "categorisation_rounds_policy_version_id_policy_versions_id_fk" FOREIGN KEY ("policy_version_id") REFERENCES "public"."policy_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "categorisation_steps" ADD CONSTRAINT "categorisation_steps_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "categorisation_steps" ADD CONSTRAINT "categorisation_steps_categorisation_id_categorisations_id_fk" FOREIGN KEY ("categorisation_id") REFERENCES "public"."categorisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "categorisation_steps" ADD CONSTRAINT "categorisation_steps_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "categorisations" ADD CONSTRAINT "categorisations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "categorisations" ADD CONSTRAINT "categorisations_round_id_categorisation_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."categorisation_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_categorisation_id_categorisations_id_fk" FOREIGN KEY ("categorisation_id") REFERENCES "public"."categorisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letters" ADD CONSTRAINT "letters_round_id_categorisation_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."categorisation_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_versions" ADD CONSTRAINT "policy_versions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "categorisation_rounds_org_label" ON "categorisation_rounds" USING btree ("organisation_id","label");--> statement-breakpoint
CREATE UNIQUE INDEX "categorisations_round_urn" ON "categorisations" USING btree ("round_id","urn");--> statement-breakpoint
CREATE INDEX "categorisations_org_urn" ON "categorisations" USING btree ("organisation_id","urn");--> statement-breakpoint
CREATE INDEX "letters_round_urn" ON "letters" USING btree ("round_id","urn");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_versions_org_policy_version" ON "policy_versions" USING btree ("organisation_id","policy_id","version");