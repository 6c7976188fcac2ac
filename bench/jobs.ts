// Long work as jobs (issue 11), on the bundled LA's real data: opening a round for every school
// (time to first feedback and to completion), generating the whole round's letters (time to all
// ready, letters per second), and /health p99 and a school dashboard p95 at 20 concurrent users
// while the letters are made, each as a ratio to the same figure when idle. Figures only.
import autocannon from 'autocannon';
import { eq } from 'drizzle-orm';
import { jobs } from '../src/db/schema-jobs.js';
import { confirmUnchangedProposals, confirmWholeRound, cliRoundActor } from '../src/services/rounds.js';
import { startTestApp } from '../test/support/app.js';
import { Browserless } from '../test/support/http.js';

const USERS = 20;
const SECONDS = 8;

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
}

/** Latencies of USERS concurrent connections for SECONDS (autocannon, loopback only). */
async function load(url: string, cookie?: string, seconds = SECONDS): Promise<{ p95: number; p99: number; n: number; non2xx: number }> {
  const latencies: number[] = [];
  const inst = autocannon({ url, connections: USERS, duration: seconds, headers: cookie ? { cookie } : {} });
  inst.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  const r = await inst;
  return { p95: percentile(latencies, 95), p99: percentile(latencies, 99), n: latencies.length, non2xx: r.non2xx };
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

export async function jobsBench(): Promise<void> {
  console.log('\n## Jobs: opening a round and generating its letters while others use the app');
  const t = await startTestApp({ jobs: true });
  try {
    const senior = await new Browserless(t.url).signInAs('senior_leader');
    const officer = await new Browserless(t.url).signInAs('link_officer');
    const officerCookie = officerCookieHeader(officer);

    // Opening a round for every school: the form answers at once, the job does the work.
    const token = await senior.csrf('/categorisation/rounds/new');
    const started = performance.now();
    const res = await senior.request('POST', '/categorisation/rounds', { _csrf: token, academicYear: '2025/26', term: 'autumn', policy: 'staffordshire-2014', asOf: '2025-09-01' });
    const jobPage = res.headers.get('location')!;
    await (await senior.get(jobPage)).text();
    const firstFeedback = performance.now() - started;
    const jobId = Number(jobPage.split('/').pop());
    const roundJob = await waitFor(t, jobId);
    const opened = performance.now() - started;
    const roundId = (roundJob.result as { roundId: number }).roundId;
    console.log(`open a round for every school (${(roundJob.result as { schools: number }).schools} schools): first feedback ${fmt(firstFeedback)} (target < 200 ms), complete ${(opened / 1000).toFixed(1)} s`);

    const actor = cliRoundActor({ userId: null, label: 'bench', organisationId: t.organisation.id });
    await confirmUnchangedProposals(t.database.db, t.organisation.id, roundId, actor);
    await confirmWholeRound(t.database.db, t.organisation.id, roundId, actor);

    const dashboard = `${t.url}/schools/117083/dashboard`;
    const idleHealth = await load(`${t.url}/health`);
    const idleDash = await load(dashboard, officerCookie);

    const genStart = performance.now();
    await senior.post(`/categorisation/rounds/${roundId}/letters`, {});
    const [letterJob] = await t.database.db.select().from(jobs).where(eq(jobs.dedupeKey, `letters:round:${roundId}`));
    const busyHealth = await load(`${t.url}/health`);
    const busyDash = await load(dashboard, officerCookie);
    const during = (await t.database.db.select().from(jobs).where(eq(jobs.id, letterJob.id)))[0];
    const done = await waitFor(t, letterJob.id);
    const genMs = performance.now() - genStart;
    const issued = (done.result as { issued: number }).issued;
    console.log(`letters for the whole round: ${issued} schools (DOCX + PDF each) in ${(genMs / 1000).toFixed(1)} s, ${(issued / (genMs / 1000)).toFixed(2)} letters/s`);
    console.log(`  (the load below ran while the job was at ${during.progressDone} of ${during.progressTotal}; status ${during.status})`);
    console.log(`/health p99 at ${USERS} users: idle ${fmt(idleHealth.p99)}, during letters ${fmt(busyHealth.p99)} → ×${(busyHealth.p99 / idleHealth.p99).toFixed(2)} (target ≤ 2×; ${busyHealth.n} requests)`);
    console.log(`dashboard p95 at ${USERS} users: idle ${fmt(idleDash.p95)}, during letters ${fmt(busyDash.p95)} → ×${(busyDash.p95 / idleDash.p95).toFixed(2)} (target ≤ 2×; ${busyDash.n} requests, ${busyDash.non2xx} not 2xx)`);
  } finally {
    await t.close();
  }
}

function officerCookieHeader(b: Browserless): string {
  return (b as unknown as { cookies: Map<string, string> }).cookies ? [...(b as unknown as { cookies: Map<string, string> }).cookies].map(([k, v]) => `${k}=${v}`).join('; ') : '';
}

async function waitFor(t: Awaited<ReturnType<typeof startTestApp>>, id: number) {
  for (;;) {
    const [j] = await t.database.db.select().from(jobs).where(eq(jobs.id, id));
    if (j.status === 'succeeded') return j;
    if (j.status === 'failed' || j.status === 'cancelled') throw new Error(`job ${id} ${j.status}: ${j.error}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
