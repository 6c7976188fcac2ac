// A school's Ofsted inspection history as the dashboard, the evidence command, the categorisation engine
// and early warning read it: its own inspections and its predecessor's (a converter academy's), each
// labelled with the era it was graded in and whose inspection it was. Pure: the repository supplies rows.
import type { Inspection, OfstedEra } from './types.js';

/** An inspection as history holds it: `inspectedUrn` set (and named) when it was the predecessor's. */
export interface HistoryInspection extends Inspection {
  inspectedName?: string | null;
}

export const ERA_LABEL: Readonly<Record<OfstedEra, string>> = {
  'four-grade': 'Four-grade era (to August 2024)',
  'no-overall-grade': 'No overall grade (September 2024 to 9 November 2025)',
  'report-card': 'Report cards (from 10 November 2025)',
};

export const TYPE_LABEL: Readonly<Record<Inspection['inspectionType'], string>> = {
  graded: 'Graded inspection',
  ungraded: 'Ungraded inspection',
  monitoring: 'Monitoring inspection',
  unknown: 'Inspection (type not stated)',
};

/**
 * Files whose inspections are a snapshot taken by someone else, not Ofsted's own record: what they are and
 * when they were taken, so a 2019 rating is shown as the historical record it is.
 */
const SNAPSHOT_SOURCES: Readonly<Record<string, string>> = {
  'england_ks2final_with_ofsted.csv': 'latest rating as recorded with the 2018/19 KS2 performance tables (early 2020)',
  'england_ks4final_with_ofsted.csv': 'latest rating as recorded with the 2018/19 KS4 performance tables (early 2020)',
};

export function sourceNote(source: string): string | null {
  return SNAPSHOT_SOURCES[source] ?? null;
}

/** The day an inspection became known: its publication, else (older files) its date. */
export const knownFrom = (i: Pick<Inspection, 'publicationDate' | 'inspectionDate'>): string => i.publicationDate ?? i.inspectionDate;

/**
 * One school's history: its own rows, then each predecessor's (nearest first), newest first. The same
 * inspection reached twice (the academy's MI row naming the predecessor, and the predecessor's own row
 * from an older file) is kept once, as the predecessor's. Inspections not yet published on `asOf` are left out.
 */
export function assembleHistory(
  urn: number,
  own: readonly Inspection[],
  predecessors: readonly { urn: number; name: string | null; inspections: readonly Inspection[] }[],
  asOf?: string,
): HistoryInspection[] {
  const names = new Map(predecessors.map((p) => [p.urn, p.name]));
  const byKey = new Map<string, HistoryInspection>();
  const add = (i: Inspection, inspectedUrn: number | null) => {
    if (asOf && knownFrom(i) > asOf) return;
    const entry: HistoryInspection = { ...i, urn };
    delete entry.inspectedUrn;
    if (inspectedUrn !== null && inspectedUrn !== urn) {
      entry.inspectedUrn = inspectedUrn;
      entry.inspectedName = names.get(inspectedUrn) ?? null;
    }
    const key = `${inspectedUrn ?? urn}|${i.inspectionDate}`;
    const held = byKey.get(key);
    // The fuller record wins; the first (own, newer file) keeps its place otherwise.
    if (!held || weight(entry) > weight(held)) byKey.set(key, held ? { ...held, ...defined(entry) } : entry);
  };
  for (const i of own) add(i, i.inspectedUrn ?? null);
  for (const p of predecessors) for (const i of p.inspections) add(i, i.inspectedUrn ?? p.urn);
  return [...byKey.values()].sort((a, b) => b.inspectionDate.localeCompare(a.inspectionDate) || (a.inspectedUrn ?? 0) - (b.inspectedUrn ?? 0));
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;
}

function weight(i: Inspection): number {
  return Object.values(i).filter((v) => v !== null && v !== undefined).length;
}

/** Whole years from `from` to `to` (ISO dates). */
export function yearsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}

/** Whether an inspection is older than the limit (in whole years) on `asOf`. */
export function inspectionIsStale(i: Pick<Inspection, 'inspectionDate'>, asOf: string, limitYears: number): boolean {
  return yearsBetween(i.inspectionDate, asOf) >= limitYears;
}

/** A one-line account of what an inspection found, in Ofsted's words, never translated across eras. */
export function inspectionSummary(i: Inspection): string {
  const words: string[] = [];
  if (i.overallEffectiveness) words.push(['Outstanding', 'Good', 'Requires improvement', 'Inadequate'][i.overallEffectiveness - 1]);
  else if (i.era === 'no-overall-grade' && i.inspectionType === 'graded') words.push('No overall grade');
  if (i.reportCard && Object.keys(i.reportCard).length) {
    const urgent = Object.values(i.reportCard).filter((g) => g === 'urgent_improvement').length;
    const attention = Object.values(i.reportCard).filter((g) => g === 'needs_attention').length;
    words.push(`Report card: ${Object.keys(i.reportCard).length} areas${urgent ? `, ${urgent} urgent improvement` : ''}${attention ? `, ${attention} needs attention` : ''}`);
  }
  if (i.ungradedOutcome) words.push(i.ungradedOutcome);
  if (i.categoryOfConcern) words.push(i.categoryOfConcern.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()));
  if (i.safeguarding === 'not_met' || i.safeguarding === 'not_effective') words.push('Safeguarding not met');
  return words.join('; ') || 'No judgement recorded';
}
