// Every route × every role, over real HTTP against the real app. The expected matrix is written out
// here by hand: a route the app registers without an entry below fails the test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Role } from '../../src/domain/access/roles.js';
import { routeTables } from '../../src/web/access.js';
import { createAccount } from '../../src/services/accounts.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { Browserless } from '../support/http.js';

const STAFF: Role[] = ['admin', 'senior_leader', 'district_lead', 'link_officer', 'analyst'];
const SCHOOL: Role[] = ['head_teacher', 'chair_of_governors', 'sponsor'];
const EVERYONE: Role[] = [...roles];
/** Officers who hold the LA's own intelligence; analysts and school roles never do. */
const OFFICERS: Role[] = ['admin', 'senior_leader', 'district_lead', 'link_officer'];
const PUBLIC = 'public' as const;

export const expectedAccess: Record<string, Role[] | typeof PUBLIC> = {
  'GET /health': PUBLIC,
  'GET /sign-in': PUBLIC,
  'POST /sign-in': PUBLIC,
  'GET /auth/oidc/start': PUBLIC,
  'GET /auth/oidc/callback': PUBLIC,
  'POST /sign-out': EVERYONE,
  'GET /account/password': EVERYONE,
  'POST /account/password': EVERYONE,
  'GET /': EVERYONE,
  'GET /schools': [...STAFF, ...SCHOOL],
  'GET /schools.csv': STAFF,
  'GET /schools.xlsx': STAFF,
  'GET /schools/:urn': [...STAFF, ...SCHOOL],
  'POST /schools/:urn/district': ['admin', 'senior_leader', 'district_lead'],
  'GET /schools/:urn/dashboard': [...STAFF, ...SCHOOL],
  'GET /measures': [...STAFF, ...SCHOOL],
  'GET /measures/:code': [...STAFF, ...SCHOOL],
  'GET /schools/:urn/intelligence/new': OFFICERS,
  'POST /schools/:urn/intelligence/new': OFFICERS,
  'GET /schools/:urn/intelligence/:id/edit': OFFICERS,
  'POST /schools/:urn/intelligence/:id/edit': OFFICERS,
  'POST /schools/:urn/intelligence/:id/resolve': OFFICERS,
  'GET /imports': ['admin', 'senior_leader', 'analyst'],
  'GET /data': ['admin', 'senior_leader', 'analyst'],
  'POST /imports': ['admin', 'analyst'],
  'GET /reports': [...STAFF, 'elected_member'],
  // Issue 17: the strategic view is aggregate (elected members too); district plans are edited by senior leaders and district leads.
  'GET /strategy': [...STAFF, 'elected_member'],
  'GET /reports/scrutiny.pdf': [...STAFF, 'elected_member'],
  'GET /reports/scrutiny.xlsx': [...STAFF, 'elected_member'],
  'GET /strategy/districts': [...STAFF, 'elected_member'],
  'GET /strategy/movement': [...STAFF, 'elected_member'],
  // Contact coverage: aggregate for elected members; officer rows and the overdue list only for staff.
  'GET /strategy/coverage': [...STAFF, 'elected_member'],
  'GET /strategy/districts/:id': [...STAFF, 'elected_member'],
  'POST /strategy/districts/:id/plan': ['admin', 'senior_leader', 'district_lead'],
  'GET /strategy/districts/:id/plan/:item': ['admin', 'senior_leader', 'district_lead'],
  'POST /strategy/districts/:id/plan/:item': ['admin', 'senior_leader', 'district_lead'],
  'GET /risk': STAFF,
  'GET /risk.csv': STAFF,
  'GET /risk.xlsx': STAFF,
  'GET /risk/backtest': STAFF,
  'GET /schools/:urn/risk': STAFF,
  // Issue 11: rescoring, retraining and the backtest as jobs: analysts and administrators.
  'GET /risk/model': ['admin', 'analyst'],
  'POST /risk/model/rescore': ['admin', 'analyst'],
  'POST /risk/model/retrain': ['admin', 'analyst'],
  'POST /risk/model/backtest': ['admin', 'analyst'],
  'GET /admin/users': ['admin'],
  'GET /admin/users/new': ['admin'],
  'POST /admin/users': ['admin'],
  'GET /admin/users/:id/access': ['admin'],
  'POST /admin/users/:id/access': ['admin'],
  // Issue 14: assigning schools by searching and ticking, or a whole district.
  'GET /admin/users/:id/schools': ['admin'],
  'POST /admin/users/:id/schools': ['admin'],
  'POST /admin/users/:id/schools/district': ['admin'],
  'POST /admin/users/:id/reset-password': ['admin'],
  'POST /admin/users/:id/disable': ['admin'],
  'GET /admin/audit': ['admin'],
  'GET /admin/audit.csv': ['admin'],
  'GET /admin/audit.xlsx': ['admin'],
  // Categorisation (issue 5): officers and analysts read; officers moderate; senior leaders open, confirm and issue letters.
  'GET /categorisation': STAFF,
  'GET /categorisation/rounds/new': ['admin', 'senior_leader'],
  'POST /categorisation/rounds': ['admin', 'senior_leader'],
  'GET /categorisation/rounds/:id': STAFF,
  // Issue 14: the round's filtered list as CSV or XLSX, as scoped and redacted as the page.
  'GET /categorisation/rounds/:id/schools.csv': STAFF,
  'GET /categorisation/rounds/:id/schools.xlsx': STAFF,
  'GET /categorisation/rounds/:id/schools/:urn': STAFF,
  'POST /categorisation/rounds/:id/schools/:urn': OFFICERS,
  'POST /categorisation/rounds/:id/schools/:urn/capacity': OFFICERS,
  'GET /categorisation/rounds/:id/confirm-unchanged': ['admin', 'senior_leader'],
  'POST /categorisation/rounds/:id/confirm-unchanged': ['admin', 'senior_leader'],
  'POST /categorisation/rounds/:id/confirm': ['admin', 'senior_leader'],
  'GET /categorisation/rounds/:id/letters': STAFF,
  'POST /categorisation/rounds/:id/letters': ['admin', 'senior_leader'],
  'GET /letters/:file': [...STAFF, ...SCHOOL],
  'GET /categorisation/rounds/:id/letters.zip': [...STAFF, ...SCHOOL],
  // Issue 11: a job's progress page; the page itself checks the permission of the job's kind.
  'GET /jobs/:id': EVERYONE,
  'GET /categorisation/review': STAFF,
  'POST /categorisation/review/:urn': OFFICERS,
  'GET /categorisation/challenges': STAFF,
  'GET /categorisation/challenges/:id': STAFF,
  'POST /categorisation/challenges/:id': OFFICERS,
  'GET /my-school/category': SCHOOL,
  'POST /my-school/category/challenge': SCHOOL,
  'GET /policies': STAFF,
  'GET /policies/:id': STAFF,
  'GET /policies/:id/edit': ['admin', 'senior_leader'],
  'POST /policies/:id/edit': ['admin', 'senior_leader'],
  // Engagement (issue 6): officers who hold a caseload; head teachers and chairs read their own school's published notes.
  'GET /engagement': OFFICERS,
  'GET /engagement/programme': OFFICERS,
  'GET /engagement/programme.csv': OFFICERS,
  'GET /engagement/programme.xlsx': OFFICERS,
  'GET /schools/:urn/visits': [...OFFICERS, 'head_teacher', 'chair_of_governors'],
  'GET /schools/:urn/visits/new': OFFICERS,
  'POST /schools/:urn/visits/new': OFFICERS,
  'GET /schools/:urn/visits/:id': [...OFFICERS, 'head_teacher', 'chair_of_governors'],
  // Issue 14: a draft note is edited by the officers who may write notes for the school, until published.
  'GET /schools/:urn/visits/:id/edit': OFFICERS,
  'POST /schools/:urn/visits/:id/edit': OFFICERS,
  'POST /schools/:urn/visits/:id/publish': OFFICERS,
  'POST /schools/:urn/actions/:id/done': OFFICERS,
  'GET /schools/:urn/core-group': OFFICERS,
  'POST /schools/:urn/core-group': OFFICERS,
  'GET /schools/:urn/core-group/meetings/new': OFFICERS,
  'POST /schools/:urn/core-group/meetings/new': OFFICERS,
  'GET /escalations/:id': OFFICERS,
  'POST /escalations/:id': ['admin', 'senior_leader'],
  'POST /escalations/:id/letter': ['admin', 'senior_leader'],
  'POST /escalations/:id/compliance': ['admin', 'senior_leader'],
  'POST /escalations/:id/close': ['admin', 'senior_leader'],
  'GET /escalations/:id/letter.docx': OFFICERS,
  'GET /escalations/:id/letter.pdf': OFFICERS,
  // Issue 12 items 5, 8, 10: stages of concern and judgements of concern; a senior leader signs a judgement off.
  'GET /schools/:urn/stage/new': OFFICERS,
  'POST /schools/:urn/stage/new': OFFICERS,
  'GET /schools/:urn/stage/review': OFFICERS,
  'POST /schools/:urn/stage/review': OFFICERS,
  'GET /schools/:urn/concerns/new': OFFICERS,
  'POST /schools/:urn/concerns/new': OFFICERS,
  'GET /schools/:urn/concerns/:id': OFFICERS,
  'POST /schools/:urn/concerns/:id': ['admin', 'senior_leader'],
  // Issue 19: the LA's own self-evaluation and action plan: senior leaders and administrators write, district leads read.
  'GET /self-evaluation': ['admin', 'senior_leader', 'district_lead'],
  'GET /self-evaluation.docx': ['admin', 'senior_leader', 'district_lead'],
  'GET /self-evaluation.xlsx': ['admin', 'senior_leader', 'district_lead'],
  'GET /self-evaluation/figures/:figure': ['admin', 'senior_leader', 'district_lead'],
  'GET /self-evaluation/headings/:heading': ['admin', 'senior_leader', 'district_lead'],
  'POST /self-evaluation/headings/:heading': ['admin', 'senior_leader'],
  'GET /self-evaluation/framework': ['admin', 'senior_leader', 'district_lead'],
  'POST /self-evaluation/framework': ['admin', 'senior_leader'],
  'GET /action-plan': ['admin', 'senior_leader', 'district_lead'],
  'GET /action-plan.docx': ['admin', 'senior_leader', 'district_lead'],
  'GET /action-plan.xlsx': ['admin', 'senior_leader', 'district_lead'],
  'GET /action-plan/areas/new': ['admin', 'senior_leader'],
  'POST /action-plan/areas': ['admin', 'senior_leader'],
  'GET /action-plan/areas/:id/actions/new': ['admin', 'senior_leader'],
  'POST /action-plan/areas/:id/actions': ['admin', 'senior_leader'],
  'GET /action-plan/actions/:id/edit': ['admin', 'senior_leader'],
  'POST /action-plan/actions/:id/edit': ['admin', 'senior_leader'],
  // Issue 18: support and commissioning. Officers broker and commission; the provider sees and reports on its
  // own plans, the school its own (and rates them); the contract manager the providers' performance and the ledger.
  'GET /support': OFFICERS,
  'GET /support/register': OFFICERS,
  'GET /support/providers/new': OFFICERS,
  'POST /support/providers': OFFICERS,
  'GET /support/providers/:id/strengths/new': OFFICERS,
  'POST /support/providers/:id/strengths/new': OFFICERS,
  'GET /schools/:urn/support': OFFICERS,
  'POST /schools/:urn/support/needs': OFFICERS,
  'GET /schools/:urn/support/needs/:id': OFFICERS,
  'POST /schools/:urn/support/needs/:id': OFFICERS,
  'GET /schools/:urn/support/commissions/new': OFFICERS,
  'POST /schools/:urn/support/commissions/new': OFFICERS,
  // The page itself checks who may read the plan (not found otherwise).
  'GET /support/plans/:id': EVERYONE,
  'POST /support/plans/:id/sign-off': OFFICERS,
  'POST /support/plans/:id/reports': ['provider'],
  'POST /support/plans/:id/rating': SCHOOL,
  'POST /support/plans/:id/impact': OFFICERS,
  'POST /support/plans/:id/end-date': OFFICERS,
  'GET /provider': ['provider'],
  'GET /my-school/support': SCHOOL,
  'GET /support/contracts': ['admin', 'senior_leader', 'contract_manager'],
  'GET /support/ledger': [...OFFICERS, 'contract_manager'],
  'GET /support/ledger.xlsx': [...OFFICERS, 'contract_manager'],
};

