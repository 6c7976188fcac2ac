// Data access for categorisation: policy versions, rounds, each school's entry and its steps,
// challenges, letters and in-year review flags. No rules live here: the moderation domain decides.
import { and, asc, count, desc, eq, ilike, inArray, isNull, lt, max, or, sql, type SQL } from 'drizzle-orm';
import type { SchoolScope } from '../domain/access/policy.js';
import { scopeCondition } from './schools.js';
import type { Db, Tx } from '../db/client.js';
import { categorisationRounds, categorisations, categorisationSteps, challenges, letters, policyVersions, reviewFlags } from '../db/schema-categorisation.js';
import { districts, schools, userScopes, users } from '../db/schema.js';

export type PolicyVersionRow = typeof policyVersions.$inferSelect;
export type RoundRow = typeof categorisationRounds.$inferSelect;
export type EntryRow = typeof categorisations.$inferSelect;
export type StepRow = typeof categorisationSteps.$inferSelect;
export type ChallengeRow = typeof challenges.$inferSelect;
export type LetterRow = typeof letters.$inferSelect;
export type LetterSummaryRow = Omit<LetterRow, 'docx' | 'pdf'> & { docxBytes: number; pdfBytes: number; schoolName: string | null };
/** An entry with the school facts the round pages and the overview group by. */
export type EntryWithSchool = EntryRow & { name: string; phase: string; typeGroup: string; districtId: number | null; districtName: string | null };

// ---- policy versions ----------------------------------------------------------------------

export function listPolicyVersions(db: Db | Tx, organisationId: number): Promise<PolicyVersionRow[]> {
  return db.select().from(policyVersions).where(eq(policyVersions.organisationId, organisationId)).orderBy(asc(policyVersions.policyId), desc(policyVersions.version));
}

export async function getPolicyVersion(db: Db | Tx, organisationId: number, id: number): Promise<PolicyVersionRow | undefined> {
  const [r] = await db.select().from(policyVersions).where(and(eq(policyVersions.organisationId, organisationId), eq(policyVersions.id, id)));
  return r;
}

export async function findPolicyVersion(db: Db | Tx, organisationId: number, policyId: string, version: number): Promise<PolicyVersionRow | undefined> {
  const [r] = await db
    .select()
    .from(policyVersions)
    .where(and(eq(policyVersions.organisationId, organisationId), eq(policyVersions.policyId, policyId), eq(policyVersions.version, version)));
  return r;
}

/** Which policy ids and versions an organisation holds, without their definitions. */
export async function policyVersionKeys(db: Db | Tx, organisationId: number): Promise<{ policyId: string; version: number }[]> {
  return db.select({ policyId: policyVersions.policyId, version: policyVersions.version }).from(policyVersions).where(eq(policyVersions.organisationId, organisationId));
}

export async function latestPolicyVersion(db: Db | Tx, organisationId: number, policyId: string): Promise<PolicyVersionRow | undefined> {
  const [r] = await db
    .select()
    .from(policyVersions)
    .where(and(eq(policyVersions.organisationId, organisationId), eq(policyVersions.policyId, policyId)))
    .orderBy(desc(policyVersions.version))
    .limit(1);
  return r;
}

export async function insertPolicyVersion(db: Db | Tx, row: typeof policyVersions.$inferInsert): Promise<PolicyVersionRow | undefined> {
  // Two first requests may both store the shipped file: the unique index keeps one.
  const [r] = await db.insert(policyVersions).values(row).onConflictDoNothing().returning();
  return r;
}

// ---- rounds -------------------------------------------------------------------------------

export async function insertRound(tx: Tx, row: typeof categorisationRounds.$inferInsert): Promise<RoundRow> {
  const [r] = await tx.insert(categorisationRounds).values(row).returning();
  return r;
}

export function listRounds(db: Db | Tx, organisationId: number): Promise<RoundRow[]> {
  return db.select().from(categorisationRounds).where(eq(categorisationRounds.organisationId, organisationId)).orderBy(desc(categorisationRounds.id));
}

export async function getRound(db: Db | Tx, organisationId: number, id: number): Promise<RoundRow | undefined> {
  const [r] = await db.select().from(categorisationRounds).where(and(eq(categorisationRounds.organisationId, organisationId), eq(categorisationRounds.id, id)));
  return r;
}

