// Issue 14: an administrator assigns schools to a link officer by searching the bundled Hertfordshire
// register and ticking schools, a page at a time, or a whole district at once — through the pages, with
// the audit log, the officer's sign-out and the error summary on bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/repositories/audit.js';
import { listDistricts } from '../../src/repositories/districts.js';
import { findUserByEmail } from '../../src/repositories/users.js';
import { demoEmail } from '../../src/services/demoUsers.js';
import { currentAccess, districtSchoolUrns } from '../../src/services/userAccess.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { Browserless } from '../support/http.js';

let t: TestApp;
let admin: Browserless;
let officerId: number;

beforeAll(async () => {
  t = await startTestApp();
  admin = await new Browserless(t.url).signInAs('admin');
  officerId = (await findUserByEmail(t.database.db, demoEmail('link_officer')))!.id;
}, 240_000);
afterAll(async () => t?.close());

const held = async (id = officerId) => (await currentAccess(t.database.db, t.organisation.id, id))!.urns;

/** Posts a form with repeated fields (several `shown` and `urns`), with the page's CSRF token, as a browser does. */
async function postForm(c: Browserless, path: string, tokenFrom: string, fields: [string, string][]): Promise<Response> {
  const body = new URLSearchParams([['_csrf', await c.csrf(tokenFrom)], ...fields]).toString();
  return c.request('POST', path, body);
}

/** The URNs and ticks of the checkboxes on an assignment page. */
function boxes(html: string): { urn: number; checked: boolean }[] {
  return [...html.matchAll(/<input class="govuk-checkboxes__input"[^>]*name="urns" type="checkbox" value="(\d+)"([^>]*)>/g)].map((m) => ({
    urn: Number(m[1]),
    checked: /checked/.test(m[2]),
  }));
}

