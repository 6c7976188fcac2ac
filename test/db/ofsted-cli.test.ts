// The checks, run as an officer would: `lodestar import ofsted` with the real Warwickshire four-grade
// extract and a current-layout file (CONSTRUCTED from the published header, see ofsted-mi-current.testkit.ts),
// refusals naming a missing URN column and an unknown grade word, then `lodestar evidence 117083 --json` and
// `lodestar catalogue --json`. Runs on PostgreSQL when DATABASE_URL is set, else on an embedded directory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_LATEST_HEADER, currentCsv, windows1252 } from '../../src/domain/evidence/layouts/ofsted-mi-current.testkit.js';
import { runLodestar } from '../support/cli.js';
import { createServerDatabase } from '../support/db.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-ofsted-cli-'));
let env: NodeJS.ProcessEnv;
let drop: (() => Promise<void>) | null = null;
const lodestar = (...args: string[]) => runLodestar(env, args);

const row = {
  URN: '117083', 'School name': 'Abbots Langley School', 'Inspection type': 'Graded inspection', 'Inspection start date': '13/01/2026',
  'Publication date': '20/02/2026', 'Category of concern': 'Requires significant improvement', 'Safeguarding standards': 'Met',
  Inclusion: 'Expected standard', 'Curriculum and teaching': 'Urgent improvement',
  'Latest OEIF overall effectiveness': '2', 'Inspection start date of latest OEIF graded inspection': '08/05/2014',
};
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, windows1252(text));
  return file;
};

beforeAll(async () => {
  env = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent', LODESTAR_DATA_DIR: path.join(dir, 'data') };
  if (process.env.DATABASE_URL) {
    const created = await createServerDatabase(process.env.DATABASE_URL);
    env.DATABASE_URL = created.url;
    drop = created.drop;
  }
});
afterAll(async () => {
  await drop?.();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('lodestar import ofsted, evidence and catalogue', () => {
  it('accepts the real four-grade Warwickshire extract and a current-layout file', async () => {
    const warks = await lodestar('import', 'ofsted', path.join(process.cwd(), 'datasets/ofsted-mi-warwickshire-2020/ofsted_mi_warwickshire_2020_with_model_output.csv'));
    expect(warks.code, warks.stderr).toBe(0);
    expect(warks.stdout + warks.stderr).toMatch(/228 rows/);
    const current = await lodestar('import', 'ofsted', write('latest.csv', currentCsv(CURRENT_LATEST_HEADER, [row], 'Management information - state-funded schools - latest inspections as at 31 January 2026')));
    expect(current.code, current.stderr).toBe(0);
  }, 900_000); // the first command loads the bundled data

  it('refuses a file missing URN and one with an unknown grade word, naming them', async () => {
    const noUrn = await lodestar('import', 'ofsted', write('no-urn.csv', currentCsv(CURRENT_LATEST_HEADER.filter((h) => h !== 'URN'), [row])));
    expect(noUrn.code).toBe(1);
    expect(noUrn.stderr).toMatch(/missing columns: URN/);
    const badWord = await lodestar('import', 'ofsted', write('bad-word.csv', currentCsv(CURRENT_LATEST_HEADER, [{ ...row, Achievement: 'Secure' }])));
    expect(badWord.code).toBe(1);
    expect(badWord.stderr).toMatch(/line 2: column Achievement: not a report-card grade "Secure"/);
  }, 120_000);

  it('refuses a file of the wrong layout, and the real four-grade extract with an unknown grade and a date that does not parse, line by line', async () => {
    const wrong = await lodestar('import', 'ofsted', path.join(process.cwd(), 'datasets/hertfordshire-919/2024-25/919_ks2final.csv'));
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/unknown file layout of kind ofsted: nearest is ofsted-[a-z0-9-]+ .*missing columns: Publicationdate, Overalleffectiveness/);
    const lines = fs.readFileSync(path.join(process.cwd(), 'datasets/ofsted-mi-warwickshire-2020/ofsted_mi_warwickshire_2020_with_model_output.csv'), 'latin1').split('\n');
    lines[2] = lines[2].replace(/,(\d{4}-\d{2}-\d{2}),\d,/, ',$1,5,');
    lines[5] = lines[5].replace(/,(\d{4}-\d{2}-\d{2}),(\d),/, ',"last spring",$2,');
    const file = path.join(dir, 'warwickshire-broken.csv');
    fs.writeFileSync(file, Buffer.from(lines.join('\n'), 'latin1'));
    const broken = await lodestar('import', 'ofsted', file);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/line 3: column Overalleffectiveness: not an Ofsted grade "5"/);
    expect(broken.stderr).toMatch(/line 6: column Publicationdate: not a date "last spring"/);
  }, 120_000);

  it('evidence --json lists each inspection with era, type, dates and source, and each measure with its as-at date and staleness', async () => {
    const r = await lodestar('evidence', '117083', '--json', '--as-of', '2026-03-01');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      inspections: { inspectionDate: string; era: string; eraLabel: string; inspectionType: string; publicationDate: string | null; source: string; stale: boolean }[];
      measures: Record<string, { years: Record<string, { asAt: string; stale: boolean }>; latest: { year: string; stale: boolean } }>;
      freshness: { source: string; stale: boolean }[];
    };
    expect(out.inspections.map((i) => [i.inspectionDate, i.era, i.inspectionType, i.source, i.stale])).toEqual([
      ['2026-01-13', 'report-card', 'graded', 'latest.csv', false],
      ['2014-05-08', 'four-grade', 'graded', 'latest.csv', true],
    ]);
    expect(out.inspections[0]).toMatchObject({ publicationDate: '2026-02-20', eraLabel: 'Report cards (from 10 November 2025)' });
    expect(out.measures['ks2.rwm_expected_pct'].years['2024/25']).toMatchObject({ asAt: '2025-12-15', stale: false });
    expect(out.measures['census.pupils'].years['2018/19']).toMatchObject({ asAt: '2019-06-30', stale: true });
    expect(out.freshness.find((f) => f.source === 'ofsted')).toMatchObject({ stale: false });
  }, 120_000);

  it('catalogue --json lists every source, its latest file and date, and the next expected release', async () => {
    const r = await lodestar('catalogue', '--json', '--today', '2026-03-10');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { sources: { id: string; latestFile: string | null; latestHeld: string | null; next: { due: string }; overdue: boolean }[] };
    expect(out.sources.map((s) => s.id)).toEqual(['ks2-provisional', 'ks2-final', 'ks4-provisional', 'ks4-final', 'census', 'absence', 'ofsted-monthly']);
    expect(out.sources.find((s) => s.id === 'ofsted-monthly')).toMatchObject({ latestFile: 'latest.csv', latestHeld: '2026-02-20', next: { due: '2026-03-15' }, overdue: false });
    expect(out.sources.find((s) => s.id === 'census')).toMatchObject({ latestFile: '919_census.csv', latestHeld: '2023/24', overdue: true });
  }, 120_000);
});
