// The LA's own signals about its schools, as early warning reads them (issue 16): confirmed categories (with
// their place in the policy's order), Core Group meetings and their judgements, stages of concern and
// signed-off judgements of concern. One query per table for a whole LA, so scoring a national-size
// register stays a handful of reads.
import { and, eq, inArray, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { categorisationRounds, categorisations, policyVersions } from '../db/schema-categorisation.js';
import { coreGroupMeetings, coreGroups } from '../db/schema-engagement.js';
import { concernJudgements, schoolInterventions } from '../db/schema-intervention.js';
import type { LaSignals } from '../domain/evidence/types.js';

/** Above this many URNs, read the organisation's rows whole rather than build a long IN list. */
const WHOLE_ORGANISATION = 200;

interface PolicyCategories {
  categories?: { code: string; label?: string; order?: number }[];
}

/** Each school's LA signals, keyed by URN; every URN asked for gets an entry (empty when the LA holds nothing). */
export async function loadLaSignals(db: Db | Tx, organisationId: number, urns: readonly number[]): Promise<Map<number, LaSignals>> {
  const out = new Map<number, LaSignals>();
  for (const urn of urns) out.set(urn, { categories: [], coreGroupSince: null, coreGroupMeetings: [], stages: [], concernJudgements: [] });
  if (urns.length === 0) return out;
  const few = urns.length <= WHOLE_ORGANISATION ? [...urns] : null;
  const only = (column: Parameters<typeof inArray>[0]): SQL | undefined => (few ? inArray(column, few) : undefined);

  const cats = await db
    .select({
      urn: categorisations.urn,
      category: categorisations.currentCategory,
      asOf: categorisationRounds.asOf,
      confirmedAt: categorisationRounds.confirmedAt,
      definition: policyVersions.definition,
    })
    .from(categorisations)
    .innerJoin(categorisationRounds, eq(categorisationRounds.id, categorisations.roundId))
    .innerJoin(policyVersions, eq(policyVersions.id, categorisationRounds.policyVersionId))
    .where(and(eq(categorisations.organisationId, organisationId), eq(categorisationRounds.status, 'confirmed'), only(categorisations.urn)));
  for (const c of cats) {
    const entry = out.get(c.urn);
    if (!entry || !c.category) continue;
    const list = (c.definition as PolicyCategories).categories ?? [];
    const orders = list.map((x, i) => x.order ?? i);
    const k = list.findIndex((x) => x.code === c.category);
    if (k < 0 || orders.length === 0) continue;
    entry.categories.push({
      // A round counts from when it was confirmed: its proposals were not the LA's view before then.
      confirmedOn: c.confirmedAt ? c.confirmedAt.toISOString().slice(0, 10) : c.asOf,
      label: list[k]!.label ?? c.category,
      order: orders[k]!,
      highestOrder: Math.max(...orders),
    });
  }

  for (const g of await db
    .select({ urn: coreGroups.urn, establishedOn: coreGroups.establishedOn })
    .from(coreGroups)
    .where(and(eq(coreGroups.organisationId, organisationId), only(coreGroups.urn)))) {
    const entry = out.get(g.urn);
    if (entry) entry.coreGroupSince = g.establishedOn;
  }
  for (const m of await db
    .select({ urn: coreGroupMeetings.urn, meetingDate: coreGroupMeetings.meetingDate, judgement: coreGroupMeetings.judgement })
    .from(coreGroupMeetings)
    .where(and(eq(coreGroupMeetings.organisationId, organisationId), only(coreGroupMeetings.urn)))) {
    out.get(m.urn)?.coreGroupMeetings.push({ meetingDate: m.meetingDate, judgement: m.judgement });
  }
  for (const s of await db
    .select({ urn: schoolInterventions.urn, stage: schoolInterventions.stage, startedOn: schoolInterventions.startedOn, endedOn: schoolInterventions.endedOn })
    .from(schoolInterventions)
    .where(and(eq(schoolInterventions.organisationId, organisationId), only(schoolInterventions.urn)))) {
    out.get(s.urn)?.stages.push({ stage: s.stage, startedOn: s.startedOn, endedOn: s.endedOn });
  }
  // Only signed-off judgements count, as for the notice rules: one awaiting sign-off is not yet the LA's.
  for (const j of await db
    .select({ urn: concernJudgements.urn, judgedOn: concernJudgements.judgedOn, ground: concernJudgements.ground, confidential: concernJudgements.confidential })
    .from(concernJudgements)
    .where(and(eq(concernJudgements.organisationId, organisationId), eq(concernJudgements.status, 'signed_off'), only(concernJudgements.urn)))) {
    out.get(j.urn)?.concernJudgements.push({ judgedOn: j.judgedOn, ground: j.ground, confidential: j.confidential });
  }
  return out;
}
