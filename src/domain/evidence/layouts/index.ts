// Every published layout we can read, and the one place that decides which layout a file is in.
// Detection is strict: exactly one layout must claim the header, otherwise the import stops with the
// columns the nearest layout is missing — an unknown layout fails clearly instead of being guessed.
import type { EvidenceKind, FileLayout } from '../layout.js';
import { absence2015, absencePa10 } from './absence.js';
import { census2019, census2024 } from './census.js';
import { stripBom } from './common.js';
import { ks2Final2015Selected } from './ks2-2015.js';
import { ks2Final2019WithOfsted } from './ks2-2019-ofsted.js';
import { ks2Final2025 } from './ks2-2025.js';
import { ks4Final2019WithOfsted, ks4Provisional2019 } from './ks4-2019.js';
import { ks4Final2025 } from './ks4-2025.js';
import { ofstedMiCurrent, ofstedMiCurrentYearToDate, ofstedMiStateFunded, ofstedMiStateFundedYearToDate } from './ofsted-mi.js';
import { ofstedMiWarwickshire2020 } from './ofsted-mi-warwickshire.js';

export { eraForDate, NO_OVERALL_GRADE_FROM, REPORT_CARD_FROM } from './ofsted-common.js';
export {
  absence2015,
  absencePa10,
  census2019,
  census2024,
  ks2Final2015Selected,
  ks2Final2019WithOfsted,
  ks2Final2025,
  ks4Final2019WithOfsted,
  ks4Provisional2019,
  ks4Final2025,
  ofstedMiCurrent,
  ofstedMiCurrentYearToDate,
  ofstedMiStateFunded,
  ofstedMiStateFundedYearToDate,
  ofstedMiWarwickshire2020,
};

export const allLayouts: readonly FileLayout[] = [
  ks2Final2015Selected,
  ks2Final2019WithOfsted,
  ks2Final2025,
  ks4Final2019WithOfsted,
  ks4Provisional2019,
  ks4Final2025,
  census2019,
  census2024,
  absence2015,
  absencePa10,
  ofstedMiWarwickshire2020,
  ofstedMiStateFunded,
  ofstedMiStateFundedYearToDate,
  ofstedMiCurrent,
  ofstedMiCurrentYearToDate,
];

export function detectLayout(headers: string[], kind?: EvidenceKind): FileLayout {
  const clean = headers.map((h) => stripBom(h).trim());
  const candidates = allLayouts.filter((l) => kind === undefined || l.kind === kind);
  const matches = candidates.filter((l) => l.detect(clean));
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    throw new Error(`header matches several layouts (${matches.map((l) => l.id).join(', ')}); cannot choose`);
  }
  const present = new Set(clean);
  const scope = kind ? ` of kind ${kind}` : '';
  if (candidates.length === 0) throw new Error(`no layouts${scope}`);
  // Nearest = fewest required columns missing, ties broken by the larger share of its columns present.
  const ranked = candidates
    .map((l) => {
      const missing = l.requiredColumns.filter((c) => !present.has(c));
      return { l, missing, share: 1 - missing.length / l.requiredColumns.length };
    })
    .sort((a, b) => a.missing.length - b.missing.length || b.share - a.share);
  const best = ranked[0];
  const detail =
    best.missing.length > 0
      ? `missing columns: ${best.missing.join(', ')}`
      : 'all its required columns are present but the header also has columns that belong to another layout';
  throw new Error(`unknown file layout${scope}: nearest is ${best.l.id} (${best.l.description}); ${detail}`);
}
