// The data catalogue (issue 13): what each source holds, the next release the calendar expects and what is
// overdue; and freshness: how old each piece of a school's evidence is against its limit. The release
// calendar is data (config/releases.json, or LODESTAR_RELEASES_CONFIG for an LA's own copy).
import fs from 'node:fs';
import path from 'node:path';
import { and, eq, max } from 'drizzle-orm';
import { projectRoot } from '../config.js';
import type { Db, Tx } from '../db/client.js';
import { inspections } from '../db/schema-evidence.js';
import { imports } from '../db/schema.js';
import { availableFrom } from '../domain/evidence/availability.js';
import { inspectionIsStale, knownFrom } from '../domain/evidence/inspections.js';
import { allLayouts } from '../domain/evidence/layouts/index.js';
import { getMeasure, startYear } from '../domain/evidence/measures.js';
import { catalogue, dueThisMonth, measureIsStale, releaseCalendarSchema, type CatalogueEntry, type HeldSource, type ReleaseCalendar } from '../domain/evidence/releases.js';
import type { Inspection, Observation } from '../domain/evidence/types.js';
import { evidenceImports } from '../repositories/evidence.js';
import { policyOf, resolvePolicyVersion } from './policies.js';

export const RELEASES_CONFIG = path.join(projectRoot, 'config', 'releases.json');

