// What the engine returns. Every category comes with the rules and evidence that produced it,
// the gaps it could not fill, and what the policy does about those gaps.
import type { Comparator, OfstedEra } from '../evidence/types.js';
import type { EngagementExpectation } from '../engagement-types.js';

/** The LA's own picture for quartiles and comparators: all LA schools' values per measure and year. */
export interface LaContext {
  distributions: Record<string, Record<string, number[]>>;
  comparators: Comparator[];
}

export interface CategorisationInputs {
  /** Wales-style adviser judgement of the school's capacity to improve. */
  capacityToImprove?: 'A' | 'B' | 'C' | 'D';
  /** When the school was last categorised; in-year triggers look at events after it. */
  lastCategorisedOn?: string;
  /** Alerts from the early-warning model, dated. */
  riskAlerts?: { raisedOn: string; summary: string }[];
}

export type EvidenceUsed =
  | {
      kind: 'measure';
      measure: string;
      academicYear: string;
      value: number | null;
      raw: string;
      status: string;
      ciLower?: number | null;
      ciUpper?: number | null;
      source: string;
      detail: string;
    }
  | {
      kind: 'inspection';
      inspectionDate: string;
      era: OfstedEra;
      inspectionType: string;
      judgement: string;
      value: string;
      source: string;
      detail: string;
    }
  | {
      kind: 'intelligence';
      intelligenceKind: string;
      indicator: string | null;
      occurredOn: string;
      status: 'open' | 'resolved';
      /** Withheld where the record is confidential. */
      summary: string;
      source: string;
      detail: string;
      /**
       * Marked when produced, so no renderer has to remember: a confidential item's kind, date and
       * detail are for readers with intelligence:read-confidential only (see domain/access/redaction.ts).
       */
      confidential?: boolean;
      /** The intelligence record it came from. */
      itemId?: number | null;
    }
  | { kind: 'input'; name: string; value: string; source: string; detail: string }
  | { kind: 'la-context'; measure: string; academicYear: string; source: string; detail: string };

/** A number the source does not state, as the LA has set it. */
export interface LaSettingShown {
  /** The setting's name in the policy (null for a policy stored before settings were named). */
  id: string | null;
  name: string;
  /** The value in words, e.g. "more than 10 percentage points". */
  value: string;
  lodestarDefault: string;
  isDefault: boolean;
}

export interface Characteristic {
  ruleId: string;
  description: string;
  /** Enough on its own to place the school in the category. */
  decisive?: boolean;
  /** Matched only because of confidential intelligence: left out for readers without the permission. */
  confidential?: boolean;
}

/** One category's profile under best fit: which of its characteristics matched and which did not. */
export interface BestFitProfile {
  category: string;
  label: string;
  /** How many characteristics must match. */
  enough: number;
  setting: LaSettingShown | null;
  matched: Characteristic[];
  unmatched: Characteristic[];
  /** Could not be assessed (evidence missing). */
  unknown: Characteristic[];
  notApplied: Characteristic[];
  fits: 'decisive' | 'enough' | 'short' | 'no';
  /** Where some but too few characteristics match: the category that gives instead. */
  whenShort?: string;
}

export interface BestFitResult {
  statement: string;
  profiles: BestFitProfile[];
  /** What decided the category: a fitting profile, a short one, a hold for missing evidence, or the fallback. */
  decidedBy: 'profile' | 'short' | 'hold' | 'otherwise';
  /** Plain words; never a count, so nothing hidden from a reader can be inferred from it. */
  sentence: string;
}

export interface EvidenceGap {
  /** What is missing, in plain words. */
  what: string;
  measure?: string;
  academicYear?: string;
  /** Why: not published, suppressed, never inspected, adviser judgement not supplied, ... */
  reason: string;
}

export interface FiredRule {
  ruleId: string;
  description: string;
  dimension: string;
  atLeast: string;
  source: { document: string; section: string; quote: string };
  interpretation?: string;
  /** Results stored before settings were named: the LA's setting in words. */
  laSetting?: { name: string; value: string };
  /** The LA's settings behind the rule's numbers, where the source states none. */
  laSettings?: LaSettingShown[];
  /** Under a best-fit policy the rule is a characteristic of its category, not sufficient on its own. */
  characteristic?: boolean;
  evidence: EvidenceUsed[];
  notes: string[];
  /** True when confidential LA intelligence is among the evidence or decided whether the rule fired. */
  confidential?: boolean;
  /**
   * Where confidential: the rule worked out again without confidential intelligence. Null when it
   * fires only because of confidential items, so a reader without the permission may not see it at all.
   */
  withoutConfidential?: { evidence: EvidenceUsed[]; notes: string[] } | null;
}

export interface StaleEvidence {
  kind: 'old-inspection' | 'no-inspection';
  /** The latest graded inspection on or before asOf, when there is one. */
  inspectionDate?: string;
  years: number;
  basis: 'source' | 'la-setting';
  /** Plain words for the explanation, the round page and the letter. */
  statement: string;
}

export interface MissingEvidence {
  /** The rule that could not be assessed, or null for a gap in what the policy reads generally. */
  ruleId: string | null;
  gaps: EvidenceGap[];
  /** What the policy does about it, in its own words. */
  policyAction: string;
  effect: 'held-at-least' | 'insufficient-evidence' | 'provisional' | 'shown-only';
  heldAt?: string;
}

export interface ReviewFlag {
  triggerId: string;
  event: 'ofsted-judgement' | 'safeguarding-concern' | 'data-release' | 'risk-alert';
  action: 'review-now';
  description: string;
  occurredOn: string;
  detail: string;
  source: { document: string; section: string; quote: string };
  /** Raised by a confidential intelligence item: its kind and date are for permitted readers only. */
  confidential?: boolean;
  itemId?: number | null;
}

export interface CategorisationResult {
  policyId: string;
  policyVersion: number;
  urn: number;
  asOf: string;
  /** Null only where the policy cannot place the school (e.g. Wales without the capacity judgement). */
  category: string | null;
  categoryLabel: string | null;
  status: 'confirmed' | 'provisional' | 'insufficient-evidence';
  /** Where the category is null: the categories still possible once the gap is filled. */
  possibleCategories: string[];
  /** Values of the policy's other dimensions (Wales standards group, Staffordshire 2008 stage of concern). */
  dimensions: Record<string, { value: string | null; label: string | null }>;
  attributes: Record<string, string>;
  engagement: EngagementExpectation | null;
  firedRules: FiredRule[];
  missingEvidence: MissingEvidence[];
  reviewNow: ReviewFlag[];
  specialHandling: { id: string; note: string; source: { section: string; quote: string } }[];
  eraNotes: string[];
  /** Rules not applied to this school and why (phase, special handling). */
  notApplied: { ruleId: string; reason: string }[];
  notes: string[];
  /** Under a best-fit policy: each category's characteristics, matched and not (absent otherwise). */
  bestFit?: BestFitResult | null;
  /** The category rests on an inspection older than the policy's stated age, or on none (absent from results stored before it existed). */
  staleEvidence?: StaleEvidence | null;
  /** A converter academy's predecessor's inspections and whether the policy counts them (absent before it existed). */
  predecessorInspections?: PredecessorInspections | null;
}

export interface PredecessorInspections {
  counted: boolean;
  /** The policy's `evidence.predecessorInspections.statement`, or Lodestar's default words. */
  statement: string;
  /** Whether the policy states it (false: Lodestar's default). */
  fromPolicy: boolean;
  sentence: string;
}
