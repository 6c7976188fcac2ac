ALTER TABLE "inspections" ADD COLUMN "inspection_end_date" date;--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "ungraded_outcome" text;--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "inspected_urn" integer;