export async function findRoundByLabel(db: Db | Tx, organisationId: number, label: string): Promise<RoundRow | undefined> {
  const [r] = await db.select().from(categorisationRounds).where(and(eq(categorisationRounds.organisationId, organisationId), eq(categorisationRounds.label, label)));
  return r;
}

/** The round created before this one, the baseline for "movement since last round". */
export async function previousRound(db: Db | Tx, organisationId: number, id: number): Promise<RoundRow | undefined> {
  const [r] = await db
    .select()
    .from(categorisationRounds)
    .where(and(eq(categorisationRounds.organisationId, organisationId), lt(categorisationRounds.id, id)))
    .orderBy(desc(categorisationRounds.id))
    .limit(1);
  return r;
}

export async function markRoundConfirmed(db: Db | Tx, organisationId: number, id: number, by: string, at: Date): Promise<void> {
  await db
    .update(categorisationRounds)
    .set({ status: 'confirmed', confirmedBy: by, confirmedAt: at })
    .where(and(eq(categorisationRounds.organisationId, organisationId), eq(categorisationRounds.id, id)));
}

// ---- entries and steps --------------------------------------------------------------------

export async function insertEntries(tx: Tx, rows: (typeof categorisations.$inferInsert)[]): Promise<EntryRow[]> {
  const out: EntryRow[] = [];
  // Batches keep each statement well under the parameter limit for a whole LA.
  for (let i = 0; i < rows.length; i += 200) out.push(...(await tx.insert(categorisations).values(rows.slice(i, i + 200)).returning()));
  return out;
}

