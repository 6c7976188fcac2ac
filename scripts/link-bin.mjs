#!/usr/bin/env node
// Links node_modules/.bin/lodestar to bin/lodestar.js, so `npx lodestar …` in the project runs the
// project's own command straight away. package.json deliberately has no `bin` field: for a package
// whose own manifest names the command, npm exec loads the whole installed tree (~470 packages) and
// links the project into its npx cache before every run, about a second of CPU on this two-core
// machine (bench/cli.ts measures it); a command found in node_modules/.bin is simply run.
// Runs from `npm install` / `npm ci` (prepare). Idempotent.
import { existsSync, lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { root } from './build-state.mjs';

const binDir = path.join(root, 'node_modules', '.bin');
const link = path.join(binDir, 'lodestar');
const target = path.relative(binDir, path.join(root, 'bin', 'lodestar.js'));

if (existsSync(path.join(root, 'node_modules'))) {
  mkdirSync(binDir, { recursive: true });
  let current = null;
  try {
    current = lstatSync(link).isSymbolicLink() ? readlinkSync(link) : 'not a link';
  } catch {
    // absent
  }
  if (current !== target) {
    rmSync(link, { force: true });
    symlinkSync(target, link);
  }
}
