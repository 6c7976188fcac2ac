// Runs inside the database worker thread (started by `openDatabase` for `lodestar serve`, see
// pgliteWorker.mjs): owns the PGlite instance and serves it on the app's private sockets. The main
// thread holds the data directory's lock and reaches the database as a PostgreSQL client of the socket.
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { serveBackupControl } from './backup.js';
import { migrationsApplied } from './migrations.js';
import { serveOverSocket } from './socketServer.js';

export interface PgliteHostData {
  dataDir: string;
  socketDir: string;
  migrationsFolder: string;
  migrate: boolean;
  /** Added to PGlite's own start parameters (`-c name=value` pairs). */
  extraStartParams: string[];
}

/** What the worker tells the main thread. */
export type PgliteHostMessage =
  | { type: 'ready'; socketDir: string; port: number; controlSocket: string }
  | { type: 'stopped' };

export async function runPgliteHost(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('runPgliteHost runs only in a worker thread');
  const data = workerData as PgliteHostData;
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  fs.mkdirSync(data.dataDir, { recursive: true });
  const pglite = await PGlite.create(data.dataDir, { startParams: [...PGlite.defaultStartParams, ...data.extraStartParams] });
  if (data.migrate) {
    const db = drizzle(pglite);
    if (!(await migrationsApplied(db, data.migrationsFolder))) await migrate(db, { migrationsFolder: data.migrationsFolder });
  }
  const socket = await serveOverSocket(pglite, data.socketDir);
  const control = await serveBackupControl(pglite, data.socketDir);
  const post = (m: PgliteHostMessage) => port.postMessage(m);
  port.on('message', (m: { type: string }) => {
    if (m.type === 'stop') {
      // Clients first (the app's pool has already ended), then PGlite's own orderly shutdown. A failure
      // is thrown out of the worker, so the main thread's close rejects with it.
      void (async () => {
        await control.stop();
        await socket.stop();
        await pglite.close();
        post({ type: 'stopped' });
      })().catch((err: unknown) => {
        setImmediate(() => {
          throw err;
        });
      });
    }
  });
  post({ type: 'ready', socketDir: socket.socketDir, port: socket.port, controlSocket: control.path });
}
