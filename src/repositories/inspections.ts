// Inspection history across conversions (issue 13): a school's own inspections and those of the schools it
// replaced, as the register links them (school_events: academy conversions and transfers). Early warning,
// categorisation, the dashboard and the evidence command all read history through here.
import { and, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { inspections } from '../db/schema-evidence.js';
import { schoolEvents, schools } from '../db/schema.js';
import { assembleHistory, type HistoryInspection } from '../domain/evidence/inspections.js';
import type { FourPointGrade, Inspection } from '../domain/evidence/types.js';
import type { InspectionRow } from './evidence.js';

/** Predecessor chains are short (a school converts, then perhaps moves trust); this bounds a bad loop. */
const MAX_GENERATIONS = 4;
/** Above this many URNs, read the organisation's rows whole rather than build a long IN list. */
const WHOLE_ORGANISATION = 200;

/** What an Inspection is made of: a stored row without its id, organisation and import. */
export type InspectionFields = Omit<InspectionRow, 'id' | 'organisationId' | 'importId'>;

/**
 * Only those columns are read for a history: a national history is ~17,000 rows, and drizzle decodes
 * every column it is given.
 */
const FIELDS = {
  urn: inspections.urn,
  inspectionDate: inspections.inspectionDate,
  inspectionEndDate: inspections.inspectionEndDate,
  dateBasis: inspections.dateBasis,
  publicationDate: inspections.publicationDate,
  inspectionType: inspections.inspectionType,
  era: inspections.era,
  overallEffectiveness: inspections.overallEffectiveness,
  categoryOfConcern: inspections.categoryOfConcern,
  subJudgements: inspections.subJudgements,
  reportCard: inspections.reportCard,
  safeguarding: inspections.safeguarding,
  previousOverallEffectiveness: inspections.previousOverallEffectiveness,
  previousInspectionDate: inspections.previousInspectionDate,
  ungradedOutcome: inspections.ungradedOutcome,
  inspectedUrn: inspections.inspectedUrn,
  source: inspections.source,
} satisfies { [K in keyof InspectionFields]: unknown };

const FIELD_NAMES = Object.keys(FIELDS) as (keyof InspectionFields)[];

/**
 * The FIELDS of the inspections matching `where`, as drizzle would give them, but read as one JSON text
 * parsed natively: PGlite decoding a national history (~17,000 rows) field by field cost ~0.3 s more.
 * Dates are ISO day strings and jsonb objects parsed, as drizzle gives them; the order is unspecified
 * in both (assembleHistory sorts).
 */
async function inspectionFields(db: Db | Tx, where: SQL | undefined): Promise<InspectionFields[]> {
  const columns = sql.join(
    FIELD_NAMES.map((k) => sql`${FIELDS[k]}`),
    sql`, `,
  );
  const res = await db.execute(sql`select json_agg(json_build_array(${columns}))::text as list from ${inspections} where ${where}`);
  const [row] = (res as unknown as { rows: { list: string | null }[] }).rows;
  if (!row?.list) return [];
  return (JSON.parse(row.list) as unknown[][]).map((t) => {
    const r: Record<string, unknown> = {};
    for (let i = 0; i < FIELD_NAMES.length; i++) r[FIELD_NAMES[i]!] = t[i];
    return r as unknown as InspectionFields;
  });
}

export function rowToInspection(r: InspectionFields): Inspection {
  const i: Inspection = {
    urn: r.urn,
    inspectionDate: r.inspectionDate,
    dateBasis: r.dateBasis,
    publicationDate: r.publicationDate,
    inspectionType: r.inspectionType,
    era: r.era,
    overallEffectiveness: r.overallEffectiveness as FourPointGrade | null,
    categoryOfConcern: r.categoryOfConcern,
    safeguarding: r.safeguarding,
    previousOverallEffectiveness: r.previousOverallEffectiveness as FourPointGrade | null,
    previousInspectionDate: r.previousInspectionDate,
    source: r.source,
  };
  if (r.inspectionEndDate) i.inspectionEndDate = r.inspectionEndDate;
  if (r.subJudgements) i.subJudgements = r.subJudgements as Inspection['subJudgements'];
  if (r.reportCard) i.reportCard = r.reportCard as Inspection['reportCard'];
  if (r.ungradedOutcome) i.ungradedOutcome = r.ungradedOutcome;
  if (r.inspectedUrn !== null && r.inspectedUrn !== undefined) i.inspectedUrn = r.inspectedUrn;
  return i;
}

/** Each school's predecessors, nearest first, following the register's links back. */
export async function predecessorsOf(db: Db | Tx, organisationId: number, urns: readonly number[]): Promise<Map<number, number[]>> {
  const links = await db
    .select({ urn: schoolEvents.urn, predecessorUrn: schoolEvents.predecessorUrn })
    .from(schoolEvents)
    .where(and(eq(schoolEvents.organisationId, organisationId), isNotNull(schoolEvents.predecessorUrn), inArray(schoolEvents.eventType, ['academy_conversion', 'academy_transfer'])));
  const parent = new Map<number, number>();
  for (const l of links) if (l.predecessorUrn !== null && l.predecessorUrn !== l.urn) parent.set(l.urn, l.predecessorUrn);
  const out = new Map<number, number[]>();
  for (const urn of urns) {
    const chain: number[] = [];
    for (let at = parent.get(urn); at !== undefined && chain.length < MAX_GENERATIONS && at !== urn && !chain.includes(at); at = parent.get(at)) chain.push(at);
    out.set(urn, chain);
  }
  return out;
}

/**
 * Every school's inspection history known on `asOf` (default: everything held), keyed by URN: its own
 * inspections and its predecessors' (each marked with `inspectedUrn` and `inspectedName`), newest first.
 */
export async function inspectionHistory(db: Db | Tx, organisationId: number, urns: readonly number[], asOf?: string): Promise<Map<number, HistoryInspection[]>> {
  const chains = await predecessorsOf(db, organisationId, urns);
  const wanted = new Set<number>(urns);
  for (const chain of chains.values()) for (const p of chain) wanted.add(p);
  const rows =
    wanted.size === 0
      ? []
      : wanted.size > WHOLE_ORGANISATION
        ? await inspectionFields(db, eq(inspections.organisationId, organisationId))
        : await inspectionFields(db, and(eq(inspections.organisationId, organisationId), inArray(inspections.urn, [...wanted])));
  const byUrn = new Map<number, Inspection[]>();
  const collect = (list: InspectionFields[]) => {
    for (const r of list) if (wanted.has(r.urn)) (byUrn.get(r.urn) ?? byUrn.set(r.urn, []).get(r.urn)!).push(rowToInspection(r));
  };
  collect(rows);
  // An MI row may name a predecessor the register does not link (Ofsted's "URN at time of ..."): it joins the chain.
  const extra = new Map<number, number[]>();
  for (const urn of urns) {
    const chain = chains.get(urn) ?? [];
    for (const i of byUrn.get(urn) ?? []) if (i.inspectedUrn && !chain.includes(i.inspectedUrn)) (extra.get(urn) ?? extra.set(urn, []).get(urn)!).push(i.inspectedUrn);
  }
  const unseen = [...new Set([...extra.values()].flat())].filter((u) => !wanted.has(u));
  for (const u of unseen) wanted.add(u);
  if (unseen.length) collect(await inspectionFields(db, and(eq(inspections.organisationId, organisationId), inArray(inspections.urn, unseen))));
  for (const [urn, more] of extra) chains.set(urn, [...(chains.get(urn) ?? []), ...new Set(more)]);
  const predecessorUrns = [...new Set([...chains.values()].flat())];
  const names = new Map(
    predecessorUrns.length
      ? (await db.select({ urn: schools.urn, name: schools.name }).from(schools).where(and(eq(schools.organisationId, organisationId), inArray(schools.urn, predecessorUrns)))).map((s) => [s.urn, s.name])
      : [],
  );
  const out = new Map<number, HistoryInspection[]>();
  for (const urn of urns) {
    const predecessors = (chains.get(urn) ?? []).map((p) => ({ urn: p, name: names.get(p) ?? null, inspections: byUrn.get(p) ?? [] }));
    out.set(urn, assembleHistory(urn, byUrn.get(urn) ?? [], predecessors, asOf));
  }
  return out;
}
