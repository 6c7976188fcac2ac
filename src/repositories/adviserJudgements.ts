// Adviser judgements a policy takes as input, kept as history; the latest per school is the one used.
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { adviserJudgements } from '../db/tables.js';

export type AdviserJudgementRow = typeof adviserJudgements.$inferSelect;
export type JudgementInput = AdviserJudgementRow['input'];

export async function insertJudgement(db: Db | Tx, row: typeof adviserJudgements.$inferInsert): Promise<AdviserJudgementRow> {
  const [created] = await db.insert(adviserJudgements).values(row).returning();
  return created;
}

/** Every judgement of one input for one school, newest first. */
export function judgementHistory(db: Db | Tx, organisationId: number, urn: number, input: JudgementInput): Promise<AdviserJudgementRow[]> {
  return db
    .select()
    .from(adviserJudgements)
    .where(and(eq(adviserJudgements.organisationId, organisationId), eq(adviserJudgements.urn, urn), eq(adviserJudgements.input, input)))
    .orderBy(desc(adviserJudgements.recordedAt), desc(adviserJudgements.id));
}

/** The latest judgement of one input for each school (all schools, or the URNs given). */
export async function latestJudgements(db: Db | Tx, organisationId: number, input: JudgementInput, urns?: number[]): Promise<Map<number, AdviserJudgementRow>> {
  if (urns && urns.length === 0) return new Map();
  const rows = await db
    .select()
    .from(adviserJudgements)
    .where(
      and(
        eq(adviserJudgements.organisationId, organisationId),
        eq(adviserJudgements.input, input),
        urns ? inArray(adviserJudgements.urn, urns) : undefined,
      ),
    )
    .orderBy(desc(adviserJudgements.recordedAt), desc(adviserJudgements.id));
  const out = new Map<number, AdviserJudgementRow>();
  for (const r of rows) if (!out.has(r.urn)) out.set(r.urn, r);
  return out;
}
