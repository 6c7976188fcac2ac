// The redaction matrix (issue 10, item 1): an officer records a confidential safeguarding concern for
// Abbots Langley School (URN 117083) and a confidential Walsall leadership indicator, through the
// intelligence form; rounds under the Walsall and Staffordshire policies are created and confirmed for
// it and for the demo sponsor's academy, letters are issued and a challenge is opened. Then every
// surface that renders an explanation, step, flag, trigger or factor (pages, letters as DOCX and PDF
// text, CSV/JSON downloads and CLI output) is read by every role: no reader without
// intelligence:read-confidential meets the items' kind, dates or summaries; officers who hold it do.
import { and, eq, isNotNull } from 'drizzle-orm';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { letters as lettersTable } from '../../src/db/schema-categorisation.js';
import { userScopes, users } from '../../src/db/schema.js';
import { can } from '../../src/domain/access/policy.js';
import { roles, type Role } from '../../src/domain/access/roles.js';
import { categoriseOutput } from '../../src/cli/commands/categorise.js';
import { evidenceReport } from '../../src/cli/commands/evidence.js';
import { riskOutput } from '../../src/cli/commands/risk.js';
import { shippedPolicy } from '../../src/services/categorisation.js';
import { listChallenges } from '../../src/services/challenges.js';
import { DEMO_SCHOOL_URN, demoEmail } from '../../src/services/demoUsers.js';
import { generateRoundLetters } from '../../src/services/letters.js';
import { confirmUnchangedProposals, confirmWholeRound, createRound, webRoundActor } from '../../src/services/rounds.js';
import { unzipEntry } from '../../src/letters/test-helpers.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { Browserless } from '../support/http.js';

let t: TestApp;
let sponsorUrn: number;
const rounds: { walsall: number; staffordshire: number } = { walsall: 0, staffordshire: 0 };
let challengeId = 0;

const iso = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
const SAFEGUARDING_ON = iso(55);
const LEADERSHIP_ON = iso(69);
const SPONSOR_ITEM_ON = iso(47);
const SAFEGUARDING_SUMMARY = 'Zephyrine disclosure about the minibus arrangements';
const LEADERSHIP_SUMMARY = 'Quillon letters from three teachers about the head';
const SPONSOR_SUMMARY = 'Marrowby concern raised by the trust DSL';

/** Every way a page, letter or export might write a date. */
function dateForms(isoDate: string): string[] {
  const d = new Date(`${isoDate}T00:00:00Z`);
  const long = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
  const short = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
  const [y, m, day] = isoDate.split('-');
  return [isoDate, long, short, `${day}/${m}/${y}`, `${Number(day)}/${Number(m)}/${y}`];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** What must never reach a reader without the permission: kind wording, rule and trigger words, dates, summaries. */
const FORBIDDEN: RegExp[] = [
  /safeguarding concern (is )?recorded/i,
  /An open safeguarding concern/i,
  /A safeguarding concern since/i,
  /safeguarding_concern|safeguarding-concern|health-and-safety/,
  /\(safeguarding\)/i,
  /open safeguarding concern/i,
  /Written complaints or allegations/i,
  /complaints about the head teacher/i,
  /complaints_about_head|leadership_concern/,
  /Leadership concern indicator/i,
  /concern indicator/i,
  /indicators of concern are open/i,
  /leadership-governance-indicators/,
  /\(confidential\)|confidential: see the LA record/i,
  ...[SAFEGUARDING_ON, LEADERSHIP_ON, SPONSOR_ITEM_ON].flatMap(dateForms).map((s) => new RegExp(escape(s), 'i')),
  ...[SAFEGUARDING_SUMMARY, LEADERSHIP_SUMMARY, SPONSOR_SUMMARY].map((s) => new RegExp(escape(s.split(' ')[0]), 'i')),
];

function leaks(text: string): string[] {
  const flat = text.replace(/&#39;|&#x27;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
  return FORBIDDEN.filter((re) => re.test(flat)).map((re) => `${re.source} in …${flat.slice(Math.max(0, flat.search(re) - 80), flat.search(re) + 80)}…`);
}

/** The text of a PDF: every stream inflated, the text operators' hex strings decoded. */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const parts: string[] = [raw];
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    try {
      parts.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      // Not a deflated stream (fonts, images): nothing to read.
    }
  }
  const all = parts.join('\n');
  const runs = [...all.matchAll(/\[((?:<[0-9a-f]*>\s*-?[\d.]*\s*)+)\]\s*TJ/g)].map((m) => [...m[1].matchAll(/<([0-9a-f]*)>/g)].map((h) => Buffer.from(h[1], 'hex').toString('latin1')).join(''));
  return `${runs.join(' ')}\n${all.replace(/[^\x20-\x7e]+/g, ' ')}`;
}

