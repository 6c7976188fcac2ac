CREATE TABLE "concern_judgements" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"urn" integer NOT NULL,
	"ground" text NOT NULL,
	"judged_on" text NOT NULL,
	"judged_by" text NOT NULL,
	"evidence" text NOT NULL,
	"confidential" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'awaiting_sign_off' NOT NULL,
	"signed_off_by" text,
	"signed_off_by_user_id" integer,
	"signed_off_at" timestamp with time zone,
	"decision_note" text,
	"recorded_by" text NOT NULL,
	"recorded_by_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "school_interventions" (
	"id" serial PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"urn" integer NOT NULL,
	"stage" integer NOT NULL,
	"started_on" text NOT NULL,
	"reason" text NOT NULL,
	"plan" text,
	"plan_owner" text,
	"review_dates" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reviews" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"ended_on" text,
	"recorded_by" text NOT NULL,
	"recorded_by_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "concern_judgements" ADD CONSTRAINT "concern_judgements_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_judgements" ADD CONSTRAINT "concern_judgements_signed_off_by_user_id_users_id_fk" FOREIGN KEY ("signed_off_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concern_judgements" ADD CONSTRAINT "concern_judgements_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_interventions" ADD CONSTRAINT "school_interventions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_interventions" ADD CONSTRAINT "school_interventions_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "concern_judgements_org_urn" ON "concern_judgements" USING btree ("organisation_id","urn");--> statement-breakpoint
CREATE INDEX "school_interventions_org_urn" ON "school_interventions" USING btree ("organisation_id","urn");