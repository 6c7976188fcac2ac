// Fidelity (issue 12) and the programme's scope (issue 10.3), driven through the services, pages and
// commands an officer uses on the bundled Hertfordshire data: the programme shows a reader only their
// schools; academies get the engagement their policy's special handling gives them, in the proposal,
// the programme and the letter alike; a round's stored policy version, not the shipped file, is read.
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspections, users } from '../../src/db/tables.js';
import { proposeEscalations } from '../../src/domain/engagement/escalation.js';
import { findImporter } from '../../src/importers/registry.js';
import { getSchool, searchSchools } from '../../src/repositories/schools.js';
import { defaultContext, escalationState, todayIso } from '../../src/services/escalations.js';
import type { Role } from '../../src/domain/access/roles.js';
import { schoolScope } from '../../src/domain/access/policy.js';

import { findUserByEmail, principalFor } from '../../src/repositories/users.js';
import { DEMO_SCHOOL_URN, demoEmail } from '../../src/services/demoUsers.js';
import { proposeCategories, shippedPolicy } from '../../src/services/categorisation.js';
import { prepareLetters } from '../../src/services/letters.js';
import { savePolicyVersion } from '../../src/services/policies.js';
import { confirmUnchangedProposals, confirmWholeRound, createRound, webRoundActor } from '../../src/services/rounds.js';
import { buildProgramme, currentCategories, type ProgrammeReport } from '../../src/services/programme.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { categoriseOutput, categorisePolicy } from '../../src/cli/commands/categorise.js';
import { Browserless } from '../support/http.js';

let t: TestApp;
let whole: ProgrammeReport;

beforeAll(async () => {
  t = await startTestApp();
  whole = await buildProgramme(t.database.db, t.organisation.id, '2025/26');
}, 600_000);
afterAll(async () => t?.close());

/** The programme page as a signed-in role sees it (the first request may only start the planning). */
async function programmePage(role: Role): Promise<string> {
  const who = await new Browserless(t.url).signInAs(role);
  for (let i = 0; i < 120; i++) {
    const html = await (await who.get('/engagement/programme?year=2025/26')).text();
    if (html.includes('Visit programme 2025/26</h1>')) return html;
    await new Promise((r) => setTimeout(r, 2000));
  }
  throw new Error('the programme was never ready');
}


describe('the visit programme is scoped to its reader (issue 10.3)', () => {
  for (const role of ['link_officer', 'district_lead'] as Role[]) {
    it(`shows a ${role.replace('_', ' ')} only the schools they may see, with counts over those alone`, async () => {
      const html = await programmePage(role);
      const scopeRows = await scopeOf(role);
      const inScope = whole.programme.contacts.filter((c) => scopeRows.has(c.urn));
      const outside = whole.programme.contacts.filter((c) => !scopeRows.has(c.urn));
      expect(inScope.length).toBeGreaterThan(0);
      expect(outside.length).toBeGreaterThan(0);
      expect(html).toContain(`${inScope.length} contacts are planned`);
      expect(html).toContain('data-qa="scope-note"');
      // A high-concern school in another district: neither its name nor its category reason appears.
      const hidden = outside.find((c) => c.meetingType === 'core-group');
      expect(hidden, 'a high-concern school outside the scope').toBeDefined();
      expect(html).not.toContain(escapeHtml(hidden!.schoolName));
      for (const c of outside.slice(0, 200)) expect(html, c.schoolName).not.toContain(`>${escapeHtml(c.schoolName)}<`);
      // Each officer's days are summed over the visible schools only.
      const demo = whole.officers.find((o) => o.email === demoEmail('link_officer'))!;
      const days = inScope.filter((c) => c.officerId === demo.id).reduce((n, c) => n + c.days, 0);
      expect(days).toBeGreaterThan(0);
      expect(html).toMatch(new RegExp(`Demo Link Officer</th>\\s*<td[^>]*>\\d+</td>\\s*<td[^>]*>${days}</td>`));
    }, 300_000);
  }

  it('shows a senior leader the whole LA', async () => {
    const html = await programmePage('senior_leader');
    expect(html).toContain(`${whole.programme.contacts.length} contacts are planned`);
    expect(html).not.toContain('data-qa="scope-note"');
  }, 300_000);
});