function docxText(docx: Buffer): string {
  return ['word/document.xml', 'word/header1.xml', 'word/header2.xml', 'word/footer1.xml', 'docProps/core.xml'].map((n) => (unzipEntry(docx, n) ?? '').replace(/<[^>]+>/g, ' ')).join('\n');
}

/** Every string of an XLSX export (shared strings and any inline ones). */
function xlsxText(xlsx: Buffer): string {
  return ['xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml'].map((n) => (unzipEntry(xlsx, n) ?? '').replace(/<[^>]+>/g, ' ')).join('\n');
}

async function roundActor(role: Role) {
  const [u] = await t.database.db.select().from(users).where(eq(users.email, demoEmail(role)));
  return webRoundActor({ userId: u.id, label: u.email, organisationId: t.organisation.id }, u.id, role);
}

async function record(client: Browserless, urn: number, fields: Record<string, string>, on: string) {
  const [y, m, d] = on.split('-');
  const page = `/schools/${urn}/intelligence/new`;
  const res = await client.post(page, { source: 'Telephone call to the LA', 'occurredOn-day': String(Number(d)), 'occurredOn-month': String(Number(m)), 'occurredOn-year': y, confidential: 'yes', indicator: '', ...fields }, page);
  expect(res.status, await res.clone().text()).toBe(303);
}

async function openRound(policyId: string, term: 'autumn' | 'spring', year: string): Promise<number> {
  const sl = await roundActor('senior_leader');
  const r = await createRound(t.database.db, t.organisation.id, { academicYear: year, term, policyId, asOf: iso(1), urns: [DEMO_SCHOOL_URN, sponsorUrn] }, sl);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const bulk = await confirmUnchangedProposals(t.database.db, t.organisation.id, r.round.id, sl);
  expect(bulk.ok).toBe(true);
  expect((await confirmWholeRound(t.database.db, t.organisation.id, r.round.id, sl)).ok).toBe(true);
  const issued = await generateRoundLetters(t.database.db, t.organisation.id, r.round.id, { laName: t.organisation.name, issuedBy: { userId: null, label: 'test', organisationId: t.organisation.id } });
  expect(issued).toMatchObject({ issued: 2, failures: [] });
  return r.round.id;
}

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  const [sponsor] = await db
    .select({ urn: userScopes.schoolUrn })
    .from(userScopes)
    .innerJoin(users, eq(users.id, userScopes.userId))
    .where(and(eq(users.email, demoEmail('sponsor')), isNotNull(userScopes.schoolUrn)));
  sponsorUrn = sponsor.urn!;

  // Recorded by officers through the intelligence form, as they would be.
  const officer = await new Browserless(t.url).signInAs('link_officer');
  await record(officer, DEMO_SCHOOL_URN, { kind: 'safeguarding_concern', summary: SAFEGUARDING_SUMMARY }, SAFEGUARDING_ON);
  await record(officer, DEMO_SCHOOL_URN, { kind: 'leadership_concern', indicator: 'leadership_concern:complaints_about_head', summary: LEADERSHIP_SUMMARY }, LEADERSHIP_ON);
  const senior = await new Browserless(t.url).signInAs('senior_leader');
  await record(senior, sponsorUrn, { kind: 'safeguarding_concern', summary: SPONSOR_SUMMARY }, SPONSOR_ITEM_ON);

  // Walsall first; the Staffordshire round is the latest, so it is what the school's page shows.
  rounds.walsall = await openRound('walsall-2014', 'autumn', '2026/27');
  rounds.staffordshire = await openRound('staffordshire-2014', 'spring', '2026/27');

  // A further concern after the rounds, and an in-year review that considers its flag: the review step
  // is read by analysts too.
  await record(senior, sponsorUrn, { kind: 'safeguarding_concern', summary: SPONSOR_SUMMARY }, iso(0));
  const reviewed = await senior.post(`/categorisation/review/${sponsorUrn}`, { category: '', reason: 'Reviewed with the trust' }, '/categorisation/review');
  expect(reviewed.status).toBe(303);

  const head = await new Browserless(t.url).signInAs('head_teacher');
  const challenged = await head.post('/my-school/category/challenge', { urn: String(DEMO_SCHOOL_URN), grounds: 'Our results have improved', evidence: 'Internal assessment 2026' }, '/my-school/category');
  expect(challenged.status).toBe(303);
  challengeId = (await listChallenges(db, t.organisation.id))[0].id;
}, 300_000);
afterAll(async () => t?.close());

