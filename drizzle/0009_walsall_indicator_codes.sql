-- The intelligence form used its own Walsall indicator codes, 12 of which the walsall-2014 policy did not
-- know (so recorded items read as "not coded"). The form now offers the policy's codes; stored items are
-- rewritten to them (src/domain/evidence/intelligence.ts LEGACY_INDICATOR_CODES lists the same map).
UPDATE "intelligence_items" SET "indicator" = 'attendance_falling_or_exclusions_high' WHERE "kind" = 'leadership_concern' AND "indicator" = 'attendance_or_exclusions';
--> statement-breakpoint
UPDATE "intelligence_items" SET "indicator" = 'inaccurate_assessment_data' WHERE "kind" = 'leadership_concern' AND "indicator" = 'inaccurate_assessment';
--> statement-breakpoint
UPDATE "intelligence_items" SET "indicator" = 'inadequate_progress_at_review' WHERE "kind" = 'leadership_concern' AND "indicator" = 'inadequate_progress_at_reviews';
--> statement-breakpoint
UPDATE "intelligence_items" SET "indicator" = 'hr_issues_staff_turnover' WHERE "kind" = 'leadership_concern' AND "indicator" = 'hr_issues_turnover';
--> statement-breakpoint
UPDATE "intelligence_items" SET "indicator" = 'poor_relationship_with_governors' WHERE "kind" = 'leadership_concern' AND "indicator" = 'poor_governor_relationship';
--> statement-breakpoint
UPDATE "intelligence_items" SET "indicator" = 'refusal_to_engage' WHERE "kind" = 'leadership_concern' AND "indicator" = 'refuses_la_engagement';
--> statement-breakpoint
UPDATE "intelligence_items" SET "indicator" = 'no_leadership_capacity_building' WHERE "kind" = 'leadership_concern' AND "indicator" = 'no_capacity_building';
--> statement-breakpoint
UPDATE "intelligence_items" SET "indicator" = 'audit_failings_leadership' WHERE "kind" = 'leadership_concern' AND "indicator" = 'audit_failings';
--> statement-breakpoint
UPDATE "intelligence_items" SET "indicator" = 'gb_not_focused_on_improvement' WHERE "kind" = 'governance_concern' AND "indicator" = 'not_focused_on_improvement';
--> statement-breakpoint
UPDATE "intelligence_items" SET "indicator" = 'statutory_requirements_not_met' WHERE "kind" = 'governance_concern' AND "indicator" = 'statutory_requirements_or_advice';
--> statement-breakpoint
UPDATE "intelligence_items" SET "indicator" = 'poor_relationship_with_leadership' WHERE "kind" = 'governance_concern' AND "indicator" = 'poor_leadership_relationship';
--> statement-breakpoint
UPDATE "intelligence_items" SET "indicator" = 'audit_failings_governance' WHERE "kind" = 'governance_concern' AND "indicator" = 'audit_failings';
