// Looking changes nothing: a GET of every page leaves every table's row count as it was (sessions and
// the audit log aside). Escalation proposals are stored by the events that cause them — here the daily
// escalation check — and then appear on the page, attributed to the system, not to a viewer.
import { currentDataVersion } from '../../src/repositories/dataVersion.js';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/repositories/audit.js';
import { escalationsOf } from '../../src/repositories/engagementEscalations.js';
import { defaultContext, escalationCheckActor, proposeDueEscalations } from '../../src/services/escalations.js';
import { currentCategories } from '../../src/services/programme.js';
import { confirmUnchangedProposals, confirmWholeRound, createRound, webRoundActor } from '../../src/services/rounds.js';
import { findUserByEmail } from '../../src/repositories/users.js';
import { demoEmail } from '../../src/services/demoUsers.js';
import { routeTables } from '../../src/web/access.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { rows } from '../support/db.js';
import { Browserless } from '../support/http.js';

let t: TestApp;
let urn: number;
let other: number;
beforeAll(async () => {
  t = await startTestApp();
  // High-concern maintained schools with nothing on record: the rules propose a Core Group for each.
  const cats = await currentCategories(t.database.db, t.organisation.id);
  [urn, other] = cats.schools.filter((s) => s.highConcern && s.isMaintained).map((s) => s.urn);
}, 400_000);
afterAll(async () => t?.close());

async function rowCounts(): Promise<Record<string, number>> {
  const tables = rows<{ name: string }>(await t.database.db.execute(sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`));
  const out: Record<string, number> = {};
  for (const { name } of tables) {
    if (name === 'sessions' || name === 'audit_log') continue;
    out[name] = rows<{ n: number }>(await t.database.db.execute(sql.raw(`select count(*)::int as n from "${name}"`)))[0].n;
  }
  return out;
}

describe('a GET changes no state', () => {
  it('viewing every page (the Core Group page of a high-concern school included) leaves every row count unchanged', async () => {
    expect(await escalationsOf(t.database.db, t.organisation.id, urn)).toEqual([]);
    // Signing in is a POST (it writes a session and the account's sign-in record), so every reader signs in first.
    const readers = [];
    for (const role of ['admin', 'link_officer', 'senior_leader'] as const) readers.push(await new Browserless(t.url).signInAs(role));
    const before = await rowCounts();
    // Nor does any GET move the data version the page cache is keyed by (no statement writes a table a page shows).
    const version = await currentDataVersion(t.database.db);
    for (const c of readers) {
      for (const r of (routeTables.get(t.app) ?? []).filter((x) => x.method === 'GET')) {
        const res = await c.get(r.url.replace(':urn', String(urn)).replace(':id', '1').replace(':code', 'ks2.rwm_expected_pct').replace(':file', '1.pdf'));
        await res.arrayBuffer();
      }
    }
    expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect(await rowCounts()).toEqual(before);
    expect(await currentDataVersion(t.database.db)).toBe(version);
    expect(await escalationsOf(t.database.db, t.organisation.id, urn)).toEqual([]);
    expect(await listAudit(t.database.db, t.organisation.id, { action: 'escalation.proposed' })).toEqual([]);
    // Every GET route for three roles: minutes on a loaded machine.
  }, 900_000);

  it('the escalation check stores the proposal (audited as the system), and the page then links to it', async () => {
    const result = await proposeDueEscalations(t.database.db, t.organisation.id, defaultContext(t.organisation.name), escalationCheckActor(t.organisation.id, 'daily'), { urns: [urn] });
    expect(result.proposed).toBeGreaterThan(0);
    const stored = await escalationsOf(t.database.db, t.organisation.id, urn);
    expect(stored.map((s) => s.step)).toContain('establish_core_group');
    const [entry] = await listAudit(t.database.db, t.organisation.id, { action: 'escalation.proposed' });
    expect(entry.actor).toBe('lodestar (escalation check: daily)');
    const admin = await new Browserless(t.url).signInAs('admin');
    const page = await (await admin.get(`/schools/${urn}/core-group`)).text();
    expect(page).toContain(`/escalations/${stored[0].id}`);
    // Run again, nothing new: a proposal is stored once.
    expect((await proposeDueEscalations(t.database.db, t.organisation.id, defaultContext(t.organisation.name), escalationCheckActor(t.organisation.id, 'daily'), { urns: [urn] })).proposed).toBe(0);
  });

  it('confirming a categorisation round stores the proposals its categories cause, audited as the system', async () => {
    expect(await escalationsOf(t.database.db, t.organisation.id, other)).toEqual([]);
    const u = (await findUserByEmail(t.database.db, demoEmail('senior_leader')))!;
    const senior = webRoundActor({ userId: u.id, label: u.email, organisationId: t.organisation.id }, u.id, 'senior_leader');
    const round = await createRound(t.database.db, t.organisation.id, { academicYear: '2025/26', term: 'autumn', policyId: 'staffordshire-2014', urns: [other] }, senior);
    if (!round.ok) throw new Error(JSON.stringify(round.errors));
    expect(await escalationsOf(t.database.db, t.organisation.id, other)).toEqual([]);
    expect((await confirmUnchangedProposals(t.database.db, t.organisation.id, round.round.id, senior)).ok).toBe(true);
    expect((await confirmWholeRound(t.database.db, t.organisation.id, round.round.id, senior)).ok).toBe(true);
    const stored = await escalationsOf(t.database.db, t.organisation.id, other);
    expect(stored.map((s) => s.step)).toContain('establish_core_group');
    const entries = await listAudit(t.database.db, t.organisation.id, { action: 'escalation.proposed', actor: `round ${round.round.id} confirmed` });
    expect(entries.map((e) => e.entityId)).toContain(String(stored[0].id));
  });
});
