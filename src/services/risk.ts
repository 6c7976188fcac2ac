// Scores the organisation's schools with the saved early-warning model, using only evidence
// published before the given day. A score informs professional judgement; it never sets a category.
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config.js';
import type { Db, Tx } from '../db/client.js';
import { scoreSchool, type RiskModel, type SchoolRisk } from '../domain/risk/model.js';
// Not through risk/index.js: that also loads the backtest report and its chart library.
import { loadModel } from '../risk/modelStore.js';
import { schoolFacts } from '../repositories/schools.js';
import { loadScoringEvidenceForSchools } from './riskEvidence.js';

export const MODELS_DIR = path.join(projectRoot, 'models');

/** Where model files live: `models/`, or LODESTAR_MODELS_DIR (read each time, so tests can retrain into a copy). */
export function modelsDir(): string {
  return path.resolve(process.env.LODESTAR_MODELS_DIR || MODELS_DIR);
}

/** Where the backtest writes its report (`reports/`, or LODESTAR_REPORTS_DIR); /risk/backtest reads it there. */
export function reportsDir(): string {
  return path.resolve(process.env.LODESTAR_REPORTS_DIR || path.join(projectRoot, 'reports'));
}

let cached: { key: string; model: Promise<RiskModel> } | null = null;

/**
 * The model `latest.json` names. Reloaded when that file changes, so a model retrained by a job, by
 * `lodestar retrain` or by another app process takes over without a restart.
 */
export function currentModel(): Promise<RiskModel> {
  const dir = modelsDir();
  let stamp = 'missing';
  try {
    const st = fs.statSync(path.join(dir, 'latest.json'));
    stamp = `${st.mtimeMs}:${st.size}`;
  } catch {
    // loadModel says what is missing.
  }
  const key = `${dir}|${stamp}`;
  if (cached?.key !== key) {
    const model = loadModel(dir);
    // A failed load is not kept: the next call tries again.
    model.catch(() => {
      if (cached?.model === model) cached = null;
    });
    cached = { key, model };
  }
  return cached.model;
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
  const rows = await schoolFacts(db, organisationId, { scope: { kind: 'all' }, status: 'open', stateFundedOnly: true });
  // One bulk read for the whole LA: per-school queries made this ten times slower.
  const all = await loadScoringEvidenceForSchools(db, organisationId, rows, dayBefore(asOf));
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
