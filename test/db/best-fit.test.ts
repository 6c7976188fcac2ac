// Issue 12.6 (Staffordshire 2008 best fit) and 12.12 (LA settings), driven through the command an
// officer runs (`lodestar categorise --json`), a round opened as a senior leader would, its page, and
// an edited policy version saved through the policy service, on the bundled Hertfordshire data.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoriseOutput } from '../../src/cli/commands/categorise.js';
import { users } from '../../src/db/tables.js';
import type { BestFitResult, FiredRule } from '../../src/domain/categorisation/index.js';
import { demoEmail } from '../../src/services/demoUsers.js';
import { explanationBullets } from '../../src/letters/from-result.js';
import { redactResult, SCHOOL_READER } from '../../src/domain/access/redaction.js';
import { proposeCategories } from '../../src/services/categorisation.js';
import { policyOf, resolvePolicyVersion, savePolicyVersion } from '../../src/services/policies.js';
import { createRound, webRoundActor } from '../../src/services/rounds.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { Browserless } from '../support/http.js';

interface CliSchool {
  urn: number;
  name: string;
  category: string;
  firedRules: FiredRule[];
  bestFit: BestFitResult | null;
}

let t: TestApp;
let schools: CliSchool[];

async function categoriseJson(policyId: string, version?: number): Promise<CliSchool[]> {
  const row = await resolvePolicyVersion(t.database.db, t.organisation.id, policyId, version);
  const out = await categoriseOutput(t.database.db, t.organisation, policyOf(row!), { json: true, asOf: '2025-12-01' });
  return (JSON.parse(out) as { schools: CliSchool[] }).schools;
}

const fired = (s: CliSchool, id: string) => s.firedRules.some((f) => f.ruleId === id);

beforeAll(async () => {
  t = await startTestApp();
  schools = await categoriseJson('staffordshire-2008');
}, 600_000);
afterAll(async () => t?.close());

describe('Staffordshire 2008 proposes the best fit of each category’s characteristics (issue 12.6)', () => {
  it('shows per school, in the CLI JSON, which characteristics of each category matched and which did not', () => {
    for (const s of schools) {
      expect(s.bestFit, `${s.urn} has no best-fit explanation`).not.toBeNull();
      expect(s.bestFit!.profiles.map((p) => p.category)).toEqual(['4', '3', '2']);
      for (const p of s.bestFit!.profiles) {
        const listed = [...p.matched, ...p.unmatched, ...p.unknown, ...p.notApplied].map((c) => c.ruleId);
        // Every characteristic of the category is accounted for, once.
        expect(new Set(listed).size).toBe(listed.length);
        for (const m of p.matched) expect(fired(s, m.ruleId)).toBe(true);
      }
    }
  });

  it('a school Ofsted judged good with one weak year of results is not category 4', () => {
    const goodWeak = schools.filter((s) => fired(s, 'ofsted-grade-2') && fired(s, 'performance-lower-quartile'));
    // Real schools: the bundled data has Ofsted-good schools with a lower-quartile year, most also with a
    // disadvantaged gap from the same results (which "highest wins" put in category 4).
    expect(goodWeak.length).toBeGreaterThan(10);
    expect(goodWeak.filter((s) => fired(s, 'group-underperformance')).length).toBeGreaterThan(0);
    for (const s of goodWeak) {
      expect(s.category, `${s.urn} ${s.name}`).not.toBe('4');
      const four = s.bestFit!.profiles.find((p) => p.category === '4')!;
      expect(four.fits).toBe('short');
      expect(four.matched.map((m) => m.ruleId)).toContain('performance-lower-quartile');
      expect(four.unmatched.map((m) => m.ruleId)).toEqual(expect.arrayContaining(['ofsted-grade-4', 'budget-problems']));
    }
  });

  it('the round page shows the characteristics matched and not matched, and what decided', async () => {
    const s = schools.find((x) => fired(x, 'ofsted-grade-2') && fired(x, 'performance-lower-quartile'))!;
    const [senior] = await t.database.db.select().from(users).where(eq(users.email, demoEmail('senior_leader')));
    const actor = webRoundActor({ userId: senior.id, label: senior.email, organisationId: t.organisation.id }, senior.id, 'senior_leader');
    const round = await createRound(t.database.db, t.organisation.id, { academicYear: '2025/26', term: 'autumn', policyId: 'staffordshire-2008', asOf: '2025-12-01', urns: [s.urn] }, actor);
    if (!round.ok) throw new Error(JSON.stringify(round.errors));
    const officer = await new Browserless(t.url).signInAs('senior_leader');
    const page = await (await officer.get(`/categorisation/rounds/${round.round.id}/schools/${s.urn}`)).text();
    const row4 = page.slice(page.indexOf('data-qa="best-fit-4"'), page.indexOf('data-qa="best-fit-3"'));
    expect(row4).toContain('too few');
    expect(row4).toContain('Headline attainment in the LA&#39;s lower quartile in the latest year.');
    expect(row4).toContain('The latest graded inspection judged the school inadequate.');
    expect(row4).toContain('2 or more');
    expect(row4).toContain("(your LA's setting, Lodestar's default)");
    expect(page).toContain('data-qa="best-fit-decision">Some of the characteristics of Category 4 – Inadequate match, but fewer than needed');
    expect(page).toContain('→ a characteristic of Category 4 – Inadequate');
  });
});

