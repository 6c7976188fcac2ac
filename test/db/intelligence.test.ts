// Local intelligence: recorded, corrected and resolved with history; never deleted; confidential items
// filtered by who asks; and what the categorisation engine reads, as of a date.
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { intelligenceItems, intelligenceRevisions } from '../../src/db/schema-evidence.js';
import { auditLog } from '../../src/db/schema.js';
import { findImporter } from '../../src/importers/registry.js';
import { listItems } from '../../src/repositories/intelligence.js';
import { ensureOrganisation, type Organisation } from '../../src/repositories/organisations.js';
import { createAccount } from '../../src/services/accounts.js';
import { loadSchoolEvidence } from '../../src/services/evidence.js';
import { correctIntelligence, recordIntelligence, resolveIntelligence } from '../../src/services/intelligence.js';
import { openTestDatabase } from '../support/db.js';

let database: Database;
let org: Organisation;
let officer: { userId: number; label: string; organisationId: number };
const URN = 117083; // Abbots Langley School, in the real Hertfordshire register

beforeAll(async () => {
  database = await openTestDatabase();
  org = await ensureOrganisation(database.db, { kind: 'local_authority', code: '919', name: 'Hertfordshire' });
  await findImporter('school-information')!.run(database.db, {
    file: path.join(process.cwd(), 'datasets/hertfordshire-919/2024-25/919_school_information.csv'),
    organisation: org,
    importedBy: 'test',
  });
  await findImporter('absence')!.run(database.db, {
    file: path.join(process.cwd(), 'datasets/hertfordshire-919/2023-24/919_abs.csv'),
    organisation: org,
    importedBy: 'test',
    academicYear: '2023/24',
  });
  const user = await createAccount(
    database.db,
    { organisationId: org.id, email: 'officer@example.test', displayName: 'Test Officer', role: 'link_officer', password: null, urns: [URN], districtIds: [] },
    { userId: null, label: 'test', organisationId: org.id },
  );
  officer = { userId: user.id, label: user.email, organisationId: org.id };
});

afterAll(async () => {
  await database.close();
});

const draft = {
  kind: 'parental_complaint',
  indicator: '',
  summary: 'Written complaint about communication with parents',
  source: "Parent's letter to the LA",
  occurredOn: '2025-01-15',
  confidential: false,
};

describe('local intelligence', () => {
  it('records an item with its author, audit entry and first revision; refuses an invalid one', async () => {
    const bad = await recordIntelligence(database.db, org.id, URN, { ...draft, summary: '', occurredOn: '2025-02-30' }, officer);
    expect(bad).toEqual({ ok: false, errors: { summary: expect.any(String), occurredOn: expect.any(String) } });
    const out = await recordIntelligence(database.db, org.id, URN, draft, officer);
    expect(out.ok).toBe(true);
    const [item] = await listItems(database.db, org.id, URN, { includeConfidential: false });
    expect(item).toMatchObject({ ...draft, indicator: null, status: 'open', authorName: 'Test Officer' });
    expect(item.revisions.map((r) => r.action)).toEqual(['created']);
    const audits = await database.db.select().from(auditLog).where(eq(auditLog.action, 'intelligence.create'));
    expect(audits).toHaveLength(1);
  });

  it('corrects with a required reason and keeps the earlier version', async () => {
    const [item] = await listItems(database.db, org.id, URN, { includeConfidential: true });
    const noReason = await correctIntelligence(database.db, item, { ...draft, indicator: '', occurredOn: '2025-01-14' }, ' ', officer);
    expect(noReason).toEqual({ ok: false, errors: { reason: expect.any(String) } });
    const out = await correctIntelligence(database.db, item, { ...draft, indicator: '', occurredOn: '2025-01-14' }, 'Letter was dated the 14th', officer);
    expect(out.ok && out.item.occurredOn).toBe('2025-01-14');
    const [after] = await listItems(database.db, org.id, URN, { includeConfidential: true });
    const correction = after.revisions.find((r) => r.action === 'corrected')!;
    expect(correction).toMatchObject({ reason: 'Letter was dated the 14th', before: { occurredOn: '2025-01-15' }, after: { occurredOn: '2025-01-14' } });
  });

  it('resolves with a date on or after the event, once', async () => {
    const [item] = await listItems(database.db, org.id, URN, { includeConfidential: true });
    expect(await resolveIntelligence(database.db, item, '2025-01-01', '', officer)).toMatchObject({ ok: false });
    const out = await resolveIntelligence(database.db, item, '2025-02-20', 'Met the parents with the head', officer);
    expect(out.ok && out.item).toMatchObject({ status: 'resolved', resolvedOn: '2025-02-20' });
    if (!out.ok) return;
    expect(await resolveIntelligence(database.db, out.item, '2025-02-21', '', officer)).toMatchObject({ ok: false, errors: { resolvedOn: 'This item is already resolved' } });
    const revisions = await database.db.select().from(intelligenceRevisions).where(eq(intelligenceRevisions.itemId, item.id));
    expect(revisions.map((r) => r.action)).toEqual(['created', 'corrected', 'resolved']);
  });

  it('is never deleted, and its history cannot be rewritten', async () => {
    await expect(database.db.delete(intelligenceItems)).rejects.toThrow();
    await expect(database.db.update(intelligenceRevisions).set({ reason: 'rewritten' })).rejects.toThrow();
    expect((await database.db.select({ n: sql<number>`count(*)::int` }).from(intelligenceItems))[0].n).toBe(1);
  });

  it('hides confidential items unless the caller may read them', async () => {
    await recordIntelligence(database.db, org.id, URN, { ...draft, kind: 'safeguarding_concern', summary: 'Referral to the LADO', source: 'DSL', occurredOn: '2025-03-01', confidential: true }, officer);
    const open = await listItems(database.db, org.id, URN, { includeConfidential: false });
    const all = await listItems(database.db, org.id, URN, { includeConfidential: true });
    expect(open.map((i) => i.kind)).toEqual(['parental_complaint']);
    expect(all.map((i) => i.kind).sort()).toEqual(['parental_complaint', 'safeguarding_concern']);
  });

  it('feeds SchoolEvidence as it stood on a date', async () => {
    const now = await loadSchoolEvidence(database.db, org.id, URN);
    expect(now!.school).toMatchObject({ urn: URN, laCode: '919', phase: 'primary' });
    expect(now!.intelligence).toHaveLength(2);
    expect(now!.observations.find((o) => o.measure === 'absence.overall_pct')).toMatchObject({ academicYear: '2023/24', value: 5.5 });
    const earlier = await loadSchoolEvidence(database.db, org.id, URN, '2025-02-01');
    // The complaint had happened but was not yet resolved; 2023/24 absence was published in March 2025.
    expect(earlier!.intelligence).toEqual([expect.objectContaining({ kind: 'parental_complaint', status: 'open', resolvedOn: null })]);
    expect(earlier!.observations).toEqual([]);
  });
});
