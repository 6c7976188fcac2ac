// Times the visit programme page's first request (a miss) on a running `lodestar serve` (BENCH_URL,
// BENCH_PID): the server's wall and CPU time for it, the page's size and the server's RSS before and after.
import fs from 'node:fs';
import { Browserless } from '../test/support/http.js';

const url = process.env.BENCH_URL!;
const pid = Number(process.env.BENCH_PID);
const path = process.env.BENCH_PATH ?? '/engagement/programme?year=2026/27';
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const cpu = () => {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
};
const load = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const b = await new Browserless(url).signInAs('senior_leader');
for (let i = 0; i < Number(process.env.BENCH_REPEAT ?? 2); i++) {
  const before = { rss: rss(), cpu: cpu(), at: performance.now(), load: load() };
  let res = await b.get(path);
  let html = await res.text();
  let tries = 0;
  while (html.includes('being prepared') && tries++ < 120) {
    await new Promise((r) => setTimeout(r, 1000));
    res = await b.get(path);
    html = await res.text();
  }
  const wall = performance.now() - before.at;
  console.log(`${path} request ${i + 1}: ${res.status}, ${(wall / 1000).toFixed(2)} s wall${tries ? ` (after ${tries} "being prepared" answers)` : ''}, server CPU ${(cpu() - before.cpu).toFixed(2)} s, ${(Buffer.byteLength(html) / 1024).toFixed(0)} KB; RSS ${before.rss.toFixed(0)} → ${rss().toFixed(0)} MB; load ${before.load} → ${load()}`);
}