describe('Walsall concern indicators: one list for the form and the policy (issue 12.2)', () => {
  it('offers only the policy’s codes, and indicators recorded on the form keep the source wording and count once', async () => {
    const policy = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'policies/walsall-2014.json'), 'utf8')) as { indicators: Record<'leadership' | 'governance', { code: string; text: string }[]> };
    const officer = await new Browserless(t.url).signInAs('link_officer');
    const form = await (await officer.get(`/schools/${DEMO_SCHOOL_URN}/intelligence/new`)).text();
    const offered = [...form.matchAll(/value="(leadership|governance)_concern:([a-z_]+)"/g)].map((m) => `${m[1]}:${m[2]}`);
    const expected = [...policy.indicators.leadership.map((i) => `leadership:${i.code}`), ...policy.indicators.governance.map((i) => `governance:${i.code}`)];
    expect(offered.sort()).toEqual(expected.sort());
    const post = async (indicator: string, summary: string) => {
      const res = await officer.post(`/schools/${DEMO_SCHOOL_URN}/intelligence/new`, {
        kind: indicator.split(':')[0], indicator, summary, source: 'Link officer visit', 'occurredOn-day': '2', 'occurredOn-month': '3', 'occurredOn-year': '2026',
      });
      expect(res.status, indicator).toBe(303);
    };
    // Two distinct indicators, one of them recorded under both headings (the source lists it under both).
    await post('leadership_concern:refusal_to_engage', 'Head declined the review meeting twice.');
    await post('leadership_concern:safeguarding_unresolved', 'Single central record actions overdue.');
    await post('governance_concern:safeguarding_unresolved', 'Governors have not followed up the SCR actions.');
    const [p] = await proposeCategories(t.database.db, t.organisation.id, (await currentCategories(t.database.db, t.organisation.id, { urns: [DEMO_SCHOOL_URN], policyId: 'walsall-2014' })).policy, { urns: [DEMO_SCHOOL_URN], asOf: '2026-04-01' });
    const fired = p.result.firedRules.map((f) => f.ruleId);
    expect(fired).toContain('leadership-governance-indicators-some');
    expect(fired).not.toContain('leadership-governance-indicators-three');
    const rule = p.result.firedRules.find((f) => f.ruleId === 'leadership-governance-indicators-some')!;
    const texts = JSON.stringify(rule.evidence);
    expect(texts).toContain('Reluctance/refusal to engage with the LA over leadership issues');
    expect(texts).toContain('Safeguarding concerns have not been resolved within agreed timeframes');
    expect(texts).not.toContain('not coded');
  }, 300_000);
});

