// A worker thread that renders one school's letter (DOCX and PDF): the CPU-heavy part of letter
// generation, kept off the event loop. Plain JavaScript so a worker can start without a TypeScript
// loader. Beside the compiled batch.js (dist/) it imports that; beside batch.ts (src/, under tsx) it
// registers tsx itself, because loader hooks of the main thread do not reach workers on Node 20.
import { existsSync } from 'node:fs';

let batch;
if (existsSync(new URL('./batch.js', import.meta.url))) {
  batch = await import('./batch.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  batch = await import('./batch.ts');
}
const { renderLetterFiles } = batch;

/** @param {{ data: import('./types.ts').LetterData; template: import('./template.ts').LetterTemplate; generatedAt: string }} task */
export default async function render(task) {
  return renderLetterFiles(task.data, task.template, ['docx', 'pdf'], () => task.generatedAt);
}
