// The real `lodestar serve` process on an embedded data directory of its own — its PGlite in a worker
// thread (LODESTAR_DB_WORKER=1), the app's queries through the worker's socket — used in Chromium as a head teacher would:
// sign in, their school's dashboard, accessible; then a clean SIGTERM stop.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLock } from '../../src/db/owner.js';
import { freePort, lodestarBin, waitForHealth } from '../support/cli.js';
import { axeViolations, launchBrowser, newPage, signIn } from '../support/browser.js';

const onPglite = !process.env.DATABASE_URL;
let dir: string;
let child: ChildProcess;
let exited: Promise<number | null>;
let url: string;
let browser: Browser;
const output: string[] = [];

beforeAll(async () => {
  if (!onPglite) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-served-'));
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  child = spawn('node', [lodestarBin, 'serve'], {
    env: { ...process.env, DATABASE_URL: '', NODE_ENV: 'development', LOG_LEVEL: 'info', LODESTAR_DATA_DIR: path.join(dir, 'data'), LODESTAR_DB_WORKER: '1', PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  await waitForHealth(url, child, output);
  browser = await launchBrowser();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await exited;
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe.skipIf(!onPglite)('the app served from its own embedded data directory', () => {
  it("a head teacher signs in and reads their school's dashboard, accessibly", async () => {
    const page = await newPage(browser);
    await signIn(page, url, 'head_teacher');
    await page.goto(`${url}/schools/117083/dashboard`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Abbots Langley School');
    expect(await axeViolations(page)).toEqual([]);
    if (process.env.LODESTAR_SCREENSHOT_DIR) await page.screenshot({ path: path.join(process.env.LODESTAR_SCREENSHOT_DIR, 'served-dashboard.png'), fullPage: true });
    await page.close();
  }, 120_000);

  it('stops cleanly on SIGTERM and lets the data directory go', async () => {
    const dataDir = path.join(dir, 'data');
    expect(readLock(dataDir)).toMatchObject({ pid: child.pid, command: 'lodestar serve', socketDir: expect.any(String) });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output.join('')).toContain('stopped cleanly');
    expect(readLock(dataDir)).toBeNull();
  }, 120_000);
});
