// Reads the LA's letter template from config/letters; an invalid template stops letters going out.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseLetterTemplateOrThrow, type LetterTemplate } from './template.js';

/** config/letters/categorisation.md at the repository root, two levels up from src/letters. */
export const DEFAULT_TEMPLATE_PATH = fileURLToPath(new URL('../../config/letters/categorisation.md', import.meta.url));

export function loadLetterTemplate(path: string = DEFAULT_TEMPLATE_PATH): LetterTemplate {
  return parseLetterTemplateOrThrow(readFileSync(path, 'utf8'));
}
