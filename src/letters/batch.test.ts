import { describe, expect, it } from 'vitest';
import { generateLetters, renderLetterBatch, type BatchProgress } from './batch.js';
import { longDate, longDatesIn } from './dates.js';
import { parseLetterTemplateOrThrow } from './template.js';
import type { LetterData } from './types.js';

const template = parseLetterTemplateOrThrow('# {{school.name}}\n\nCategory {{category.code}}: {{category.label}}');
const letter = (urn: number, name: string): LetterData => ({
  laName: 'Example Council',
  date: '2025-09-30',
  school: { name, urn, addressLines: [] },
  recipients: 'The Headteacher and Chair of Governors',
  round: { label: '2025/26 autumn' },
  category: { code: 'A', label: 'No concern', meaning: 'All well.' },
  engagement: 'An annual conversation.',
  explanation: [],
  missingEvidence: [],
  linkOfficer: { name: 'Link Officer', email: 'lo@example.gov.uk' },
  districtLead: { name: 'District Lead' },
  challenge: { by: '2025-10-17', how: 'Write to us.' },
  policy: { title: 'Test policy', version: 1 },
});

describe('bulk letters', () => {
  it('renders every school in each format, reporting progress and a record per file', async () => {
    const progress: BatchProgress[] = [];
    const bad = { ...letter(3, 'Broken School'), date: 'soon' };
    const out = await renderLetterBatch([letter(1, 'Ash School'), bad, letter(2, 'Birch School')], template, { now: () => '2025-09-30T08:00:00Z', onProgress: (p) => progress.push(p) });
    expect(progress).toEqual([
      { done: 1, total: 3, urn: 1, ok: true },
      { done: 2, total: 3, urn: 3, ok: false },
      { done: 3, total: 3, urn: 2, ok: true },
    ]);
    expect(out.records.map((r) => [r.urn, r.format, r.fileName])).toEqual([
      [1, 'docx', 'categorisation-2025-26-autumn-1-ash-school.docx'],
      [1, 'pdf', 'categorisation-2025-26-autumn-1-ash-school.pdf'],
      [2, 'docx', 'categorisation-2025-26-autumn-2-birch-school.docx'],
      [2, 'pdf', 'categorisation-2025-26-autumn-2-birch-school.pdf'],
    ]);
    expect(out.records[0]).toMatchObject({ roundLabel: '2025/26 autumn', categoryCode: 'A', generatedAt: '2025-09-30T08:00:00Z' });
    expect(out.records[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(out.records[0].bytes).toBe(out.files[0].buffer.length);
    expect(out.failures).toEqual([{ ok: false, urn: 3, schoolName: 'Broken School', error: expect.stringContaining('date') }]);
  });

  it('yields school by school so callers can write files as they go', async () => {
    const seen: number[] = [];
    for await (const r of generateLetters([letter(5, 'Elm'), letter(6, 'Fir')], template, { formats: ['pdf'] })) {
      seen.push(r.urn);
      expect(r.ok && r.files.map((f) => f.record.format)).toEqual(['pdf']);
    }
    expect(seen).toEqual([5, 6]);
  });
});

describe('dates', () => {
  it('writes ISO dates the way letters do', () => {
    expect(longDate('2025-09-30')).toBe('30 September 2025');
    expect(longDate('2025-01-01T10:00:00Z')).toBe('1 January 2025');
    expect(() => longDate('2025-13-01')).toThrow();
    expect(() => longDate('30/09/2025')).toThrow();
    expect(longDatesIn('recorded 2025-09-10 and 2025-99-99')).toBe('recorded 10 September 2025 and 2025-99-99');
  });
});
