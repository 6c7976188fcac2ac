// Every placeholder a letter template may use, with how it is filled. An LA editing the template can
// only use these, so a typo is caught when the template is saved, not when letters go out.
import { longDate } from './dates.js';
import type { CheckedLetterData } from './types.js';

type Scalar = { kind: 'text'; describe: string; get: (d: CheckedLetterData) => string };
type List = { kind: 'list'; describe: string; get: (d: CheckedLetterData) => string[] };
export type Placeholder = Scalar | List;

export const DEFAULT_SERVICE_NAME = 'School Improvement Service';
export const DEFAULT_SALUTATION = 'Dear Headteacher and Chair of Governors';

export const PLACEHOLDERS: Record<string, Placeholder> = {
  laName: { kind: 'text', describe: 'the local authority', get: (d) => d.laName },
  serviceName: { kind: 'text', describe: 'the service writing', get: (d) => d.serviceName?.trim() || DEFAULT_SERVICE_NAME },
  date: { kind: 'text', describe: 'date of the letter, e.g. 30 September 2025', get: (d) => longDate(d.date) },
  recipients: { kind: 'text', describe: 'who the letter is addressed to', get: (d) => d.recipients },
  salutation: { kind: 'text', describe: 'the opening greeting', get: (d) => d.salutation?.trim() || DEFAULT_SALUTATION },
  'school.name': { kind: 'text', describe: 'school name', get: (d) => d.school.name },
  'school.urn': { kind: 'text', describe: 'school URN', get: (d) => String(d.school.urn) },
  'school.address': { kind: 'list', describe: 'address lines', get: (d) => d.school.addressLines.filter((l) => l.trim()) },
  'round.label': { kind: 'text', describe: 'the round, e.g. 2025/26 autumn', get: (d) => d.round.label },
  'category.code': { kind: 'text', describe: 'category code', get: (d) => d.category.code },
  'category.label': { kind: 'text', describe: 'category name', get: (d) => d.category.label },
  'category.meaning': { kind: 'text', describe: 'what the category means', get: (d) => d.category.meaning },
  engagement: { kind: 'text', describe: 'what the category means for how the LA works with the school', get: (d) => d.engagement },
  explanation: { kind: 'list', describe: 'the rules and evidence behind the category', get: (d) => d.explanation },
  missingEvidence: { kind: 'list', describe: 'evidence the LA did not have', get: (d) => d.missingEvidence },
  otherOutputs: { kind: 'list', describe: 'other results the policy reports', get: (d) => d.otherOutputs },
  'linkOfficer.name': { kind: 'text', describe: 'link officer', get: (d) => d.linkOfficer.name },
  'linkOfficer.email': { kind: 'text', describe: "link officer's email", get: (d) => d.linkOfficer.email },
  'districtLead.name': { kind: 'text', describe: 'district lead', get: (d) => d.districtLead.name },
  'districtLead.role': { kind: 'text', describe: "district lead's job title", get: (d) => d.districtLead.role?.trim() || 'District Lead' },
  'challenge.by': { kind: 'text', describe: 'last date to challenge', get: (d) => longDate(d.challenge.by) },
  'challenge.how': { kind: 'text', describe: 'how to challenge the category', get: (d) => d.challenge.how },
  'policy.title': { kind: 'text', describe: 'categorisation policy', get: (d) => d.policy.title },
  'policy.version': { kind: 'text', describe: 'policy version', get: (d) => String(d.policy.version) },
};

/** Without these a letter would not say which school or which category it is about. */
export const REQUIRED_PLACEHOLDERS = ['school.name', 'category.label'];

export function describePlaceholders(): string {
  return Object.entries(PLACEHOLDERS)
    .map(([name, p]) => `{{${p.kind === 'list' ? `#each ${name}` : name}}} – ${p.describe}`)
    .join('\n');
}
