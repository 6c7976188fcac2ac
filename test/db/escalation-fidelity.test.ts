// Escalation fidelity (issue 12 items 4, 5, 8, 10, 11), driven through the services, pages and
// commands an officer uses on the bundled Hertfordshire data. Inspections after August 2024 are not in
// the bundle: where a test needs one, it imports a published-layout Ofsted file for real schools with
// synthetic judgements, and says so.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspections, users } from '../../src/db/tables.js';
import { proposeEscalations } from '../../src/domain/engagement/escalation.js';
import { findImporter } from '../../src/importers/registry.js';
import { getSchool } from '../../src/repositories/schools.js';
import { demoEmail } from '../../src/services/demoUsers.js';
import { defaultContext, escalationState, todayIso } from '../../src/services/escalations.js';
import { currentCategories } from '../../src/services/programme.js';
import { confirmUnchangedProposals, confirmWholeRound, createRound, webRoundActor } from '../../src/services/rounds.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
const today = todayIso();

beforeAll(async () => {
  t = await startTestApp();
}, 600_000);
afterAll(async () => t?.close());

async function seniorActor() {
  const [senior] = await t.database.db.select().from(users).where(eq(users.email, demoEmail('senior_leader')));
  return { senior, audit: { userId: senior.id, label: senior.email, organisationId: t.organisation.id } };
}

/** Writes rows on the published Ofsted MI layout and imports them as an officer would. */
async function importOfsted(header: string[], rows: string[][]): Promise<void> {
  const csv = [header, ...rows].map((r) => r.map((c) => `"${c}"`).join(',')).join('\r\n') + '\r\n';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-esc-'));
  const file = path.join(dir, 'Management_information_-_state-funded_schools_-_latest_inspections.csv');
  fs.writeFileSync(file, csv);
  await findImporter('ofsted')!.run(t.database.db, { file, organisation: t.organisation, importedBy: 'test' });
}

/** Real maintained schools whose latest stored inspection has this four-grade overall judgement. */
async function maintainedWithLatestGrade(grade: 2 | 3, n: number): Promise<number[]> {
  const cats = await currentCategories(t.database.db, t.organisation.id);
  const maintained = new Set(cats.schools.filter((s) => s.isMaintained && !s.isAcademy).map((s) => s.urn));
  const rows = await t.database.db
    .select({ urn: inspections.urn, grade: inspections.overallEffectiveness, date: inspections.inspectionDate })
    .from(inspections)
    .where(eq(inspections.organisationId, t.organisation.id))
    .orderBy(desc(inspections.inspectionDate));
  const latest = new Map<number, number | null>();
  for (const r of rows) if (!latest.has(r.urn)) latest.set(r.urn, r.grade);
  return [...latest].filter(([urn, g]) => g === grade && maintained.has(urn)).map(([urn]) => urn).sort((a, b) => a - b).slice(0, n);
}

