CREATE TABLE "superseded_observations" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"urn" integer NOT NULL,
	"measure" text NOT NULL,
	"academic_year" text NOT NULL,
	"release" text NOT NULL,
	"value" double precision,
	"status" text NOT NULL,
	"raw" text NOT NULL,
	"ci_lower" double precision,
	"ci_upper" double precision,
	"cohort" double precision,
	"source" text NOT NULL,
	"import_id" integer NOT NULL,
	"superseded_by_import_id" integer NOT NULL,
	"superseded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "comparators" ADD COLUMN "release" text;--> statement-breakpoint
ALTER TABLE "observations" ADD COLUMN "release" text;--> statement-breakpoint
ALTER TABLE "superseded_observations" ADD CONSTRAINT "superseded_observations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "superseded_observations" ADD CONSTRAINT "superseded_observations_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "superseded_observations" ADD CONSTRAINT "superseded_observations_superseded_by_import_id_imports_id_fk" FOREIGN KEY ("superseded_by_import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "superseded_observations_key" ON "superseded_observations" USING btree ("organisation_id","urn","measure","academic_year","release");--> statement-breakpoint
-- Hand-added: figures imported before this migration take the release of the layout that brought them.
UPDATE "observations" o SET "release" = CASE WHEN i."layout" = 'ks4-2019-provisional' THEN 'provisional' ELSE 'final' END FROM "imports" i WHERE i."id" = o."import_id" AND i."kind" IN ('ks2', 'ks4');--> statement-breakpoint
UPDATE "comparators" c SET "release" = CASE WHEN i."layout" = 'ks4-2019-provisional' THEN 'provisional' ELSE 'final' END FROM "imports" i WHERE i."id" = c."import_id" AND i."kind" IN ('ks2', 'ks4');
