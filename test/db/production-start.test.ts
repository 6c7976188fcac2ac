// The check, with real processes: `NODE_ENV=production lodestar serve` on a data directory
// created in development (so holding the demo accounts) refuses to start, naming them and the command
// that disables them; after `lodestar users disable-demo` (audited) it serves, and a demo sign-in fails.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles } from '../../src/domain/access/roles.js';
import { DEMO_PASSWORD, demoEmail } from '../../src/services/demoUsers.js';
import { createServerDatabase } from '../support/db.js';
import { Browserless } from '../support/http.js';
import { runLodestar, type CliResult } from '../support/cli.js';

const bin = path.join(process.cwd(), 'bin/lodestar.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-prod-'));
let dev: NodeJS.ProcessEnv;
let production: NodeJS.ProcessEnv;
let drop: (() => Promise<void>) | null = null;
let server: ChildProcess | null = null;

function lodestar(env: NodeJS.ProcessEnv, ...args: string[]): Promise<CliResult> {
  return runLodestar(env, args);
}

beforeAll(async () => {
  dev = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent', LODESTAR_DATA_DIR: path.join(dir, 'data') };
  if (process.env.DATABASE_URL) {
    const created = await createServerDatabase(process.env.DATABASE_URL);
    dev.DATABASE_URL = created.url;
    drop = created.drop;
  }
  production = { ...dev, NODE_ENV: 'production', LODESTAR_SECRET: 'a-production-secret-of-forty-characters!!', PORT: String(20_000 + Math.floor(Math.random() * 20_000)), HOST: '127.0.0.1' };
  // A data directory as `npm start` in development leaves it: bundled data and the demo accounts.
  const r = await lodestar(dev, 'users', 'list');
  expect(r.stdout).toContain(demoEmail('admin'));
}, 180_000);
afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((resolve) => server!.once('exit', resolve));
  }
  await drop?.();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('production start-up and demo accounts', () => {
  it('refuses to serve while demo accounts exist, naming them and how to disable them', async () => {
    const r = await lodestar(production, 'serve');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Refusing to start: NODE_ENV=production/);
    for (const role of roles) expect(r.stderr).toContain(demoEmail(role));
    expect(r.stderr).toContain('npx lodestar users disable-demo');
  });

  it('serves once `lodestar users disable-demo` has disabled them (audited in auth-hardening.test.ts), and no demo account signs in', async () => {
    const disabled = await lodestar(production, 'users', 'disable-demo');
    expect(disabled.code).toBe(0);
    expect(disabled.stdout).toMatch(new RegExp(`Disabled ${roles.length} demo account`));

    server = spawn('node', [bin, 'serve'], { env: production, stdio: 'ignore' });
    const url = `http://127.0.0.1:${production.PORT}`;
    let up = false;
    for (let i = 0; i < 240 && !up && server.exitCode === null; i++) {
      up = await fetch(`${url}/health`).then((res) => res.ok, () => false);
      if (!up) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(up).toBe(true);
    const c = new Browserless(url);
    const res = await c.signIn(demoEmail('admin'), DEMO_PASSWORD);
    expect(res.status).toBe(400);
  });
});
