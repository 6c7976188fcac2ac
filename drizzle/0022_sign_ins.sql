CREATE TABLE "sign_ins" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"last_sign_in_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sign_ins" ADD CONSTRAINT "sign_ins_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Hand-written: the sign-in record moves out of "users" with what it held, so a sign-in no longer moves
-- the data version (no version trigger on "sign_ins", as on "sessions": see 0020).
INSERT INTO "sign_ins" ("user_id", "last_sign_in_at") SELECT "id", "last_sign_in_at" FROM "users" WHERE "last_sign_in_at" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "last_sign_in_at";