export function readReleaseCalendar(file = process.env.LODESTAR_RELEASES_CONFIG || RELEASES_CONFIG): ReleaseCalendar {
  return releaseCalendarSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

/** Lodestar's default age limit for an inspection when no policy states one (the shipped policies' LA setting). */
export const DEFAULT_STALE_INSPECTION_YEARS = 6;

/** The inspection age limit of the LA's current version of a policy (default staffordshire-2014). */
export async function staleInspectionYears(db: Db, organisationId: number, policyId = 'staffordshire-2014'): Promise<number> {
  const row = await resolvePolicyVersion(db, organisationId, policyId);
  return (row && policyOf(row).evidence.staleInspection?.years) ?? DEFAULT_STALE_INSPECTION_YEARS;
}

/** What the organisation holds of each kind: the newest year (or, for Ofsted, publication date) and its file. */
export async function heldSources(db: Db | Tx, organisationId: number): Promise<HeldSource[]> {
  // KS2 and KS4 are held per release (provisional, final), so the calendar can tell which is still to come.
  const out = new Map<string, HeldSource>();
  for (const i of await evidenceImports(db, organisationId)) {
    const years = String((i.summary as { academicYear?: string }).academicYear ?? '').split(', ').filter(Boolean);
    const year = years.sort((a, b) => startYear(a) - startYear(b)).pop() ?? null;
    const release = releaseOfImport(i);
    const key = `${i.kind}|${release ?? ''}`;
    const held = out.get(key);
    const importedAt = i.finishedAt.toISOString().slice(0, 10);
    if (!held) out.set(key, { kind: i.kind, latestYear: year, latestDate: null, fileName: i.fileName, importedAt, release });
    else if (year && (!held.latestYear || startYear(year) > startYear(held.latestYear))) Object.assign(held, { latestYear: year, fileName: i.fileName, importedAt });
  }
  // Ofsted MI files carry no year: their data date is the newest publication among the inspections they brought.
  const [newest] = await db
    .select({ published: max(inspections.publicationDate) })
    .from(inspections)
    .innerJoin(imports, eq(imports.id, inspections.importId))
    .where(and(eq(inspections.organisationId, organisationId), eq(imports.kind, 'ofsted')));
  const ofsted = out.get('ofsted|');
  if (ofsted) {
    ofsted.latestYear = null;
    ofsted.latestDate = newest?.published ?? null;
  }
  return [...out.values()];
}

/** The release an imported file was: recorded since migration 0019, else its layout's. */
export function releaseOfImport(i: { layout: string | null; summary: unknown }): 'provisional' | 'final' | null {
  const recorded = (i.summary as { release?: 'provisional' | 'final' | null } | null)?.release;
  if (recorded !== undefined) return recorded;
  return allLayouts.find((l) => l.id === i.layout)?.release ?? null;
}

export async function dataCatalogue(db: Db | Tx, organisationId: number, today: string): Promise<CatalogueEntry[]> {
  return catalogue(readReleaseCalendar(), await heldSources(db, organisationId), today);
}

/**
 * For an analyst's home page: the releases expected in today's month and those overdue. Shape:
 * `{ month: 'December 2026', due: CatalogueEntry[], overdue: CatalogueEntry[] }`; link to /data for more.
 */
export async function dataDueThisMonth(db: Db | Tx, organisationId: number, today: string) {
  return dueThisMonth(await dataCatalogue(db, organisationId, today), today);
}

/** The newest evidence of one source for one school, with its date and whether it is older than the limit. */
export interface SourceFreshness {
  source: 'ks2' | 'ks4' | 'census' | 'absence' | 'ofsted';
  label: string;
  /** The academic year (measures) or inspection date (Ofsted) of the newest evidence; null when none is held. */
  latest: string | null;
  /** When it became known: the figure's release date, or the inspection report's publication. */
  asAt: string | null;
  fileName: string | null;
  /** KS2, KS4: whether the newest figures are from a provisional or a final release. */
  release: 'provisional' | 'final' | null;
  stale: boolean;
  limit: string;
  note: string | null;
}

const SOURCE_LABEL: Record<SourceFreshness['source'], string> = { ks2: 'KS2', ks4: 'KS4', census: 'School census', absence: 'Absence', ofsted: 'Ofsted' };

/**
 * Per source, the newest evidence a school has on `asOf`: measures against the calendar's limit (months
 * since release), the latest graded inspection against the policy's (`evidence.staleInspection`).
 */
export function schoolFreshness(
  observations: readonly (Pick<Observation, 'measure' | 'academicYear' | 'source' | 'status'> & { release?: 'provisional' | 'final' | null })[],
  history: readonly Inspection[],
  asOf: string,
  limits: { measureMonths: number; inspectionYears: number },
): SourceFreshness[] {
  const out: SourceFreshness[] = [];
  for (const source of ['ks2', 'ks4', 'census', 'absence'] as const) {
    const rows = observations.filter((o) => getMeasure(o.measure).area === source && availableFrom(source, o.academicYear) <= asOf);
    const newest = rows.sort((a, b) => startYear(b.academicYear) - startYear(a.academicYear))[0];
    const asAt = newest ? availableFrom(source, newest.academicYear) : null;
    out.push({
      source,
      label: SOURCE_LABEL[source],
      latest: newest?.academicYear ?? null,
      asAt,
      fileName: newest?.source ?? null,
      release: newest?.release ?? null,
      // Nothing held is shown as such, not as stale: many measures never apply (KS4 for a primary school).
      stale: asAt !== null && measureIsStale(asAt, asOf, limits.measureMonths),
      limit: `${limits.measureMonths} months after release`,
      note: null,
    });
  }
  const known = history.filter((i) => knownFrom(i) <= asOf);
  const graded = known.find((i) => i.inspectionType === 'graded');
  const newest = known[0];
  out.push({
    source: 'ofsted',
    label: SOURCE_LABEL.ofsted,
    latest: newest?.inspectionDate ?? null,
    asAt: newest ? knownFrom(newest) : null,
    fileName: newest?.source ?? null,
    release: null,
    // What the policies rest on is the latest graded inspection: stale when it is old or missing.
    stale: !graded || inspectionIsStale(graded, asOf, limits.inspectionYears),
    limit: `${limits.inspectionYears} years since the latest graded inspection`,
    note: graded ? `latest graded inspection ${graded.inspectionDate}${graded.inspectedUrn ? ` (the predecessor school's, URN ${graded.inspectedUrn})` : ''}` : 'no graded inspection held',
  });
  return out;
}
