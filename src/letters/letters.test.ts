import { describe, expect, it } from 'vitest';
import { categorise } from '../domain/categorisation/engine/categorise.js';
import { england, evidence, insp, intel, la, obs, school } from '../domain/categorisation/testing/fixtures.js';
import { loadShippedPolicies } from '../domain/categorisation/policy/load.js';
import { letterDataFromResult, type LetterInputs } from './from-result.js';
import { loadLetterTemplate } from './load.js';
import { renderLetterDocx } from './docx.js';
import { renderLetterPdf } from './pdf.js';
import { composeLetter, letterText } from './compose.js';
import { letterFileName } from './files.js';
import { pdfTextRuns, unzipEntry } from './test-helpers.js';
import { LetterDataError, type LetterData } from './types.js';

const policy = loadShippedPolicies().get('staffordshire-2014');
if (!policy) throw new Error('staffordshire-2014 not shipped');

const ev = evidence({
  school: school({ urn: 124578, name: 'St Mary’s C of E Primary School' }),
  asOf: '2025-09-20',
  inspections: [insp('2023-05-10', { overallEffectiveness: 3, safeguarding: 'effective' })],
  observations: [obs('ks2.rwm_expected_pct', '2024/25', 49)],
  intelligence: [intel('budget_deficit', '2025-03-01')],
});
const result = categorise(policy, ev, la({}, [england('ks2.rwm_expected_pct', '2024/25', 62)]));

const inputs = (over: Partial<LetterInputs> = {}): LetterInputs => ({
  laName: 'Example County Council',
  date: '2025-09-30',
  school: { name: ev.school.name, urn: ev.school.urn, addressLines: ['Church Lane', '', 'Exampleton', 'EX1 2AB'] },
  roundLabel: '2025/26 autumn',
  policy: policy,
  result,
  linkOfficer: { name: 'Alex Link-Officer', email: 'link.officer@example.gov.uk' },
  districtLead: { name: 'Sam District-Lead', role: 'District Lead (North)' },
  challenge: { by: '2025-10-17' },
  ...over,
});

const realisticLetter = (over: Partial<LetterData> = {}): LetterData => ({ ...letterDataFromResult(inputs()), ...over });

const template = loadLetterTemplate();

describe('letter data from a categorisation result', () => {
  it('explains the rules that fired with evidence values and dates in plain words', () => {
    const d = realisticLetter();
    expect(d.category).toMatchObject({ code: 'D', label: 'High concern' });
    expect(d.explanation.join('\n')).toContain('Ofsted graded inspection on 10 May 2023: overall effectiveness Requires improvement (3)');
    expect(d.explanation.join('\n')).toContain('2024/25: 49 against England average 62');
    expect(d.explanation.join('\n')).not.toMatch(/\.csv/);
    expect(d.missingEvidence.length).toBeGreaterThan(0);
    expect(d.engagement).toContain('Core Group');
  });

  it('uses the moderated category and says why it differs from the evidence', () => {
    const d = letterDataFromResult(inputs({ category: 'C', moderationReason: 'Re-inspection due; strong monitoring visit' }));
    expect(d.category.code).toBe('C');
    expect(d.engagement).toBe(policy.categories.find((c) => c.code === 'C')?.engagement.description);
    expect(d.explanation.at(-1)).toContain('set at C because: Re-inspection due');
  });
});

