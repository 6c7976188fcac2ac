// File names for letters: predictable, sortable by URN, safe on every file system and in a zip.
import type { LetterData } from './types.js';

function slug(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function letterFileName(data: Pick<LetterData, 'school' | 'round'>, ext: 'docx' | 'pdf'): string {
  const name = slug(data.school.name).slice(0, 60).replace(/-+$/, '') || 'school';
  return `categorisation-${slug(data.round.label)}-${data.school.urn}-${name}.${ext}`;
}
