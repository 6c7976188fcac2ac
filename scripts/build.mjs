#!/usr/bin/env node
// Compiles src/ to dist/ (tsc -p tsconfig.build.json) and bundles it (scripts/bundle.mjs) when dist/ is
// missing or older than src/.
// Runs from `npm install` (prepare) and before `npm start` (prestart), so a fresh clone needs no
// extra step. `--force` rebuilds anyway. Without TypeScript (an install that omitted dev
// dependencies) it says so and exits 0: bin/lodestar.js then runs the sources through tsx.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { buildState, distDir, root, stampFile } from './build-state.mjs';
import { bundle } from './bundle.mjs';

const force = process.argv.includes('--force');
const state = buildState();
if (state === 'fresh' && !force) process.exit(0);

let tsc;
try {
  tsc = createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc');
} catch {
  process.stderr.write('lodestar build: TypeScript is not installed; the lodestar command will run the sources through tsx (slower start).\n');
  process.exit(0);
}

process.stderr.write(`lodestar build: compiling src/ to dist/ (${force ? 'forced' : state})…\n`);
// Files deleted from src/ must not linger in dist/.
rmSync(distDir, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
// Plain JavaScript modules tsc does not copy: the letter render worker and the database worker.
for (const rel of ['letters/render-worker.mjs', 'db/pgliteWorker.mjs']) {
  const to = path.join(distDir, rel);
  mkdirSync(path.dirname(to), { recursive: true });
  copyFileSync(path.join(root, 'src', rel), to);
}
if (!existsSync(path.join(distDir, 'cli/main.js'))) throw new Error('lodestar build: dist/cli/main.js was not produced');
await bundle(distDir);
if (!existsSync(path.join(distDir, 'bundle/main.js'))) throw new Error('lodestar build: dist/bundle/main.js was not produced');
writeFileSync(stampFile, `${new Date().toISOString()}\n`);
