// The strategic view's inputs (issue 17): the LA's setting (config/strategic/<code>.json) and the
// evidence rows the pure indicators compute over, read in bulk (repositories/strategic.ts).
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../config.js';
import type { Db, Tx } from '../db/client.js';
import { loadShippedPolicies } from '../domain/categorisation/index.js';
import { INDICATORS, INDICATOR_BY_ID, computeAll, type EvidenceRow, type GoodOrBetterSetting, type IndicatorContext, type ScopeFigures } from '../domain/strategic/indicators.js';
import { loadStrategicRows } from '../repositories/strategic.js';
import { evidenceAsOf, schoolContext, toComparator } from './evidence.js';

/** Every measure an indicator reads (the repository loads only these). */
export const INDICATOR_MEASURES = [
  'census.pupils',
  'ks2.rwm_expected_pct',
  'ks2.read_progress',
  'ks2.writ_progress',
  'ks2.mat_progress',
  'ks2.rwm_expected_pct_disadv',
  'ks2.rwm_expected_pct_non_disadv',
  'ks4.attainment8',
  'ks4.progress8',
  'ks4.attainment8_disadv',
  'ks4.attainment8_non_disadv',
  'absence.overall_pct',
  'absence.persistent_10_pct',
] as const;

const reading = z.enum(['policy-mapping', 'previous-grade', 'not-counted']);
export const strategicSettingsSchema = z.object({
  source: z.string().min(1),
  goodOrBetter: z.object({ noOverallGrade: reading, reportCard: reading, policyId: z.string().min(1) }),
  /** Scrutiny reports name no school when true. */
  anonymiseSchools: z.boolean().default(true),
  radarIndicators: z.array(z.string().refine((id) => INDICATOR_BY_ID.has(id), { message: 'not a known indicator id' })).min(3).default(['pupils-good-or-better', 'schools-good-or-better', 'ks2-rwm-expected', 'ks4-attainment8', 'overall-absence']),
});
export type StrategicSettings = z.infer<typeof strategicSettingsSchema>;

const DEFAULT_SETTINGS: StrategicSettings = {
  source: 'Lodestar default (no config/strategic file for this LA)',
  goodOrBetter: { noOverallGrade: 'policy-mapping', reportCard: 'policy-mapping', policyId: 'staffordshire-2014' },
  anonymiseSchools: true,
  radarIndicators: ['pupils-good-or-better', 'schools-good-or-better', 'ks2-rwm-expected', 'ks4-attainment8', 'overall-absence'],
};

/** The LA's strategic settings; a bad file throws with its problems named rather than guess. */
export function readStrategicSettings(laCode: string, dir = path.join(projectRoot, 'config', 'strategic')): StrategicSettings {
  const file = path.join(dir, `${laCode}.json`);
  if (!fs.existsSync(file)) return DEFAULT_SETTINGS;
  const parsed = strategicSettingsSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export function settingsFor(org: { kind: string; code: string }): StrategicSettings {
  return org.kind === 'local_authority' ? readStrategicSettings(org.code) : DEFAULT_SETTINGS;
}

// schoolContext folds special schools into one type group; the strategic split is maintained or academy.
function toType(t: ReturnType<typeof schoolContext>): EvidenceRow['type'] {
  return t.isAcademy ? 'academy' : t.typeGroup === 'maintained' || t.typeGroup === 'special' ? 'maintained' : 'other';
}

/** The evidence rows and context for `asOf`: a few bulk queries. */
export async function loadIndicatorInputs(db: Db | Tx, organisationId: number, asOf: string, goodOrBetter: GoodOrBetterSetting): Promise<{ rows: EvidenceRow[]; ctx: IndicatorContext }> {
  const data = await loadStrategicRows(db, organisationId, asOf, INDICATOR_MEASURES);
  const rows: EvidenceRow[] = data.schools.map((s) => {
    const e = evidenceAsOf(s, asOf, data.observations.get(s.urn) ?? [], data.inspections.get(s.urn) ?? [], []);
    const phase = e.school.phase === 'primary' || e.school.phase === 'secondary' || e.school.phase === 'special' ? e.school.phase : 'other';
    const type = toType(e.school);
    return { urn: s.urn, name: s.name, district: s.districtName, phase, type, observations: e.observations, inspections: e.inspections, categories: data.categories.get(s.urn) ?? [] };
  });
  const policy = loadShippedPolicies().get(goodOrBetter.policyId) ?? null;
  return { rows, ctx: { asOf, goodOrBetter, policy, comparators: data.comparators.map(toComparator) } };
}

export interface IndicatorReport {
  asOf: string;
  setting: { goodOrBetter: GoodOrBetterSetting; source: string };
  indicators: { id: string; label: string; unit: string; higherIsBetter: boolean | null; definition: string }[];
  scopes: ScopeFigures[];
}

/** Every indicator for the LA, each district, phase and type on `asOf`. */
export async function indicatorReport(db: Db | Tx, org: { id: number; kind: string; code: string }, asOf: string): Promise<IndicatorReport> {
  const settings = settingsFor(org);
  const { rows, ctx } = await loadIndicatorInputs(db, org.id, asOf, settings.goodOrBetter);
  return {
    asOf,
    setting: { goodOrBetter: settings.goodOrBetter, source: settings.source },
    indicators: INDICATORS.map(({ id, label, unit, higherIsBetter, definition }) => ({ id, label, unit, higherIsBetter, definition })),
    scopes: computeAll(rows, ctx),
  };
}
