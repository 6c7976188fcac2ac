// Confidential LA intelligence (safeguarding, staff matters, complaints marked confidential) reaches only
// readers who hold intelligence:read-confidential. Explanations are marked confidential where they are
// produced (the engine, the triggers, the risk model); every surface that shows one passes it through
// here for its reader, and a letter always reads as a school would. What a school reads instead is
// the LA's setting: one neutral sentence, or nothing. Never the kind, the date, the summary, the rule
// that fired (a rule's own words often name the kind) or a count that includes a hidden item.
import { z } from 'zod';
import { CONFIDENTIAL_SUMMARY } from '../categorisation/conditions/outcome.js';
import type { CategorisationResult, EvidenceUsed, FiredRule, ReviewFlag } from '../categorisation/result-types.js';
import { FEATURE_BY_ID } from '../risk/features.js';
import type { SchoolRisk } from '../risk/model.js';
import { can, type Principal } from './policy.js';

/** Who is reading. Letters and CLI output without --include-confidential read as SCHOOL_READER. */
export interface Reader {
  mayReadConfidential: boolean;
}
export const PERMITTED_READER: Reader = { mayReadConfidential: true };
export const SCHOOL_READER: Reader = { mayReadConfidential: false };

export const DEFAULT_WITHHELD_SENTENCE = 'The LA holds information it has taken into account.';

/** Words that would say what kind of information is held, so the LA's sentence may not use them. */
const REVEALING = /safeguard|complain|allegation|\bhr\b|staff|turnover|budget|deficit|governance|governor|leadership|head ?teacher|police|lado|child protection|\d/i;

export const withheldWordingSchema = z
  .discriminatedUnion('schoolReads', [
    z.object({
      schoolReads: z.literal('sentence'),
      sentence: z
        .string()
        .trim()
        .min(1, 'Enter the sentence a school reads')
        .max(300, 'The sentence must be 300 characters or fewer')
        .refine((s) => !REVEALING.test(s), 'The sentence must not say what kind of information it is, or when (no kinds, names or numbers)'),
    }),
    z.object({ schoolReads: z.literal('nothing') }),
  ])
  .default({ schoolReads: 'sentence', sentence: DEFAULT_WITHHELD_SENTENCE });

export type WithheldWording = z.infer<typeof withheldWordingSchema>;
export const DEFAULT_WORDING: WithheldWording = { schoolReads: 'sentence', sentence: DEFAULT_WITHHELD_SENTENCE };

// ---- marks, including results stored before the marks existed ---------------------------------

export function isConfidentialEvidence(e: EvidenceUsed): boolean {
  return e.kind === 'intelligence' && (e.confidential === true || e.summary === CONFIDENTIAL_SUMMARY);
}

export function isConfidentialRule(f: FiredRule): boolean {
  return f.confidential === true || f.evidence.some(isConfidentialEvidence);
}

/** A trigger of the engine's result. Older results say "(confidential)" in the detail. */
export function isConfidentialTrigger(r: ReviewFlag): boolean {
  return r.confidential === true || /\(confidential\)/.test(r.detail);
}

/**
 * A stored review flag. One raised by an intelligence item is confidential unless it was recorded as not
 * (flags raised before the mark existed are treated as confidential: the safe reading).
 */
export function isConfidentialFlagRow(f: { kind: string; details: unknown }): boolean {
  const d = (f.details ?? {}) as { confidential?: unknown; intelligenceItemId?: unknown };
  if (d.confidential === true) return true;
  if (d.confidential === false) return false;
  return d.intelligenceItemId !== undefined || f.kind === 'safeguarding' || f.kind === 'intelligence';
}

// ---- redaction for a reader ------------------------------------------------------------------

declare const shownBrand: unique symbol;

/**
 * A result fit for its reader. Renderers of explanations take this type, not CategorisationResult, so
 * the only way to show an explanation is through redactResult.
 */
export type ShownResult = CategorisationResult & {
  /** Something was left out for this reader; `sentence` is what they read in its place (or null). */
  withheld: { any: boolean; sentence: string | null };
  readonly [shownBrand]: true;
};

function publicRule(f: FiredRule): FiredRule {
  const { confidential: _c, withoutConfidential: _w, ...rest } = f;
  return rest;
}

export function redactResult(result: CategorisationResult, reader: Reader, wording: WithheldWording = DEFAULT_WORDING): ShownResult {
  if (reader.mayReadConfidential) return { ...result, withheld: { any: false, sentence: null } } as ShownResult;
  let any = false;
  const firedRules: FiredRule[] = [];
  for (const f of result.firedRules) {
    if (!isConfidentialRule(f)) {
      firedRules.push(publicRule(f));
      continue;
    }
    // Results stored before the marks existed have no worked-out public version: the whole rule goes.
    const pub = f.withoutConfidential;
    if (pub && !pub.evidence.some(isConfidentialEvidence)) firedRules.push({ ...publicRule(f), evidence: pub.evidence, notes: pub.notes });
    else any = true;
  }
  // A characteristic matched only on confidential intelligence is left out of the best-fit lists altogether
  // (listing it as not matched would be untrue); its rule is already withheld above.
  const bestFit = result.bestFit
    ? {
        ...result.bestFit,
        profiles: result.bestFit.profiles.map((p) => {
          const hidden = p.matched.filter((m) => m.confidential);
          if (hidden.length) any = true;
          return { ...p, matched: p.matched.filter((m) => !m.confidential) };
        }),
      }
    : result.bestFit;
  return {
    ...result,
    firedRules,
    ...(bestFit !== undefined ? { bestFit } : {}),
    reviewNow: result.reviewNow.filter((r) => !isConfidentialTrigger(r)),
    withheld: { any, sentence: any && wording.schoolReads === 'sentence' ? wording.sentence : null },
  } as ShownResult;
}

/** Stored review flags a reader may see: confidential ones (their kind and date) only with the permission. */
export function visibleFlags<T extends { kind: string; details: unknown }>(flags: T[], reader: Reader): T[] {
  return reader.mayReadConfidential ? flags : flags.filter((f) => !isConfidentialFlagRow(f));
}

/** A risk explanation for its reader: without the permission, the one worked out without confidential items. */
export function redactRisk(risk: SchoolRisk, reader: Reader): SchoolRisk {
  if (reader.mayReadConfidential) return risk;
  const { withoutConfidential, ...rest } = risk;
  return withoutConfidential ?? rest;
}

/**
 * Stored factors carry no mark; an intelligence-based factor may count confidential items, so a reader
 * without the permission never sees one (the shipped model weighs no intelligence, so this rarely bites).
 */
export function redactStoredFactors<T extends { factor: string }>(factors: T[], reader: Reader): T[] {
  return reader.mayReadConfidential ? factors : factors.filter((f) => FEATURE_BY_ID.get(f.factor)?.group !== 'intelligence');
}

/** The reader a signed-in person is. */
export function readerOf(p: Principal): Reader {
  return { mayReadConfidential: can(p, 'intelligence:read-confidential') };
}
