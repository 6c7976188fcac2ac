// A worker thread that renders one school's letter (DOCX and PDF): the CPU-heavy part of letter
// generation, kept off the event loop. Plain JavaScript so a worker can start without a TypeScript
// loader; it registers tsx itself, because loader hooks of the main thread do not reach workers on Node 20.
import { register } from 'tsx/esm/api';

register();
const { renderLetterFiles } = await import('./batch.ts');

/** @param {{ data: import('./types.ts').LetterData; template: import('./template.ts').LetterTemplate; generatedAt: string }} task */
export default async function render(task) {
  return renderLetterFiles(task.data, task.template, ['docx', 'pdf'], () => task.generatedAt);
}
