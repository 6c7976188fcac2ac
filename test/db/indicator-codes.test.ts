// Migration 0009 (issue 12.2): intelligence items stored with the intelligence form's old Walsall indicator
// codes are rewritten to the codes of policies/walsall-2014.json, so the categorisation rule reads them.
import fs from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { intelligenceItems } from '../../src/db/schema-evidence.js';
import { GOVERNANCE_INDICATORS, LEADERSHIP_INDICATORS, LEGACY_INDICATOR_CODES } from '../../src/domain/evidence/intelligence.js';
import { insertItem } from '../../src/repositories/intelligence.js';
import { ensureOrganisation, type Organisation } from '../../src/repositories/organisations.js';
import { createAccount } from '../../src/services/accounts.js';
import { openTestDatabase } from '../support/db.js';

let database: Database;
let org: Organisation;
let userId: number;
const URN = 117083; // Abbots Langley School, in the real Hertfordshire register

beforeAll(async () => {
  database = await openTestDatabase();
  org = await ensureOrganisation(database.db, { kind: 'local_authority', code: '919', name: 'Hertfordshire' });
  const user = await createAccount(
    database.db,
    { organisationId: org.id, email: 'officer@example.test', displayName: 'Test Officer', role: 'link_officer', password: null, urns: [URN], districtIds: [] },
    { userId: null, label: 'test', organisationId: org.id },
  );
  userId = user.id;
}, 60_000);
afterAll(async () => database?.close());

describe('migration 0009: Walsall indicator codes', () => {
  it('rewrites every old code to the policy’s code for the same heading and leaves the rest alone', async () => {
    const old = Object.entries(LEGACY_INDICATOR_CODES).flatMap(([kind, map]) => Object.keys(map).map((code) => ({ kind, code })));
    const ids: { id: number; kind: string; code: string }[] = [];
    for (const { kind, code } of old) {
      const row = await database.db.transaction((tx) => insertItem(tx, org.id, URN, { kind, indicator: code, summary: `Recorded as ${code}`, source: 'Link officer', occurredOn: '2025-03-01', confidential: false }, userId));
      ids.push({ id: row.id, kind, code });
    }
    const kept = await database.db.transaction((tx) => insertItem(tx, org.id, URN, { kind: 'leadership_concern', indicator: 'standards_not_rising', summary: 'Unchanged code', source: 'Link officer', occurredOn: '2025-03-01', confidential: false }, userId));
    const migration = fs.readFileSync(path.join(process.cwd(), 'drizzle/0009_walsall_indicator_codes.sql'), 'utf8');
    for (const statement of migration.split('--> statement-breakpoint')) await database.db.execute(sql.raw(statement));
    for (const { id, kind, code } of ids) {
      const [row] = await database.db.select().from(intelligenceItems).where(eq(intelligenceItems.id, id));
      const expected = LEGACY_INDICATOR_CODES[kind as keyof typeof LEGACY_INDICATOR_CODES][code];
      expect(row.indicator, `${kind} ${code}`).toBe(expected);
      expect(kind === 'leadership_concern' ? LEADERSHIP_INDICATORS : GOVERNANCE_INDICATORS).toHaveProperty(expected);
    }
    const [same] = await database.db.select().from(intelligenceItems).where(eq(intelligenceItems.id, kept.id));
    expect(same.indicator).toBe('standards_not_rising');
  });
});
