CREATE TABLE "job_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"job_id" integer NOT NULL,
	"item_key" text NOT NULL,
	"label" text,
	"status" text NOT NULL,
	"error" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"dedupe_key" text,
	"progress_done" integer DEFAULT 0 NOT NULL,
	"progress_total" integer,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 3 NOT NULL,
	"run_after" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_by" text,
	"locked_at" timestamp with time zone,
	"error" text,
	"result" jsonb,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "issue" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "status" text DEFAULT 'issued' NOT NULL;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "superseded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "superseded_reason" text;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "job_id" integer;--> statement-breakpoint
ALTER TABLE "job_items" ADD CONSTRAINT "job_items_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "job_items_job_item" ON "job_items" USING btree ("job_id","item_key");--> statement-breakpoint
CREATE INDEX "jobs_claim" ON "jobs" USING btree ("status","run_after");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_active_dedupe" ON "jobs" USING btree ("organisation_id","dedupe_key") WHERE "jobs"."status" in ('queued', 'running') and "jobs"."dedupe_key" is not null;--> statement-breakpoint
-- Letters recorded twice before this migration (the double-clicked "Generate") become numbered
-- issues; all but the newest for a school are marked superseded, so the unique indexes hold.
UPDATE "letters" SET "issue" = n."issue", "status" = CASE WHEN n."newest" THEN 'issued' ELSE 'superseded' END, "superseded_at" = CASE WHEN n."newest" THEN NULL ELSE now() END, "superseded_reason" = CASE WHEN n."newest" THEN NULL ELSE 'recorded twice before letters were made idempotent (migration 0008)' END FROM (SELECT "id", row_number() OVER (PARTITION BY "round_id", "urn" ORDER BY "id") AS "issue", row_number() OVER (PARTITION BY "round_id", "urn" ORDER BY "id" DESC) = 1 AS "newest" FROM "letters") n WHERE n."id" = "letters"."id";--> statement-breakpoint
CREATE UNIQUE INDEX "letters_round_urn_issue" ON "letters" USING btree ("round_id","urn","issue");--> statement-breakpoint
CREATE UNIQUE INDEX "letters_one_issued" ON "letters" USING btree ("round_id","urn") WHERE "letters"."status" = 'issued';