/** Every page, download and letter that renders explanations, steps, flags, triggers or factors. */
async function surfaces(): Promise<string[]> {
  const letterRows = await t.database.db.select({ id: lettersTable.id }).from(lettersTable);
  const pages: string[] = [];
  for (const id of [rounds.walsall, rounds.staffordshire]) {
    pages.push(`/categorisation?round=${id}`, `/categorisation/rounds/${id}`, `/categorisation/rounds/${id}/letters`, `/categorisation/rounds/${id}/schools.csv`, `/categorisation/rounds/${id}/schools.xlsx`);
    for (const urn of [DEMO_SCHOOL_URN, sponsorUrn]) pages.push(`/categorisation/rounds/${id}/schools/${urn}`);
  }
  for (const urn of [DEMO_SCHOOL_URN, sponsorUrn]) pages.push(`/schools/${urn}`, `/schools/${urn}/dashboard`, `/schools/${urn}/risk`, `/schools/${urn}/visits`, `/schools/${urn}/core-group`);
  pages.push('/categorisation/review', '/categorisation/challenges', `/categorisation/challenges/${challengeId}`, '/my-school/category', '/risk', '/engagement', '/engagement/programme', '/schools.csv', '/reports', '/risk.csv', '/risk.xlsx', '/engagement/programme.csv?year=2025/26', '/schools.xlsx');
  for (const l of letterRows) pages.push(`/letters/${l.id}.pdf`, `/letters/${l.id}.docx`);
  // Issue 18: support pages, the needs page (proposed from category, Core Group and visits) and the ledger.
  pages.push('/support', '/support/register', '/support/contracts', '/support/ledger', '/support/ledger.xlsx', '/provider', '/my-school/support');
  for (const urn of [DEMO_SCHOOL_URN, sponsorUrn]) pages.push(`/schools/${urn}/support`);
  return pages;
}

async function read(client: Browserless, url: string): Promise<{ status: number; text: string }> {
  const res = await client.get(url);
  const type = res.headers.get('content-type') ?? '';
  const buf = Buffer.from(await res.arrayBuffer());
  const text = type.includes('pdf') ? pdfText(buf) : type.includes('wordprocessingml') ? docxText(buf) : type.includes('spreadsheetml') ? xlsxText(buf) : buf.toString('utf8');
  return { status: res.status, text };
}