async function scopeOf(role: Role): Promise<Set<number>> {
  const user = await findUserByEmail(t.database.db, demoEmail(role));
  if (!user) throw new Error(`no demo ${role}`);
  const scope = schoolScope(await principalFor(t.database.db, user));
  const { rows } = await searchSchools(t.database.db, t.organisation.id, { scope, status: 'open', stateFundedOnly: true }, null);
  return new Set(rows.map((r) => r.urn));
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

describe('academies in the programme follow the policy’s special handling (issue 12.1)', () => {
  it('staffordshire-2014: no half-termly Core Groups for a high-concern academy; its contacts are the proposal’s', async () => {
    const cats = await currentCategories(t.database.db, t.organisation.id);
    const academiesD = cats.schools.filter((s) => s.isAcademy && s.code === 'D');
    expect(academiesD.length).toBeGreaterThan(0);
    for (const s of academiesD) {
      expect(s.engagement?.meetingType, s.name).toBe('annual-conversation');
      expect(whole.programme.contacts.filter((c) => c.urn === s.urn && c.meetingType === 'core-group'), s.name).toEqual([]);
    }
    // Maintained schools in D still have their Core Group every half term.
    const maintainedD = cats.schools.find((s) => !s.isAcademy && s.code === 'D')!;
    expect(whole.programme.contacts.filter((c) => c.urn === maintainedD.urn && c.meetingType === 'core-group')).toHaveLength(6);
  }, 300_000);

  it('walsall-2014: academies get the core offer only, as their proposals (and so their letters) say', async () => {
    const r = await buildProgramme(t.database.db, t.organisation.id, '2025/26', { policyId: 'walsall-2014' });
    const cats = await currentCategories(t.database.db, t.organisation.id, { policyId: 'walsall-2014' });
    const academies = cats.schools.filter((s) => s.isAcademy && s.code);
    expect(academies.some((s) => s.code === 'C' || s.code === 'D')).toBe(true);
    const academyUrns = new Set(academies.map((s) => s.urn));
    const contacts = r.programme.contacts.filter((c) => academyUrns.has(c.urn));
    expect(contacts.length).toBeGreaterThan(0);
    expect(contacts.filter((c) => c.meetingType === 'termly-visit' || c.meetingType === 'improvement-review')).toEqual([]);
    // The letter takes its engagement from the stored proposal: it names the same contact.
    const sample = academies.filter((s) => s.code === 'C' || s.code === 'D').slice(0, 3).map((s) => s.urn);
    const proposals = await proposeCategories(t.database.db, t.organisation.id, cats.policy, { asOf: cats.source.kind === 'live-proposals' ? cats.source.asOf : undefined, urns: sample });
    for (const p of proposals) {
      expect(p.result.engagement?.meetingType).toBe('annual-conversation');
      expect(new Set(r.programme.contacts.filter((c) => c.urn === p.urn).map((c) => c.meetingType))).toEqual(new Set([p.result.engagement!.meetingType]));
    }
  }, 300_000);
});

describe('"Requires significant improvement" (report cards, issue 12.3)', () => {
  it('imports an Ofsted file with the new category and proposes the statutory step each school’s status allows', async () => {
    // Two real Hertfordshire schools (one maintained, one academy) on the published MI layout; the
    // report-card judgements are synthetic, since no 2025/26 file is held here.
    // The current (report-card) layout has no overall grade; its previous-framework and ungraded columns are empty here.
    const header = ['URN', 'School name', 'Inspection start date', 'Publication date', 'Inspection type', 'Category of concern', 'Inclusion', 'Curriculum and teaching', 'Achievement', 'Attendance and behaviour', 'Personal development and well-being', 'Leadership and governance', 'Safeguarding standards', 'Latest OEIF overall effectiveness', 'Inspection start date of latest OEIF graded inspection', 'Publication date of latest OEIF graded inspection', 'URN at time of latest OEIF graded inspection', 'Ungraded inspection overall outcome', 'Date of latest ungraded inspection'];
    const row = (urn: number, name: string) => [String(urn), name, '12/01/2026', '20/02/2026', 'Full inspection', 'Requires significant improvement', 'Urgent improvement', 'Needs attention', 'Expected standard', 'Expected standard', 'Expected standard', 'Needs attention', 'Met', 'NULL', 'NULL', 'NULL', 'NULL', 'NULL', 'NULL'];
    const csv = [header, row(117084, 'Ashwell Primary School'), row(136276, 'Watford Grammar School for Boys')].map((r) => r.map((c) => `"${c}"`).join(',')).join('\r\n') + '\r\n';
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-rsi-'));
    const file = path.join(dir, 'Management_information_-_state-funded_schools_-_latest_inspections.csv');
    fs.writeFileSync(file, csv);
    await findImporter('ofsted')!.run(t.database.db, { file, organisation: t.organisation, importedBy: 'test' });
    const stored = await t.database.db.select().from(inspections).where(eq(inspections.urn, 117084));
    expect(stored.find((i) => i.inspectionDate === '2026-01-12')).toMatchObject({ categoryOfConcern: 'requires_significant_improvement' });

    const ctx = defaultContext(t.organisation.name);
    const steps = async (urn: number) => {
      const school = (await getSchool(t.database.db, t.organisation.id, urn, { kind: 'all' }))!;
      const { state } = await escalationState(t.database.db, t.organisation.id, school, ctx, todayIso());
      return proposeEscalations(state);
    };
    const maintained = await steps(117084);
    const dao = maintained.find((p) => p.step === 'directive_academy_order');
    expect(dao?.reason).toContain('requires significant improvement');
    const academy = await steps(136276);
    expect(academy.map((p) => p.step)).not.toContain('directive_academy_order');
    expect(academy.find((p) => p.step === 'letter_to_trust_and_regional_director')?.reason).toContain('requires significant improvement');
  }, 300_000);
});

describe('stale evidence is said in the proposal, the round page and the letter (issue 12.13)', () => {
  it('flags Abbots Langley, categorised on a 2014 inspection, against the policy’s six-year LA setting', async () => {
    const [senior] = await t.database.db.select().from(users).where(eq(users.email, demoEmail('senior_leader')));
    const actor = webRoundActor({ userId: senior.id, label: senior.email, organisationId: t.organisation.id }, senior.id, 'senior_leader');
    const round = await createRound(t.database.db, t.organisation.id, { academicYear: '2026/27', term: 'spring', policyId: 'staffordshire-2014', urns: [DEMO_SCHOOL_URN] }, actor);
    if (!round.ok) throw new Error(JSON.stringify(round.errors));
    const officer = await new Browserless(t.url).signInAs('senior_leader');
    const entry = await (await officer.get(`/categorisation/rounds/${round.round.id}/schools/${DEMO_SCHOOL_URN}`)).text();
    expect(entry).toContain('data-qa="stale-evidence"');
    expect(entry).toMatch(/rests on an Ofsted inspection of \d+ \w+ 2014/);
    expect(entry).toContain('your LA&#39;s setting: 6 years');
    // Issue 12.12: a number the source does not state is shown on the policy page as the LA's setting.
    const policyPage = await (await officer.get('/policies/staffordshire-2014')).text();
    expect(policyPage).toContain("Your LA's setting (the source states no number): gap below England&#39;s reading, writing and maths expected standard that counts as concern: more than 10 percentage points (Lodestar's default).");
    const list = await (await officer.get(`/categorisation/rounds/${round.round.id}`)).text();
    expect(list).toContain('old inspection');
    expect((await confirmUnchangedProposals(t.database.db, t.organisation.id, round.round.id, actor)).ok).toBe(true);
    expect(await confirmWholeRound(t.database.db, t.organisation.id, round.round.id, actor)).toEqual({ ok: true });
    const [letter] = await prepareLetters(t.database.db, t.organisation.id, round.round.id, { laName: t.organisation.name });
    expect(letter.data.explanation.join(' ')).toMatch(/rests on an Ofsted inspection of \d+ \w+ 2014/);
  }, 300_000);
});

describe('Walsall band B is an improving school at risk from a specific change (issue 12.7)', () => {
  it('does not put a school in band B for a fall in attainment alone', async () => {
    const proposals = await proposeCategories(t.database.db, t.organisation.id, shippedPolicy('walsall-2014'), { asOf: '2025-12-01' });
    const flat = proposals.flatMap((p) => p.result.firedRules.filter((f) => f.ruleId === 'attainment-flat-lining').map((f) => ({ urn: p.urn, f })));
    for (const { urn, f } of flat) expect(f.evidence.some((e) => e.kind === 'intelligence'), String(urn)).toBe(true);
    expect(proposals.length).toBeGreaterThan(500);
  }, 300_000);
});

describe('`lodestar categorise` reads the LA’s stored policy, not the shipped file (issue 12.9)', () => {
  it('uses an edited version and a renamed copy, and shows each rule not applied with its reason', async () => {
    const [senior] = await t.database.db.select().from(users).where(eq(users.email, demoEmail('senior_leader')));
    const auditActor = { userId: senior.id, label: senior.email, organisationId: t.organisation.id };
    const edited = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'policies/staffordshire-2014.json'), 'utf8')) as { id: string; version: number; settings: Record<string, { value: number }> };
    edited.settings['attainment-gap-below-england'].value = 3;
    const saved = await savePolicyVersion(t.database.db, t.organisation.id, JSON.stringify(edited), 'A tighter gap below England', auditActor);
    if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
    const policy = await categorisePolicy(t.database.db, t.organisation.id, 'staffordshire-2014');
    expect(policy.version).toBe(saved.row.version);
    expect(policy.settings['attainment-gap-below-england'].value).toBe(3);
    edited.id = 'staffordshire-2014-herts';
    const copy = await savePolicyVersion(t.database.db, t.organisation.id, JSON.stringify(edited), 'Our copy', auditActor);
    if (!copy.ok) throw new Error(JSON.stringify(copy.errors));
    expect((await categorisePolicy(t.database.db, t.organisation.id, 'staffordshire-2014-herts')).id).toBe('staffordshire-2014-herts');
    await expect(categorisePolicy(t.database.db, t.organisation.id, 'nowhere-2014')).rejects.toThrow(/Unknown policy "nowhere-2014"/);

    const out = JSON.parse(await categoriseOutput(t.database.db, t.organisation, policy, { json: true })) as { policy: { version: number }; schools: { urn: number; notApplied: { ruleId: string; reason: string }[] }[] };
    expect(out.policy.version).toBe(saved.row.version);
    const abbots = out.schools.find((s) => s.urn === DEMO_SCHOOL_URN)!;
    expect(abbots.notApplied.find((n) => n.ruleId === 'ks2-below-floor')?.reason).toMatch(/^The Government stopped setting floor standards after the 2017\/18 results.*Department for Education/);
  }, 300_000);
});

