// The watch list's page of schools, ranked in the database: each visible school's latest score is
// picked and ordered there, and only the page's rows come back whole (factors included), so a request
// costs the same for fifty schools shown whether the LA has five hundred or twenty thousand.
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { riskScores } from '../db/schema-categorisation.js';
import { schools } from '../db/schema.js';
import type { SchoolScope } from '../domain/access/policy.js';
import { scopeCondition } from './schools.js';

export type RiskScoreRow = typeof riskScores.$inferSelect;

export interface WatchListPage {
  /** Open state-funded schools in scope with a stored score. */
  ranked: number;
  above: number;
  lowCoverage: number;
  /** The page's latest scores, highest risk first (ties by URN). */
  rows: RiskScoreRow[];
}

export async function watchListPage(
  db: Db | Tx,
  organisationId: number,
  scope: SchoolScope,
  opts: { threshold: number; lowCoverage: number; limit: number; offset: number },
): Promise<WatchListPage> {
  const latest = db
    .selectDistinctOn([riskScores.urn], { id: riskScores.id, urn: riskScores.urn, risk: riskScores.risk, coverage: riskScores.coverage })
    .from(riskScores)
    .innerJoin(schools, and(eq(schools.organisationId, riskScores.organisationId), eq(schools.urn, riskScores.urn)))
    .where(and(eq(riskScores.organisationId, organisationId), eq(schools.status, 'open'), eq(schools.isStateFunded, true), scopeCondition(scope)))
    .orderBy(asc(riskScores.urn), desc(riskScores.scoredAt), desc(riskScores.id))
    .as('latest');
  const [agg] = await db
    .select({
      ranked: count(),
      above: sql<number>`count(*) filter (where ${latest.risk} >= ${opts.threshold})`.mapWith(Number),
      lowCoverage: sql<number>`count(*) filter (where ${latest.coverage} < ${opts.lowCoverage})`.mapWith(Number),
    })
    .from(latest);
  const page = await db.select({ id: latest.id }).from(latest).orderBy(desc(latest.risk), asc(latest.urn)).limit(opts.limit).offset(opts.offset);
  const ids = page.map((p) => p.id);
  const full = ids.length ? await db.select().from(riskScores).where(inArray(riskScores.id, ids)) : [];
  const byId = new Map(full.map((r) => [r.id, r]));
  return { ranked: agg.ranked, above: agg.above, lowCoverage: agg.lowCoverage, rows: ids.map((id) => byId.get(id)!) };
}
