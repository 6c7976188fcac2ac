CREATE TABLE "measure_distributions" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"measure" text NOT NULL,
	"academic_year" text NOT NULL,
	"scope" text NOT NULL,
	"scope_key" text NOT NULL,
	"count" integer NOT NULL,
	"suppressed" integer NOT NULL,
	"mean" double precision,
	"min" double precision,
	"p25" double precision,
	"median" double precision,
	"p75" double precision,
	"max" double precision,
	"sorted_values" jsonb NOT NULL,
	"import_id" integer,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "measure_distributions_key" UNIQUE("organisation_id","measure","academic_year","scope","scope_key")
);
--> statement-breakpoint
ALTER TABLE "measure_distributions" ADD CONSTRAINT "measure_distributions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_distributions" ADD CONSTRAINT "measure_distributions_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "measure_distributions_org_scope" ON "measure_distributions" USING btree ("organisation_id","scope");