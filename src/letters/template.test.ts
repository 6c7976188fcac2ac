import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATE_PATH } from './load.js';
import { parseLetterTemplate, parseLetterTemplateOrThrow, LetterTemplateError } from './template.js';
import { composeLetter, letterText } from './compose.js';
import type { LetterData } from './types.js';

const minimal = '{{school.name}} is in {{category.label}}.';
const errorsOf = (text: string) => {
  const r = parseLetterTemplate(text);
  return r.ok ? [] : r.errors.map((e) => `${e.line ?? '-'}: ${e.message}`);
};

const data: LetterData = {
  laName: 'Example Council',
  date: '2025-09-30',
  school: { name: 'Oak School', urn: 1, addressLines: ['1 Road', 'Town'] },
  recipients: 'The Headteacher and Chair of Governors',
  round: { label: '2025/26 autumn' },
  category: { code: 'B', label: 'Low concern', meaning: 'Some things to watch.' },
  engagement: 'An annual conversation.',
  explanation: ['First reason', 'Second reason'],
  missingEvidence: [],
  linkOfficer: { name: 'Link Officer', email: '' },
  districtLead: { name: 'District Lead' },
  challenge: { by: '2025-10-17', how: 'Write to us.' },
  policy: { title: 'Test policy', version: 2 },
};
const render = (text: string) => letterText(composeLetter(data, parseLetterTemplateOrThrow(text)));

describe('parseLetterTemplate: validation', () => {
  it('accepts the shipped template', () => {
    const r = parseLetterTemplate(readFileSync(DEFAULT_TEMPLATE_PATH, 'utf8'));
    expect(r.ok ? [] : r.errors).toEqual([]);
    expect(r.ok && r.template.placeholders).toEqual(expect.arrayContaining(['school.name', 'category.label', 'linkOfficer.name', 'districtLead.name', 'challenge.by']));
  });

  it('the shipped template names no officer and holds no contact details: those come from the data', () => {
    const text = readFileSync(DEFAULT_TEMPLATE_PATH, 'utf8');
    expect(text).not.toMatch(/@|\b0\d{3,4}\s?\d{6}\b/);
    expect(text).not.toMatch(/Staffordshire|Walsall|Halliday|Pyatt|Johnson|Helliwell/);
  });

  it('lists every unknown placeholder with its lines, and the known ones', () => {
    const r = parseLetterTemplate(`${minimal}\nDear {{headteacher}}\n{{officer.phone}} and {{headteacher}}\n{{#each evidence}}\n{{/each}}`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.unknownPlaceholders).toEqual(['evidence', 'headteacher', 'officer.phone']);
    expect(r.errors[0].message).toMatch(/^Unknown placeholders: \{\{evidence\}\} \(line 4\); \{\{headteacher\}\} \(line 2, 3\); \{\{officer\.phone\}\} \(line 3\)\. Known placeholders: laName/);
  });

  it('catches misuse of lists, this, blocks, bold and braces', () => {
    expect(errorsOf(`${minimal}\n{{explanation}}`)).toEqual([expect.stringMatching(/^2: \{\{explanation\}\} is a list/)]);
    expect(errorsOf(`${minimal}\n{{this}}`)).toEqual(['2: {{this}} is only meaningful inside {{#each …}}']);
    expect(errorsOf(`${minimal}\n{{#each school.name}}\n{{/each}}`)).toEqual(['2: {{#each school.name}}: school.name is not a list']);
    expect(errorsOf(`${minimal}\n{{#each explanation}}\n{{#each missingEvidence}}\n{{/each}}\n{{/each}}`)).toEqual(['3: {{#each}} cannot be nested']);
    expect(errorsOf(`${minimal}\n{{#if explanation}}\nx`)).toEqual(['2: {{#if …}} is never closed']);
    expect(errorsOf(`${minimal}\n{{/each}}`)).toEqual(['2: {{/each}} without an opening {{#each …}}']);
    expect(errorsOf(`${minimal}\n{{#if explanation}}\n{{/each}}`)).toEqual(['3: {{/each}} closes the {{#if}} opened on line 2']);
    expect(errorsOf(`${minimal}\n**bold`)).toEqual(['2: unmatched ** (bold must open and close on the same line)']);
    expect(errorsOf(`${minimal}\n{{date`)).toEqual(['2: unmatched {{ or }}']);
    expect(errorsOf(`${minimal}\n### Too deep`)).toEqual(['2: only # and ## headings are supported']);
    expect(errorsOf(`${minimal}\n<!-- never closed`)).toEqual(['-: a <!-- comment is never closed with -->']);
  });

  it('requires the school name and category', () => {
    expect(errorsOf('Dear {{salutation}}')).toEqual(['-: the letter must include {{school.name}}', '-: the letter must include {{category.label}}']);
  });

  it('throws a readable error for callers that need a valid template', () => {
    expect(() => parseLetterTemplateOrThrow('{{nope}}')).toThrow(LetterTemplateError);
    expect(() => parseLetterTemplateOrThrow('{{nope}}')).toThrow(/Unknown placeholders: \{\{nope\}\}/);
  });
});

describe('template format', () => {
  it('joins wrapped lines into one paragraph, breaks on a trailing backslash, skips comments', () => {
    expect(render(`<!-- a note\n over lines -->\n{{school.name}} is in\n{{category.label}}.\n\nLine one\\\nLine two`)).toBe('Oak School is in Low concern.\n\nLine one\nLine two');
  });

  it('repeats each-blocks, keeps if-blocks only when there is something to show', () => {
    const out = render(`# {{school.name}}\n{{#each explanation}}\n- {{this}}\n{{/each}}\n{{#if missingEvidence}}\n## Gaps\n{{/if}}\n{{category.label}}`);
    expect(out).toBe('Oak School\n\n• First reason\n• Second reason\n\nLow concern');
  });

  it('drops a line left empty by an absent optional value', () => {
    expect(render(`{{school.name}}\\\n{{linkOfficer.email}}\\\n{{category.label}}`)).toBe('Oak School\nLow concern');
  });

  it('formats dates and fills defaults', () => {
    expect(render(`{{school.name}} {{category.label}} {{date}} by {{challenge.by}}; {{salutation}}; {{serviceName}}; {{districtLead.role}}`)).toBe(
      'Oak School Low concern 30 September 2025 by 17 October 2025; Dear Headteacher and Chair of Governors; School Improvement Service; District Lead',
    );
  });

  it('bold comes from the template only', () => {
    const doc = composeLetter(data, parseLetterTemplateOrThrow('In **{{category.label}}** at {{school.name}}'));
    expect(doc.blocks[0]).toEqual({ kind: 'paragraph', lines: [[{ text: 'In ', bold: false }, { text: 'Low concern', bold: true }, { text: ' at Oak School', bold: false }]] });
  });
});
