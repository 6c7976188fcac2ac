// A junk upload of the size the attack used (195 MB): how long the importer takes to refuse it and how
// much memory it holds while doing so. The file is SYNTHETIC: the real census header over generated junk
// lines, written to a temporary directory and deleted afterwards. Set BENCH_JUNK_MB to change its size.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/client.js';
import { importEvidence } from '../src/importers/evidenceImport.js';
import { ImportRefused } from '../src/importers/problems.js';
import { ensureOrganisation } from '../src/repositories/organisations.js';

function writeJunk(file: string, megabytes: number): number {
  const header = fs.readFileSync(path.join(process.cwd(), 'datasets/hertfordshire-919/2023-24/919_census.csv'), 'utf8').split('\n')[0];
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, `${header}\n`);
  let seed = 1;
  let lines = 0;
  const target = megabytes * 1e6;
  let written = header.length + 1;
  while (written < target) {
    const block: string[] = [];
    for (let i = 0; i < 10_000; i++, lines++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      block.push(`JUNK${seed.toString(36)},${lines},${'x'.repeat(seed % 40)},${seed % 997}`);
    }
    const text = block.join('\n') + '\n';
    fs.writeSync(fd, text);
    written += text.length;
  }
  fs.closeSync(fd);
  return lines;
}

export async function importsBench(): Promise<void> {
  const mb = Number(process.env.BENCH_JUNK_MB ?? 195);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestar-bench-junk-'));
  const file = path.join(dir, `SYNTHETIC-junk-${mb}MB.csv`);
  const lines = writeJunk(file, mb);
  console.log(`\nJunk upload refused (SYNTHETIC: the real census header over ${lines.toLocaleString('en-GB')} junk lines, ${(fs.statSync(file).size / 1e6).toFixed(0)} MB)`);
  const database = await openDatabase({ dataDir: 'memory://' });
  const org = await ensureOrganisation(database.db, { kind: 'local_authority', code: '919', name: 'Hertfordshire' });
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const start = performance.now();
  let refusal: ImportRefused | null = null;
  try {
    await importEvidence(database.db, { kind: 'census', file, organisation: org, importedBy: 'bench' });
  } catch (e) {
    if (!(e instanceof ImportRefused)) throw e;
    refusal = e;
  }
  const ms = performance.now() - start;
  clearInterval(sampler);
  console.log(`  refused in ${(ms / 1000).toFixed(1)} s (${Math.round(lines / (ms / 1000)).toLocaleString('en-GB')} lines/s)`);
  console.log(`  problems kept ${refusal?.problems.length ?? 0}, counted ${refusal?.total.toLocaleString('en-GB') ?? 0}`);
  console.log(`  peak RSS ${(peak / 1e6).toFixed(0)} MB (process total, in-memory PGlite included; ${((peak - baseline) / 1e6).toFixed(0)} MB above the start)`);
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
