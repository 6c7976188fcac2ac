-- No data version trigger on "live_categories" (as on "sessions", see 0020): it is written while pages
-- are read, and holds only what tables with a trigger determine.
CREATE TABLE "live_categories" (
	"organisation_id" integer NOT NULL,
	"policy_id" text NOT NULL,
	"policy_version" integer NOT NULL,
	"as_of" text NOT NULL,
	"data_version" bigint NOT NULL,
	"fingerprint" text NOT NULL,
	"schools" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_categories_organisation_id_policy_id_pk" PRIMARY KEY("organisation_id","policy_id")
);
--> statement-breakpoint
ALTER TABLE "live_categories" ADD CONSTRAINT "live_categories_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;