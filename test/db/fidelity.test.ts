// Fidelity (issue 12) and the programme's scope (issue 10.3), driven through the services, pages and
// commands an officer uses on the bundled Hertfordshire data: the programme shows a reader only their
// schools; academies get the engagement their policy's special handling gives them, in the proposal,
// the programme and the letter alike; a round's stored policy version, not the shipped file, is read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/access/roles.js';
import { schoolScope } from '../../src/domain/access/policy.js';
import { searchSchools } from '../../src/repositories/schools.js';
import { findUserByEmail, principalFor } from '../../src/repositories/users.js';
import { demoEmail } from '../../src/services/demoUsers.js';
import { proposeCategories } from '../../src/services/categorisation.js';
import { buildProgramme, currentCategories, type ProgrammeReport } from '../../src/services/programme.js';
import { startTestApp, type TestApp } from '../support/app.js';
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