describe('numbers the sources do not state are LA settings, changed in one place (issue 12.12)', () => {
  it('an LA that asks for one characteristic of category 4 gets category 4 for the same schools; the page and the letter say it is the LA\'s setting', async () => {
    const officer = await new Browserless(t.url).signInAs('senior_leader');
    const before = await (await officer.get('/policies/staffordshire-2008')).text();
    expect(before).toContain('data-qa="settings"');
    expect(before).toContain("Your LA's setting (the source states no number): gap below the same group nationally read as significant underperformance: more than 20 percentage points (Lodestar's default).");

    // The LA edits its copy as the policy page's editor does: one value under "settings".
    const latest = (await resolvePolicyVersion(t.database.db, t.organisation.id, 'staffordshire-2008'))!;
    const definition = structuredClone(latest.definition) as { settings: Record<string, { value: number }> };
    definition.settings['category-4-characteristics'].value = 1;
    const [admin] = await t.database.db.select().from(users).where(eq(users.email, demoEmail('admin')));
    const saved = await savePolicyVersion(t.database.db, t.organisation.id, JSON.stringify(definition), 'One characteristic is enough for category 4', { userId: admin.id, label: admin.email, organisationId: t.organisation.id });
    if (!saved.ok) throw new Error(JSON.stringify(saved.errors));

    const after = await categoriseJson('staffordshire-2008', saved.row.version);
    const goodWeak = schools.filter((s) => fired(s, 'ofsted-grade-2') && fired(s, 'performance-lower-quartile')).map((s) => s.urn);
    for (const urn of goodWeak) {
      const s = after.find((x) => x.urn === urn)!;
      expect(s.category, `${urn}`).toBe('4');
      expect(s.bestFit!.profiles[0].setting).toMatchObject({ value: '1 or more', lodestarDefault: '2 or more', isDefault: false });
    }
    const page = await (await officer.get('/policies/staffordshire-2008')).text();
    expect(page).toMatch(/characteristics of Category 4 that must match for it to be proposed <code[^>]*>category-4-characteristics<\/code><\/td><td class="govuk-table__cell">1 or more<\/td><td class="govuk-table__cell">2 or more<\/td>/);

    // The letter, as the school reads it, names the LA's setting behind a rule, never as the source's words.
    const urn = schools.find((s) => fired(s, 'group-underperformance'))!.urn;
    const [p] = await proposeCategories(t.database.db, t.organisation.id, policyOf(saved.row), { urns: [urn], asOf: '2025-12-01' });
    const letter = explanationBullets(redactResult(p.result, SCHOOL_READER), policyOf(saved.row)).join(' ');
    expect(letter).toContain("Your LA's setting: gap below the same group nationally read as significant underperformance: more than 20 percentage points (Lodestar's default; the source states no number).");
    expect(letter).toContain('Category 4 – Inadequate fits: enough of its characteristics match (your LA\'s setting: 1 or more).');
  }, 300_000);
});
