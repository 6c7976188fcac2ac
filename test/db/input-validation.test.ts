// Every registered route (the list the access matrix walks), with hostile ids, numbers, years and
// strings in its path, query and form body, answers with a client error page, never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/access/roles.js';
import { routeTables } from '../../src/web/access.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { Browserless } from '../support/http.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
}, 400_000);
afterAll(async () => t?.close());

/** Values that broke routes: beyond a 32-bit integer, negative, fractional, not numbers, not Latin-1, huge. */
const BAD_PARAMS = ['99999999999', '2147483648', '-1', '1e3', '%E2%82%AC%F0%9F%98%80'];
const BAD_QUERY = [
  'year=2027/28',
  'year=9999/00',
  'round=99999999999&page=99999999999&version=99999999999&urn=99999999999&q=99999999999',
  'returnTo=/%E2%82%AC',
  `q=${'x'.repeat(5000)}&status=%00&sector=%FF&from=2025-02-30&to=99999-01-01`,
];
/** A form body with every field the app's forms use set to something hostile. */
function badBody(token: string, value: string): Record<string, string> {
  const fields = [
    'email', 'name', 'displayName', 'role', 'urns', 'districtId', 'districtIds', 'capacityDays', 'password', 'current', 'next',
    'academicYear', 'term', 'policyId', 'policyVersion', 'asOf', 'category', 'reason', 'stage', 'value', 'decision', 'note',
    'reviewWeeks', 'ground', 'complianceEndsOn-day', 'complianceEndsOn-month', 'complianceEndsOn-year', 'complianceOn-day', 'complianceOn-month', 'complianceOn-year', 'complianceNote',
    'closeOn-day', 'closeOn-month', 'closeOn-year', 'closeNote', 'reviewOutcome', 'asOf-day', 'asOf-month', 'asOf-year', 'action-0-due-day', 'action-0-due-month', 'action-0-due-year',
    'membership', 'cadence', 'judgement', 'date-day', 'date-month', 'date-year', 'occurredOn-day', 'occurredOn-month', 'occurredOn-year',
    'kind', 'summary', 'status', 'confidential', 'returnTo', 'grounds', 'evidence', 'policy', 'json', 'urn', 'id', 'version', 'carry-99999999999',
  ];
  return { _csrf: token, ...Object.fromEntries(fields.map((f) => [f, value])) };
}

function appRoutes() {
  return (routeTables.get(t.app) ?? []).filter((r) => !r.public || r.url.startsWith('/sign-in') || r.url.startsWith('/auth/'));
}

const fill = (url: string, v: string) => url.replace(/:[A-Za-z]+/g, v);

async function walk(role: Role): Promise<string[]> {
  const client = await new Browserless(t.url).signInAs(role);
  const token = await client.csrf('/account/password');
  const failures: string[] = [];
  const check = async (method: string, path: string, body?: Record<string, string>) => {
    const res = body ? await client.request(method, path, body) : await client.get(path);
    await res.arrayBuffer();
    if (res.status >= 500) {
      failures.push(`${role} ${method} ${path.slice(0, 120)}${body ? ` ${body.email?.slice(0, 20)}` : ''} → ${res.status}`);
      console.log(failures.at(-1));
    }
  };
  for (const r of appRoutes()) {
    if (r.url === '/sign-out') continue;
    const params = r.url.includes(':') ? BAD_PARAMS : ['x'];
    for (const p of params) {
      const path = fill(r.url, p);
      if (r.method === 'GET') await check('GET', path);
      else await check(r.method, path, badBody(token, '99999999999'));
    }
    const good = fill(r.url, '117083');
    for (const q of BAD_QUERY) {
      if (r.method === 'GET') await check('GET', `${good}?${q}`);
    }
    if (r.method === 'POST') {
      for (const v of ['-1', '2027/28', '€😀']) await check('POST', good, badBody(token, v));
    }
  }
  return failures;
}

describe('input validation on every route', () => {
  it.each([['admin'], ['head_teacher']] as [Role][])('never answers %s with a 500', async (role) => {
    expect(await walk(role)).toEqual([]);
  }, 900_000);

  it('refuses a 5 MB form field with a client error, not a 500', async () => {
    const admin = await new Browserless(t.url).signInAs('admin');
    const token = await admin.csrf('/admin/users/new');
    const res = await admin.request('POST', '/admin/users', { _csrf: token, email: 'big@example.org', displayName: 'x'.repeat(5 * 1024 * 1024), role: 'analyst' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});
