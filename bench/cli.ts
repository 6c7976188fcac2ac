// Issue 15's check: `lodestar schools --json` on an initialised embedded installation (the bundled LA)
// in under 1.5 s. Runs the real command N times (BENCH_CLI_RUNS, default 5) as `node bin/lodestar.js`
// and as `npx lodestar`, first with no app running (the command opens the data directory itself), then
// with `lodestar serve` running on it (the command goes through the app's socket), and prints the median wall time, the median CPU time of
// the command's own process (user + system: on a shared machine wall time is mostly waiting for a core)
// and the ratio to the target. Figures only.
import { execFile, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitForHealth } from '../test/support/cli.js';

const run = promisify(execFile);
const root = process.cwd();
const TARGET_MS = 1500;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');

/** One run: wall time, and CPU time of the lodestar process as bench/maxrss.mjs records it at exit. */
async function once(cmd: string, args: string[], env: NodeJS.ProcessEnv, rssFile: string): Promise<{ wallMs: number; cpuMs: number | null; bytes: number }> {
  fs.rmSync(rssFile, { force: true });
  const started = performance.now();
  const { stdout } = await run(cmd, args, { cwd: root, env, maxBuffer: 64 * 1024 * 1024 });
  const wallMs = performance.now() - started;
  const cpuMs = fs.existsSync(rssFile) ? (JSON.parse(fs.readFileSync(rssFile, 'utf8')) as { cpuMs: number }).cpuMs : null;
  return { wallMs, cpuMs, bytes: stdout.length };
}

export async function cliBench(): Promise<void> {
  console.log('\n## CLI start: `lodestar schools --json` on an initialised embedded installation');
  const runs = Number(process.env.BENCH_CLI_RUNS ?? 5);
  // The command runs dist/ when it is current; a stale build would measure tsx compiling the sources.
  execFileSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-bench-cli-'));
  const rssFile = path.join(dir, 'usage.json');
  const preload = `--import=${path.join(root, 'bench/maxrss.mjs')}`;
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent', LODESTAR_DATA_DIR: path.join(dir, 'data'), BENCH_RSS_FILE: rssFile };
  delete env.DATABASE_URL;
  try {
    const first = await once('node', [preload, 'bin/lodestar.js', 'schools', '--json'], env, rssFile);
    console.log(`first run (initialises the installation with the bundled data): ${(first.wallMs / 1000).toFixed(1)} s wall, ${((first.cpuMs ?? NaN) / 1000).toFixed(1)} s CPU`);
    // npx runs the same bin in a process of its own, which the preload cannot single out: wall time only.
    const measure = async (label: string, cmd: string, args: readonly string[]) => {
      const results = [];
      for (let i = 0; i < runs; i++) results.push(await once(cmd, [...args], env, rssFile));
      const wall = median(results.map((r) => r.wallMs));
      const cpus = results.flatMap((r) => (r.cpuMs === null ? [] : [r.cpuMs]));
      const cpu = cpus.length ? `, lodestar process ${median(cpus).toFixed(0)} ms CPU (${(median(cpus) / TARGET_MS).toFixed(2)}×)` : '';
      console.log(`${label}: median of ${runs} ${wall.toFixed(0)} ms wall (${(wall / TARGET_MS).toFixed(2)}× the 1.5 s target)${cpu}; ${results[0].bytes} bytes out; load average ${load()}`);
    };
    const node = ['node bin/lodestar.js schools --json', 'node', [preload, 'bin/lodestar.js', 'schools', '--json']] as const;
    const npx = ['npx lodestar schools --json', 'npx', ['lodestar', 'schools', '--json']] as const;
    for (const [label, cmd, args] of [node, npx]) await measure(`${label} (no app running: the command opens the database)`, cmd, args);
    // An installation in use has the app running: a command then works through the app's private socket
    // and starts no database of its own.
    const port = await freePort();
    const app = spawn(process.execPath, ['bin/lodestar.js', 'serve'], { cwd: root, env: { ...env, PORT: String(port), HOST: '127.0.0.1', BENCH_RSS_FILE: '' }, stdio: 'ignore' });
    try {
      await waitForHealth(`http://127.0.0.1:${port}`, app);
      for (const [label, cmd, args] of [node, npx]) await measure(`${label} (the app running: through its socket)`, cmd, args);
    } finally {
      app.kill('SIGTERM');
      await new Promise((resolve) => app.once('exit', resolve));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