describe('redaction matrix: every surface × every role, with confidential intelligence recorded', () => {
  const withoutPermission = roles.filter((r) => !can({ role: r } as Parameters<typeof can>[0], 'intelligence:read-confidential'));
  const withPermission = roles.filter((r) => !withoutPermission.includes(r));

  it('has readers on both sides of the permission', () => {
    expect(withoutPermission).toEqual(expect.arrayContaining(['analyst', 'head_teacher', 'chair_of_governors', 'sponsor', 'provider', 'elected_member']));
    expect(withPermission).toEqual(expect.arrayContaining(['admin', 'senior_leader', 'district_lead', 'link_officer']));
  });

  it.each(withoutPermission.map((r) => [r]))('%s meets no kind, date or summary of a confidential item on any surface it can reach', async (role) => {
    const client = await new Browserless(t.url).signInAs(role);
    const reached: string[] = [];
    const found: string[] = [];
    for (const url of await surfaces()) {
      const { status, text } = await read(client, url);
      if (status !== 200) continue;
      reached.push(url);
      for (const l of leaks(text)) found.push(`${url}: ${l}`);
    }
    expect(found).toEqual([]);
    if (role === 'head_teacher' || role === 'chair_of_governors') {
      // The check is only worth something if the school's own category, explanation and letters were read.
      expect(reached).toEqual(expect.arrayContaining(['/my-school/category', `/schools/${DEMO_SCHOOL_URN}/dashboard`]));
      expect(reached.filter((u) => u.startsWith('/letters/')).length).toBe(4);
    }
    if (role === 'sponsor') expect(reached.filter((u) => u.startsWith('/letters/')).length).toBe(4);
    if (role === 'analyst') {
      expect(reached).toEqual(expect.arrayContaining([`/categorisation/rounds/${rounds.staffordshire}/schools/${DEMO_SCHOOL_URN}`, '/categorisation/review', `/schools/${DEMO_SCHOOL_URN}/risk`]));
      // The queue does not name a school whose only flag is confidential, nor the round mark it.
      const queue = (await read(client, '/categorisation/review')).text;
      expect(queue).not.toContain(`review-${DEMO_SCHOOL_URN}`);
      expect((await read(client, `/categorisation/rounds/${rounds.staffordshire}`)).text).not.toContain('Needs review</strong>');
    }
  }, 300_000);

  it('shows the school its category with the LA’s sentence in place of what was withheld', async () => {
    const head = await new Browserless(t.url).signInAs('head_teacher');
    const page = (await read(head, '/my-school/category')).text;
    // The open safeguarding concern alone raises Staffordshire's category to at least C.
    expect(page).toMatch(/category <strong>[CD] – /);
    expect(page).toContain('The LA holds information it has taken into account.');
    const [letter] = await t.database.db.select().from(lettersTable).where(and(eq(lettersTable.roundId, rounds.staffordshire), eq(lettersTable.urn, DEMO_SCHOOL_URN)));
    expect(docxText(letter.docx)).toContain('The LA holds information it has taken into account.');
    expect(pdfText(letter.pdf)).toContain('The LA holds information it has taken into account.');
  });

  it.each(withPermission.map((r) => [r]))('%s, who may read confidential intelligence, sees the full explanation (but letters still read as the school’s)', async (role) => {
    const client = await new Browserless(t.url).signInAs(role);
    const staffs = (await read(client, `/categorisation/rounds/${rounds.staffordshire}/schools/${DEMO_SCHOOL_URN}`)).text;
    expect(staffs).toContain('An open safeguarding concern is recorded by the LA');
    expect(staffs).toContain(dateForms(SAFEGUARDING_ON)[1]);
    const walsall = (await read(client, `/categorisation/rounds/${rounds.walsall}/schools/${DEMO_SCHOOL_URN}`)).text;
    expect(walsall).toMatch(/Written complaints or allegations made about the Head Teacher(&#39;|')s leadership/);
    expect((await read(client, '/categorisation/review')).text).toContain(`review-${DEMO_SCHOOL_URN}`);
    expect((await read(client, `/schools/${DEMO_SCHOOL_URN}/risk`)).text).toContain('1 open safeguarding concern');
    expect((await read(client, `/schools/${DEMO_SCHOOL_URN}/dashboard`)).text).toContain(SAFEGUARDING_SUMMARY);
    const [letter] = await t.database.db.select({ id: lettersTable.id }).from(lettersTable).where(and(eq(lettersTable.roundId, rounds.staffordshire), eq(lettersTable.urn, DEMO_SCHOOL_URN)));
    expect(leaks((await read(client, `/letters/${letter.id}.pdf`)).text)).toEqual([]);
    expect(leaks((await read(client, `/letters/${letter.id}.docx`)).text)).toEqual([]);
  }, 120_000);
});

describe('redaction matrix: CLI output', () => {
  it('prints categorise, risk and evidence output as a school would read it unless --include-confidential is given', async () => {
    const db = t.database.db;
    const org = t.organisation;
    for (const policyId of ['staffordshire-2014', 'walsall-2014']) {
      const policy = shippedPolicy(policyId);
      for (const json of [true, false]) {
        const out = await categoriseOutput(db, org, policy, { json });
        expect(leaks(out), `${policyId} ${json ? 'json' : 'text'}`).toEqual([]);
        expect(out).toContain('The LA holds information it has taken into account.');
      }
    }
    const full = await categoriseOutput(db, org, shippedPolicy('staffordshire-2014'), { json: true, includeConfidential: true });
    expect(full).toContain('An open safeguarding concern is recorded by the LA');
    expect(full).toContain(SAFEGUARDING_ON);

    const today = new Date().toISOString().slice(0, 10);
    for (const format of ['csv', 'json']) expect(leaks(await riskOutput(db, org.id, { asOf: today, format })), format).toEqual([]);
    expect(await riskOutput(db, org.id, { asOf: today, format: 'json', includeConfidential: true })).toContain('1 open safeguarding concern');

    const evidence = await evidenceReport(db, org.id, DEMO_SCHOOL_URN);
    expect(leaks(JSON.stringify(evidence!.out))).toEqual([]);
  }, 300_000);
});
