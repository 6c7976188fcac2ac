// Bad Ofsted files as an analyst meets them on the upload page (issue 13): a file of the wrong layout, one
// missing required columns, unknown grade words (four-grade and report-card), an unknown new ungraded
// outcome and dates that do not parse are each refused whole, the job page listing every bad line with its
// reason (the word and its column named), and nothing is written. Real rows: the Warwickshire 2020 extract
// and Hertfordshire's KS2 file; the current-layout rows are CONSTRUCTED from the published header.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { inspections } from '../../src/db/schema-evidence.js';
import { CURRENT_LATEST_HEADER, currentCsv, windows1252 } from '../../src/domain/evidence/layouts/ofsted-mi-current.testkit.js';
import { findImporter } from '../../src/importers/registry.js';
import { ensureOrganisation } from '../../src/repositories/organisations.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { openTestDatabase } from '../support/db.js';
import { Browserless } from '../support/http.js';
import { followJob } from '../support/jobs.js';

const DATA = path.join(process.cwd(), 'datasets');
const WARKS = path.join(DATA, 'ofsted-mi-warwickshire-2020/ofsted_mi_warwickshire_2020_with_model_output.csv');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-ofsted-refusals-'));
let database: Database;
let t: TestApp;

const row = {
  URN: '117083', 'School name': 'Abbots Langley School', 'Inspection type': 'Graded inspection', 'Inspection start date': '13/01/2026',
  'Publication date': '20/02/2026', 'Safeguarding standards': 'Met', Inclusion: 'Expected standard', 'Curriculum and teaching': 'Expected standard',
};

beforeAll(async () => {
  database = await openTestDatabase();
  const herts = await ensureOrganisation(database.db, { kind: 'local_authority', code: '919', name: 'Hertfordshire' });
  await findImporter('school-information')!.run(database.db, { file: path.join(DATA, 'hertfordshire-919/2024-25/919_school_information.csv'), organisation: herts, importedBy: 'test' });
  // The register imported above means the app skips loading the whole bundle. Uploads run as jobs.
  t = await startTestApp({ database, jobs: true, env: { LODESTAR_UPLOAD_DIR: path.join(tmp, 'uploads') } });
}, 300_000);
afterAll(async () => {
  await t?.close();
  await database?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const held = async () => (await database.db.select({ n: count() }).from(inspections))[0].n;

/** Uploads `content` as an Ofsted file and returns the refused job page's problems, as [line, reason] pairs. */
async function refused(name: string, content: Buffer): Promise<{ summary: string; problems: [string, string][] }> {
  const before = await held();
  const c = await new Browserless(t.url).signInAs('analyst');
  const { html } = await followJob(c, await c.upload('/imports', { kind: 'ofsted', academicYear: '' }, { field: 'file', name, content }));
  expect(html).toContain('govuk-error-summary');
  expect(await held()).toBe(before);
  const summary = /was not imported: [^<]*/.exec(html)?.[0] ?? '';
  const problems = [...html.matchAll(/<tr class="govuk-table__row"><td class="govuk-table__cell">([^<]*)<\/td><td class="govuk-table__cell">([^<]*)<\/td>/g)].map((m) => [m[1], m[2].replace(/&quot;/g, '"').replace(/&#39;/g, "'")] as [string, string]);
  return { summary, problems };
}

describe('the upload page refuses a bad Ofsted file whole, naming each bad line and why', () => {
  it('a file of the wrong layout (a KS2 performance-tables file) names the nearest layout and its missing columns', async () => {
    const ks2 = fs.readFileSync(path.join(DATA, 'hertfordshire-919/2024-25/919_ks2final.csv')).toString('utf8').split('\n').slice(0, 5).join('\n') + '\n';
    const { problems } = await refused('919_ks2final.csv', Buffer.from(ks2));
    expect(problems).toHaveLength(1);
    expect(problems[0][1]).toMatch(/unknown file layout of kind ofsted: nearest is ofsted-[a-z0-9-]+ \(.*\); missing columns: Publicationdate, Overalleffectiveness/);
  });

  it('a current-layout file missing required columns names them', async () => {
    const header = CURRENT_LATEST_HEADER.filter((h) => h !== 'URN' && h !== 'Inspection start date');
    const { problems } = await refused('no-urn.csv', windows1252(currentCsv(header, [row])));
    expect(problems[0][1]).toMatch(/missing columns: URN, Inspection start date$/);
  });

  it('the real four-grade extract with an unknown grade and dates that do not parse: each line and reason', async () => {
    const lines = fs.readFileSync(WARKS, 'latin1').split('\n');
    // Real rows, three cells broken: an overall grade of 5, a publication date that is no date, an impossible day.
    lines[2] = lines[2].replace(/,(\d{4}-\d{2}-\d{2}),\d,/, ',$1,5,');
    lines[5] = lines[5].replace(/,(\d{4}-\d{2}-\d{2}),(\d),/, ',"last spring",$2,');
    lines[9] = lines[9].replace(/,(\d{4})-\d{2}-\d{2},(\d),/, ',$1-02-30,$2,');
    const { summary, problems } = await refused('warwickshire-broken.csv', Buffer.from(lines.join('\n'), 'latin1'));
    expect(summary).toMatch(/^was not imported: 3 problems found/);
    expect(problems).toEqual([
      ['3', 'column Overalleffectiveness: not an Ofsted grade "5"'],
      ['6', 'column Publicationdate: not a date "last spring"'],
      ['10', expect.stringMatching(/^column Publicationdate: not a date "\d{4}-02-30"$/)],
    ]);
  });

  it('a current-layout file with unknown words, a new ungraded outcome and a bad date: each names the word and its column', async () => {
    const file = currentCsv(CURRENT_LATEST_HEADER, [
      { ...row, Achievement: 'Secure' },
      { ...row, URN: '117087', 'Category of concern': 'Serious concerns' },
      { ...row, URN: '117088', 'Ungraded inspection overall outcome': 'School remains Outstanding (Watch) - S8 Next', 'Date of latest ungraded inspection': '01/10/2025' },
      { ...row, URN: '117089', 'Inspection start date': '31/02/2026' },
      { ...row, URN: '117090', 'Safeguarding standards': 'Partly met' },
    ]);
    const { problems } = await refused('current-broken.csv', windows1252(file));
    expect(problems).toEqual([
      ['2', 'column Achievement: not a report-card grade "Secure"'],
      ['3', 'column Category of concern: not a category of concern "Serious concerns"'],
      ['4', 'column Ungraded inspection overall outcome: unknown ungraded inspection outcome "School remains Outstanding (Watch) - S8 Next"'],
      ['5', 'column Inspection start date: not a date "31/02/2026"'],
      ['6', 'column Safeguarding standards: not a safeguarding judgement "Partly met"'],
    ]);
  });
});
