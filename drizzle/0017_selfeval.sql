CREATE TABLE "action_plan_actions" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"area_id" integer NOT NULL,
	"number" integer NOT NULL,
	"text" text NOT NULL,
	"owner_user_id" integer NOT NULL,
	"due_on" text NOT NULL,
	"status" text DEFAULT 'not_started' NOT NULL,
	"impact" text DEFAULT '' NOT NULL,
	"indicator_id" text,
	"target_id" integer,
	"revisions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "action_plan_areas" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"heading_id" text,
	"finding" text NOT NULL,
	"finding_source" text NOT NULL,
	"aim" text NOT NULL,
	"what_more" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "self_evaluation_frameworks" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"framework_id" text NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"definition" jsonb NOT NULL,
	"origin" text NOT NULL,
	"change_note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "self_evaluation_ratings" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"framework_version_id" integer NOT NULL,
	"heading_id" text NOT NULL,
	"rating" text NOT NULL,
	"lead" text NOT NULL,
	"narrative" text NOT NULL,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"rated_on" text NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_by_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "action_plan_actions" ADD CONSTRAINT "action_plan_actions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_plan_actions" ADD CONSTRAINT "action_plan_actions_area_id_action_plan_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."action_plan_areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_plan_actions" ADD CONSTRAINT "action_plan_actions_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_plan_areas" ADD CONSTRAINT "action_plan_areas_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_evaluation_frameworks" ADD CONSTRAINT "self_evaluation_frameworks_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_evaluation_ratings" ADD CONSTRAINT "self_evaluation_ratings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_evaluation_ratings" ADD CONSTRAINT "self_evaluation_ratings_framework_version_id_self_evaluation_frameworks_id_fk" FOREIGN KEY ("framework_version_id") REFERENCES "public"."self_evaluation_frameworks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_evaluation_ratings" ADD CONSTRAINT "self_evaluation_ratings_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "action_plan_actions_area_number" ON "action_plan_actions" USING btree ("area_id","number");--> statement-breakpoint
CREATE INDEX "action_plan_actions_org_owner" ON "action_plan_actions" USING btree ("organisation_id","owner_user_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "action_plan_areas_org_number" ON "action_plan_areas" USING btree ("organisation_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "self_evaluation_frameworks_org_id_version" ON "self_evaluation_frameworks" USING btree ("organisation_id","framework_id","version");--> statement-breakpoint
CREATE INDEX "self_evaluation_ratings_org_heading" ON "self_evaluation_ratings" USING btree ("organisation_id","heading_id","created_at");