// `npm run bench`: speed and memory figures, printed with ratios. Benchmarks, never tests: nothing
// here asserts a time. Set BENCH_ROWS to change the register file size (default 50,000).
import { categorisationBench } from './categorisation.js';
import { cliBench } from './cli.js';
import { importsBench } from './imports.js';
import { importsRealBench } from './importsReal.js';
import { jobsBench } from './jobs.js';
import { loadBench, loadNationalBench } from './load.js';
import { nationalBench } from './national.js';
import { registerBench } from './register.js';
import { riskBench } from './risk.js';
import { riskRegisterBench } from './riskRegister.js';
import { strategicBench } from './strategic.js';
import { watchListBench } from './watchlist.js';

const rows = Number(process.env.BENCH_ROWS ?? 50_000);
const stages: Record<string, () => Promise<void>> = {
  register: () => registerBench(rows),
  categorisation: categorisationBench,
  risk: riskBench,
  'risk-register': () => riskRegisterBench(rows),
  imports: importsBench,
  'imports-real': importsRealBench,
  jobs: jobsBench,
  load: loadBench,
  'load-national': loadNationalBench,
  strategic: strategicBench,
  national: nationalBench,
  watchlist: () => watchListBench(rows),
  cli: cliBench,
};
// `npm run bench -- jobs imports` (or BENCH_ONLY=jobs,imports) runs only those stages, in the order given;
// none runs them all.
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : (process.env.BENCH_ONLY?.split(',').filter(Boolean) ?? []);
const unknown = chosen.filter((c) => !(c in stages));
if (unknown.length) {
  console.error(`Unknown benchmark stage ${unknown.join(', ')}; stages: ${Object.keys(stages).join(', ')}`);
  process.exit(2);
}
console.log(`Lodestar benchmarks — Node ${process.version}, ${new Date().toISOString()}`);
for (const name of chosen.length ? chosen : Object.keys(stages)) await stages[name]!();
