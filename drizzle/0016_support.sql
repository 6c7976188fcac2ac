CREATE TABLE "support_needs" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"urn" integer NOT NULL,
	"area_id" text NOT NULL,
	"source" text NOT NULL,
	"description" text NOT NULL,
	"identified_on" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_plans" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"kind" text NOT NULL,
	"need_id" integer,
	"urn" integer NOT NULL,
	"provider_id" integer NOT NULL,
	"strength_id" integer,
	"area_id" text NOT NULL,
	"specification" text NOT NULL,
	"outcomes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"start_on" text NOT NULL,
	"end_on" text NOT NULL,
	"days" double precision NOT NULL,
	"budget" double precision,
	"payer" text NOT NULL,
	"payer_reason" text NOT NULL,
	"purpose" text,
	"reporting_line" text DEFAULT '' NOT NULL,
	"confidentiality" text DEFAULT '' NOT NULL,
	"recompense" text DEFAULT '' NOT NULL,
	"report_every_weeks" integer DEFAULT 6 NOT NULL,
	"category_at_start" text,
	"policy_id" text,
	"status" text NOT NULL,
	"sign_off_required" boolean DEFAULT false NOT NULL,
	"core_group_meeting_id" integer,
	"signed_off_by" text,
	"signed_off_at" timestamp with time zone,
	"quality_rating" integer,
	"quality_comment" text,
	"quality_by" text,
	"impact" jsonb,
	"created_by" text NOT NULL,
	"created_by_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_providers" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"urn" integer,
	"designation" text,
	"postcode" text,
	"user_id" integer,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"plan_id" integer NOT NULL,
	"reported_on" text NOT NULL,
	"progress" text NOT NULL,
	"days_used" double precision NOT NULL,
	"author" text NOT NULL,
	"author_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_strengths" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"provider_id" integer NOT NULL,
	"area_id" text NOT NULL,
	"evidence_kind" text NOT NULL,
	"evidence" text DEFAULT '' NOT NULL,
	"declared_on" text,
	"capacity_days_per_term" double precision NOT NULL,
	"available" boolean DEFAULT true NOT NULL,
	"availability" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "support_needs" ADD CONSTRAINT "support_needs_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_plans" ADD CONSTRAINT "support_plans_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_plans" ADD CONSTRAINT "support_plans_need_id_support_needs_id_fk" FOREIGN KEY ("need_id") REFERENCES "public"."support_needs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_plans" ADD CONSTRAINT "support_plans_provider_id_support_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."support_providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_plans" ADD CONSTRAINT "support_plans_strength_id_support_strengths_id_fk" FOREIGN KEY ("strength_id") REFERENCES "public"."support_strengths"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_plans" ADD CONSTRAINT "support_plans_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_providers" ADD CONSTRAINT "support_providers_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_providers" ADD CONSTRAINT "support_providers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_reports" ADD CONSTRAINT "support_reports_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_reports" ADD CONSTRAINT "support_reports_plan_id_support_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."support_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_reports" ADD CONSTRAINT "support_reports_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_strengths" ADD CONSTRAINT "support_strengths_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_strengths" ADD CONSTRAINT "support_strengths_provider_id_support_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."support_providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "support_needs_org_urn" ON "support_needs" USING btree ("organisation_id","urn");--> statement-breakpoint
CREATE INDEX "support_plans_org_urn" ON "support_plans" USING btree ("organisation_id","urn");--> statement-breakpoint
CREATE INDEX "support_plans_org_provider" ON "support_plans" USING btree ("organisation_id","provider_id");--> statement-breakpoint
CREATE INDEX "support_providers_org" ON "support_providers" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "support_reports_plan" ON "support_reports" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "support_strengths_org_area" ON "support_strengths" USING btree ("organisation_id","area_id");