// Preloaded into a benchmarked CLI process (`node --import`): on exit, writes the process's peak
// resident set size in kilobytes to BENCH_RSS_FILE, for bench/national.ts.
import fs from 'node:fs';

process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) fs.writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
