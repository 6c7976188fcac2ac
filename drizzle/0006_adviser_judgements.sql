CREATE TABLE "adviser_judgements" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"urn" integer NOT NULL,
	"input" text NOT NULL,
	"value" text NOT NULL,
	"reason" text NOT NULL,
	"recorded_by_user_id" integer,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "adviser_judgements" ADD CONSTRAINT "adviser_judgements_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adviser_judgements" ADD CONSTRAINT "adviser_judgements_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "adviser_judgements_org_urn" ON "adviser_judgements" USING btree ("organisation_id","urn","input","recorded_at");