// `npm run bench`: speed and memory figures, printed with ratios. Benchmarks, never tests: nothing
// here asserts a time. Set BENCH_ROWS to change the register file size (default 50,000).
import { categorisationBench } from './categorisation.js';
import { importsBench } from './imports.js';
import { jobsBench } from './jobs.js';
import { registerBench } from './register.js';
import { riskBench } from './risk.js';

const rows = Number(process.env.BENCH_ROWS ?? 50_000);
console.log(`Lodestar benchmarks — Node ${process.version}, ${new Date().toISOString()}`);
await registerBench(rows);
await categorisationBench();
await riskBench();
await importsBench();
await jobsBench();
