// Issue #10 (items 5, 6, 11): the importers refuse what is broken — cut files, ragged rows the layout's
// real files never have, impossible dates and years, out-of-range values, damaged UTF-8, runaway junk —
// with the line at fault, leave the database unchanged and leave an audit entry. Every file here is a
// real file from datasets/ or a copy of its real rows with one defect, except the junk upload, which
// is synthetic (generated below, and says so).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { PROBLEMS_KEPT, ImportRefused } from '../../src/importers/problems.js';
import { findImporter, type ImportRequest } from '../../src/importers/registry.js';
import { ensureOrganisation, type Organisation } from '../../src/repositories/organisations.js';
import { runImport } from '../../src/services/importRuns.js';
import { jobs } from '../../src/db/schema-jobs.js';
import { JobRunner } from '../../src/jobs/index.js';
import { jobHandlers } from '../../src/jobs/handlers.js';
import { createLogger } from '../../src/logger.js';
import { getJob } from '../../src/repositories/jobs.js';
import type { ImportJobPayload } from '../../src/services/importJobs.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { openTestDatabase } from '../support/db.js';
import { Browserless } from '../support/http.js';
import { followJob } from '../support/jobs.js';

const DATA = path.join(process.cwd(), 'datasets');
const KS2 = 'hertfordshire-919/2024-25/919_ks2final.csv';
const CENSUS = 'hertfordshire-919/2023-24/919_census.csv';
const ABS = 'hertfordshire-919/2023-24/919_abs.csv';
const GIAS = 'gias-extract-2015/edubasealldata20150407_extract.csv';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-guarantees-'));
const read = (relative: string) => fs.readFileSync(path.join(DATA, relative));
const lines = (relative: string) => read(relative).toString('utf8').replace(/^\uFEFF/, '').split('\n');

let database: Database;
let herts: Organisation;

function write(name: string, content: string | Buffer): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  return file;
}

async function importFile(kind: string, file: string, extra: Partial<ImportRequest> = {}) {
  return findImporter(kind)!.run(database.db, { file, organisation: herts, importedBy: 'test', rescore: false, ...extra });
}

/** Everything an import writes, to prove that a refused one changed nothing. */
async function fingerprint(): Promise<string> {
  const r = await database.db.execute(sql`select (select count(*) from schools) as schools, (select count(*) from observations) as observations,
    (select count(*) from comparators) as comparators, (select count(*) from imports) as imports,
    (select coalesce(md5(string_agg(urn || measure || academic_year || coalesce(raw, ''), ',' order by urn, measure, academic_year)), '') from observations) as digest`);
  return JSON.stringify((r as unknown as { rows: unknown[] }).rows[0]);
}

async function refused(kind: string, file: string, extra: Partial<ImportRequest> = {}): Promise<ImportRefused> {
  const before = await fingerprint();
  const err = await importFile(kind, file, extra).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ImportRefused);
  expect(await fingerprint()).toBe(before);
  return err as ImportRefused;
}

