// The app's PGlite served to CLI commands over a socket: a client's transaction and the app's own
// queries take turns whole, never run inside each other; concurrent clients' statements are not
// mixed; a client that goes away mid-transaction is rolled back without blocking the app.
// Embedded-database behaviour only: on PostgreSQL (DATABASE_URL) the server does all of this itself.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveOverSocket, type SocketServer } from '../../src/db/socketServer.js';
import { engineUnderTest } from '../support/db.js';

describe.skipIf(engineUnderTest === 'postgres')('PGlite served over a private socket', () => {
  let pglite: PGlite;
  let server: SocketServer;
  let dir: string;
  const client = async () => {
    const c = new pg.Client({ host: server.socketDir, port: server.port, user: 'postgres', database: 'postgres' });
    // A connection the server drops surfaces as a query's rejection, not as a stray event.
    c.on('error', () => {});
    await c.connect();
    return c;
  };
  const count = async (q: { query: PGlite['query'] }) => Number((await q.query<{ n: number }>('select count(*)::int as n from t')).rows[0].n);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-sock-'));
    pglite = await PGlite.create('memory://');
    await pglite.exec('create table t (id serial primary key, v text)');
    server = await serveOverSocket(pglite, dir);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await pglite?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is a socket only its owner can use', () => {
    const mode = fs.statSync(path.join(dir, `.s.PGSQL.${server.port}`)).mode;
    expect(mode & 0o777).toBe(0o600);
  });

  it("never runs an app query inside a client's open transaction", async () => {
    const c = await client();
    await c.query('begin');
    await c.query("insert into t (v) values ('from the CLI, rolled back')");
    // Asked while the client's transaction is open: run inside it, it would see the client's row.
    const app = count(pglite);
    expect(Number((await c.query('select count(*)::int as n from t')).rows[0].n)).toBe(1);
    await c.query('rollback');
    expect(await app).toBe(0);
    await c.end();
  });

  it("never runs a client statement inside the app's open transaction", async () => {
    const c = await client();
    let fromClient: Promise<number> | undefined;
    await pglite
      .transaction(async (tx) => {
        await tx.query("insert into t (v) values ('from the app, rolled back')");
        // Asked while the app's transaction is open: run inside it, it would see the app's row.
        fromClient = c.query('select count(*)::int as n from t').then((r) => Number(r.rows[0].n));
        for (let i = 0; i < 20; i++) await tx.query('select pg_sleep(0.005)');
        throw new Error('roll back');
      })
      .catch(() => {});
    expect(await fromClient).toBe(0);
    await pglite.query("insert into t (v) values ('from the app')");
    await c.end();
  });

  it("keeps each client's statements whole when several clients run at once", async () => {
    const [a, b] = await Promise.all([client(), client()]);
    // Different statements per client: a Bind run against the other client's Parse would multiply wrongly.
    const ask = (c: pg.Client, factor: number, v: number) => c.query<{ v: number }>(`select $1::int * ${factor} as v`, [v]).then((r) => r.rows[0].v);
    const asked = Array.from({ length: 30 }, (_, i) => i);
    const answers = await Promise.all(asked.flatMap((i) => [ask(a, 2, i), ask(b, 3, i)]));
    expect(answers).toEqual(asked.flatMap((i) => [i * 2, i * 3]));
    await Promise.all([a.end(), b.end()]);
  });

  it('rolls back the transaction of a client that goes away, and the app carries on', async () => {
    const c = await client();
    await c.query('begin');
    await c.query("insert into t (v) values ('lost with the connection')");
    const waiting = count(pglite);
    (c as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    // Only the app's committed row from the previous test is left.
    expect(await waiting).toBe(1);
    expect(pglite.isInTransaction()).toBe(false);
  });
});
