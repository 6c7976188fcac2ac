// Issue 15's national paths, through the CLI as an officer runs them: `lodestar categorise` (whole-LA
// proposal with explanations), `lodestar risk --as-of` and `lodestar programme`, on an embedded
// installation holding every open state-funded school in England. Prints wall time, peak RSS and where
// the CPU went (one `--cpu-prof` run per command, self time summed by file: database layer vs domain).
// Asserts nothing.
//
// The installation: a RECONSTRUCTED register (the real 2019 census list of state-funded schools — real
// URNs, ESTAB numbers and school types — written as a performance-tables school-information file with
// every school in one LA, made-up names and the address columns of a real Hertfordshire row of the same
// kind; the file name says RECONSTRUCTED), then the real national files of the bundle (2014/15 and
// 2018/19 KS2, KS4, census, absence, with the Ofsted columns) imported through the product's importer,
// so every school's evidence is its own. Built once into BENCH_NATIONAL_DIR (default a folder under the
// system temporary directory) and reused while that folder exists: the build takes minutes.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/client.js';
import { importEvidence } from '../src/importers/evidenceImport.js';
import { importRegister } from '../src/importers/registerImport.js';
import { ensureOrganisation } from '../src/repositories/organisations.js';
import { readBundle } from '../src/services/bundle.js';
import { readDistrictConfig } from '../src/services/laConfig.js';

const root = path.resolve(new URL('..', import.meta.url).pathname);
const datasets = path.join(root, 'datasets');
const LA = '919';

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** A school-information file for every state-funded school in the 2019 census, all in LA 919. */
function writeReconstructedRegister(file: string): number {
  const census = parse(fs.readFileSync(path.join(datasets, 'england-2019/england_census.csv')), { columns: true, bom: true }) as Record<string, string>[];
  const herts = parse(fs.readFileSync(path.join(datasets, 'hertfordshire-919/2024-25/919_school_information.csv')), { columns: true, bom: true, relax_column_count: true }) as Record<string, string>[];
  const header = Object.keys(herts[0]!);
  const open = herts.filter((r) => r.SCHSTATUS === 'Open');
  const like = (p: (r: Record<string, string>) => boolean) => open.find(p)!;
  const templates: Record<string, Record<string, string>> = {
    'State-funded primary': like((r) => r.SCHOOLTYPE === 'Community school' && r.ISPRIMARY === '1' && r.ISSECONDARY === '0'),
    'State-funded secondary': like((r) => r.SCHOOLTYPE === 'Academy converter' && r.ISSECONDARY === '1' && r.ISPRIMARY === '0'),
    'State-funded special school': like((r) => r.SCHOOLTYPE === 'Community special school'),
    // Hertfordshire's performance-tables file lists no PRU or nursery school: the primary row with the type changed.
    'Pupil referral unit': { ...like((r) => r.SCHOOLTYPE === 'Community school'), MINORGROUP: 'Maintained school', SCHOOLTYPE: 'Pupil referral unit', ISPRIMARY: '0', ISSECONDARY: '0' },
    'State-funded nursery': { ...like((r) => r.SCHOOLTYPE === 'Community school'), MINORGROUP: 'Maintained school', SCHOOLTYPE: 'Local authority nursery school', ISPRIMARY: '0', ISSECONDARY: '0', AGELOW: '2', AGEHIGH: '5' },
  };
  const out = [header.join(',')];
  let n = 0;
  for (const c of census) {
    const t = templates[c.SCHOOLTYPE ?? ''];
    if (!t || !/^\d+$/.test(c.URN ?? '')) continue;
    const estab = /^\d{4}$/.test(c.ESTAB ?? '') ? c.ESTAB! : String(2000 + (n % 7000));
    const row: Record<string, string> = { ...t, URN: c.URN!, LA, LANAME: 'Hertfordshire', ESTAB: estab, LAESTAB: `${LA}${estab}`, SCHNAME: `School ${c.URN} (reconstructed, LA ${c.LA})`, OPENDATE: '', CLOSEDATE: '' };
    out.push(header.map((h) => csvCell(row[h] ?? '')).join(','));
    n++;
  }
  fs.writeFileSync(file, out.join('\r\n'));
  return n;
}

