// Load stage (issue 15): the real app (`lodestar serve`, compiled dist/) started on a data directory
// of its own with the bundled LA — or a fresh database on DATABASE_URL — and 50 concurrent signed-in
// users (autocannon, loopback) on /health, a school dashboard, the register, the categorisation
// overview, the watch list and the programme. Prints p50/p95/p99, errors and each page's p95 ÷ /health
// p95, and the server's peak RSS. Figures only: nothing here asserts a time.
// The `load-national` stage does the same on a copy of the national installation built by
// `bench/national.ts` (every open state-funded school in England on a RECONSTRUCTED register, embedded
// PGlite), and first times each page once on a cold page cache: what an officer waits for after a change.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { MEMORY_LOG_PREFIX, type MemoryFigures } from '../src/memoryLog.js';
import { createServerDatabase } from '../test/support/db.js';
import { freePort, waitForHealth } from '../test/support/cli.js';
import { Browserless } from '../test/support/http.js';
import { nationalInstallation } from './national.js';

const CONNECTIONS = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const SESSIONS = 10;
const root = path.resolve(new URL('..', import.meta.url).pathname);

// Abbots Langley School (URN 117083): in the bundled LA and, as a real URN of the 2019 census, in the
// national register too.
const PAGES: { name: string; path: string; target: string }[] = [
  { name: '/health', path: '/health', target: '' },
  { name: 'school dashboard', path: '/schools/117083/dashboard', target: 'p95 < 100 ms and ≤ 3×' },
  { name: '/schools', path: '/schools', target: '≤ 5×' },
  { name: '/categorisation', path: '/categorisation', target: '≤ 5×' },
  { name: '/risk (watch list)', path: '/risk', target: '≤ 5×' },
  { name: '/engagement/programme', path: '/engagement/programme?year=2025/26', target: '≤ 5×' },
];

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
}

