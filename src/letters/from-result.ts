// Turns the engine's result and the moderated category into the plain words a letter needs: each
// rule that fired with its evidence and dates, and the gaps the school might help fill.
import { DEFAULT_WORDING, redactResult, SCHOOL_READER, type ShownResult, type WithheldWording } from '../domain/access/redaction.js';
import { engagementFor } from '../domain/categorisation/engine/engagement.js';
import { settingSentence, shownSettings } from '../domain/categorisation/engine/settings.js';
import { summariseForLetter } from '../domain/categorisation/letter.js';
import type { Policy } from '../domain/categorisation/policy/schema.js';
import type { CategorisationResult, EvidenceUsed } from '../domain/categorisation/result-types.js';
import { longDate, longDatesIn } from './dates.js';
import type { LetterData } from './types.js';

export const DEFAULT_CHALLENGE_HOW =
  'If you think the evidence does not give a true picture of your school, please talk to your link officer first. If you still disagree, send us your reasons and any evidence that supports them, through Lodestar or by email to your link officer.';

export interface LetterInputs {
  laName: string;
  serviceName?: string;
  /** ISO date of the letter. */
  date: string;
  school: { name: string; urn: number; addressLines: string[] };
  recipients?: string;
  roundLabel: string;
  policy: Policy;
  result: CategorisationResult;
  /** The confirmed category after moderation, where it differs from the engine's. */
  category?: string;
  /** Why moderation moved the category from the engine's. */
  moderationReason?: string | null;
  linkOfficer: { name: string; email: string };
  districtLead: { name: string; role?: string };
  challenge: { by: string; how?: string };
  /** What the school reads where confidential intelligence was taken into account (the LA's setting). */
  withheldWording?: WithheldWording;
}

// File names are for officers checking the data, not for a letter to a school.
const withoutFiles = (s: string) => s.replace(/\s*\([^()]*\.(csv|xlsx?|json|ods)\)/gi, '');

function evidencePhrase(e: EvidenceUsed, policy: Policy): string | null {
  switch (e.kind) {
    case 'measure': {
      const label = policy.evidence.measures.find((m) => m.code === e.measure)?.label ?? e.measure;
      return `${label}, ${e.academicYear}: ${withoutFiles(e.detail)}`;
    }
    case 'inspection':
      return `Ofsted ${e.inspectionType} inspection on ${longDate(e.inspectionDate)}: ${e.judgement} ${e.value}`;
    case 'intelligence':
    case 'input':
      return longDatesIn(withoutFiles(e.detail));
    case 'la-context':
      return null;
  }
}

/** The explanation in plain words, from a result already redacted for its reader. */
export function explanationBullets(result: ShownResult, policy: Policy): string[] {
  const bullets = result.firedRules.map((f) => {
    const evidence = f.evidence.map((e) => evidencePhrase(e, policy)).filter((x): x is string => x !== null);
    const sentence = f.description.trim().replace(/\.?$/, '.');
    // A number the source does not state is the LA's own setting, and the letter says so.
    const setting = shownSettings(f).map((x) => ` ${settingSentence(x)}`).join('');
    return evidence.length ? `${sentence}${setting} Evidence: ${evidence.join('; ')}.` : `${sentence}${setting}`;
  });
  // Best fit: how the characteristics above decided the category (no counts, so nothing withheld shows through).
  if (result.bestFit) bullets.push(result.bestFit.sentence);
  if (result.withheld.sentence) bullets.push(result.withheld.sentence);
  // "None applied" would be untrue where something was withheld, even when the LA says nothing about it.
  if (!bullets.length && !result.withheld.any) bullets.push('None of the policy’s measures of concern applied to your school on the evidence available.');
  // Said in the letter as in the proposal: a category on old or no inspection evidence is weaker for it.
  if (result.staleEvidence) bullets.push(result.staleEvidence.statement);
  return bullets.map((b) => b.replace(/\.\.$/, '.'));
}

export function missingEvidenceNotes(result: CategorisationResult, policy: Policy): string[] {
  // One note per measure: a rule's gap and the policy's general gap often name the same thing,
  // and the one naming the year is the more useful to the school.
  const notes = new Map<string, { text: string; hasYear: boolean }>();
  for (const m of result.missingEvidence)
    for (const g of m.gaps) {
      // The LA's own comparison figures are not something the school can supply.
      if (/^LA distribution/i.test(g.what)) continue;
      const label = (g.measure && policy.evidence.measures.find((x) => x.code === g.measure)?.label) || g.what;
      const hasYear = !!g.academicYear && !label.includes(g.academicYear);
      const key = g.measure ?? g.what;
      if (notes.get(key)?.hasYear) continue;
      notes.set(key, { text: `${label}${hasYear ? `, ${g.academicYear}` : ''}: ${longDatesIn(g.reason)}`, hasYear });
    }
  return [...notes.values()].map((n) => n.text);
}

export function letterDataFromResult(input: LetterInputs): LetterData {
  const { policy, result } = input;
  const code = input.category ?? result.category;
  const cat = policy.categories.find((c) => c.code === code);
  if (!cat) throw new Error(`no category ${code ?? '(none)'} in ${policy.id}: a letter needs a confirmed category`);
  const summary = summariseForLetter(result, policy);
  const moved = code !== result.category;
  // A letter goes to the school, whoever generates it: always redacted as a school reads it.
  const explanation = explanationBullets(redactResult(result, SCHOOL_READER, input.withheldWording ?? DEFAULT_WORDING), policy);
  if (moved)
    explanation.push(
      `The evidence above pointed to ${result.category ? `category ${result.category}` : 'no single category'}; after moderation the category was set at ${cat.code}${input.moderationReason?.trim() ? ` because: ${input.moderationReason.trim()}` : ''}.`,
    );
  return {
    laName: input.laName,
    serviceName: input.serviceName,
    date: input.date,
    school: input.school,
    recipients: input.recipients ?? 'The Headteacher and Chair of Governors',
    round: { label: input.roundLabel },
    category: { code: cat.code, label: cat.label, meaning: cat.meaning },
    // A moderated category keeps the school's special handling (an academy's core offer), as the engine would.
    engagement: moved ? (engagementFor(policy, result.specialHandling, cat.code) ?? cat.engagement).description : summary.engagement,
    explanation,
    missingEvidence: missingEvidenceNotes(result, policy),
    otherOutputs: summary.otherOutputs,
    linkOfficer: input.linkOfficer,
    districtLead: input.districtLead,
    challenge: { by: input.challenge.by, how: input.challenge.how ?? DEFAULT_CHALLENGE_HOW },
    policy: { title: policy.title, version: policy.version },
  };
}
