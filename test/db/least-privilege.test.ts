// The audit trail cannot be erased: on both engines a TRUNCATE of audit_log (or of the intelligence
// tables) is refused by a trigger, and on PostgreSQL the app runs as a role set up by
// scripts/least-privilege.sql that may only insert and read audit entries, never alter or truncate.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { appendAudit } from '../../src/repositories/audit.js';
import { createServerDatabase, engineUnderTest, openTestDatabase, rows } from '../support/db.js';

const run = promisify(execFile);

describe('audit_log on either engine', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database?.close());

  it('refuses TRUNCATE of the audit log and the intelligence tables, keeping every entry', async () => {
    await appendAudit(database.db, { actor: 'test', action: 'test.kept', entityType: 'test' });
    for (const table of ['audit_log', 'intelligence_items', 'intelligence_revisions']) {
      const err = await database.db.execute(sql.raw(`truncate ${table} cascade`)).then(() => null, (e: Error & { cause?: Error }) => e);
      expect(String(err?.cause?.message ?? err?.message), table).toMatch(/append-only|never deleted/);
    }
    const left = rows<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from audit_log where action = 'test.kept'`));
    expect(left[0].n).toBe(1);
  });
});

describe.runIf(engineUnderTest === 'postgres')('least-privilege roles on PostgreSQL', () => {
  const suffix = crypto.randomBytes(4).toString('hex');
  const owner = `lodestar_owner_${suffix}`;
  const appRole = `lodestar_app_${suffix}`;
  const password = crypto.randomBytes(12).toString('hex');
  let created: { url: string; drop(): Promise<void> };
  let asOwner: Database;
  let asApp: Database | null = null;
  let appClient: pg.Client;

  beforeAll(async () => {
    created = await createServerDatabase(process.env.DATABASE_URL!);
    asOwner = await openDatabase({ databaseUrl: created.url, dataDir: '' });
    await appendAudit(asOwner.db, { actor: 'test', action: 'test.before-roles', entityType: 'test' });
    await run('psql', [created.url, '-q', '-v', `owner_role=${owner}`, '-v', `owner_password=${password}`, '-v', `app_role=${appRole}`, '-v', `app_password=${password}`, '-f', path.join(process.cwd(), 'scripts/least-privilege.sql')]);
    const appUrl = new URL(created.url);
    appUrl.username = appRole;
    appUrl.password = password;
    // The app starts as this role: its migration check and its writes work.
    asApp = await openDatabase({ databaseUrl: appUrl.toString(), dataDir: '' });
    appClient = new pg.Client({ connectionString: appUrl.toString() });
    appClient.on('error', () => {}); // a query made through it rejects with the same error
    await appClient.connect();
  }, 60_000);

  afterAll(async () => {
    await appClient?.end();
    await asApp?.close();
    await asOwner?.close();
    await created?.drop();
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    admin.on('error', () => {});
    await admin.connect();
    await admin.query(`drop role if exists ${appRole}`);
    await admin.query(`drop role if exists ${owner}`);
    await admin.end();
  });

  it('lets the app role insert and read audit entries and use the other tables', async () => {
    await appendAudit(asApp!.db, { actor: 'app', action: 'test.as-app', entityType: 'test' });
    const r = await appClient.query(`select action from audit_log order by id`);
    expect(r.rows.map((x) => x.action)).toEqual(['test.before-roles', 'test.as-app']);
    await appClient.query(`insert into organisations (kind, code, name) values ('local_authority', '999', 'Test LA')`);
  });

  it('refuses the app role TRUNCATE, UPDATE, DELETE, ALTER and DROP of the audit log', async () => {
    for (const statement of [
      'truncate audit_log',
      `update audit_log set actor = 'someone else'`,
      'delete from audit_log',
      'alter table audit_log disable trigger all',
      'alter table audit_log drop column actor',
      'drop trigger audit_log_append_only on audit_log',
      'drop table audit_log',
    ]) {
      await expect(appClient.query(statement), statement).rejects.toThrow(/permission denied|must be owner/);
    }
    const r = await appClient.query(`select count(*)::int as n from audit_log`);
    expect(r.rows[0].n).toBe(2);
  });
});
