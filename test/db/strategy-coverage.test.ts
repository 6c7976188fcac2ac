// Contact coverage (issue 17) on the real bundled LA, driven through the page: the link officer records
// a visit note for one of their overdue planned contacts and publishes it, and the officer's row, the
// overdue list and the 48-hour figure move. Elected members get the aggregate tables only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/calendar/index.js';
import { MEETING_LABELS } from '../../src/domain/engagement/index.js';
import type { MeetingType } from '../../src/domain/engagement-types.js';
import { todayIso } from '../../src/services/escalations.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { Browserless } from '../support/http.js';

let t: TestApp;
const today = todayIso();
const OFFICER = 'Demo Link Officer';

beforeAll(async () => {
  t = await startTestApp();
}, 600_000);
afterAll(async () => t?.close());

const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();

function table(html: string, qa: string): string | null {
  const m = html.match(new RegExp(`<table[^>]*data-qa="${qa}"[^>]*>([\\s\\S]*?)</table>`));
  return m ? m[1] : null;
}

/** The numeric cells of a coverage table's row: schools, planned, due, held, held-draft, overdue, held %, notes. */
function row(html: string, qa: string, label: string) {
  const body = table(html, qa);
  if (!body) throw new Error(`no table ${qa}`);
  const tr = [...body.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((m) => m[1]).find((r) => text(r.match(/<th[^>]*>([\s\S]*?)<\/th>/)?.[1] ?? '') === label);
  if (!tr) throw new Error(`no row ${label} in ${qa}`);
  const cells = [...tr.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => text(m[1]));
  const notes = cells[7].match(/^(\d+) of (\d+)/);
  return { schools: +cells[0], planned: +cells[1], due: +cells[2], held: +cells[3], heldDraft: +cells[4], overdue: +cells[5], notesOnTime: notes ? +notes[1] : 0, notesDue: notes ? +notes[2] : 0 };
}

function overdueRows(html: string) {
  const body = table(html, 'overdue') ?? '';
  return [...body.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((m) => {
    const cells = [...m[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => text(c[1]));
    return { urn: Number(m[1].match(/\/schools\/(\d+)/)?.[1]), officer: cells[1], typeLabel: cells[3], days: Number(cells[5]) };
  });
}

const typeOf = (label: string) => (Object.entries(MEETING_LABELS) as [MeetingType, string][]).find(([, l]) => l === label)![0];

async function recordNote(officer: Browserless, urn: number, type: MeetingType, date: string): Promise<string> {
  const [y, m, d] = date.split('-');
  const res = await officer.post(
    `/schools/${urn}/visits/new`,
    { type, 'date-day': d, 'date-month': m, 'date-year': y, agenda: 'Reading and attendance', attendees: 'Headteacher; link officer', judgements: 'Reading is improving.' },
    `/schools/${urn}/visits/new`,
  );
  expect(res.status).toBe(303);
  return res.headers.get('location')!;
}

describe('contact coverage page', () => {
  it('moves the officer’s figures and the overdue list when a visit note is recorded and published', async () => {
    const senior = await new Browserless(t.url).signInAs('senior_leader');
    const officer = await new Browserless(t.url).signInAs('link_officer');
    const page = async () => {
      const res = await senior.get('/strategy/coverage');
      expect(res.status).toBe(200);
      return res.text();
    };
    const before = await page();
    for (const qa of ['total', 'by-kind', 'by-district', 'by-officer', 'overdue']) expect(table(before, qa)).not.toBeNull();
    const total = row(before, 'total', t.organisation.name);
    expect(total.schools).toBeGreaterThan(100);
    expect(total.due).toBe(total.held + total.overdue);
    // The three kinds partition the LA's contacts.
    const kinds = ['Visits (annual conversations, quality-assurance and termly visits)', 'Core Group meetings', 'Improvement Review meetings'].map((k) => {
      try {
        return row(before, 'by-kind', k).planned;
      } catch {
        return 0;
      }
    });
    expect(kinds.reduce((a, b) => a + b, 0)).toBe(total.planned);

    // One of the officer's own overdue contacts, overdue by more than the 48-hour window.
    const target = overdueRows(before).find((o) => o.officer === OFFICER && o.days > 2);
    expect(target).toBeDefined();
    const plannedDate = addDays(today, -target!.days);
    const type = typeOf(target!.typeLabel);
    const mine = row(before, 'by-officer', OFFICER);

    const url = await recordNote(officer, target!.urn, type, plannedDate);
    const drafted = await page();
    expect(row(drafted, 'by-officer', OFFICER)).toMatchObject({ held: mine.held + 1, heldDraft: mine.heldDraft + 1, overdue: mine.overdue - 1, notesDue: mine.notesDue + 1, notesOnTime: mine.notesOnTime });
    expect(overdueRows(drafted).filter((o) => o.urn === target!.urn && o.typeLabel === target!.typeLabel && o.days === target!.days)).toHaveLength(
      overdueRows(before).filter((o) => o.urn === target!.urn && o.typeLabel === target!.typeLabel && o.days === target!.days).length - 1,
    );

    // Published today, days after the visit: held and no longer a draft, but not within 48 hours.
    expect((await officer.post(`${url}/publish`, {}, url)).status).toBe(303);
    const published = await page();
    expect(row(published, 'by-officer', OFFICER)).toMatchObject({ held: mine.held + 1, heldDraft: mine.heldDraft, notesDue: mine.notesDue + 1, notesOnTime: mine.notesOnTime });

    // A note of today's visit published straight away counts as within 48 hours.
    const onTimeUrl = await recordNote(officer, target!.urn, 'termly-visit', today);
    expect((await officer.post(`${onTimeUrl}/publish`, {}, onTimeUrl)).status).toBe(303);
    const after = await page();
    expect(row(after, 'by-officer', OFFICER)).toMatchObject({ notesDue: mine.notesDue + 2, notesOnTime: mine.notesOnTime + 1 });
    expect(row(after, 'total', t.organisation.name)).toMatchObject({ notesDue: total.notesDue + 2, notesOnTime: total.notesOnTime + 1 });
  });

  it('shows elected members the aggregate tables only: no officer, no school', async () => {
    const member = await new Browserless(t.url).signInAs('elected_member');
    const res = await member.get('/strategy/coverage');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(table(html, 'total')).not.toBeNull();
    expect(table(html, 'by-district')).not.toBeNull();
    expect(table(html, 'by-kind')).not.toBeNull();
    expect(table(html, 'by-officer')).toBeNull();
    expect(table(html, 'overdue')).toBeNull();
    expect(html).not.toContain(OFFICER);
    expect(html).not.toMatch(/href="\/schools\/\d+/);
    // The same account cannot open a school page.
    expect((await member.get(`/schools/${overdueRows(await (await (await new Browserless(t.url).signInAs('senior_leader')).get('/strategy/coverage')).text())[0].urn}`)).status).not.toBe(200);
  });

  it('is linked from the strategic targets page', async () => {
    const senior = await new Browserless(t.url).signInAs('senior_leader');
    expect(await (await senior.get('/strategy')).text()).toContain('href="/strategy/coverage"');
  });
});
