// Categorisation rounds end to end on the real bundled LA: a round stores every school's proposal
// with the policy version; moderation steps follow the domain (an override needs a reason) and are
// audited; confirming; a school's challenge; review flags from a safeguarding item; letters.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categorisationSteps, letters, policyVersions } from '../../src/db/schema-categorisation.js';
import { auditLog, users } from '../../src/db/schema.js';
import { getEntry, listEntries, listFlags } from '../../src/repositories/categorisation.js';
import { respondChallenge, submitChallenge } from '../../src/services/challenges.js';
import { recordIntelligence } from '../../src/services/intelligence.js';
import { generateRoundLetters } from '../../src/services/letters.js';
import { listPolicies, savePolicyVersion } from '../../src/services/policies.js';
import { listOpenFlags, raiseReviewFlag, recordSchoolReview } from '../../src/services/reviewFlags.js';
import { confirmUnchangedProposals, confirmWholeRound, createRound, moderateEntry, webRoundActor } from '../../src/services/rounds.js';
import { demoEmail } from '../../src/services/demoUsers.js';
import type { Role } from '../../src/domain/access/roles.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createServerDatabase } from '../support/db.js';
import { Browserless } from '../support/http.js';

let t: TestApp;
const URNS = [117083, 117111, 117141];
const actors: Record<string, ReturnType<typeof webRoundActor>> = {};

async function actor(role: Role) {
  const [u] = await t.database.db.select().from(users).where(eq(users.email, demoEmail(role)));
  return webRoundActor({ userId: u.id, label: u.email, organisationId: t.organisation.id }, u.id, role);
}

beforeAll(async () => {
  t = await startTestApp();
  for (const r of ['senior_leader', 'link_officer', 'district_lead', 'head_teacher'] as Role[]) actors[r] = await actor(r);
}, 180_000);
afterAll(async () => t?.close());