describe('assigning schools by searching and ticking', () => {
  it('finds schools by town, ticks two and unticks one on the page; the change is audited and signs the officer out', async () => {
    const officer = await new Browserless(t.url).signInAs('link_officer');
    const path = `/admin/users/${officerId}/schools`;
    const page = await admin.get(`${path}?q=Watford`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Assign schools: ');
    const shown = boxes(html);
    // Real schools found by their town, not by their name alone.
    expect(shown.length).toBeGreaterThan(5);
    const before = await held();
    const toAdd = shown.filter((b) => !b.checked).slice(0, 2).map((b) => b.urn);
    expect(toAdd).toHaveLength(2);

    // Untick one of the officer's own schools while it is shown (search for it by URN).
    const dropUrn = before[0];
    const dropPage = await (await admin.get(`${path}?q=${dropUrn}`)).text();
    expect(boxes(dropPage)).toEqual([{ urn: dropUrn, checked: true }]);
    const dropped = await postForm(admin, path, `${path}?q=${dropUrn}`, [['q', String(dropUrn)], ['shown', String(dropUrn)]]);
    expect(dropped.status).toBe(303);
    expect(dropped.headers.get('location')).toBe(`${path}?q=${dropUrn}&added=0&removed=1`);

    const res = await postForm(admin, path, `${path}?q=Watford`, [
      ['q', 'Watford'],
      ...shown.map((b) => ['shown', String(b.urn)] as [string, string]),
      // What was ticked stays ticked, plus two more.
      ...shown.filter((b) => b.checked).map((b) => ['urns', String(b.urn)] as [string, string]),
      ...toAdd.map((u) => ['urns', String(u)] as [string, string]),
    ]);
    expect(res.status).toBe(303);
    const after = await held();
    expect(after).toEqual([...before.filter((u) => u !== dropUrn), ...toAdd].sort((a, b) => a - b));

    const saved = await (await admin.get(res.headers.get('location')!)).text();
    expect(saved).toContain('Saved: 2 schools assigned, 0 unassigned.');
    for (const u of toAdd) expect(boxes(saved)).toContainEqual({ urn: u, checked: true });

    const entries = await listAudit(t.database.db, t.organisation.id, { action: 'user.access-change', entityType: 'user', entityId: String(officerId) });
    const last = entries[0];
    expect((last.before as { urns: number[] }).urns).toEqual(before.filter((u) => u !== dropUrn));
    expect((last.after as { urns: number[] }).urns).toEqual(after);
    // The officer's session carried the old schools, so it has ended.
    expect((await officer.get('/engagement')).status).toBe(303);
  });

  it('shows only schools with no link officer when asked, and each school names its link officer', async () => {
    const path = `/admin/users/${officerId}/schools`;
    const mine = await held();
    const unassigned = await (await admin.get(`${path}?show=unassigned&q=${mine[0]}`)).text();
    expect(boxes(unassigned)).toEqual([]);
    const own = await (await admin.get(`${path}?show=held`)).text();
    expect(own).toContain(`${mine.length} schools match`);
    expect(own).toContain('Link officer: ');
    expect(boxes(own).every((b) => b.checked)).toBe(true);
  });

  it('assigns every open state-funded school of a district at once, and unassigns them again', async () => {
    const path = `/admin/users/${officerId}/schools`;
    const dacorum = (await listDistricts(t.database.db, t.organisation.id)).find((d) => d.name === 'Dacorum')!;
    const inDistrict = await districtSchoolUrns(t.database.db, t.organisation.id, dacorum.id);
    expect(inDistrict.length).toBeGreaterThan(50);
    const before = await held();
    const res = await postForm(admin, `${path}/district`, path, [['districtId', String(dacorum.id)], ['mode', 'add']]);
    expect(res.status).toBe(303);
    expect(await held()).toEqual([...new Set([...before, ...inDistrict])].sort((a, b) => a - b));
    const page = await (await admin.get(res.headers.get('location')!)).text();
    expect(page).toContain(`Saved: ${inDistrict.filter((u) => !before.includes(u)).length} schools assigned, 0 unassigned.`);

    const back = await postForm(admin, `${path}/district`, path, [['districtId', String(dacorum.id)], ['mode', 'remove']]);
    expect(back.status).toBe(303);
    expect(await held()).toEqual(before.filter((u) => !inDistrict.includes(u)));
  });

  it('refuses bad input with an error summary and changes nothing', async () => {
    const path = `/admin/users/${officerId}/schools`;
    const before = await held();
    const noDistrict = await postForm(admin, `${path}/district`, path, [['districtId', ''], ['mode', 'add']]);
    expect(noDistrict.status).toBe(400);
    const html = await noDistrict.text();
    expect(html).toContain('govuk-error-summary');
    expect(html).toContain('href="#districtId"');
    expect(html).toContain('Select the district whose schools to assign');

    const notASchool = await postForm(admin, path, path, [['shown', '999999'], ['urns', '999999']]);
    expect(notASchool.status).toBe(400);
    const nHtml = await notASchool.text();
    expect(nHtml).toContain('href="#urns"');
    expect(nHtml).toContain('999999 is not a school');

    const junk = await postForm(admin, path, path, [['urns', '1 or 1=1']]);
    expect(junk.status).toBe(400);
    expect(await junk.text()).toContain('not valid URNs');
    expect(await held()).toEqual(before);

    // A head teacher holds exactly one school: ticking a second is refused, with the page as ticked.
    const head = (await findUserByEmail(t.database.db, demoEmail('head_teacher')))!;
    const headPath = `/admin/users/${head.id}/schools`;
    const headBefore = await held(head.id);
    const two = await postForm(admin, headPath, headPath, [['urns', String(headBefore[0])], ['urns', String(before[0])], ['shown', String(before[0])]]);
    expect(two.status).toBe(400);
    expect(await two.text()).toContain('must name exactly one school');
    expect(await held(head.id)).toEqual(headBefore);
  });
});