let t: TestApp;
let targetUserId: number;

function concrete(url: string): string {
  return url.replace(':urn', '117083').replace(':id', String(targetUserId));
}

beforeAll(async () => {
  t = await startTestApp();
  const target = await createAccount(
    t.database.db,
    { organisationId: t.organisation.id, email: 'matrix-target@example.org', displayName: 'Matrix Target', role: 'analyst', password: 'a-long-enough-password', urns: [], districtIds: [] },
    { userId: null, label: 'test', organisationId: t.organisation.id },
  );
  targetUserId = target.id;
}, 600_000);
afterAll(async () => t?.close());

function appRoutes() {
  return (routeTables.get(t.app) ?? []).filter((r) => !r.url.startsWith('/assets') && !r.url.startsWith('/public') && !r.url.startsWith('/govuk'));
}

describe('route × role matrix', () => {
  it('has an expected-access entry for every route the app registers, and no stale entries', () => {
    const registered = appRoutes().map((r) => `${r.method} ${r.url}`).sort();
    expect(registered).toEqual(Object.keys(expectedAccess).sort());
  });

  it('declares public exactly the routes the matrix calls public', () => {
    for (const r of appRoutes()) {
      expect(r.public, `${r.method} ${r.url}`).toBe(expectedAccess[`${r.method} ${r.url}`] === PUBLIC);
    }
  });

  it.each(roles.map((r) => [r]))('enforces the matrix for %s', async (role) => {
    const client = await new Browserless(t.url).signInAs(role);
    for (const r of appRoutes()) {
      const key = `${r.method} ${r.url}`;
      const expected = expectedAccess[key];
      if (expected === PUBLIC || key === 'POST /sign-out') continue;
      const token = await client.csrf('/account/password');
      const res = r.method === 'GET' ? await client.get(concrete(r.url)) : await client.request(r.method, concrete(r.url), { _csrf: token });
      const allowed = expected.includes(role);
      if (allowed) expect([401, 403], `${role} ${key} should be allowed, got ${res.status}`).not.toContain(res.status);
      else expect(res.status, `${role} ${key} should be refused`).toBe(403);
    }
  });

  it('redirects every non-public page to sign-in when signed out, and serves public ones', async () => {
    const anon = new Browserless(t.url);
    for (const r of appRoutes().filter((x) => x.method === 'GET')) {
      const res = await anon.get(concrete(r.url));
      if (expectedAccess[`GET ${r.url}`] === PUBLIC) expect([200, 303, 404], r.url).toContain(res.status);
      else {
        expect(res.status, r.url).toBe(303);
        expect(res.headers.get('location'), r.url).toMatch(/^\/sign-in\?returnTo=/);
      }
    }
    expect((await anon.get('/no-such-page')).headers.get('location')).toMatch(/^\/sign-in/);
    expect((await anon.get('/health')).status).toBe(200);
    expect((await anon.get('/govuk/govuk-frontend.min.css')).status).toBe(200);
    expect((await anon.get('/public/app.mjs')).status).toBe(200);
  });

  it('refuses every form posted without a valid CSRF token, even from an administrator', async () => {
    const admin = await new Browserless(t.url).signInAs('admin');
    for (const r of appRoutes().filter((x) => x.method === 'POST')) {
      const missing = await admin.request('POST', concrete(r.url), { email: 'x' });
      expect(missing.status, `${r.url} without a token`).toBe(403);
      const wrong = await admin.request('POST', concrete(r.url), { _csrf: 'A'.repeat(43) });
      expect(wrong.status, `${r.url} with a wrong token`).toBe(403);
    }
    const multipart = await admin.request('POST', '/imports', '--b\r\nContent-Disposition: form-data; name="kind"\r\n\r\ngias\r\n--b--\r\n', { 'content-type': 'multipart/form-data; boundary=b' });
    expect(multipart.status).toBe(403);
  });
});
