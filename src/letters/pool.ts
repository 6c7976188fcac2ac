// The pool of worker threads that render letters, so /health and every dashboard keep answering
// while a whole LA's letters are made. Created on first use; closed with the job runner.
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { LetterRecord } from './batch.js';
import type { LetterTemplate } from './template.js';
import type { LetterData } from './types.js';

let pool: Piscina | null = null;

/** One thread fewer than the cores (at least one): the main thread keeps serving requests. */
export function renderThreads(): number {
  const env = Number(process.env.LODESTAR_RENDER_THREADS);
  if (Number.isInteger(env) && env > 0) return env;
  return Math.max(1, Math.min(4, os.availableParallelism() - 1));
}

function getPool(): Piscina {
  pool ??= new Piscina({
    filename: fileURLToPath(new URL('./render-worker.mjs', import.meta.url)),
    minThreads: 0,
    maxThreads: renderThreads(),
    idleTimeout: 30_000,
  });
  return pool;
}

/** Renders one school's DOCX and PDF in a worker thread. */
export async function renderInWorker(data: LetterData, template: LetterTemplate, generatedAt = new Date().toISOString()): Promise<{ record: LetterRecord; buffer: Buffer }[]> {
  const files = (await getPool().run({ data, template, generatedAt })) as { record: LetterRecord; buffer: Uint8Array }[];
  // Buffers arrive as plain Uint8Arrays after crossing the thread boundary.
  return files.map((f) => ({ record: f.record, buffer: Buffer.from(f.buffer.buffer, f.buffer.byteOffset, f.buffer.byteLength) }));
}

export async function closeRenderPool(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.destroy();
}
