CREATE TABLE "core_group_meetings" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"core_group_id" integer NOT NULL,
	"urn" integer NOT NULL,
	"meeting_date" text NOT NULL,
	"evaluation_form" jsonb NOT NULL,
	"review_areas" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"judgement" text NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "core_groups" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"urn" integer NOT NULL,
	"membership" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"cadence" text DEFAULT 'half-termly' NOT NULL,
	"meeting_type" text DEFAULT 'core-group' NOT NULL,
	"established_on" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engagement_actions" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"urn" integer NOT NULL,
	"visit_id" integer,
	"meeting_id" integer,
	"text" text NOT NULL,
	"owner" text NOT NULL,
	"due_date" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"carried_over_from" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "escalations" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"urn" integer NOT NULL,
	"step" text NOT NULL,
	"rule_id" text NOT NULL,
	"trigger_key" text NOT NULL,
	"title" text NOT NULL,
	"reason" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"proposal" jsonb NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"due_date" text,
	"review_date" text,
	"issued_on" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"decision_note" text,
	"signed_off_by" text,
	"signed_off_by_user_id" integer,
	"signed_off_at" timestamp with time zone,
	"letter_docx" "bytea",
	"letter_pdf" "bytea",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "officer_capacity" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"days_per_year" integer NOT NULL,
	"source" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visits" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"urn" integer NOT NULL,
	"officer_user_id" integer,
	"type" text NOT NULL,
	"visit_date" text NOT NULL,
	"agenda" text DEFAULT '' NOT NULL,
	"attendees" text DEFAULT '' NOT NULL,
	"areas_reviewed" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"evidence" text DEFAULT '' NOT NULL,
	"judgements" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"author" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "core_group_meetings" ADD CONSTRAINT "core_group_meetings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "core_group_meetings" ADD CONSTRAINT "core_group_meetings_core_group_id_core_groups_id_fk" FOREIGN KEY ("core_group_id") REFERENCES "public"."core_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "core_groups" ADD CONSTRAINT "core_groups_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_actions" ADD CONSTRAINT "engagement_actions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_actions" ADD CONSTRAINT "engagement_actions_visit_id_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_actions" ADD CONSTRAINT "engagement_actions_meeting_id_core_group_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."core_group_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_actions" ADD CONSTRAINT "engagement_actions_carried_over_from_engagement_actions_id_fk" FOREIGN KEY ("carried_over_from") REFERENCES "public"."engagement_actions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalations" ADD CONSTRAINT "escalations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalations" ADD CONSTRAINT "escalations_signed_off_by_user_id_users_id_fk" FOREIGN KEY ("signed_off_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "officer_capacity" ADD CONSTRAINT "officer_capacity_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "officer_capacity" ADD CONSTRAINT "officer_capacity_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_officer_user_id_users_id_fk" FOREIGN KEY ("officer_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "core_group_meetings_group" ON "core_group_meetings" USING btree ("core_group_id","meeting_date");--> statement-breakpoint
CREATE UNIQUE INDEX "core_groups_org_urn" ON "core_groups" USING btree ("organisation_id","urn");--> statement-breakpoint
CREATE INDEX "engagement_actions_org_urn" ON "engagement_actions" USING btree ("organisation_id","urn","status");--> statement-breakpoint
CREATE UNIQUE INDEX "escalations_org_urn_trigger" ON "escalations" USING btree ("organisation_id","urn","trigger_key");--> statement-breakpoint
CREATE INDEX "escalations_org_status" ON "escalations" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "officer_capacity_org_user" ON "officer_capacity" USING btree ("organisation_id","user_id");--> statement-breakpoint
CREATE INDEX "visits_org_urn" ON "visits" USING btree ("organisation_id","urn");--> statement-breakpoint
CREATE INDEX "visits_org_status" ON "visits" USING btree ("organisation_id","status");