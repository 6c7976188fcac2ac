ALTER TABLE "escalations" ADD COLUMN "letter_text" text;--> statement-breakpoint
ALTER TABLE "escalations" ADD COLUMN "letter_text_by" text;--> statement-breakpoint
ALTER TABLE "escalations" ADD COLUMN "letter_text_at" timestamp with time zone;