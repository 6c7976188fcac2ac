// Preloaded into a benchmarked CLI process (`node --import`): on exit, writes the process's peak
// resident set size (kB) and CPU time (user + system, ms) to BENCH_RSS_FILE, for bench/national.ts.
// CPU time is the figure to compare on a shared machine: wall time there is mostly waiting for a core.
import fs from 'node:fs';

process.on('exit', () => {
  if (!process.env.BENCH_RSS_FILE) return;
  const u = process.resourceUsage();
  fs.writeFileSync(process.env.BENCH_RSS_FILE, JSON.stringify({ maxRssKb: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));
});
