CREATE TABLE "districts" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"kind" text NOT NULL,
	"layout" text,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"encoding" text NOT NULL,
	"rows_read" integer NOT NULL,
	"rows_accepted" integer NOT NULL,
	"rows_skipped" integer NOT NULL,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"imported_by" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "school_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"urn" integer NOT NULL,
	"event_type" text NOT NULL,
	"event_date" date,
	"predecessor_urn" integer,
	"successor_urn" integer,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"import_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schools" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"urn" integer NOT NULL,
	"laestab" text,
	"name" text NOT NULL,
	"street" text,
	"locality" text,
	"address3" text,
	"town" text,
	"postcode" text,
	"la_code" text NOT NULL,
	"la_name" text,
	"type_name" text NOT NULL,
	"type_group" text NOT NULL,
	"phase" text NOT NULL,
	"is_primary" boolean DEFAULT false NOT NULL,
	"is_secondary" boolean DEFAULT false NOT NULL,
	"is_post16" boolean DEFAULT false NOT NULL,
	"age_low" integer,
	"age_high" integer,
	"status" text NOT NULL,
	"open_date" date,
	"close_date" date,
	"gender" text,
	"religious_character" text,
	"diocese" text,
	"admissions_policy" text,
	"trust_name" text,
	"sponsor_name" text,
	"constituency" text,
	"is_state_funded" boolean NOT NULL,
	"district_id" integer,
	"district_source" text,
	"last_import_id" integer,
	"source_date" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "districts" ADD CONSTRAINT "districts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_events" ADD CONSTRAINT "school_events_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schools" ADD CONSTRAINT "schools_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schools" ADD CONSTRAINT "schools_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "districts_org_name" ON "districts" USING btree ("organisation_id","name");--> statement-breakpoint
CREATE INDEX "imports_org_kind" ON "imports" USING btree ("organisation_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_kind_code" ON "organisations" USING btree ("kind","code");--> statement-breakpoint
CREATE INDEX "school_events_org_urn" ON "school_events" USING btree ("organisation_id","urn");--> statement-breakpoint
CREATE UNIQUE INDEX "schools_org_urn" ON "schools" USING btree ("organisation_id","urn");--> statement-breakpoint
CREATE INDEX "schools_org_name" ON "schools" USING btree ("organisation_id","name");--> statement-breakpoint
CREATE INDEX "schools_org_postcode" ON "schools" USING btree ("organisation_id","postcode");