describe('a round’s stored policy version is what the programme and escalation read (issue 12.9)', () => {
  it('plans from an LA’s renamed, edited copy of a policy once a round on it is confirmed', async () => {
    const shipped = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'policies/walsall-2014.json'), 'utf8')) as { id: string; categories: { engagement: { description: string } }[] };
    shipped.id = 'walsall-2014-herts';
    for (const c of shipped.categories) c.engagement.description = `${c.engagement.description.replace(/\.$/, '')} (Hertfordshire edit).`;
    const [senior] = await t.database.db.select().from(users).where(eq(users.email, demoEmail('senior_leader')));
    const auditActor = { userId: senior.id, label: senior.email, organisationId: t.organisation.id };
    const saved = await savePolicyVersion(t.database.db, t.organisation.id, JSON.stringify(shipped), 'Our own wording of what each band offers', auditActor);
    if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
    // Three maintained schools the copy gives a category to.
    const candidates = await proposeCategories(t.database.db, t.organisation.id, shippedPolicy('walsall-2014'), { urns: [117084, 117111, 117141, 117083] });
    const urns = candidates.filter((p) => p.result.category).slice(0, 3).map((p) => p.urn);
    expect(urns.length).toBeGreaterThan(0);
    const actor = webRoundActor(auditActor, senior.id, 'senior_leader');
    const round = await createRound(t.database.db, t.organisation.id, { academicYear: '2025/26', term: 'autumn', policyId: 'walsall-2014-herts', urns }, actor);
    if (!round.ok) throw new Error(JSON.stringify(round.errors));
    expect((await confirmUnchangedProposals(t.database.db, t.organisation.id, round.round.id, actor)).ok).toBe(true);
    expect(await confirmWholeRound(t.database.db, t.organisation.id, round.round.id, actor)).toEqual({ ok: true });

    const r = await buildProgramme(t.database.db, t.organisation.id, '2025/26');
    expect(r.source).toMatchObject({ kind: 'confirmed-round', policyId: 'walsall-2014-herts', policyVersion: 1 });
    const mine = r.programme.contacts.filter((c) => urns.includes(c.urn));
    expect(mine.length).toBeGreaterThan(0);
    const promised = mine.filter((x) => !x.reason.includes('quality-assurance visit'));
    expect(promised.length).toBeGreaterThan(0);
    for (const c of promised) expect(c.reason).toContain('(Hertfordshire edit)');
    // The escalation page reads one school's category the same way.
    const one = await currentCategories(t.database.db, t.organisation.id, { urns: [urns[0]] });
    expect(one.policy.id).toBe('walsall-2014-herts');
    expect(one.schools[0].engagement?.description).toContain('(Hertfordshire edit)');
  }, 300_000);
});