beforeAll(async () => {
  database = await openTestDatabase();
  herts = await ensureOrganisation(database.db, { kind: 'local_authority', code: '919', name: 'Hertfordshire' });
  await importFile('school-information', path.join(DATA, 'hertfordshire-919/2024-25/919_school_information.csv'));
});
afterAll(async () => {
  await database.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('a file must end on a complete record', () => {
  it('the issue\'s check: the real KS2 file cut at byte 50,000 is refused, naming its last line', async () => {
    const cut = read(KS2).subarray(0, 50_000);
    const lastLine = cut.toString('utf8').split('\n').length;
    const e = await refused('ks2', write('cut.csv', cut), { academicYear: '2024/25' });
    expect(e.problems).toContainEqual({ line: lastLine, reason: expect.stringMatching(/cut short on line 58/) });
    expect(lastLine).toBe(58);
  });

  it('a value cut part-way ("5.3" → "5") on the last line is refused, not stored as 5', async () => {
    const text = read(CENSUS).toString('utf8');
    // The real census row of line 40 has decimals; cut the file just after the first digit of one of them.
    const start = text.split('\n').slice(0, 39).join('\n').length + 1;
    const decimal = /,(\d)\.\d/g;
    decimal.lastIndex = start;
    const m = decimal.exec(text)!;
    const cut = text.slice(0, m.index + 2);
    expect(cut.split('\n')).toHaveLength(40);
    const e = await refused('census', write('census-cut.csv', cut));
    expect(e.problems).toEqual([{ line: 40, reason: expect.stringMatching(/^the file was cut short on line 40: row has \d+ fields but the header has 23, and the file has no line break after it/) }]);
  });

  it('in the KS2 export, whose real rows are short, a last row cut inside a value is still refused', async () => {
    const text = read(KS2).toString('utf8');
    const start = text.split('\n').slice(0, 29).join('\n').length + 1;
    const value = /,(\d)\d+%,/g; // a percentage such as "61%", cut after its first digit
    value.lastIndex = start + 200;
    const m = value.exec(text)!;
    const e = await refused('ks2', write('ks2-cut-value.csv', text.slice(0, m.index + 2)));
    expect(e.problems).toEqual([{ line: 30, reason: expect.stringMatching(/^the file was cut short on line 30: the last row has \d+ fields where the file's rows have 305/) }]);
  });

  it('a number ending in a point ("5.") is what a cut leaves, never a published value', async () => {
    const l = lines(ABS);
    const file = write('abs-point.csv', [...l.slice(0, 9), l[9].replace(/,([\d]+)\.\d+$/, ',$1.'), ...l.slice(10)].join('\n'));
    const e = await refused('absence', file, { academicYear: '2023/24' });
    expect(e.problems).toEqual([{ line: 10, reason: expect.stringMatching(/PPERSABS10: unrecognised value "\d+\."/) }]);
  });
});

describe('ragged rows are judged against the layout\'s real files', () => {
  it('a short row in a layout whose real files write every field (census 2018/19) is refused', async () => {
    const l = lines('england-2019/england_census.csv').slice(0, 40);
    l[11] = l[11].split(',').slice(0, -2).join(',');
    const e = await refused('census', write('census-2019-short.csv', l.join('\n') + '\n'));
    expect(e.problems).toEqual([{ line: 12, reason: 'row has 20 fields but the header has 22 (truncated row?)' }]);
  });

  it('in the KS2 2024/25 export (trailing empty fields left out) a short row that ends in an empty field has lost fields', async () => {
    const l = lines(KS2);
    const cells = l[20].split(',');
    const at = cells.findIndex((c, i) => i > 100 && c === '');
    l[20] = cells.slice(0, at + 1).join(',');
    const e = await refused('ks2', write('ks2-dropped.csv', l.join('\n')));
    expect(e.problems).toEqual([{ line: 21, reason: expect.stringMatching(/its last one is empty: this file leaves out trailing empty fields/) }]);
  });

  it('a row longer than the header is refused', async () => {
    const l = lines(ABS);
    l[30] += ',12.5';
    const e = await refused('absence', write('abs-long.csv', l.join('\n')), { academicYear: '2023/24' });
    expect(e.problems).toEqual([{ line: 31, reason: 'row has 6 fields but the header has 5' }]);
  });
});

describe('dates, years and values must be possible', () => {
  it('--as-at 2025-02-30 is refused by the register importer and by the command line', async () => {
    const file = path.join(DATA, 'hertfordshire-919/2024-25/919_school_information.csv');
    const e = await refused('school-information', file, { asAt: '2025-02-30' });
    expect(e.problems).toEqual([{ line: null, field: 'asAt', reason: 'the "as at" date "2025-02-30" is not a real date written yyyy-mm-dd' }]);
    const cli = await promisify(execFile)('node', [path.join(process.cwd(), 'bin/lodestar.js'), 'import', 'school-information', file, '--as-at', '2025-02-30'], {
      env: { ...process.env, LOG_LEVEL: 'silent', LODESTAR_DATA_DIR: path.join(tmp, 'cli-data') },
    }).then(() => ({ code: 0, stderr: '' }), (err: { code: number; stderr: string }) => err);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/--as-at must be a real date written yyyy-mm-dd \("2025-02-30" is not\)/);
    expect(fs.existsSync(path.join(tmp, 'cli-data'))).toBe(false); // refused before any database was opened
  });

  it('every --as-of date option refuses 2025-02-30 (Date.parse would roll it over to 2 March)', async () => {
    for (const args of [['risk'], ['categorise', '--policy', 'staffordshire-2014'], ['evidence', '117083', '--json']]) {
      const cli = await promisify(execFile)('node', [path.join(process.cwd(), 'bin/lodestar.js'), ...args, '--as-of', '2025-02-30'], {
        env: { ...process.env, LOG_LEVEL: 'silent', LODESTAR_DATA_DIR: path.join(tmp, 'cli-data') },
      }).then(() => ({ code: 0, stderr: '' }), (err: { code: number; stderr: string }) => err);
      expect(cli.code, args[0]).not.toBe(0);
      expect(cli.stderr).toMatch(/'2025-02-30' is invalid\. must be a real date written yyyy-mm-dd/);
    }
    expect(fs.existsSync(path.join(tmp, 'cli-data'))).toBe(false);
  });

  it('KS4 and census files under --year 1999/00 are refused; a year in the layout\'s span is accepted', async () => {
    const ks4 = write('ks4-provisional.csv', lines('england-2019/england_ks4provisional.csv').slice(0, 30).join('\n') + '\n');
    const census = write('census-2019.csv', lines('england-2019/england_census.csv').slice(0, 30).join('\n') + '\n');
    const k = await refused('ks4', ks4, { academicYear: '1999/00' });
    expect(k.problems).toEqual([{ line: null, field: 'academicYear', reason: expect.stringMatching(/holds 2017\/18 to now, not 1999\/00: its EBACCAPS column was first published for 2017\/18/) }]);
    const c = await refused('census', census, { academicYear: '1999/00' });
    expect(c.problems[0]).toMatchObject({ field: 'academicYear', reason: expect.stringMatching(/holds 2010\/11 to now, not 1999\/00/) });
    expect((await refused('census', census, { academicYear: '2040/41' })).problems[0].reason).toMatch(/has not happened yet/);
    expect((await refused('ks4', ks4, { academicYear: '2020/21' })).problems[0].reason).toMatch(/no KS4 tables for 2019\/20 and 2020\/21/);
    const ok = await importFile('census', census, { academicYear: '2017/18' });
    expect(ok.rowsRead).toBe(29);
  });

  it('percentages of 150 and -7: each out-of-range value is a problem naming its line and column', async () => {
    const l = lines(ABS);
    const cells = l[5].split(',');
    cells[3] = '-7';
    cells[4] = '150';
    l[5] = cells.join(',');
    const census = lines(CENSUS);
    const row = census[8].split(',');
    row[census[0].split(',').indexOf('PNUMEAL')] = '150%';
    census[8] = row.join(',');
    const e = await refused('absence', write('abs-range.csv', l.join('\n')), { academicYear: '2023/24' });
    expect(e.problems).toEqual([
      { line: 6, reason: expect.stringMatching(/^column PERCTOT: -7 is outside the range of Overall absence rate \(0 to 100/) },
      { line: 6, reason: expect.stringMatching(/^column PPERSABS10: 150 is outside the range of Persistent absence/) },
    ]);
    const c = await refused('census', write('census-range.csv', census.join('\n')));
    expect(c.problems).toEqual([{ line: 9, reason: expect.stringMatching(/^column PNUMEAL: 150 is outside the range of .* \(0 to 100: a percentage of pupils\)/) }]);
  });
});

describe('encoding is decided on the whole file', () => {
  it('a UTF-8 file with one bad byte is refused naming its line and offset, not read as windows-1252', async () => {
    // The real GIAS extract saved as UTF-8 (its "King’s College" becomes a 3-byte character), then one
    // byte of a name on line 100 damaged.
    const utf8 = Buffer.from(new TextDecoder('windows-1252').decode(read(GIAS)), 'utf8');
    const start = utf8.toString('latin1').split('\n').slice(0, 99).join('\n').length + 1;
    const offset = start + 10;
    const damaged = Buffer.concat([utf8.subarray(0, offset), Buffer.from([0xe9]), utf8.subarray(offset)]);
    const e = await refused('gias', write('gias-utf8-damaged.csv', damaged), { asAt: '2015-04-07' });
    expect(e.problems).toEqual([{ line: 100, reason: expect.stringMatching(new RegExp(`byte 0xE9 on line 100 \\(byte offset ${offset}\\)`)) }]);
    // The undamaged UTF-8 copy and the real windows-1252 file both import, with the same name.
    const clean = await importFile('gias', write('gias-utf8.csv', utf8), { asAt: '2015-04-07' });
    expect(clean.rowsRead).toBe(323);
    expect((await importFile('gias', path.join(DATA, GIAS), { asAt: '2015-04-07' })).rowsRead).toBe(323);
  });

  it('a byte order mark in the middle of a windows-1252 file is refused with its line', async () => {
    const raw = read(GIAS);
    const start = raw.toString('latin1').split('\n').slice(0, 49).join('\n').length + 1;
    const pasted = Buffer.concat([raw.subarray(0, start), Buffer.from([0xef, 0xbb, 0xbf]), raw.subarray(start)]);
    const e = await refused('gias', write('gias-pasted.csv', pasted));
    expect(e.problems).toEqual([{ line: 50, reason: expect.stringMatching(/byte order mark on line 50 of a windows-1252 file/) }]);
  });
});

describe('quotes', () => {
  it('an unbalanced quote on line 209 is reported on line 209', async () => {
    const l = lines(CENSUS);
    l[208] = l[208].replace(',', ',"');
    const e = await refused('census', write('census-quote.csv', l.join('\n')));
    expect(e.problems).toEqual([{ line: 209, reason: expect.stringMatching(/opens in the record starting on line 209 is never closed/) }]);
  });
});

describe('junk and the audit log', () => {
  // Synthetic: the real census header over 20,000 generated junk lines (a stand-in for the 195 MB
  // junk upload; bench/imports.ts measures memory on a full-size one).
  const JUNK_ROWS = 20_000;
  const junk = () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const out = [lines(CENSUS)[0]];
    for (let i = 0; i < JUNK_ROWS; i++) out.push(`junk-${Math.floor(rnd() * 1e9).toString(36)},${i}`);
    return out.join('\n') + '\n';
  };

  it(`keeps the first ${PROBLEMS_KEPT} problems and counts the rest`, async () => {
    const e = await refused('census', write('junk.csv', junk()));
    expect(e.problems).toHaveLength(PROBLEMS_KEPT);
    expect(e.total).toBe(JUNK_ROWS);
    expect(e.more).toBe(JUNK_ROWS - PROBLEMS_KEPT);
    expect(e.problems[0]).toEqual({ line: 2, reason: 'row has 2 fields but the header has 23 (truncated row?)' });
    expect(e.message).toContain(`… and ${JUNK_ROWS - 50} more problems`);
  });

  it('a refused import through the service leaves an audit entry: who, file, kind and how many problems', async () => {
    const actor = { userId: null, label: 'cli:test', organisationId: herts.id };
    const file = write('abs-audit.csv', [...lines(ABS).slice(0, 5), 'not,a,row'].join('\n'));
    await expect(runImport(database.db, findImporter('absence')!, { file, organisation: herts, importedBy: actor.label, academicYear: '2023/24', rescore: false }, actor, 'abs-audit.csv')).rejects.toBeInstanceOf(ImportRefused);
    const r = await database.db.execute(sql`select actor, action, entity_type, after from audit_log where action = 'import.refused' order by id desc limit 1`);
    const [entry] = (r as unknown as { rows: { actor: string; action: string; entity_type: string; after: Record<string, unknown> }[] }).rows;
    expect(entry).toMatchObject({ actor: 'cli:test', entity_type: 'import', after: { kind: 'absence', file: 'abs-audit.csv', problems: 1, academicYear: '2023/24' } });
  });

  describe('the upload page', () => {
    let t: TestApp;
    beforeAll(async () => {
      // The register imported above means the app skips loading the whole bundle. Uploads run as jobs.
      t = await startTestApp({ database, jobs: true, env: { LODESTAR_UPLOAD_DIR: path.join(tmp, 'uploads') } });
    });
    afterAll(async () => {
      await t.close(); // leaves the test's own database open
    });

    it('a junk upload lands on its job page, which shows the problem summary with "and N more problems"; nothing changed, refusal audited, file deleted', async () => {
      const c = await new Browserless(t.url).signInAs('analyst');
      const before = await fingerprint();
      const res = await c.upload('/imports', { kind: 'census', academicYear: '' }, { field: 'file', name: 'junk-upload.csv', content: Buffer.from(junk()) });
      const { html } = await followJob(c, res);
      expect(html).toContain('govuk-error-summary');
      expect(html).toContain(`junk-upload.csv was not imported: ${JUNK_ROWS.toLocaleString('en-GB')} problems found`);
      expect(html.match(/<tr class="govuk-table__row"><td class="govuk-table__cell">\d+<\/td>/g)).toHaveLength(PROBLEMS_KEPT);
      expect(html).toContain(`… and ${(JUNK_ROWS - PROBLEMS_KEPT).toLocaleString('en-GB')} more problems`);
      expect(await fingerprint()).toBe(before);
      const r = await database.db.execute(sql`select actor, after from audit_log where action = 'import.refused' and after->>'file' = 'junk-upload.csv'`);
      expect((r as unknown as { rows: unknown[] }).rows).toEqual([{ actor: 'analyst@demo.lodestar.invalid', after: expect.objectContaining({ kind: 'census', problems: JUNK_ROWS }) }]);
      expect(fs.readdirSync(path.join(tmp, 'uploads'))).toEqual([]);
    });

    it('a refused upload shows each problem with its line on the job page and leaves the database unchanged', async () => {
      const c = await new Browserless(t.url).signInAs('analyst');
      const l = lines(ABS);
      l[3] = l[3].replace(/,[^,]*$/, ',"unclosed');
      const before = await fingerprint();
      const res = await c.upload('/imports', { kind: 'absence', academicYear: '2023/24' }, { field: 'file', name: 'abs-broken.csv', content: Buffer.from(l.join('\n')) });
      const { html } = await followJob(c, res);
      expect(html).toMatch(/<title>Error: File not imported/);
      expect(html).toContain('abs-broken.csv was not imported: 1 problem found. Nothing was changed.');
      expect(html).toMatch(/<td class="govuk-table__cell">4<\/td><td class="govuk-table__cell">[^<]*line 4/);
      expect(await fingerprint()).toBe(before);
    });

    it('a year the layout cannot hold is named on the job page as a problem with the academic year', async () => {
      const c = await new Browserless(t.url).signInAs('analyst');
      const census = lines('england-2019/england_census.csv').slice(0, 20).join('\n') + '\n';
      const res = await c.upload('/imports', { kind: 'census', academicYear: '1999/00' }, { field: 'file', name: 'census.csv', content: Buffer.from(census) });
      const { html } = await followJob(c, res);
      expect(html).toContain('govuk-error-summary');
      expect(html).toMatch(/Academic year: [^<]*holds 2010\/11 to now, not 1999\/00/);
    });
  });

  describe('an upload queued, then the app restarted', () => {
    const uploads = path.join(tmp, 'uploads-restart');
    /** Uploads through the page of an app without a runner, then stops that app: the job is left queued. */
    async function queueThenStop(name: string, content: string, whileQueued?: (c: Browserless, id: number) => Promise<void>): Promise<number> {
      const t = await startTestApp({ database, env: { LODESTAR_UPLOAD_DIR: uploads } });
      try {
        const c = await new Browserless(t.url).signInAs('analyst');
        const res = await c.upload('/imports', { kind: 'absence', academicYear: '2023/24' }, { field: 'file', name, content: Buffer.from(content) });
        expect(res.status).toBe(303);
        const id = Number(/\/jobs\/(\d+)$/.exec(res.headers.get('location')!)![1]);
        await whileQueued?.(c, id);
        return id;
      } finally {
        await t.close();
      }
    }

    it('a job left running by a runner that died is resumed by the next runner and completes; the file is then deleted', async () => {
      const id = await queueThenStop('919_abs-restart.csv', lines(ABS).join('\n'));
      const herts919 = herts.id;
      expect((await getJob(database.db, herts919, id))!.status).toBe('queued');
      const payload = (await getJob(database.db, herts919, id))!.payload as unknown as ImportJobPayload;
      expect(fs.existsSync(payload.file)).toBe(true);
      // As if a runner had claimed it and its process had then been killed (pid 2^22+1 is never a live pid here).
      await database.db.update(jobs).set({ status: 'running', lockedBy: `${os.hostname()}:4194305:dead`, lockedAt: new Date(), attempts: 1 }).where(eq(jobs.id, id));
      const runner = new JobRunner(database.db, createLogger('silent'), jobHandlers, { backoffMs: () => 0 });
      expect((await runner.recover()).resumed).toContain(id);
      while (await runner.runOnce());
      const job = (await getJob(database.db, herts919, id))!;
      expect(job.status).toBe('succeeded');
      expect(job.result).toMatchObject({ file: '919_abs-restart.csv', rowsRead: lines(ABS).filter((l) => l.trim()).length - 1 });
      expect(fs.existsSync(payload.file)).toBe(false);
      const r = await database.db.execute(sql`select file_name from imports where id = ${(job.result as { importId: number }).importId}`);
      expect((r as unknown as { rows: unknown[] }).rows).toEqual([{ file_name: '919_abs-restart.csv' }]);
    }, 300_000);

    it('a queued upload whose file has gone is failed with the reason, not retried', async () => {
      const id = await queueThenStop('919_abs-gone.csv', lines(ABS).slice(0, 10).join('\n'), async (c, first) => {
        // One import at a time: a second upload meanwhile is refused with a link to the first, and its file is not kept.
        expect(fs.readdirSync(uploads)).toHaveLength(1);
        const second = await c.upload('/imports', { kind: 'absence', academicYear: '2023/24' }, { field: 'file', name: 'second.csv', content: Buffer.from(lines(ABS).slice(0, 5).join('\n')) });
        expect(second.status).toBe(409);
        expect(await second.text()).toContain(`href="/jobs/${first}"`);
        expect(fs.readdirSync(uploads)).toHaveLength(1);
        expect(await (await c.get('/imports')).text()).toMatch(/data-qa="active-import">An import of 919_abs-gone.csv is waiting to start/);
      });
      const payload = (await getJob(database.db, herts.id, id))!.payload as unknown as ImportJobPayload;
      fs.rmSync(payload.file);
      const runner = new JobRunner(database.db, createLogger('silent'), jobHandlers, { backoffMs: () => 0 });
      while (await runner.runOnce());
      const job = (await getJob(database.db, herts.id, id))!;
      expect(job.status).toBe('failed');
      expect(job.attempts).toBe(1);
      expect(job.error).toMatch(/919_abs-gone.csv is no longer in the upload folder/);
    });
  });
});