export async function build(dir: string): Promise<void> {
  const t0 = performance.now();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const data = path.join(dir, 'data');
  const register = path.join(dir, 'RECONSTRUCTED-2019-census-schools-all-in-919_school_information.csv');
  const n = writeReconstructedRegister(register);
  const database = await openDatabase({ dataDir: data });
  try {
    const db = database.db;
    const org = await ensureOrganisation(db, { kind: 'local_authority', code: LA, name: 'Hertfordshire' });
    let t = performance.now();
    await importRegister(db, { format: 'school-information', file: register, organisation: org, districtConfig: readDistrictConfig(LA), importedBy: 'bench', asAt: '2019-09-01' });
    console.log(`  build: RECONSTRUCTED register of ${n.toLocaleString('en-GB')} schools imported in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    const bundle = readBundle(datasets, LA)!;
    for (const f of bundle.files.filter((f) => /^england-20(15|19)\//.test(path.relative(datasets, f.path)))) {
      t = performance.now();
      const r = await importEvidence(db, { kind: f.kind as 'ks2', file: f.path, organisation: org, importedBy: 'bench', academicYear: f.academicYear });
      console.log(`  build: ${path.relative(datasets, f.path)} (${f.academicYear}): ${r.observations.toLocaleString('en-GB')} observations, ${r.inspections.toLocaleString('en-GB')} inspections in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    }
    await db.execute(sql`analyze`);
  } finally {
    await database.close();
  }
  fs.writeFileSync(path.join(dir, 'built.json'), JSON.stringify({ schools: n, builtAt: new Date().toISOString() }));
  console.log(`  build: ${((performance.now() - t0) / 1000).toFixed(0)} s in all`);
}

/** The national installation's folder (BENCH_NATIONAL_DIR or a folder under the system temporary directory), built if absent. */
export async function nationalInstallation(): Promise<{ dir: string; schools: number; la: string }> {
  const dir = process.env.BENCH_NATIONAL_DIR ?? path.join(os.tmpdir(), 'lodestar-bench-national');
  if (!fs.existsSync(path.join(dir, 'built.json'))) await build(dir);
  const { schools } = JSON.parse(fs.readFileSync(path.join(dir, 'built.json'), 'utf8')) as { schools: number };
  return { dir, schools, la: LA };
}

interface Run {
  wallMs: number;
  peakRssMb: number;
  cpuMs: number;
  outBytes: number;
  profile?: string;
}

