CREATE TABLE "comparators" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"scope" text NOT NULL,
	"la_code" text,
	"phase" text,
	"measure" text NOT NULL,
	"academic_year" text NOT NULL,
	"value" double precision,
	"source" text NOT NULL,
	"import_id" integer NOT NULL,
	CONSTRAINT "comparators_key" UNIQUE NULLS NOT DISTINCT("organisation_id","scope","la_code","phase","measure","academic_year")
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"urn" integer NOT NULL,
	"inspection_date" date NOT NULL,
	"date_basis" text NOT NULL,
	"publication_date" date,
	"inspection_type" text NOT NULL,
	"era" text NOT NULL,
	"overall_effectiveness" smallint,
	"category_of_concern" text,
	"sub_judgements" jsonb,
	"report_card" jsonb,
	"safeguarding" text,
	"previous_overall_effectiveness" smallint,
	"previous_inspection_date" date,
	"source" text NOT NULL,
	"import_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "intelligence_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"urn" integer NOT NULL,
	"kind" text NOT NULL,
	"indicator" text,
	"summary" text NOT NULL,
	"source" text NOT NULL,
	"occurred_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"resolved_on" date,
	"confidential" boolean DEFAULT false NOT NULL,
	"author_user_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "intelligence_revisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"action" text NOT NULL,
	"before" jsonb,
	"after" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"reason" text,
	"user_id" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "observations" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"urn" integer NOT NULL,
	"measure" text NOT NULL,
	"academic_year" text NOT NULL,
	"value" double precision,
	"status" text NOT NULL,
	"raw" text NOT NULL,
	"ci_lower" double precision,
	"ci_upper" double precision,
	"cohort" double precision,
	"source" text NOT NULL,
	"import_id" integer NOT NULL,
	"england_percentile" double precision,
	"england_quintile" smallint,
	"la_percentile" double precision,
	"la_quintile" smallint
);
--> statement-breakpoint
ALTER TABLE "comparators" ADD CONSTRAINT "comparators_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comparators" ADD CONSTRAINT "comparators_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_items" ADD CONSTRAINT "intelligence_items_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_items" ADD CONSTRAINT "intelligence_items_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_revisions" ADD CONSTRAINT "intelligence_revisions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_revisions" ADD CONSTRAINT "intelligence_revisions_item_id_intelligence_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."intelligence_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intelligence_revisions" ADD CONSTRAINT "intelligence_revisions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inspections_org_urn_date" ON "inspections" USING btree ("organisation_id","urn","inspection_date");--> statement-breakpoint
CREATE INDEX "intelligence_items_org_urn" ON "intelligence_items" USING btree ("organisation_id","urn","occurred_on");--> statement-breakpoint
CREATE INDEX "intelligence_revisions_item" ON "intelligence_revisions" USING btree ("item_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "observations_org_urn_measure_year" ON "observations" USING btree ("organisation_id","urn","measure","academic_year");--> statement-breakpoint
CREATE INDEX "observations_org_measure_year" ON "observations" USING btree ("organisation_id","measure","academic_year");--> statement-breakpoint
CREATE FUNCTION intelligence_is_never_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are never deleted: resolve or correct them instead', TG_TABLE_NAME;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER intelligence_items_never_deleted BEFORE DELETE ON intelligence_items
  FOR EACH ROW EXECUTE FUNCTION intelligence_is_never_deleted();
--> statement-breakpoint
CREATE TRIGGER intelligence_revisions_append_only BEFORE UPDATE OR DELETE ON intelligence_revisions
  FOR EACH ROW EXECUTE FUNCTION intelligence_is_never_deleted();
