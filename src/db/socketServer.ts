// The app's PGlite served over the PostgreSQL wire protocol on a private Unix socket, so CLI commands
// work on the database the app owns instead of opening its files a second time.
//
// PGlite has one backend session. pglite-socket queues the messages of all its client connections and
// runs one at a time under PGlite's *query* lock, keeping a client's transaction to that client; but
// the app's own queries and transactions take PGlite's *transaction* lock, which pglite-socket never
// takes. Without the gate below, an app query could run inside a CLI transaction (and be rolled back
// with it) or a CLI statement inside an app transaction, and one client's Parse/Bind/Execute could be
// split by another's. The gate gives a client the transaction lock from its first message until its
// exchange is complete (a Sync or simple Query outside a transaction) — so a CLI transaction and the
// app's queries take turns whole, never interleaved.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { withPrivateUmask } from './owner.js';

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'

function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, 'utf8');
  const msg = Buffer.alloc(5 + text.length);
  msg[0] = QUERY;
  msg.writeInt32BE(4 + text.length, 1);
  text.copy(msg, 5);
  return msg;
}

class Gate {
  private release: (() => void) | null = null;

  constructor(private readonly pglite: PGlite) {}

  get held(): boolean {
    return this.release !== null;
  }

  async enter(): Promise<void> {
    if (this.release) return;
    await new Promise<void>((entered) => {
      void this.pglite._runExclusiveTransaction(
        () =>
          new Promise<void>((done) => {
            this.release = done;
            entered();
          }),
      );
    });
  }

  leave(): void {
    const done = this.release;
    this.release = null;
    done?.();
  }
}

/** The PGlite the socket server sees: the same database, with every client exchange behind the gate. */
function gated(pglite: PGlite, gate: Gate): PGlite {
  const wrapper = {
    get waitReady() {
      return pglite.waitReady;
    },
    // pglite-socket keeps the queue to the last client while this is true: mid-exchange counts too.
    isInTransaction: () => gate.held || pglite.isInTransaction(),
    runExclusive: async <T>(fn: () => Promise<T>): Promise<T> => {
      await gate.enter();
      return pglite._runExclusiveQuery(fn);
    },
    execProtocolRawStream: async (message: Uint8Array, options: Parameters<PGlite['execProtocolRawStream']>[1]) => {
      try {
        await pglite.execProtocolRawStream(message, options);
      } catch (e) {
        if (!pglite.isInTransaction()) gate.leave();
        throw e;
      }
      const type = message[0];
      // A startup message begins with its length (first byte 0); it is a whole exchange too.
      const exchangeDone = type === SYNC || type === QUERY || type === TERMINATE || type === 0;
      if (exchangeDone && !pglite.isInTransaction()) gate.leave();
    },
    // Only called by pglite-socket to roll back the transaction of a client that went away mid-way.
    exec: async () => {
      await pglite._runExclusiveQuery(async () => {
        await pglite.execProtocolRawStream(new Uint8Array([SYNC, 0, 0, 0, 4]), { onRawData: () => {} });
        await pglite.execProtocolRawStream(simpleQuery('ROLLBACK'), { onRawData: () => {} });
      });
      gate.leave();
      return [];
    },
  };
  return wrapper as unknown as PGlite;
}

export interface SocketServer {
  socketDir: string;
  port: number;
  stop(): Promise<void>;
}

/** Serves `pglite` on `<socketDir>/.s.PGSQL.<port>` (the name PostgreSQL clients look for), mode 0600. */
export async function serveOverSocket(pglite: PGlite, socketDir: string, port = 5432): Promise<SocketServer> {
  const socketPath = path.join(socketDir, `.s.PGSQL.${port}`);
  await removeStaleSocket(socketPath);
  const server = new PGLiteSocketServer({ db: gated(pglite, new Gate(pglite)), path: socketPath, maxConnections: 32 });
  await withPrivateUmask(() => server.start());
  fs.chmodSync(socketPath, 0o600);
  return {
    socketDir,
    port,
    async stop() {
      await server.stop();
      fs.rmSync(socketPath, { force: true });
      try {
        fs.rmdirSync(socketDir);
      } catch {
        /* not empty or already gone: leave it */
      }
    },
  };
}

/** A socket file left by a killed app refuses connections; anything that answers is another live server. */
export async function removeStaleSocket(socketPath: string): Promise<void> {
  if (!fs.existsSync(socketPath)) return;
  const answers = await new Promise<boolean>((resolve) => {
    const probe = net.connect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (answers) throw new Error(`another process is already serving on ${socketPath}`);
  fs.rmSync(socketPath, { force: true });
}