export async function insertSteps(db: Db | Tx, rows: (typeof categorisationSteps.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await db.insert(categorisationSteps).values(rows.slice(i, i + 500));
}

const entryColumns = {
  entry: categorisations,
  name: schools.name,
  phase: schools.phase,
  typeGroup: schools.typeGroup,
  districtId: schools.districtId,
  districtName: districts.name,
};

function withSchool(r: { entry: EntryRow; name: string | null; phase: string | null; typeGroup: string | null; districtId: number | null; districtName: string | null }): EntryWithSchool {
  return { ...r.entry, name: r.name ?? `URN ${r.entry.urn}`, phase: r.phase ?? 'unknown', typeGroup: r.typeGroup ?? 'unknown', districtId: r.districtId, districtName: r.districtName };
}

export async function listEntries(db: Db | Tx, organisationId: number, roundId: number): Promise<EntryWithSchool[]> {
  const rows = await db
    .select(entryColumns)
    .from(categorisations)
    .leftJoin(schools, and(eq(schools.organisationId, categorisations.organisationId), eq(schools.urn, categorisations.urn)))
    .leftJoin(districts, eq(districts.id, schools.districtId))
    .where(and(eq(categorisations.organisationId, organisationId), eq(categorisations.roundId, roundId)))
    .orderBy(asc(schools.name), asc(categorisations.urn));
  return rows.map(withSchool);
}

export async function getEntry(db: Db | Tx, organisationId: number, roundId: number, urn: number): Promise<EntryWithSchool | undefined> {
  const [r] = await db
    .select(entryColumns)
    .from(categorisations)
    .leftJoin(schools, and(eq(schools.organisationId, categorisations.organisationId), eq(schools.urn, categorisations.urn)))
    .leftJoin(districts, eq(districts.id, schools.districtId))
    .where(and(eq(categorisations.organisationId, organisationId), eq(categorisations.roundId, roundId), eq(categorisations.urn, urn)));
  return r ? withSchool(r) : undefined;
}

export async function getEntryById(db: Db | Tx, organisationId: number, id: number): Promise<EntryRow | undefined> {
  const [r] = await db.select().from(categorisations).where(and(eq(categorisations.organisationId, organisationId), eq(categorisations.id, id)));
  return r;
}

/** The school's entry in the most recent confirmed round: its category as the school was told. */
export async function latestConfirmedEntry(db: Db | Tx, organisationId: number, urn: number): Promise<{ entry: EntryRow; round: RoundRow } | undefined> {
  const [r] = await db
    .select({ entry: categorisations, round: categorisationRounds })
    .from(categorisations)
    .innerJoin(categorisationRounds, eq(categorisationRounds.id, categorisations.roundId))
    .where(and(eq(categorisations.organisationId, organisationId), eq(categorisations.urn, urn), eq(categorisationRounds.status, 'confirmed')))
    .orderBy(desc(categorisationRounds.id))
    .limit(1);
  return r;
}

export async function updateEntry(
  db: Db | Tx,
  organisationId: number,
  id: number,
  set: { stage?: string; currentCategory?: string | null; proposedCategory?: string | null; result?: unknown; needsReview?: boolean; reviewReason?: string | null },
): Promise<void> {
  await db
    .update(categorisations)
    .set({ ...set, updatedAt: new Date() })
    .where(and(eq(categorisations.organisationId, organisationId), eq(categorisations.id, id)));
}

/** Marks the school's entry in its latest round as needing review (the round page's marker). */
export async function markLatestEntryNeedsReview(db: Db | Tx, organisationId: number, urn: number, needsReview: boolean, reason: string | null): Promise<void> {
  const [latest] = await db
    .select({ id: max(categorisations.id) })
    .from(categorisations)
    .where(and(eq(categorisations.organisationId, organisationId), eq(categorisations.urn, urn)));
  if (latest?.id) await updateEntry(db, organisationId, latest.id, { needsReview, reviewReason: reason });
}

export function listSteps(db: Db | Tx, organisationId: number, categorisationId: number): Promise<StepRow[]> {
  return db
    .select()
    .from(categorisationSteps)
    .where(and(eq(categorisationSteps.organisationId, organisationId), eq(categorisationSteps.categorisationId, categorisationId)))
    .orderBy(asc(categorisationSteps.at), asc(categorisationSteps.id));
}

// ---- people named in letters --------------------------------------------------------------

export interface NamedOfficer {
  role: string;
  name: string;
  email: string;
  schoolUrn: number | null;
  districtId: number | null;
}

/** Link officers (by school) and district leads (by district), active accounts only. */
export async function officersByScope(db: Db | Tx, organisationId: number): Promise<NamedOfficer[]> {
  return db
    .select({ role: users.role, name: users.displayName, email: users.email, schoolUrn: userScopes.schoolUrn, districtId: userScopes.districtId })
    .from(userScopes)
    .innerJoin(users, eq(users.id, userScopes.userId))
    .where(and(eq(userScopes.organisationId, organisationId), eq(users.disabled, false), inArray(users.role, ['link_officer', 'district_lead'])))
    .orderBy(asc(users.id));
}

export async function schoolAddresses(db: Db | Tx, organisationId: number, urns: number[]) {
  if (!urns.length) return [];
  return db
    .select({ urn: schools.urn, name: schools.name, street: schools.street, locality: schools.locality, address3: schools.address3, town: schools.town, postcode: schools.postcode, districtId: schools.districtId, trustName: schools.trustName, typeGroup: schools.typeGroup, typeName: schools.typeName })
    .from(schools)
    .where(and(eq(schools.organisationId, organisationId), inArray(schools.urn, urns)));
}

// ---- challenges ---------------------------------------------------------------------------

export async function insertChallenge(db: Db | Tx, row: typeof challenges.$inferInsert): Promise<ChallengeRow> {
  const [r] = await db.insert(challenges).values(row).returning();
  return r;
}

export async function getChallenge(db: Db | Tx, organisationId: number, id: number): Promise<ChallengeRow | undefined> {
  const [r] = await db.select().from(challenges).where(and(eq(challenges.organisationId, organisationId), eq(challenges.id, id)));
  return r;
}

export function listChallenges(db: Db | Tx, organisationId: number, opts: { urns?: number[]; categorisationId?: number } = {}): Promise<ChallengeRow[]> {
  const c = [eq(challenges.organisationId, organisationId)];
  if (opts.urns) c.push(opts.urns.length ? inArray(challenges.urn, opts.urns) : sql`false`);
  if (opts.categorisationId !== undefined) c.push(eq(challenges.categorisationId, opts.categorisationId));
  return db.select().from(challenges).where(and(...c)).orderBy(desc(challenges.submittedAt), desc(challenges.id));
}

export async function updateChallenge(db: Db | Tx, organisationId: number, id: number, set: Partial<Pick<ChallengeRow, 'status' | 'response' | 'respondedBy' | 'respondedAt'>>): Promise<void> {
  await db.update(challenges).set(set).where(and(eq(challenges.organisationId, organisationId), eq(challenges.id, id)));
}

// ---- letters ------------------------------------------------------------------------------

export async function insertLetter(db: Db | Tx, row: typeof letters.$inferInsert): Promise<number> {
  const [r] = await db.insert(letters).values(row).returning({ id: letters.id });
  return r.id;
}

/** Letters issued for a round, without their bytes; the newest per school first. */
export async function listLetters(db: Db | Tx, organisationId: number, roundId: number, urns?: number[]): Promise<LetterSummaryRow[]> {
  const c = [eq(letters.organisationId, organisationId), eq(letters.roundId, roundId)];
  if (urns) c.push(urns.length ? inArray(letters.urn, urns) : sql`false`);
  const rows = await db
    .select({
      id: letters.id,
      organisationId: letters.organisationId,
      roundId: letters.roundId,
      urn: letters.urn,
      category: letters.category,
      issuedBy: letters.issuedBy,
      issuedAt: letters.issuedAt,
      details: letters.details,
      issue: letters.issue,
      status: letters.status,
      supersededAt: letters.supersededAt,
      supersededReason: letters.supersededReason,
      jobId: letters.jobId,
      docxBytes: sql<number>`octet_length(${letters.docx})`,
      pdfBytes: sql<number>`octet_length(${letters.pdf})`,
      schoolName: schools.name,
    })
    .from(letters)
    .leftJoin(schools, and(eq(schools.organisationId, letters.organisationId), eq(schools.urn, letters.urn)))
    .where(and(...c))
    .orderBy(asc(schools.name), desc(letters.id));
  return rows.map((r) => ({ ...r, docxBytes: Number(r.docxBytes), pdfBytes: Number(r.pdfBytes) }));
}

/**
 * Records one school's letter as issued in its own transaction: earlier issued letters for the school
 * in this round are kept but marked superseded, and the new one takes the next issue number. Returns
 * null, recording nothing, when this job already recorded the school (a resumed job) or, for new
 * letters, when the school already has an issued one (a second "Generate").
 */
export async function recordIssuedLetter(db: Db, row: Omit<typeof letters.$inferInsert, 'issue' | 'status'>, opts: { mode: 'new' | 'reissue'; reason: string | null }): Promise<number | null> {
  return db.transaction(async (tx) => {
    const existing = await tx
      .select({ issue: letters.issue, status: letters.status, jobId: letters.jobId })
      .from(letters)
      .where(and(eq(letters.organisationId, row.organisationId), eq(letters.roundId, row.roundId), eq(letters.urn, row.urn)));
    if (row.jobId != null && existing.some((l) => l.jobId === row.jobId)) return null;
    if (opts.mode === 'new' && existing.some((l) => l.status === 'issued')) return null;
    const issue = existing.reduce((m, l) => Math.max(m, l.issue), 0) + 1;
    await tx
      .update(letters)
      .set({ status: 'superseded', supersededAt: sql`now()` as unknown as Date, supersededReason: opts.reason ?? 'a later letter was issued' })
      .where(and(eq(letters.organisationId, row.organisationId), eq(letters.roundId, row.roundId), eq(letters.urn, row.urn), eq(letters.status, 'issued')));
    // The unique (round, school, issue) index turns a concurrent duplicate into a no-op.
    const [r] = await tx
      .insert(letters)
      .values({ ...row, issue, status: 'issued' })
      .onConflictDoNothing()
      .returning({ id: letters.id });
    return r?.id ?? null;
  });
}

/** Schools this job has already recorded: where a resumed job carries on from. */
export async function lettersOfJob(db: Db | Tx, organisationId: number, roundId: number, jobId: number): Promise<number[]> {
  const rows = await db
    .select({ urn: letters.urn })
    .from(letters)
    .where(and(eq(letters.organisationId, organisationId), eq(letters.roundId, roundId), eq(letters.jobId, jobId)));
  return rows.map((r) => r.urn);
}

/** The round's latest letter issue (0 when none) and the schools that have a letter of it. */
export async function letterIssueState(db: Db | Tx, organisationId: number, roundId: number): Promise<{ issue: number; urns: Set<number>; issuedUrns: Set<number> }> {
  const rows = await db
    .select({ urn: letters.urn, issue: letters.issue, status: letters.status })
    .from(letters)
    .where(and(eq(letters.organisationId, organisationId), eq(letters.roundId, roundId)));
  const issue = rows.reduce((m, r) => Math.max(m, r.issue), 0);
  return { issue, urns: new Set(rows.filter((r) => r.issue === issue).map((r) => r.urn)), issuedUrns: new Set(rows.filter((r) => r.status === 'issued').map((r) => r.urn)) };
}

/** The issued (not superseded) letters of a round for these schools, bytes included, a page at a time. */
export async function* issuedLettersWithFiles(db: Db | Tx, organisationId: number, roundId: number, urns: number[], pageSize = 25): AsyncGenerator<LetterRow> {
  if (!urns.length) return;
  let after = 0;
  for (;;) {
    const page = await db
      .select()
      .from(letters)
      .where(and(eq(letters.organisationId, organisationId), eq(letters.roundId, roundId), eq(letters.status, 'issued'), inArray(letters.urn, urns), sql`${letters.id} > ${after}`))
      .orderBy(asc(letters.id))
      .limit(pageSize);
    for (const r of page) yield r;
    if (page.length < pageSize) return;
    after = page[page.length - 1].id;
  }
}

export async function getLetter(db: Db | Tx, organisationId: number, id: number): Promise<LetterRow | undefined> {
  const [r] = await db.select().from(letters).where(and(eq(letters.organisationId, organisationId), eq(letters.id, id)));
  return r;
}

export async function countOpenFlagsByUrn(db: Db | Tx, organisationId: number): Promise<Map<number, number>> {
  const rows = await db
    .select({ urn: reviewFlags.urn, n: sql<number>`count(*)` })
    .from(reviewFlags)
    .where(and(eq(reviewFlags.organisationId, organisationId), eq(reviewFlags.status, 'open')))
    .groupBy(reviewFlags.urn);
  return new Map(rows.map((r) => [r.urn, Number(r.n)]));
}



export type ReviewFlagRow = typeof reviewFlags.$inferSelect;
export type ReviewFlagKind = ReviewFlagRow['kind'];

// ---- review flags -------------------------------------------------------------------------

export async function insertReviewFlag(db: Db | Tx, row: typeof reviewFlags.$inferInsert): Promise<ReviewFlagRow> {
  const [r] = await db.insert(reviewFlags).values(row).returning();
  return r;
}

/** An open flag of the same kind, school and date: raising twice (a re-import) must not double the queue. */
export async function findOpenFlag(db: Db | Tx, organisationId: number, urn: number, kind: ReviewFlagKind, raisedOn: string): Promise<ReviewFlagRow | undefined> {
  const [r] = await db
    .select()
    .from(reviewFlags)
    .where(and(eq(reviewFlags.organisationId, organisationId), eq(reviewFlags.urn, urn), eq(reviewFlags.kind, kind), eq(reviewFlags.raisedOn, raisedOn), eq(reviewFlags.status, 'open')));
  return r;
}

export async function listFlags(db: Db | Tx, organisationId: number, opts: { status?: 'open' | 'considered'; urns?: number[] } = {}): Promise<ReviewFlagRow[]> {
  const c = [eq(reviewFlags.organisationId, organisationId)];
  if (opts.status) c.push(eq(reviewFlags.status, opts.status));
  if (opts.urns) {
    if (!opts.urns.length) return [];
    c.push(inArray(reviewFlags.urn, opts.urns));
  }
  return db.select().from(reviewFlags).where(and(...c)).orderBy(desc(reviewFlags.raisedOn), desc(reviewFlags.id));
}

export async function getFlag(db: Db | Tx, organisationId: number, id: number): Promise<ReviewFlagRow | undefined> {
  const [r] = await db.select().from(reviewFlags).where(and(eq(reviewFlags.organisationId, organisationId), eq(reviewFlags.id, id)));
  return r;
}

export async function markFlagConsidered(db: Db | Tx, organisationId: number, id: number, by: string, outcome: string): Promise<ReviewFlagRow | undefined> {
  const [r] = await db
    .update(reviewFlags)
    .set({ status: 'considered', consideredBy: by, consideredAt: new Date(), outcome })
    .where(and(eq(reviewFlags.organisationId, organisationId), eq(reviewFlags.id, id), eq(reviewFlags.status, 'open')))
    .returning();
  return r;
}

// ---- the round page: one page of entries at a time ----------------------------------------

export interface EntryQuery {
  /** Who is asking: never an entry of a school outside their scope. */
  scope: SchoolScope;
  /** Name, town or URN. */
  q?: string;
  /** A district's name, or 'none'. */
  district?: string;
  phase?: string;
  stage?: string;
  /** A category code, or 'none' for entries without one. */
  category?: string;
  /** Only these schools (the review filter: schools with a flag the reader may know of). */
  urns?: number[];
}

export const entrySortKeys = ['name', 'urn', 'district', 'phase', 'proposed', 'current', 'stage'] as const;
export type EntrySort = { key: (typeof entrySortKeys)[number]; dir: 'asc' | 'desc' };

const entrySortColumn = {
  name: schools.name,
  urn: categorisations.urn,
  district: districts.name,
  phase: schools.phase,
  proposed: categorisations.proposedCategory,
  current: categorisations.currentCategory,
  stage: categorisations.stage,
} as const;

function entryConditions(organisationId: number, roundId: number, f: EntryQuery): SQL | undefined {
  const c: (SQL | undefined)[] = [eq(categorisations.organisationId, organisationId), eq(categorisations.roundId, roundId), scopeCondition(f.scope)];
  const q = f.q?.trim();
  if (q) c.push(or(ilike(schools.name, `%${q}%`), ilike(schools.town, `%${q}%`), /^\d+$/.test(q) ? eq(categorisations.urn, Number(q)) : undefined));
  if (f.district === 'none') c.push(isNull(schools.districtId));
  else if (f.district) c.push(eq(districts.name, f.district));
  if (f.phase) c.push(eq(schools.phase, f.phase));
  if (f.stage) c.push(eq(categorisations.stage, f.stage));
  if (f.category === 'none') c.push(isNull(categorisations.currentCategory));
  else if (f.category) c.push(eq(categorisations.currentCategory, f.category));
  if (f.urns) c.push(f.urns.length ? inArray(categorisations.urn, f.urns) : sql`false`);
  return and(...c);
}

/**
 * One page of a round's entries (or all of them, for an export), filtered and sorted in the database.
 * A page carries only the stale-evidence part of each stored result; an export needs the whole result.
 */
export async function searchEntries(
  db: Db | Tx,
  organisationId: number,
  roundId: number,
  f: EntryQuery,
  page: { limit: number; offset: number } | null,
  sort: EntrySort = { key: 'name', dir: 'asc' },
): Promise<{ total: number; rows: EntryWithSchool[] }> {
  const where = entryConditions(organisationId, roundId, f);
  const [{ total }] = await db
    .select({ total: count() })
    .from(categorisations)
    .leftJoin(schools, and(eq(schools.organisationId, categorisations.organisationId), eq(schools.urn, categorisations.urn)))
    .leftJoin(districts, eq(districts.id, schools.districtId))
    .where(where);
  const by = entrySortColumn[sort.key];
  const base = db
    .select(entryColumns)
    .from(categorisations)
    .leftJoin(schools, and(eq(schools.organisationId, categorisations.organisationId), eq(schools.urn, categorisations.urn)))
    .leftJoin(districts, eq(districts.id, schools.districtId))
    .where(where)
    .orderBy(sort.dir === 'desc' ? sql`${by} desc nulls last` : sql`${by} asc nulls last`, asc(schools.name), asc(categorisations.urn));
  const rows = page ? await base.limit(page.limit).offset(page.offset) : await base;
  return { total, rows: rows.map(withSchool) };
}

/** What the round page's summary and filter options need, counted in the database over the reader's scope. */
export async function entryFacets(db: Db | Tx, organisationId: number, roundId: number, scope: SchoolScope) {
  const rows = await db
    .select({
      stage: categorisations.stage,
      districtName: districts.name,
      phase: schools.phase,
      unchanged: sql<boolean>`(${categorisations.currentCategory} is not null and ${categorisations.currentCategory} = ${categorisations.proposedCategory})`,
      // Schools whose proposal rests on an old inspection or none (issue 13), counted with the rest.
      staleKind: sql<string | null>`(${categorisations.result} -> 'staleEvidence' ->> 'kind')`,
      staleYears: sql<string | null>`max(${categorisations.result} -> 'staleEvidence' ->> 'years')`,
      n: count(),
    })
    .from(categorisations)
    .leftJoin(schools, and(eq(schools.organisationId, categorisations.organisationId), eq(schools.urn, categorisations.urn)))
    .leftJoin(districts, eq(districts.id, schools.districtId))
    .where(entryConditions(organisationId, roundId, { scope }))
    .groupBy(categorisations.stage, districts.name, schools.phase, sql`4`, sql`5`);
  const stages = new Map<string, number>();
  let total = 0;
  let outstanding = 0;
  let unchanged = 0;
  const inspectionGaps = { old: 0, missing: 0, years: null as number | null };
  for (const r of rows) {
    const n = Number(r.n);
    total += n;
    if (r.staleKind === 'old-inspection') inspectionGaps.old += n;
    if (r.staleKind === 'no-inspection') inspectionGaps.missing += n;
    if (r.staleYears !== null && inspectionGaps.years === null) inspectionGaps.years = Number(r.staleYears);
    stages.set(r.stage, (stages.get(r.stage) ?? 0) + n);
    if (r.stage !== 'confirmed' && r.stage !== 'excluded') {
      outstanding += n;
      if (r.unchanged) unchanged += n;
    }
  }
  return {
    total,
    stages,
    outstanding,
    unchanged,
    inspectionGaps,
    districts: [...new Set(rows.map((r) => r.districtName ?? 'none'))].sort(),
    phases: [...new Set(rows.map((r) => r.phase ?? 'unknown'))].sort(),
  };
}

/** One school's entry in every round, newest round first, without the stored explanations. */
export async function entriesOfSchool(db: Db | Tx, organisationId: number, urn: number) {
  return db
    .select({
      id: categorisations.id,
      roundId: categorisationRounds.id,
      roundLabel: categorisationRounds.label,
      roundStatus: categorisationRounds.status,
      asOf: categorisationRounds.asOf,
      proposedCategory: categorisations.proposedCategory,
      currentCategory: categorisations.currentCategory,
      stage: categorisations.stage,
      needsReview: categorisations.needsReview,
      updatedAt: categorisations.updatedAt,
    })
    .from(categorisations)
    .innerJoin(categorisationRounds, eq(categorisationRounds.id, categorisations.roundId))
    .where(and(eq(categorisations.organisationId, organisationId), eq(categorisations.urn, urn)))
    .orderBy(desc(categorisationRounds.id));
}

/** The school's latest entry in any round (open or confirmed), with its explanation. */
export async function latestEntry(db: Db | Tx, organisationId: number, urn: number): Promise<{ entry: EntryRow; round: RoundRow } | undefined> {
  const [r] = await db
    .select({ entry: categorisations, round: categorisationRounds })
    .from(categorisations)
    .innerJoin(categorisationRounds, eq(categorisationRounds.id, categorisations.roundId))
    .where(and(eq(categorisations.organisationId, organisationId), eq(categorisations.urn, urn)))
    .orderBy(desc(categorisationRounds.id))
    .limit(1);
  return r;
}

/** Every categorisation letter of one school (issued and superseded), newest first, without the files. */
export async function lettersOfSchool(db: Db | Tx, organisationId: number, urn: number) {
  return db
    .select({ id: letters.id, roundId: letters.roundId, roundLabel: categorisationRounds.label, category: letters.category, issuedAt: letters.issuedAt, issue: letters.issue, status: letters.status })
    .from(letters)
    .innerJoin(categorisationRounds, eq(categorisationRounds.id, letters.roundId))
    .where(and(eq(letters.organisationId, organisationId), eq(letters.urn, urn)))
    .orderBy(desc(letters.issuedAt), desc(letters.id));
}