describe('categorisation rounds', () => {
  let roundId: number;

  it('stores the shipped policies as versions and every school’s proposal with the policy version', async () => {
    const policies = await listPolicies(t.database.db, t.organisation.id);
    expect(policies.map((p) => p.policyId).sort()).toEqual(['staffordshire-2008', 'staffordshire-2014', 'wales-nscs', 'walsall-2014']);
    const r = await createRound(t.database.db, t.organisation.id, { academicYear: '2025/26', term: 'autumn', policyId: 'staffordshire-2014', asOf: '2025-09-01', urns: URNS }, actors.senior_leader);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    roundId = r.round.id;
    expect(r.round.label).toBe('2025/26 autumn');
    const [pv] = await t.database.db.select().from(policyVersions).where(eq(policyVersions.id, r.round.policyVersionId));
    expect(pv).toMatchObject({ policyId: 'staffordshire-2014', origin: 'shipped' });
    const entries = await listEntries(t.database.db, t.organisation.id, roundId);
    expect(entries.map((e) => e.urn).sort()).toEqual([...URNS].sort());
    for (const e of entries) {
      expect(e.stage).toBe('proposed');
      expect((e.result as { policyId: string; policyVersion: number }).policyVersion).toBe(pv.version);
    }
    const again = await createRound(t.database.db, t.organisation.id, { academicYear: '2025/26', term: 'autumn', policyId: 'staffordshire-2014', urns: URNS }, actors.senior_leader);
    expect(again.ok).toBe(false);
  }, 120_000);

  it('refuses an override without a reason, accepts it with one, and audits who, from, to and why', async () => {
    const db = t.database.db;
    const org = t.organisation.id;
    const lo = await moderateEntry(db, org, roundId, 117083, { step: 'link_officer_reviewed' }, actors.link_officer);
    expect(lo.ok).toBe(true);
    const noReason = await moderateEntry(db, org, roundId, 117083, { step: 'district_moderated', toCategory: 'C' }, actors.district_lead);
    expect(noReason.ok).toBe(false);
    if (!noReason.ok) expect(noReason.errors.map((e) => e.code)).toContain('reason-required');
    const skip = await moderateEntry(db, org, roundId, 117111, { step: 'district_moderated' }, actors.district_lead);
    expect(skip.ok).toBe(false);
    const ok = await moderateEntry(db, org, roundId, 117083, { step: 'district_moderated', toCategory: 'C', reason: 'Leadership changes since the summer' }, actors.district_lead);
    expect(ok.ok).toBe(true);
    const entry = (await getEntry(db, org, roundId, 117083))!;
    expect(entry).toMatchObject({ stage: 'district_moderated', currentCategory: 'C' });
    const steps = await db.select().from(categorisationSteps).where(eq(categorisationSteps.categorisationId, entry.id));
    expect(steps.map((s) => s.step)).toEqual(['propose', 'link_officer_review', 'district_moderation']);
    expect(steps[2]).toMatchObject({ toCategory: 'C', reason: 'Leadership changes since the summer', actor: demoEmail('district_lead') });
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.action, 'categorisation.district_moderation'), eq(auditLog.entityId, String(entry.id))));
    expect(audits).toHaveLength(1);
    expect(audits[0].after).toMatchObject({ category: 'C', why: 'Leadership changes since the summer' });
  });

  it('confirms: bulk-confirms unchanged proposals, then the changed one by step, then the round', async () => {
    const db = t.database.db;
    const org = t.organisation.id;
    expect((await confirmWholeRound(db, org, roundId, actors.senior_leader)).ok).toBe(false);
    const bulk = await confirmUnchangedProposals(db, org, roundId, actors.senior_leader);
    expect(bulk).toMatchObject({ ok: true, confirmed: 2, left: 1 });
    expect((await confirmUnchangedProposals(db, org, roundId, actors.link_officer)).ok).toBe(false);
    expect((await moderateEntry(db, org, roundId, 117083, { step: 'confirmed' }, actors.senior_leader)).ok).toBe(true);
    expect((await confirmWholeRound(db, org, roundId, actors.senior_leader)).ok).toBe(true);
    const after = await moderateEntry(db, org, roundId, 117111, { step: 'proposed', reason: 'again' }, actors.senior_leader);
    expect(after.ok).toBe(false);
  });

  it('lets the head teacher challenge and an officer respond, recording the outcome', async () => {
    const db = t.database.db;
    const org = t.organisation.id;
    const entry = (await getEntry(db, org, roundId, 117083))!;
    const bad = await submitChallenge(db, org, entry.id, { grounds: '', evidence: '' }, actors.head_teacher);
    expect(bad.ok).toBe(false);
    const c = await submitChallenge(db, org, entry.id, { grounds: 'Our new head started in September', evidence: 'Governors’ minutes, July 2025', requestedCategory: 'B' }, actors.head_teacher);
    if (!c.ok) throw new Error(JSON.stringify(c.errors));
    const r = await respondChallenge(db, org, c.id, { outcome: 'upheld', reason: 'The evidence shows stable leadership' }, actors.link_officer);
    expect(r.ok).toBe(true);
    expect((await getEntry(db, org, roundId, 117083))!.currentCategory).toBe('B');
    const audits = await db.select().from(auditLog).where(like(auditLog.action, 'categorisation.challenge%'));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['categorisation.challenge_opened', 'categorisation.challenge_upheld']));
  });

  it('raises a review flag when a safeguarding concern is recorded, and clears it with a review', async () => {
    const db = t.database.db;
    const org = t.organisation.id;
    const [lo] = await db.select().from(users).where(eq(users.email, demoEmail('link_officer')));
    const rec = await recordIntelligence(db, org, 117111, { kind: 'safeguarding_concern', indicator: '', summary: 'Concern reported by the designated lead', source: 'DSL', occurredOn: '2025-10-01', confidential: true }, { userId: lo.id, label: lo.email, organisationId: org });
    expect(rec.ok).toBe(true);
    const flags = await listOpenFlags(db, org);
    expect(flags.find((f) => f.urn === 117111)).toMatchObject({ kind: 'safeguarding', raisedOn: '2025-10-01' });
    expect(flags.find((f) => f.urn === 117111)!.reason).not.toContain('designated lead');
    expect((await getEntry(db, org, roundId, 117111))!.needsReview).toBe(true);
    // The early-warning pages raise risk flags through the same call; a repeat is not a duplicate.
    const a = await raiseReviewFlag(db, org, { urn: 117141, kind: 'risk', raisedOn: '2025-10-02', reason: 'Risk above threshold' });
    const b = await raiseReviewFlag(db, org, { urn: 117141, kind: 'risk', raisedOn: '2025-10-02', reason: 'Risk above threshold' });
    expect(b.id).toBe(a.id);
    expect((await recordSchoolReview(db, org, 117111, { reason: 'x' }, actors.link_officer)).ok).toBe(false);
    const done = await recordSchoolReview(db, org, 117111, { toCategory: 'C', reason: 'Safeguarding concern being addressed; closer support' }, actors.district_lead);
    expect(done).toMatchObject({ ok: true, considered: 1 });
    expect((await getEntry(db, org, roundId, 117111))!).toMatchObject({ currentCategory: 'C', needsReview: false });
    expect((await listFlags(db, org, { status: 'considered' })).some((f) => f.urn === 117111)).toBe(true);
  });

  it('generates each confirmed school’s letter as DOCX and PDF, stored as issued', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-letters-'));
    const r = await generateRoundLetters(t.database.db, t.organisation.id, roundId, {
      laName: t.organisation.name,
      issuedBy: { userId: null, label: 'test', organisationId: t.organisation.id },
      onFile: (f) => fs.writeFileSync(path.join(dir, f.fileName), f.buffer),
    });
    expect(r).toMatchObject({ issued: 3, failures: [] });
    const files = fs.readdirSync(dir);
    expect(files.filter((f) => f.endsWith('.pdf'))).toHaveLength(3);
    expect(files.filter((f) => f.endsWith('.docx'))).toHaveLength(3);
    const rows = await t.database.db.select().from(letters).where(eq(letters.roundId, roundId));
    expect(rows).toHaveLength(3);
    expect(rows[0].pdf.subarray(0, 4).toString()).toBe('%PDF');
    expect(rows.find((l) => l.urn === 117083)!.details).toMatchObject({ linkOfficer: 'Demo Link Officer' });
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('saves an edited policy as a new version and refuses an invalid one with JSON paths', async () => {
    const [shipped] = (await listPolicies(t.database.db, t.organisation.id)).filter((p) => p.policyId === 'walsall-2014');
    const def = structuredClone(shipped.latest.definition) as { title: string; rules: { assign: { atLeast: string } }[] };
    def.title = 'Walsall 2014 (edited)';
    const saved = await savePolicyVersion(t.database.db, t.organisation.id, JSON.stringify(def), 'Retitled', { userId: null, label: 'test', organisationId: t.organisation.id });
    expect(saved.ok && saved.row.version).toBe(shipped.latest.version + 1);
    def.rules[0].assign.atLeast = 'Z';
    const bad = await savePolicyVersion(t.database.db, t.organisation.id, JSON.stringify(def), '', { userId: null, label: 'test', organisationId: t.organisation.id });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors.map((e) => e.path)).toContain('changeNote');
      expect(bad.errors.some((e) => e.path === '$.rules[0].assign.atLeast')).toBe(true);
    }
  });
});

