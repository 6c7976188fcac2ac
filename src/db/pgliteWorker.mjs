// The worker thread that owns the app's embedded database (PGlite): opens it, runs the migrations and
// serves it over the private database and control sockets, so that PGlite's work (WebAssembly on one
// thread) never blocks the app's event loop. Plain JavaScript so a worker can start without a TypeScript
// loader: beside the compiled pgliteHost.js (dist/) it imports that; beside pgliteHost.ts (src/, under
// tsx) it registers tsx itself, because loader hooks of the main thread do not reach workers on Node 20.
import { existsSync } from 'node:fs';

let host;
if (existsSync(new URL('./pgliteHost.js', import.meta.url))) {
  host = await import('./pgliteHost.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  host = await import('./pgliteHost.ts');
}
await host.runPgliteHost();
