CREATE TABLE "district_plan_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"district_id" integer NOT NULL,
	"priority" text NOT NULL,
	"action" text NOT NULL,
	"owner" text NOT NULL,
	"due_date" date NOT NULL,
	"status" text NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "strategic_targets" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"key" text NOT NULL,
	"indicator_id" text NOT NULL,
	"scope" text NOT NULL,
	"baseline_value" double precision NOT NULL,
	"baseline_date" date NOT NULL,
	"target_value" double precision NOT NULL,
	"target_date" date NOT NULL,
	"trajectory" jsonb NOT NULL,
	"owner" text NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "district_plan_items" ADD CONSTRAINT "district_plan_items_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "district_plan_items" ADD CONSTRAINT "district_plan_items_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "district_plan_items" ADD CONSTRAINT "district_plan_items_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategic_targets" ADD CONSTRAINT "strategic_targets_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "district_plan_items_org_district" ON "district_plan_items" USING btree ("organisation_id","district_id");--> statement-breakpoint
CREATE UNIQUE INDEX "strategic_targets_org_key" ON "strategic_targets" USING btree ("organisation_id","key");