function rssOf(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** CPU seconds (user + system, every thread) the process has used, from /proc (clock ticks of 1/100 s). */
function cpuOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The app's LODESTAR_MEMORY_LOG lines (the app's and its first-start child's), read off its stderr; other lines pass through. */
function memoryLines(child: ChildProcess): { lines: (MemoryFigures & { at: number })[]; next(point: string): Promise<MemoryFigures> } {
  const lines: (MemoryFigures & { at: number })[] = [];
  const waiting: { point: string; resolve: (m: MemoryFigures) => void }[] = [];
  let rest = '';
  child.stderr!.on('data', (d: Buffer) => {
    const parts = (rest + d.toString()).split('\n');
    rest = parts.pop()!;
    for (const line of parts) {
      if (!line.startsWith(MEMORY_LOG_PREFIX)) {
        process.stderr.write(`${line}\n`);
        continue;
      }
      const m = { ...(JSON.parse(line.slice(MEMORY_LOG_PREFIX.length)) as MemoryFigures), at: performance.now() };
      lines.push(m);
      for (const w of waiting.filter((w) => w.point === m.point)) w.resolve(m);
    }
  });
  return { lines, next: (point) => new Promise((resolve) => waiting.push({ point, resolve })) };
}

function describeMemory(m: MemoryFigures): string {
  return `RSS ${m.rss} MB (peak ${m.peak} MB): JS heap ${m.heapUsed} of ${m.heapTotal} MB, external ${m.external} MB (array buffers ${m.arrayBuffers} MB)${m.wasm === null ? '' : `, PGlite wasm ${m.wasm} MB`}; heap spaces ${Object.entries(m.spaces)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')} MB`;
}

/**
 * BENCH_LOAD_MEMORY_TRACE=<ms>: the server's RSS every <ms> and, once a second after it listens, its heap
 * and PGlite's memory (SIGUSR2), each with the bench's phase, so the peak is traced to what made it.
 */
function memoryTrace(child: ChildProcess, started: number, listening: () => boolean) {
  const every = Number(process.env.BENCH_LOAD_MEMORY_TRACE ?? 0);
  let current = 'start';
  const samples: { t: number; phase: string; rss: number; peak: number }[] = [];
  const phases: { t: number; phase: string }[] = [];
  const now = () => (performance.now() - started) / 1000;
  const timer = every
    ? setInterval(() => {
        try {
          samples.push({ t: now(), phase: current, ...rssOf(child.pid!) });
          // Only once the app has said it listens: it installs its SIGUSR2 handler then, and the signal kills it before.
          if (listening() && samples.length % Math.max(1, Math.round(1000 / every)) === 0) child.kill('SIGUSR2');
        } catch {
          /* the server has gone */
        }
      }, every)
    : null;
  return {
    phase(p: string) {
      current = p;
      phases.push({ t: now(), phase: p });
    },
    stop() {
      if (timer) clearInterval(timer);
    },
    print(lines: (MemoryFigures & { at: number })[]) {
      if (!every) return;
      console.log('memory trace (s since start: RSS MB [peak]; from the app once a second: JS heap used/committed, new/old/large-object space, external, PGlite wasm, MB):');
      const events = [
        ...samples.map((s) => ({ t: s.t, text: `${s.t.toFixed(2)} ${s.phase}: RSS ${s.rss.toFixed(0)} [${s.peak.toFixed(0)}]` })),
        ...lines
          .filter((l) => l.point === 'on SIGUSR2' || l.point === 'escalation check done')
          .map((m) => ({ t: (m.at - started) / 1000, text: `${((m.at - started) / 1000).toFixed(2)}   app: heap ${m.heapUsed}/${m.heapTotal}, new ${m.spaces.new_space ?? 0}, old ${m.spaces.old_space ?? 0}, lo ${m.spaces.large_object_space ?? 0}, external ${m.external}, wasm ${m.wasm ?? '-'}${m.point === 'on SIGUSR2' ? '' : ` (${m.point})`}` })),
      ].sort((a, b) => a.t - b.t);
      for (const e of events) console.log(`  ${e.text}`);
    },
  };
}

async function measure(url: string, cookies: string[]) {
  const latencies: number[] = [];
  let next = 0;
  const inst = autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    // A slow answer is measured, not counted as an error (autocannon's default gives up after 10 s).
    timeout: 60,
    // Each connection is one of the signed-in sessions, so the app sees many users, not one, and sends
    // what every browser sends with a page request: it accepts a compressed answer.
    setupClient: (client) => client.setHeaders({ cookie: cookies[next++ % cookies.length], 'accept-encoding': 'gzip, deflate, br' }),
  });
  inst.on('response', (_c: unknown, _s: number, _b: number, ms: number) => latencies.push(ms));
  const r = await inst;
  if (r.non2xx + r.errors + r.timeouts > 0) console.log(`  ${url}: ${r.non2xx} not 2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), n: latencies.length, errors: r.errors + r.timeouts + r.non2xx, rps: latencies.length / SECONDS };
}

interface Installation {
  title: string;
  /** The app's embedded data directory. */
  dataDir: string;
  env: Record<string, string>;
  startLabel: string;
  rssTarget: string;
  /** Time each page once before warming (page cache cold, the data version just moved by the sign-ins). */
  firstTimes: boolean;
}

/**
 * The Node flags `npm start` gives the app (package.json's start script), so the app is measured as it runs;
 * BENCH_LOAD_NODE_FLAGS (space-separated, may be empty) replaces them to compare settings in turns.
 */
function startScriptNodeFlags(): string[] {
  if (process.env.BENCH_LOAD_NODE_FLAGS !== undefined) return process.env.BENCH_LOAD_NODE_FLAGS.split(/\s+/).filter(Boolean);
  const start = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const words = start.trim().split(/\s+/);
  return words.slice(1, words.indexOf('bin/lodestar.js')).filter((w) => w.startsWith('--'));
}

async function runLoad(inst: Installation): Promise<void> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', LODESTAR_DATA_DIR: inst.dataDir, NODE_ENV: 'development', LODESTAR_MEMORY_LOG: '1', ...inst.env };
  console.log(inst.title);
  const started = performance.now();
  // BENCH_LOAD_CPU_PROF=<dir> writes the server's CPU profile there when it stops (to see where a page's time goes).
  const prof = process.env.BENCH_LOAD_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_LOAD_CPU_PROF)}`] : [];
  const flags = startScriptNodeFlags();
  console.log(`node flags: ${flags.join(' ') || '(none)'}`);
  const child = spawn(process.execPath, [...flags, ...prof, path.join(root, 'bin/lodestar.js'), 'serve'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const memory = memoryLines(child);
  const trace = memoryTrace(child, started, () => memory.lines.some((l) => l.pid === child.pid && l.point === 'listening'));
  try {
    trace.phase('start');
    await waitForHealth(url, child);
    trace.phase('listening: sign-ins, warm-up, waiting for the escalation check');
    const ready = rssOf(child.pid!);
    console.log(`${inst.startLabel}: ${((performance.now() - started) / 1000).toFixed(1)} s; server RSS when first ready ${ready.rss.toFixed(0)} MB (peak ${ready.peak.toFixed(0)} MB)`);
    // The escalation check the app runs soon after start: /health asked every 250 ms until it is done, so
    // how long the check holds the app is seen; the load table waits for it (its figures are the app's alone).
    const checkDone = memory.next('escalation check done');
    let checking = true;
    void checkDone.then(() => (checking = false));
    const healthDuringCheck: number[] = [];
    const probe = (async () => {
      while (checking && child.exitCode === null) {
        const t = performance.now();
        await fetch(`${url}/health`).then((r) => r.text()).catch(() => '');
        healthDuringCheck.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    const cookies: string[] = [];
    for (let i = 0; i < SESSIONS; i++) {
      const b = await new Browserless(url).signInAs('senior_leader');
      cookies.push(b.cookieHeader());
    }
    const get = async (p: string, cookie = cookies[0]) => {
      const t = performance.now();
      // node:http, not fetch: fetch gives up after 300 s without headers, and a national-size page on a
      // loaded machine right after start can take longer; its time is the figure wanted.
      const { status, html } = await new Promise<{ status: number; html: string }>((resolve, reject) => {
        http
          .get(url + p, { headers: { cookie } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, html: Buffer.concat(chunks).toString('utf8') }));
            res.on('error', reject);
          })
          .on('error', reject);
      });
      if (status !== 200) throw new Error(`${p} answered ${status}`);
      return { ms: performance.now() - t, pending: /being prepared/.test(html), bytes: Buffer.byteLength(html) };
    };
    // BENCH_LOAD_PAGES=dashboard,/risk measures /health and the pages whose names contain one of these;
    // the others are neither warmed nor timed (a page left out is not waited for).
    const only = process.env.BENCH_LOAD_PAGES?.split(',').filter(Boolean);
    const pages = PAGES.filter((p) => p.path === '/health' || !only || only.some((o) => p.name.includes(o)));
    const first = new Map<string, string>();
    // Warm each page once (first-request compilation, a programme being prepared), as a user would have.
    for (const p of pages) {
      const t0 = performance.now();
      let r = await get(p.path);
      const note = [`${r.ms.toFixed(0)} ms`];
      // The programme is planned once per data version: wait (up to 10 minutes) until it is ready.
      for (let i = 0; r.pending && i < 200; i++) {
        await new Promise((res) => setTimeout(res, 3000));
        r = await get(p.path);
        if (!r.pending) note.push(`"being prepared" first; ready after ${((performance.now() - t0) / 1000).toFixed(1)} s, that request ${r.ms.toFixed(0)} ms`);
      }
      first.set(p.name, `${note.join(', ')}; ${(r.bytes / 1024).toFixed(0)} KB`);
    }
    if (inst.firstTimes) {
      console.log('first request of each page after start, one signed-in user (templates compiled, programme planned):');
      for (const p of pages) console.log(`  ${p.name}: ${first.get(p.name)}`);
      // Pages are kept per browser: a browser that has not asked before misses every page, as every reader
      // does after a change, while the process is warm.
      const fresh = (await new Browserless(url).signInAs('senior_leader')).cookieHeader();
      const misses: string[] = [];
      for (const p of pages) {
        const r = await get(p.path, fresh);
        misses.push(`${p.name} ${r.ms.toFixed(0)} ms${r.pending ? ' ("being prepared")' : ''}`);
      }
      console.log(`one request of each page after a change (page cache miss, warm app): ${misses.join('; ')}`);
      console.log(`  server RSS after these: ${rssOf(child.pid!).rss.toFixed(0)} MB`);
    }
    // A server that dies meanwhile would otherwise leave the stage waiting for ever.
    const died = new Promise<never>((_, reject) => child.once('exit', (code, signal) => reject(new Error(`the server exited (${code ?? signal}) before its escalation check was done`))));
    died.catch(() => {});
    await Promise.race([checkDone, died]);
    await probe;
    trace.phase('escalation check done');
    console.log(
      `start-up escalation check done ${((performance.now() - started) / 1000).toFixed(1)} s after the start began; /health asked every 250 ms meanwhile (with the requests above): ${healthDuringCheck.length} answers, p50 ${percentile(healthDuringCheck, 50).toFixed(0)} ms, p95 ${percentile(healthDuringCheck, 95).toFixed(0)} ms, max ${Math.max(...healthDuringCheck).toFixed(0)} ms`,
    );
    const rows: { page: (typeof PAGES)[number]; r: Awaited<ReturnType<typeof measure>>; mem: ReturnType<typeof rssOf>; cpuMs: number }[] = [];
    // The server's RSS and peak after each page, so a rise in the peak is traced to the page that made it.
    for (const p of pages) {
      trace.phase(`load ${p.name}`);
      const cpu0 = cpuOf(child.pid!);
      const r = await measure(url + p.path, cookies);
      rows.push({ page: p, r, mem: rssOf(child.pid!), cpuMs: ((cpuOf(child.pid!) - cpu0) * 1000) / Math.max(1, r.n) });
    }
    trace.phase('after the load');
    const health = rows[0].r.p95;
    // The server's CPU per answer (all its threads) is the figure that a busy machine disturbs least.
    console.log('| page | requests/s | p50 | p95 | p99 | errors | p95 ÷ /health p95 | target | server CPU per answer | server RSS after (peak) |');
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const { page, r, mem, cpuMs } of rows) {
      console.log(`| ${page.name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(0)} ms | ${r.p95.toFixed(0)} ms | ${r.p99.toFixed(0)} ms | ${r.errors} | ×${(r.p95 / health).toFixed(1)} | ${page.target} | ${cpuMs.toFixed(2)} ms | ${mem.rss.toFixed(0)} MB (${mem.peak.toFixed(0)} MB) |`);
    }
    const mem = rssOf(child.pid!);
    console.log(`server RSS after the load: ${mem.rss.toFixed(0)} MB, peak ${mem.peak.toFixed(0)} MB (target ${inst.rssTarget}); server CPU since start ${cpuOf(child.pid!).toFixed(1)} s; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    trace.stop();
    await new Promise((r) => setTimeout(r, 200));
    const after = memory.next('on SIGUSR2');
    child.kill('SIGUSR2');
    const points = [...memory.lines, await after];
    trace.print(memory.lines);
    for (const m of points.filter((m, i) => m.point !== 'on SIGUSR2' || i === points.length - 1)) console.log(`  ${m.pid === child.pid ? 'server' : `first-start child (pid ${m.pid})`}, ${m.point === 'on SIGUSR2' ? 'after the load' : m.point}: ${describeMemory(m)}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

export async function loadBench(): Promise<void> {
  const engine = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite (embedded)';
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-load-'));
  const server = process.env.DATABASE_URL ? await createServerDatabase(process.env.DATABASE_URL) : null;
  try {
    await runLoad({
      title: `\n## Load: ${CONNECTIONS} concurrent signed-in users per page, ${SECONDS} s each, real app on ${engine}, bundled LA (${os.availableParallelism()} cores)`,
      dataDir: path.join(dataDir, 'data'),
      env: { DATABASE_URL: server?.url ?? '' },
      startLabel: 'first start (migrate, load and score the bundled data)',
      rssTarget: '< 400 MB',
      firstTimes: false,
    });
  } finally {
    await server?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The same load on a copy of the national installation (embedded PGlite only), built first if absent. */
export async function loadNationalBench(): Promise<void> {
  if (process.env.DATABASE_URL) console.log('\nload-national: embedded PGlite only (DATABASE_URL is ignored by this stage)');
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  const national = await nationalInstallation();
  // A copy, so that the run's sign-ins, demo accounts and programme never change the installation others measure.
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-load-national-'));
  try {
    execFileSync('cp', ['-a', path.join(national.dir, 'data'), path.join(copy, 'data')]);
    fs.rmSync(path.join(copy, 'data', 'lodestar.lock'), { force: true });
    await runLoad({
      title: `\n## Load, national size: ${CONNECTIONS} concurrent signed-in users per page, ${SECONDS} s each, real app on PGlite (embedded), a copy of ${national.dir}: ${national.schools.toLocaleString('en-GB')} schools, RECONSTRUCTED register from the real 2019 census list with the real 2014/15 and 2018/19 national files (${os.availableParallelism()} cores; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`,
      dataDir: path.join(copy, 'data'),
      env: { DATABASE_URL: '', LODESTAR_LA: national.la },
      startLabel: 'start (migrations and demo accounts on the copy)',
      rssTarget: '< 1 GB',
      firstTimes: true,
    });
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}