/** Runs `lodestar <args>` as a child process; its peak RSS is written by bench/maxrss.mjs when it exits. */
async function lodestar(dir: string, args: string[], opts: { profileDir?: string } = {}): Promise<Run> {
  const rssFile = path.join(dir, `rss-${process.pid}-${Date.now()}.txt`);
  const out = path.join(dir, 'out.txt');
  const node = ['--import', path.join(root, 'bench/maxrss.mjs'), ...(opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`] : []), path.join(root, 'bin/lodestar.js'), ...args];
  const fd = fs.openSync(out, 'w');
  const start = performance.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, node, {
      stdio: ['ignore', fd, 'inherit'],
      env: { ...process.env, DATABASE_URL: '', LODESTAR_DATA_DIR: path.join(dir, 'data'), LODESTAR_LA: LA, LOG_LEVEL: 'warn', BENCH_RSS_FILE: rssFile },
    });
    child.on('error', reject);
    child.on('exit', resolve);
  });
  const wallMs = performance.now() - start;
  fs.closeSync(fd);
  if (code !== 0) throw new Error(`lodestar ${args.join(' ')} exited with ${code}`);
  const usage = JSON.parse(fs.readFileSync(rssFile, 'utf8')) as { maxRssKb: number; cpuMs: number };
  fs.rmSync(rssFile, { force: true });
  const profile = opts.profileDir ? fs.readdirSync(opts.profileDir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(opts.profileDir!, f))[0] : undefined;
  return { wallMs, peakRssMb: usage.maxRssKb / 1024, cpuMs: usage.cpuMs, outBytes: fs.statSync(out).size, profile };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

/** Which layer a sampled function belongs to, from its file. */
function layerOf(frame: ProfileNode['callFrame']): string {
  const u = frame.url;
  if (u.includes('@electric-sql/pglite') || u.startsWith('wasm://')) return 'PGlite';
  if (u.includes('/drizzle-orm/')) return 'drizzle';
  if (/\/node_modules\/pg(-[a-z]+)?\//.test(u)) return 'pg';
  if (u.includes('/node_modules/')) return 'other libraries';
  if (/\/(src|dist)\/repositories\//.test(u)) return 'repositories';
  if (/\/(src|dist)\/domain\//.test(u)) return 'domain';
  if (/\/(src|dist)\/risk\//.test(u)) return 'risk model';
  if (/\/(src|dist)\//.test(u)) return 'other Lodestar';
  if (frame.functionName === '(garbage collector)') return 'GC';
  if (frame.functionName === '(idle)' || frame.functionName === '(program)') return frame.functionName;
  return 'Node';
}

export function profileShares(file: string): { totalMs: number; shares: [string, number][] } {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const layer = new Map(p.nodes.map((n) => [n.id, layerOf(n.callFrame)]));
  const ms = new Map<string, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const l = layer.get(p.samples[i]!) ?? 'Node';
    ms.set(l, (ms.get(l) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  }
  const totalMs = [...ms].filter(([k]) => k !== '(idle)').reduce((a, [, v]) => a + v, 0);
  return { totalMs, shares: [...ms].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]) };
}

export async function nationalBench(): Promise<void> {
  if (process.env.DATABASE_URL) console.log('\nnational: embedded PGlite only (DATABASE_URL is ignored by this stage)');
  const dir = process.env.BENCH_NATIONAL_DIR ?? path.join(os.tmpdir(), 'lodestar-bench-national');
  console.log(`\nNational paths through the CLI (embedded PGlite in ${dir}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  // The CLI runs dist/ only when it is current (else the sources through tsx, slower): make it current.
  await new Promise((resolve) => spawn(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' }).on('exit', resolve));
  const { schools } = await nationalInstallation();
  console.log(`  installation: ${schools.toLocaleString('en-GB')} open state-funded schools (RECONSTRUCTED register from the real 2019 census list, real 2014/15 and 2018/19 national evidence)`);
  const commands: [string, string[]][] = [
    ['start-up only (users list)', ['users', 'list']],
    ['categorise (whole LA, explanations, JSON)', ['categorise', '--policy', 'staffordshire-2014', '--as-of', '2020-01-31', '--json', '--include-confidential']],
    ['risk --as-of (JSON)', ['risk', '--as-of', '2020-01-31', '--format', 'json', '--include-confidential']],
    ['programme (JSON)', ['programme', '--year', '2026/27', '--json']],
  ];
  const only = process.env.BENCH_NATIONAL_ONLY?.split(',');
  let startup = 0;
  let startupCpu = 0;
  for (const [label, args] of commands) {
    if (only && !only.some((o) => args[0] === o)) continue;
    // The first open after the build registers policies and demo accounts: start-up is timed warm.
    if (args[0] === 'users') await lodestar(dir, args);
    const run = await lodestar(dir, args);
    if (args[0] === 'users') [startup, startupCpu] = [run.wallMs, run.cpuMs];
    const profDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-prof-'));
    try {
      const prof = await lodestar(dir, args, { profileDir: profDir });
      const { totalMs, shares } = profileShares(prof.profile!);
      const pct = (names: string[]) => (100 * shares.filter(([k]) => names.includes(k)).reduce((a, [, v]) => a + v, 0)) / totalMs;
      const afterStart = args[0] === 'users' || !startup ? '' : ` (${((run.wallMs - startup) / 1000).toFixed(1)} s wall, ${((run.cpuMs - startupCpu) / 1000).toFixed(1)} s CPU after start-up)`;
      console.log(`  ${label}: ${(run.wallMs / 1000).toFixed(1)} s wall, ${(run.cpuMs / 1000).toFixed(1)} s CPU${afterStart}; peak RSS ${run.peakRssMb.toFixed(0)} MB; output ${(run.outBytes / 1e6).toFixed(1)} MB`);
      console.log(`    profiled run ${(prof.wallMs / 1000).toFixed(1)} s wall, ${(totalMs / 1000).toFixed(1)} s sampled: database layer (PGlite+drizzle+pg) ${pct(['PGlite', 'drizzle', 'pg']).toFixed(0)}%, repositories ${pct(['repositories']).toFixed(0)}%, src/domain ${pct(['domain']).toFixed(0)}%`);
      console.log(`    by layer: ${shares.map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')}`);
      if (process.env.BENCH_KEEP_PROFILES) {
        const keep = path.join(dir, `${args[0]}.cpuprofile`);
        fs.copyFileSync(prof.profile!, keep);
        console.log(`    profile kept: ${keep}`);
      }
    } finally {
      fs.rmSync(profDir, { recursive: true, force: true });
    }
  }
}
