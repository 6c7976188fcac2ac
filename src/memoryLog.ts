// Opt-in memory diagnostic (LODESTAR_MEMORY_LOG=1, issue 15): one line on stderr per point of the
// app's life, independent of LOG_LEVEL, so a benchmark or an operator can split the process's RSS
// into the JavaScript heap, memory outside it and PGlite's WebAssembly memory (which never shrinks).
import fs from 'node:fs';
import v8 from 'node:v8';
import type { PGlite } from '@electric-sql/pglite';

export const MEMORY_LOG_PREFIX = 'lodestar memory ';

export interface MemoryFigures {
  point: string;
  pid: number;
  /** Megabytes, as the kernel counts them: resident now and the process's peak (VmHWM). */
  rss: number;
  peak: number;
  heapTotal: number;
  heapUsed: number;
  /** Memory V8 tracks outside its heap; in Node this includes WebAssembly memories. */
  external: number;
  arrayBuffers: number;
  /** PGlite's WebAssembly memory, when its module runs on this thread. */
  wasm: number | null;
  /** The JS heap's committed size by V8 space (new_space, old_space, large_object_space, …), to tell young garbage from kept data. */
  spaces: Record<string, number>;
}

export function memoryLogEnabled(): boolean {
  return process.env.LODESTAR_MEMORY_LOG === '1';
}

function peakMb(): number {
  try {
    const kb = /VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

export function memoryFigures(point: string, pglite?: PGlite): MemoryFigures {
  const mb = (n: number) => Math.round(n / 2 ** 20);
  const m = process.memoryUsage();
  // The module is not part of PGlite's typed surface; read defensively so a PGlite update cannot break start-up.
  const memory = (pglite as unknown as { mod?: { wasmMemory?: WebAssembly.Memory } } | undefined)?.mod?.wasmMemory;
  return {
    point,
    pid: process.pid,
    rss: mb(m.rss),
    peak: peakMb(),
    heapTotal: mb(m.heapTotal),
    heapUsed: mb(m.heapUsed),
    external: mb(m.external),
    arrayBuffers: mb(m.arrayBuffers),
    wasm: memory ? mb(memory.buffer.byteLength) : null,
    spaces: Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, mb(s.physical_space_size)])),
  };
}

/** Writes the figures at `point` when LODESTAR_MEMORY_LOG=1; otherwise does nothing. */
export function logMemory(point: string, pglite?: PGlite): void {
  if (!memoryLogEnabled()) return;
  process.stderr.write(`${MEMORY_LOG_PREFIX}${JSON.stringify(memoryFigures(point, pglite))}\n`);
}