describe('an adviser\'s capacity-to-improve judgement (Wales policy)', () => {
  it('places a school the data alone cannot, with the judgement and its evidence in the history, audited; later rounds start from it', async () => {
    const wales = await createRound(t.database.db, t.organisation.id, { academicYear: '2026/27', term: 'autumn', policyId: 'wales-nscs', asOf: '2025-09-01', urns: [117111] }, actors.senior_leader);
    if (!wales.ok) throw new Error(JSON.stringify(wales.errors));
    const before = (await getEntry(t.database.db, t.organisation.id, wales.round.id, 117111))!;
    expect(before.proposedCategory).toBeNull();
    expect((before.result as { status: string }).status).toBe('provisional');

    const who = await new Browserless(t.url).signInAs('senior_leader');
    const page = `/categorisation/rounds/${wales.round.id}/schools/117111`;
    expect(await (await who.get(page)).text()).toContain('No judgement has been recorded for this school');
    const bad = await who.post(`${page}/capacity`, { capacity: 'Z', capacityReason: '' }, page);
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('Select the school’s capacity to improve');
    expect(html).toContain('Give the evidence behind the judgement');
    expect((await getEntry(t.database.db, t.organisation.id, wales.round.id, 117111))!.proposedCategory).toBeNull();

    const ok = await who.post(`${page}/capacity`, { capacity: 'B', capacityReason: 'Leaders have sustained improvement in reading; governors hold them to account.' }, page);
    expect(ok.status).toBe(303);
    const after = (await getEntry(t.database.db, t.organisation.id, wales.round.id, 117111))!;
    expect(after.proposedCategory).not.toBeNull();
    expect(after.currentCategory).toBe(after.proposedCategory);
    const result = after.result as { dimensions?: Record<string, string>; missingEvidence: { what?: string }[] };
    expect(JSON.stringify(result)).toContain('"capacity"');
    const steps = await t.database.db.select().from(categorisationSteps).where(eq(categorisationSteps.categorisationId, after.id));
    expect(steps.at(-1)!.reason).toMatch(/capacity-to-improve judgement B: Leaders have sustained/);
    const [entry] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'categorisation.adviser_judgement'));
    expect(entry.after).toMatchObject({ urn: 117111, capacityToImprove: 'B', proposedCategory: after.proposedCategory });
    expect(await (await who.get(page)).text()).toContain('Leaders have sustained improvement in reading');

    // The next Wales round starts from the recorded judgement.
    const next = await createRound(t.database.db, t.organisation.id, { academicYear: '2026/27', term: 'spring', policyId: 'wales-nscs', asOf: '2025-09-01', urns: [117111] }, actors.senior_leader);
    if (!next.ok) throw new Error(JSON.stringify(next.errors));
    expect((await getEntry(t.database.db, t.organisation.id, next.round.id, 117111))!.proposedCategory).toBe(after.proposedCategory);
  }, 120_000);
});

