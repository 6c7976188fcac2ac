// The checks every open of the database makes before loading the modules that create (src/runtime.ts):
// each must answer "missing" exactly when the create step would add something, or a start would skip a
// shipped policy, a strategic target or a demo account.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/client.js';
import { strategicTargets } from '../../src/db/schema-strategic.js';
import { supportProviders } from '../../src/db/schema-support.js';
import type { Organisation } from '../../src/repositories/organisations.js';
import { ensureLocalAuthority } from '../../src/services/bootstrap.js';
import { ensureDemoUsers } from '../../src/services/demoUsers.js';
import { ensureShippedPolicies } from '../../src/services/policies.js';
import { demoAccountsMissing, shippedPoliciesMissing, strategicTargetsMissing } from '../../src/services/setUpCheck.js';
import { ensureStrategicTargets } from '../../src/services/strategic.js';
import { openTestDatabase } from '../support/db.js';

let database: Database;
let org: Organisation;
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-set-up-'));

beforeAll(async () => {
  database = await openTestDatabase();
  org = await ensureLocalAuthority(database.db, config);
}, 120_000);
afterAll(async () => {
  await database?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('set-up checks at every open', () => {
  it('finds the shipped policies missing until they are stored', async () => {
    expect(await shippedPoliciesMissing(database.db, org.id)).toBe(true);
    await ensureShippedPolicies(database.db, org.id);
    expect(await shippedPoliciesMissing(database.db, org.id)).toBe(false);
  });

  it('finds a strategic target missing until every key in the LA file is stored', async () => {
    expect(await strategicTargetsMissing(database.db, org)).toBe(true);
    await ensureStrategicTargets(database.db, org);
    expect(await strategicTargetsMissing(database.db, org)).toBe(false);
    // One stored target removed: missing again.
    const [one] = await database.db.select({ id: strategicTargets.id }).from(strategicTargets).where(eq(strategicTargets.organisationId, org.id)).limit(1);
    await database.db.delete(strategicTargets).where(eq(strategicTargets.id, one.id));
    expect(await strategicTargetsMissing(database.db, org)).toBe(true);
    await ensureStrategicTargets(database.db, org);
    expect(await strategicTargetsMissing(database.db, org)).toBe(false);
  });

  it('leaves a strategic file it cannot read to the validator, and needs none without a file', async () => {
    const write = (text: string) => fs.writeFileSync(path.join(tmp, `${org.code}.json`), text);
    write('{ not json');
    expect(await strategicTargetsMissing(database.db, org, tmp)).toBe(true);
    write(JSON.stringify({ targets: [{ key: 7 }] }));
    expect(await strategicTargetsMissing(database.db, org, tmp)).toBe(true);
    write(JSON.stringify({ targets: [{ key: 'not-stored-anywhere' }] }));
    expect(await strategicTargetsMissing(database.db, org, tmp)).toBe(true);
    write(JSON.stringify({ source: 'no targets' }));
    expect(await strategicTargetsMissing(database.db, org, tmp)).toBe(false);
    fs.rmSync(path.join(tmp, `${org.code}.json`));
    expect(await strategicTargetsMissing(database.db, org, tmp)).toBe(false);
    expect(await strategicTargetsMissing(database.db, { ...org, kind: 'trust' }, tmp)).toBe(false);
  });

  it('finds the demo accounts missing until each exists with the provider record', async () => {
    expect(await demoAccountsMissing(database.db, org)).toBe(true);
    await ensureDemoUsers(database.db, config, org);
    expect(await demoAccountsMissing(database.db, org)).toBe(false);
    await database.db.delete(supportProviders).where(and(eq(supportProviders.organisationId, org.id), eq(supportProviders.kind, 'provider')));
    expect(await demoAccountsMissing(database.db, org)).toBe(true);
    await ensureDemoUsers(database.db, config, org);
    expect(await demoAccountsMissing(database.db, org)).toBe(false);
  });
});