describe('composeLetter with the shipped template', () => {
  it('reads as a letter: date, address without blank lines, category, officers, challenge date', () => {
    const text = letterText(composeLetter(realisticLetter(), template));
    expect(text.startsWith('30 September 2025\n\nThe Headteacher and Chair of Governors\nSt Mary’s C of E Primary School\nChurch Lane\nExampleton\nEX1 2AB')).toBe(true);
    expect(text).toContain('is in category D: High concern.');
    expect(text).toContain('Your link officer is Alex Link-Officer (link.officer@example.gov.uk)');
    expect(text).toContain('Please do this by 17 October 2025.');
    expect(text).toContain('Sam District-Lead\nDistrict Lead (North), School Improvement Service\nExample County Council');
    expect(text).not.toMatch(/\{\{|\}\}/);
  });

  it('drops an optional section when there is nothing to say', () => {
    const text = letterText(composeLetter(realisticLetter({ missingEvidence: [] }), template));
    expect(text).not.toContain('Information we did not have');
  });

  it('inserts data as text: a value cannot become a heading or bold', () => {
    const doc = composeLetter(realisticLetter({ school: { name: '# **Bold** School', urn: 1, addressLines: [] } }), template);
    const headings = (d: typeof doc) => d.blocks.filter((b) => b.kind === 'heading').length;
    expect(headings(doc)).toBe(headings(composeLetter(realisticLetter(), template)));
    expect(doc.blocks.flatMap((b) => (b.kind === 'paragraph' ? b.lines.flat() : [])).some((r) => r.bold && r.text.includes('Bold** School'))).toBe(false);
    expect(letterText(doc)).toContain('# **Bold** School is in category');
  });

  it('refuses incomplete data', () => {
    expect(() => composeLetter(realisticLetter({ date: '30/09/2025' }), template)).toThrow(LetterDataError);
    expect(() => composeLetter(realisticLetter({ linkOfficer: { name: ' ', email: '' } }), template)).toThrow(/linkOfficer.name/);
  });
});

describe('renderLetterDocx', () => {
  it('is a Word document with the school, category, officers, real headings and a list', async () => {
    const buf = await renderLetterDocx(realisticLetter(), template);
    expect(buf.subarray(0, 2).toString()).toBe('PK');
    const xml = unzipEntry(buf, 'word/document.xml') ?? '';
    expect(xml).toContain('St Mary’s C of E Primary School');
    expect(xml).toContain('High concern');
    expect(xml).toContain('Alex Link-Officer');
    expect(xml).toContain('<w:pStyle w:val="Heading1"/>');
    expect(xml).toContain('<w:pStyle w:val="Heading2"/>');
    expect(xml).toContain('<w:numPr>');
    const core = unzipEntry(buf, 'docProps/core.xml') ?? '';
    expect(core).toContain('Categorisation letter: St Mary’s C of E Primary School, 2025/26 autumn');
    expect(unzipEntry(buf, 'word/header1.xml') ?? unzipEntry(buf, 'word/header2.xml')).toBeTruthy();
    const headers = ['word/header1.xml', 'word/header2.xml'].map((n) => unzipEntry(buf, n) ?? '').join('');
    expect(headers).toContain('Example County Council');
  });
});

describe('renderLetterPdf', () => {
  it('is an A4 tagged PDF with title, language and the letter text', async () => {
    const buf = await renderLetterPdf(realisticLetter(), template, { compress: false });
    expect(buf.subarray(0, 5).toString()).toBe('%PDF-');
    const runs = pdfTextRuns(buf);
    expect(runs).toContain('St Mary’s C of E Primary School'.replace('’', '\x92'));
    expect(runs.join(' ')).toContain('Example County Council');
    expect(runs.join(' ')).toContain('Alex Link-Officer');
    const raw = buf.toString('latin1');
    expect(raw).toContain('/MediaBox [0 0 595.28 841.89]');
    expect(raw).toContain('/Lang (en-GB)');
    expect(raw).toContain('/DisplayDocTitle true');
    expect(raw).toContain('/S /H1');
    expect(raw).toContain('/S /L');
  });

  it('compresses by default', async () => {
    const buf = await renderLetterPdf(realisticLetter(), template);
    expect(buf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfTextRuns(buf)).toHaveLength(0);
  });
});

describe('letterFileName', () => {
  it('is predictable and safe', () => {
    expect(letterFileName(realisticLetter(), 'pdf')).toBe('categorisation-2025-26-autumn-124578-st-mary-s-c-of-e-primary-school.pdf');
    expect(letterFileName({ school: { name: 'École & Nursery', urn: 7, addressLines: [] }, round: { label: '2025/26 spring' } }, 'docx')).toBe('categorisation-2025-26-spring-7-ecole-and-nursery.docx');
  });
});
