// After new evidence arrives: score every open state-funded school, store the scores (so rises and
// trends can be seen), and put schools whose risk rose past the configured threshold into the
// categorisation "needs review" queue with the reason in plain words. The score informs professional
// judgement; nothing here touches a category.
import fs from 'node:fs';
import path from 'node:path';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { projectRoot } from '../config.js';
import type { Db, Tx } from '../db/client.js';
import { riskScores } from '../db/schema-categorisation.js';
import { alertReason, risePastThreshold, riskSettingsSchema, type RiskSettings } from '../domain/risk/alerts.js';
import { createLogger, type Logger } from '../logger.js';
import { raiseReviewFlag } from './reviewFlags.js';
import { currentModel, scoreSchools } from './risk.js';

export const RISK_CONFIG = path.join(projectRoot, 'config', 'risk.json');

/**
 * The alert settings, validated: a typo in the file must stop the alerts loudly, not silently flag nothing.
 * LODESTAR_RISK_CONFIG points at an LA's own copy (and lets tests set a threshold).
 */
export function readRiskSettings(file = process.env.LODESTAR_RISK_CONFIG || RISK_CONFIG): RiskSettings {
  return riskSettingsSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

export type RiskScoreRow = typeof riskScores.$inferSelect;

export interface StoredFactor {
  factor: string;
  direction: 'up' | 'down';
  words: string;
}

export interface RescoreOutcome {
  asOf: string;
  modelVersion: string;
  scored: number;
  flagged: { urn: number; from: number; to: number }[];
  ms: number;
}

const today = () => new Date().toISOString().slice(0, 10);

/** Latest stored score of each school (DISTINCT ON keeps one row per URN, newest first). */
export async function latestScores(db: Db | Tx, organisationId: number, urns?: number[]): Promise<Map<number, RiskScoreRow>> {
  if (urns && urns.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([riskScores.urn])
    .from(riskScores)
    .where(and(eq(riskScores.organisationId, organisationId), urns ? inArray(riskScores.urn, urns) : undefined))
    .orderBy(asc(riskScores.urn), desc(riskScores.scoredAt), desc(riskScores.id));
  return new Map(rows.map((r) => [r.urn, r]));
}

/** Every stored score of the given schools, oldest first, for trends. */
export async function scoreHistory(db: Db | Tx, organisationId: number, urns: number[]): Promise<Map<number, RiskScoreRow[]>> {
  const out = new Map<number, RiskScoreRow[]>();
  if (urns.length === 0) return out;
  const rows = await db
    .select()
    .from(riskScores)
    .where(and(eq(riskScores.organisationId, organisationId), inArray(riskScores.urn, urns)))
    .orderBy(asc(riskScores.scoredAt), asc(riskScores.id));
  for (const r of rows) out.set(r.urn, [...(out.get(r.urn) ?? []), r]);
  return out;
}

/**
 * Score, store, compare, flag. `trigger` says why (e.g. "import ks2 #12"); `asOf` defaults to today, so
 * evidence published before today counts. Scores and flags are written in one transaction.
 */
export async function rescoreAfterImport(
  db: Db,
  organisationId: number,
  trigger: string,
  opts: { asOf?: string; settings?: RiskSettings } = {},
): Promise<RescoreOutcome> {
  const started = Date.now();
  const settings = opts.settings ?? readRiskSettings();
  const asOf = opts.asOf ?? today();
  const model = await currentModel();
  const scored = await scoreSchools(db, organisationId, asOf);
  const flagged: RescoreOutcome['flagged'] = [];
  await db.transaction(async (tx) => {
    const previous = await latestScores(tx, organisationId);
    for (let i = 0; i < scored.length; i += 500) {
      await tx.insert(riskScores).values(
        scored.slice(i, i + 500).map((s) => ({
          organisationId,
          urn: s.urn,
          asOf,
          risk: s.risk.risk,
          coverage: s.risk.coverage,
          topFactors: s.risk.topFactors satisfies StoredFactor[],
          modelVersion: model.version,
          trigger,
        })),
      );
    }
    for (const s of scored) {
      const before = previous.get(s.urn);
      const prev = before ? { risk: before.risk, modelVersion: before.modelVersion } : null;
      const now = { risk: s.risk.risk, modelVersion: model.version };
      if (!prev || !risePastThreshold(prev, now, settings)) continue;
      await raiseReviewFlag(tx, organisationId, {
        urn: s.urn,
        kind: 'risk',
        raisedOn: today(),
        reason: alertReason(prev, now, s.risk.topFactors, settings),
        details: {
          from: prev.risk,
          to: now.risk,
          previousAsOf: before!.asOf,
          asOf,
          threshold: settings.threshold,
          minimumRise: settings.minimumRise,
          settingsSource: settings.source,
          settingsDate: settings.date,
          modelVersion: model.version,
          topFactors: s.risk.topFactors,
          trigger,
        },
      });
      flagged.push({ urn: s.urn, from: prev.risk, to: now.risk });
    }
  });
  return { asOf, modelVersion: model.version, scored: scored.length, flagged, ms: Date.now() - started };
}

let fallbackLog: Logger | null = null;

/**
 * For the import hook: rescoring runs after the import has committed, and a failure here is logged and
 * reported in the import summary but never undoes the import. Returns the summary line.
 */
export async function rescoreSafely(db: Db, organisationId: number, trigger: string, log?: Logger): Promise<string> {
  try {
    const r = await rescoreAfterImport(db, organisationId, trigger);
    return `Early-warning risk rescored for ${r.scored} schools; ${r.flagged.length} joined the needs-review queue (risk rose past the alert threshold)`;
  } catch (err) {
    fallbackLog ??= createLogger(process.env.LOG_LEVEL ?? 'info', 'stderr');
    (log ?? fallbackLog).error({ err, trigger }, 'early-warning rescoring failed after an import; the import itself stands');
    return 'Early-warning risk could not be rescored (the error is logged); the import itself is complete';
  }
}

/**
 * When a retrained model is deployed, the stored scores are the old model's and the watch list would
 * show them until the next import. Scores everything once with the new model (alerts never compare
 * across model versions, so this cannot fill the queue). Returns a summary, or null when nothing to do.
 */
export async function rescoreIfModelChanged(db: Db, organisationId: number, log?: Logger): Promise<string | null> {
  const model = await currentModel();
  if (!(await scoresAreFromOlderModel(db, organisationId, model.version))) return null;
  return rescoreSafely(db, organisationId, `new model ${model.version}`, log);
}

/** True when scores are stored and none comes from this model version (a new model has been deployed). */
export async function scoresAreFromOlderModel(db: Db, organisationId: number, version: string): Promise<boolean> {
  const [any] = await db.select({ id: riskScores.id }).from(riskScores).where(eq(riskScores.organisationId, organisationId)).limit(1);
  if (!any) return false;
  const [current] = await db
    .select({ id: riskScores.id })
    .from(riskScores)
    .where(and(eq(riskScores.organisationId, organisationId), eq(riskScores.modelVersion, version)))
    .limit(1);
  return !current;
}
