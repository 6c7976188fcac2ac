// What a categorisation letter says, checked before rendering: a letter with a malformed date or a
// missing officer must fail loudly rather than go to a school half-filled.
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date yyyy-mm-dd');
const text = z.string().trim().min(1);

export const letterDataSchema = z.object({
  laName: text,
  /** Defaults to "School Improvement Service". */
  serviceName: z.string().optional(),
  date: isoDate,
  school: z.object({ name: text, urn: z.number().int().positive(), addressLines: z.array(z.string()) }),
  /** e.g. "The Headteacher and Chair of Governors". */
  recipients: text,
  /** Defaults to "Dear Headteacher and Chair of Governors". */
  salutation: z.string().optional(),
  round: z.object({ label: text }),
  category: z.object({ code: text, label: text, meaning: text }),
  engagement: text,
  /** The rules that fired, in plain words with evidence values and dates. */
  explanation: z.array(z.string()),
  missingEvidence: z.array(z.string()),
  /** Other outputs the policy reports (Wales standards group, stage of concern). */
  otherOutputs: z.array(z.string()).default([]),
  linkOfficer: z.object({ name: text, email: z.string() }),
  districtLead: z.object({ name: text, role: z.string().optional() }),
  challenge: z.object({ by: isoDate, how: text }),
  policy: z.object({ title: text, version: z.number().int().min(1) }),
});

export type LetterData = z.input<typeof letterDataSchema>;
export type CheckedLetterData = z.output<typeof letterDataSchema>;

export class LetterDataError extends Error {
  constructor(readonly issues: string[]) {
    super(`Letter data is incomplete: ${issues.join('; ')}`);
  }
}

export function checkLetterData(data: LetterData): CheckedLetterData {
  const r = letterDataSchema.safeParse(data);
  if (!r.success) throw new LetterDataError(r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  return r.data;
}

/** A run of text; bold comes only from the template, never from data. */
export interface Run {
  text: string;
  bold: boolean;
}

export type Block =
  | { kind: 'heading'; level: 1 | 2; runs: Run[] }
  /** Each inner array is one line; lines are separated by hard breaks. */
  | { kind: 'paragraph'; lines: Run[][] }
  | { kind: 'list'; items: Run[][] };

/** The letter laid out independently of the file format, so DOCX and PDF say the same thing. */
export interface LetterDocument {
  title: string;
  subject: string;
  author: string;
  letterhead: { laName: string; serviceName: string };
  blocks: Block[];
}
