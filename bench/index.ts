// `npm run bench`: speed and memory figures, printed with ratios. Benchmarks, never tests: nothing
// here asserts a time. Set BENCH_ROWS to change the register file size (default 50,000).
import { categorisationBench } from './categorisation.js';
import { importsBench } from './imports.js';
import { jobsBench } from './jobs.js';
import { loadBench } from './load.js';
import { registerBench } from './register.js';
import { riskBench } from './risk.js';

// BENCH_ONLY=load runs one stage (comma-separated names: register, categorisation, risk, imports, jobs, load).
const only = process.env.BENCH_ONLY?.split(',');
const want = (name: string) => !only || only.includes(name);
const rows = Number(process.env.BENCH_ROWS ?? 50_000);
console.log(`Lodestar benchmarks — Node ${process.version}, ${new Date().toISOString()}`);
if (want('register')) await registerBench(rows);
if (want('categorisation')) await categorisationBench();
if (want('risk')) await riskBench();
if (want('imports')) await importsBench();
if (want('jobs')) await jobsBench();
if (want('load')) await loadBench();
