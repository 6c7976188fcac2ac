// The strategic view (issue 17) on the real bundled LA: indicators from the evidence store for any
// date, split by district, phase and type, and the LA's own categories from confirmed rounds.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/db/schema.js';
import type { Role } from '../../src/domain/access/roles.js';
import { demoEmail } from '../../src/services/demoUsers.js';
import { confirmUnchangedProposals, confirmWholeRound, createRound, webRoundActor } from '../../src/services/rounds.js';
import { indicatorReport } from '../../src/services/strategic.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;

async function actor(role: Role) {
  const [u] = await t.database.db.select().from(users).where(eq(users.email, demoEmail(role)));
  return webRoundActor({ userId: u.id, label: u.email, organisationId: t.organisation.id }, u.id, role);
}

beforeAll(async () => {
  t = await startTestApp();
}, 240_000);
afterAll(async () => t?.close());

describe('strategic indicators from the evidence store', () => {
  it('computes every indicator for the LA, each district, phase and type, with schools and pupils', async () => {
    const r = await indicatorReport(t.database.db, t.organisation, '2025-09-01');
    const la = r.scopes.find((s) => s.scope === 'la')!;
    expect(la.schools).toBeGreaterThan(400);
    expect(r.scopes.filter((s) => s.scope.startsWith('district:')).length).toBe(10);
    expect(r.scopes.map((s) => s.scope)).toEqual(expect.arrayContaining(['phase:primary', 'phase:secondary', 'phase:special', 'type:maintained', 'type:academy']));
    // Districts partition the schools that have one.
    const inDistricts = r.scopes.filter((s) => s.scope.startsWith('district:')).reduce((a, s) => a + s.schools, 0);
    expect(inDistricts).toBeLessThanOrEqual(la.schools);
    const withFigure = r.scopes.filter((s) => s.scope.startsWith('district:')).reduce((a, s) => a + s.figures['overall-absence']!.schools, 0);
    expect(withFigure).toBeLessThanOrEqual(la.figures['overall-absence']!.schools);
    for (const f of Object.values(la.figures)) {
      expect(typeof f.schools).toBe('number');
      expect(typeof f.pupils).toBe('number');
    }
    expect(la.figures['pupils-good-or-better']!.value).toBeGreaterThan(50);
    expect(la.figures['pupils-good-or-better']!.pupils).toBeGreaterThan(100_000);
    expect(la.figures['pupils-good-or-better']!.note).toContain('staffordshire-2014');
    // The latest KS2 published by 1 Sept 2025 is 2023/24 (2024/25's final tables come in December), with England.
    expect(la.figures['ks2-rwm-expected']).toMatchObject({ year: '2023/24', england: 61 });
  });

  it('uses only evidence published by the day asked', async () => {
    const before = await indicatorReport(t.database.db, t.organisation, '2024-09-01');
    const after = await indicatorReport(t.database.db, t.organisation, '2025-09-01');
    // 2023/24 absence is published at the end of March 2025.
    expect(before.scopes[0]!.figures['overall-absence']!.year).toBe('2018/19');
    expect(after.scopes[0]!.figures['overall-absence']!.year).toBe('2023/24');
  });

  it('reads the LA’s own categories from confirmed rounds only', async () => {
    const urns = [117083, 117111, 117141];
    const senior = await actor('senior_leader');
    const r = await createRound(t.database.db, t.organisation.id, { academicYear: '2025/26', term: 'autumn', policyId: 'staffordshire-2014', asOf: '2025-09-01', urns }, senior);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const open = await indicatorReport(t.database.db, t.organisation, '2025-10-01');
    expect(open.scopes[0]!.figures['la-category-distribution']!.schools).toBe(0);
    const unchanged = await confirmUnchangedProposals(t.database.db, t.organisation.id, r.round.id, senior);
    expect(unchanged.ok).toBe(true);
    const confirmed = await confirmWholeRound(t.database.db, t.organisation.id, r.round.id, senior);
    if (!confirmed.ok) throw new Error(JSON.stringify(confirmed.errors));
    const now = await indicatorReport(t.database.db, t.organisation, '2025-10-01');
    const dist = now.scopes[0]!.figures['la-category-distribution']!;
    expect(dist.schools).toBe(3);
    expect(Object.values(dist.distribution!).reduce((a, b) => a + b, 0)).toBe(3);
    // Before the round's evidence date it is not yet known.
    expect((await indicatorReport(t.database.db, t.organisation, '2025-08-01')).scopes[0]!.figures['la-category-distribution']!.schools).toBe(0);
  });
});
