// The `lodestar` command as an administrator runs it: a separate process on the same kind of
// database as the app (DATABASE_URL when set, else an embedded one in LODESTAR_DATA_DIR).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerDatabase } from '../support/db.js';
import { lodestarBin, runLodestar, type CliResult } from '../support/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-cli-'));
let env: NodeJS.ProcessEnv;
let drop: (() => Promise<void>) | null = null;

function lodestar(...args: string[]): Promise<CliResult> {
  return runLodestar(env, args);
}

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

describe('lodestar CLI', () => {
  it('initialises an empty database with the bundled data and prints the register as JSON', async () => {
    const r = await lodestar('schools', '--json');
    expect(r.code).toBe(0);
    const schools = JSON.parse(r.stdout) as { urn: number; name: string; status: string; district: string; phase: string; type: string }[];
    expect(schools.find((s) => s.urn === 117083)).toMatchObject({ name: 'Abbots Langley School', type: 'Community school', phase: 'Primary', status: 'open', district: 'Three Rivers' });
    expect(schools.every((s) => s.status === 'open')).toBe(true);
    expect(schools.length).toBeGreaterThan(500);
  });

  it('has --help for every command', async () => {
    for (const cmd of [[], ['serve'], ['schools'], ['import'], ['users'], ['users', 'create'], ['audit']]) {
      const r = await lodestar(...cmd, '--help');
      expect(r.code, cmd.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage: lodestar/);
    }
  });

  it('refuses a malformed GIAS file, naming the bad lines, and changes nothing', async () => {
    const source = fs.readFileSync(path.join(process.cwd(), 'datasets/gias-extract-2015/edubasealldata20150407_extract.csv'), 'latin1').split('\n');
    source[5] = source[5].replace('"Open"', '"Openish"');
    source[9] = source[9].replace(/"(\d{2})-(\d{2})-(\d{4})"/, '"2012-13-45"');
    const file = path.join(dir, 'bad-gias.csv');
    fs.writeFileSync(file, source.join('\n'), 'latin1');
    const before = (await lodestar('schools', '--json', '--all')).stdout;
    const r = await lodestar('import', 'gias', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/import refused, nothing changed/);
    expect(r.stderr).toMatch(/line 6: EstablishmentStatus \(name\) "Openish" is not a known status/);
    expect(r.stderr).toMatch(/line 10: .*"2012-13-45" is not a date|line 10: .*is not a real date/);
    expect((await lodestar('schools', '--json', '--all')).stdout).toBe(before);
  });

  it('writes the same text into a file as into a pipe (a file is written with fs.writeSync, piece by piece)', async () => {
    const args = ['categorise', '--policy', 'staffordshire-2014', '--as-of', '2020-01-31', '--json'];
    const piped = await lodestar(...args);
    expect(piped.code).toBe(0);
    // Several 200-school pieces, and non-ASCII text (the policy's title) that must be written as UTF-8.
    expect((JSON.parse(piped.stdout) as { schools: unknown[] }).schools.length).toBeGreaterThan(400);
    expect(piped.stdout).toMatch(/A–D/);
    const file = path.join(dir, 'categorise.json');
    const fd = fs.openSync(file, 'w');
    try {
      const code = await new Promise<number | null>((resolve, reject) => {
        spawn('node', [lodestarBin, ...args], { env, stdio: ['ignore', fd, 'ignore'] })
          .on('error', reject)
          .on('exit', resolve);
      });
      expect(code).toBe(0);
    } finally {
      fs.closeSync(fd);
    }
    expect(fs.readFileSync(file, 'utf8')).toBe(piped.stdout);
  });

  it('creates users and prints the audit log as JSON', async () => {
    const created = await lodestar('users', 'create', '--role', 'head_teacher', '--email', 'head@example.org', '--name', 'A Head', '--urn', '117083');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Created user \d+: head@example.org \(head_teacher\)/);
    const refused = await lodestar('users', 'create', '--role', 'head_teacher', '--email', 'head2@example.org', '--name', 'No School');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/must name exactly one school/);
    const audit = JSON.parse((await lodestar('audit', '--json')).stdout) as { action: string; after: { email?: string } | null }[];
    expect(audit.find((e) => e.action === 'user.create' && e.after?.email === 'head@example.org')).toBeTruthy();
  });
});
