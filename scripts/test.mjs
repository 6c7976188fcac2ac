#!/usr/bin/env node
// `npm test`: the whole suite, as CI runs it. Unit tests; database tests on embedded PGlite and
// again on a real PostgreSQL server (installed and started here if missing); browser tests in
// Debian's Chromium. Stops at the first failing stage.
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(new URL('..', import.meta.url).pathname);
const vitest = path.join(root, 'node_modules/.bin/vitest');

function stage(title, args, env = {}) {
  process.stdout.write(`\n=== ${title} ===\n`);
  const r = spawnSync(vitest, ['run', ...args], { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } });
  if (r.status !== 0) {
    process.stdout.write(`\n${title}: FAILED\n`);
    cleanup();
    process.exit(r.status ?? 1);
  }
}

function cleanup() {
  spawnSync('bash', [path.join(root, 'scripts/postgres.sh'), 'stop'], { stdio: 'inherit' });
}

execFileSync('bash', [path.join(root, 'scripts/ensure-system-packages.sh')], { stdio: 'inherit' });

const only = process.argv.slice(2);
stage('unit tests', ['--project', 'unit', ...only]);
stage('database tests on PGlite', ['--project', 'db', ...only], { DATABASE_URL: '' });
const url = execFileSync('bash', [path.join(root, 'scripts/postgres.sh'), 'start'], { encoding: 'utf8' }).trim();
process.stdout.write(`PostgreSQL test server: ${url}\n`);
stage('database tests on PostgreSQL', ['--project', 'db', ...only], { DATABASE_URL: url });
cleanup();
stage('browser tests in Chromium', ['--project', 'browser', ...only], { DATABASE_URL: '' });
process.stdout.write('\nAll test stages passed.\n');
