// Whether dist/ (the compiled JavaScript that `npm start` and the `lodestar` bin run) is current:
// it must exist and be newer than every TypeScript or module file under src/ and the build config.
// Shared by bin/lodestar.js (which falls back to tsx when dist/ is stale, so an edited source is never
// silently ignored) and scripts/build.mjs.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const distDir = path.join(root, 'dist');
export const stampFile = path.join(distDir, '.build-stamp');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'views' && entry.name !== 'public') newest = Math.max(newest, newestSource(full));
    } else if (/\.(ts|mjs)$/.test(entry.name) && !entry.name.endsWith('.test.ts')) {
      newest = Math.max(newest, statSync(full).mtimeMs);
    }
  }
  return newest;
}

/** 'fresh', 'missing' or 'stale'. */
export function buildState() {
  let stamp;
  try {
    stamp = statSync(stampFile).mtimeMs;
  } catch {
    return 'missing';
  }
  const inputs = [path.join(root, 'tsconfig.json'), path.join(root, 'tsconfig.build.json')].map((f) => statSync(f).mtimeMs);
  return Math.max(newestSource(path.join(root, 'src')), ...inputs) > stamp ? 'stale' : 'fresh';
}