describe('"below good" in escalation reads the confirmed category and the policy’s era mapping (issue 12.4)', () => {
  it('an era-2 early-years 3 or a report-card "needs attention" is not below good under Staffordshire 2014; a key judgement 3 after the round is', async () => {
    const [goodA, goodB, goodC] = await maintainedWithLatestGrade(2, 3);
    const [ri] = await maintainedWithLatestGrade(3, 1);
    expect([goodA, goodB, goodC, ri].every(Boolean)).toBe(true);
    const { senior, audit } = await seniorActor();
    const actor = webRoundActor(audit, senior.id, 'senior_leader');
    // The LA's round weighs the evidence to 1 December 2024, then is confirmed as proposed.
    const round = await createRound(t.database.db, t.organisation.id, { academicYear: '2024/25', term: 'autumn', policyId: 'staffordshire-2014', asOf: '2024-12-01', urns: [goodA, goodB, goodC, ri] }, actor);
    if (!round.ok) throw new Error(JSON.stringify(round.errors));
    expect((await confirmUnchangedProposals(t.database.db, t.organisation.id, round.round.id, actor)).ok).toBe(true);
    expect(await confirmWholeRound(t.database.db, t.organisation.id, round.round.id, actor)).toEqual({ ok: true });

    // Synthetic judgements on real schools: era 2 (no overall grade) in 2025, a report card in 2026.
    const era2 = ['URN', 'Inspection start date', 'Publication date', 'Inspection type', 'Overall effectiveness', 'Quality of education', 'Behaviour and attitudes', 'Personal development', 'Effectiveness of leadership and management', 'Early years provision (where applicable)', 'Safeguarding is effective?'];
    await importOfsted(era2, [
      [String(goodA), '11/03/2025', '20/04/2025', 'Full inspection', 'Not judged', '2', '2', '2', '2', '3', 'Yes'],
      [String(ri), '12/03/2025', '21/04/2025', 'Full inspection', 'Not judged', '2', '2', '2', '2', '3', 'Yes'],
      [String(goodC), '13/03/2025', '22/04/2025', 'Full inspection', 'Not judged', '3', '2', '2', '2', '2', 'Yes'],
    ]);
    const rc = ['URN', 'Inspection start date', 'Publication date', 'Inspection type', 'Overall effectiveness', 'Category of concern', 'Inclusion', 'Curriculum and teaching', 'Achievement', 'Attendance and behaviour', 'Personal development and well-being', 'Leadership and governance', 'Safeguarding standards'];
    await importOfsted(rc, [[String(goodB), '12/01/2026', '20/02/2026', 'Full inspection', 'NULL', 'NULL', 'Needs attention', 'Expected standard', 'Expected standard', 'Expected standard', 'Expected standard', 'Expected standard', 'Met']]);

    const ctx = defaultContext(t.organisation.name);
    const run = async (urn: number) => {
      const school = (await getSchool(t.database.db, t.organisation.id, urn, { kind: 'all' }))!;
      const { state } = await escalationState(t.database.db, t.organisation.id, school, ctx, today);
      return { state, proposals: proposeEscalations(state) };
    };
    // Early years 3 (Staffordshire 2014 maps it to C): not below good, so no Core Group from Ofsted.
    const a = await run(goodA);
    const on = (x: { state: { inspections?: { date: string; label?: string }[] } }, date: string) => x.state.inspections!.find((i) => i.date === date);
    expect(on(a, '2025-03-11')).toMatchObject({ belowGood: false });
    expect(on(a, '2025-03-11')?.label).toContain('not below good');
    expect(a.proposals.map((p) => p.ruleId)).not.toContain('core-group.establish');
    // Report card "needs attention" in inclusion (mapped to B): not below good either.
    const b = await run(goodB);
    expect(on(b, '2026-01-12')).toMatchObject({ belowGood: false });
    expect(b.proposals.map((p) => p.ruleId)).not.toContain('core-group.establish');
    // A requires-improvement school followed by an early-years 3: not two consecutive below good.
    const r = await run(ri);
    expect(r.proposals.map((p) => p.ruleId)).not.toContain('dfe.regional-improvement-support');
    // Quality of education 3 (mapped to D, as requires improvement is), after the round: a Core Group.
    const c = await run(goodC);
    expect(c.state.school.category).toMatchObject({ evidenceTo: '2024-12-01' });
    expect(on(c, '2025-03-13')).toMatchObject({ belowGood: true });
    expect(c.proposals.find((p) => p.ruleId === 'core-group.establish')?.evidence.map((e) => e.date)).toContain('2025-03-13');
    // An inspection the confirmed round already weighed does not call for more than its category.
    const weighed = await run(ri);
    const riCategory = weighed.state.school.category!;
    expect(riCategory.evidenceTo).toBe('2024-12-01');
    const coreGroup = weighed.proposals.find((p) => p.ruleId === 'core-group.establish');
    for (const e of coreGroup?.evidence ?? []) expect(e.description).not.toMatch(/^Ofsted inspection on/);
    const stored = await t.database.db.select().from(inspections).where(and(eq(inspections.urn, goodA), eq(inspections.inspectionDate, '2025-03-11')));
    expect(stored).toHaveLength(1);
  }, 600_000);
});
