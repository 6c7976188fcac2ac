CREATE TABLE "review_flags" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"urn" integer NOT NULL,
	"kind" text NOT NULL,
	"raised_on" text NOT NULL,
	"reason" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"considered_by" text,
	"considered_at" timestamp with time zone,
	"outcome" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_scores" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"urn" integer NOT NULL,
	"scored_at" timestamp with time zone DEFAULT now() NOT NULL,
	"as_of" text NOT NULL,
	"risk" double precision NOT NULL,
	"coverage" double precision,
	"top_factors" jsonb NOT NULL,
	"model_version" text NOT NULL,
	"trigger" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "review_flags" ADD CONSTRAINT "review_flags_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_scores" ADD CONSTRAINT "risk_scores_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "review_flags_org_status" ON "review_flags" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "review_flags_org_urn" ON "review_flags" USING btree ("organisation_id","urn");--> statement-breakpoint
CREATE INDEX "risk_scores_org_urn" ON "risk_scores" USING btree ("organisation_id","urn","scored_at");