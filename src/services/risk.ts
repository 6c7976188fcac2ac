// Scores the organisation's schools with the saved early-warning model, using only evidence
// published before the given day. A score informs professional judgement; it never sets a category.
import path from 'node:path';
import { projectRoot } from '../config.js';
import type { Db, Tx } from '../db/client.js';
import { scoreSchool, type RiskModel, type SchoolRisk } from '../domain/risk/model.js';
// Not through risk/index.js: that also loads the backtest report and its chart library.
import { loadModel } from '../risk/modelStore.js';
import { searchSchools } from '../repositories/schools.js';
import { loadEvidenceForSchools } from './riskEvidence.js';

export const MODELS_DIR = path.join(projectRoot, 'models');

let cached: Promise<RiskModel> | null = null;
export function currentModel(): Promise<RiskModel> {
  cached ??= loadModel(MODELS_DIR);
  return cached;
}

export interface ScoredSchool {
  urn: number;
  name: string;
  district: string | null;
  phase: string;
  risk: SchoolRisk;
}

/** The day before `asOf` is the last day whose evidence counts: "before that day", not "on". */
export function dayBefore(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export async function scoreSchools(db: Db | Tx, organisationId: number, asOf: string): Promise<ScoredSchool[]> {
  const model = await currentModel();
  const { rows } = await searchSchools(db, organisationId, { scope: { kind: 'all' }, status: 'open', stateFundedOnly: true }, null);
  // One bulk read for the whole LA: per-school queries made this ten times slower.
  const all = await loadEvidenceForSchools(db, organisationId, rows, dayBefore(asOf));
  const out: ScoredSchool[] = [];
  // Every open school is scored, however small: one with no published figures (suppressed or new) still
  // gets a score from its phase and type, which carries the "little data" warning rather than no row at all.
  for (const s of rows) {
    // Scoring is synchronous: on a whole LA let other requests (and /health) in every few schools.
    if (out.length % 25 === 0) await new Promise((resolve) => setImmediate(resolve));
    const evidence = all.get(s.urn);
    if (!evidence) continue;
    out.push({ urn: s.urn, name: s.name, district: s.districtName, phase: s.phase, risk: scoreSchool(model, evidence) });
  }
  return out.sort((a, b) => b.risk.risk - a.risk.risk);
}
