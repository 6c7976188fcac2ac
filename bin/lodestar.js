#!/usr/bin/env node
// Runs the compiled JavaScript in dist/ (bundled: scripts/bundle.mjs) when it is current (fast start); otherwise the TypeScript
// sources through tsx, so an edited source is never silently ignored (`npm run build` makes dist/
// current again; LODESTAR_FROM_SOURCE=1 always uses the sources).
import { buildState } from '../scripts/build-state.mjs';

if (process.env.LODESTAR_FROM_SOURCE !== '1' && buildState() === 'fresh') {
  await import('../dist/bundle/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
