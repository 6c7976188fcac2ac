import type { EstablishmentType, Phase } from '../codes.js';

/** Special schools and alternative provision are their own phase whatever ages they teach. */
export function phaseFromFlags(
  type: EstablishmentType,
  flags: { isPrimary: boolean; isSecondary: boolean; isPost16: boolean; ageHigh: number | null },
): Phase {
  if (type.special) return 'Special';
  if (type.alternativeProvision) return 'Alternative provision';
  if (type.name === 'Local authority nursery school' || (flags.ageHigh !== null && flags.ageHigh <= 5)) return 'Nursery';
  if (flags.isPrimary && flags.isSecondary) return 'All-through';
  if (flags.isPrimary) return 'Primary';
  if (flags.isSecondary) return 'Secondary';
  if (flags.isPost16) return '16 plus';
  return 'Not applicable';
}