describe('lodestar rounds and letters commands', () => {
  const run = promisify(execFile);
  const bin = path.join(process.cwd(), 'bin/lodestar.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-cat-cli-'));
  let env: NodeJS.ProcessEnv;
  let drop: (() => Promise<void>) | null = null;
  const lodestar = async (...args: string[]) => run('node', [bin, ...args], { env, maxBuffer: 64 * 1024 * 1024 });

  beforeAll(async () => {
    env = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent', LODESTAR_DATA_DIR: path.join(dir, 'data') };
    if (process.env.DATABASE_URL) {
      const created = await createServerDatabase(process.env.DATABASE_URL);
      env.DATABASE_URL = created.url;
      drop = created.drop;
    }
  });
  afterAll(async () => {
    await drop?.();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates a small round, confirms it and writes one DOCX and one PDF per school', async () => {
    const created = JSON.parse((await lodestar('rounds', 'create', '--year', '2025/26', '--term', 'autumn', '--policy', 'walsall-2014', '--urns', '117083,117111', '--json')).stdout) as { id: number; schools: number };
    expect(created.schools).toBe(2);
    expect((await lodestar('rounds', 'list')).stdout).toContain('2025/26 autumn');
    await lodestar('rounds', 'confirm', String(created.id), '--unchanged');
    const out = path.join(dir, 'letters');
    const r = await lodestar('letters', '--round', String(created.id), '--out', out);
    expect(r.stderr).toContain('letters: 2 of 2');
    const files = fs.readdirSync(out);
    expect(files.filter((f) => f.endsWith('.docx'))).toHaveLength(2);
    expect(files.filter((f) => f.endsWith('.pdf'))).toHaveLength(2);
    expect(files.some((f) => f.includes('117083'))).toBe(true);
  }, 300_000);
});
