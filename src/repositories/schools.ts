// Data access for the school register. Every query is scoped to one organisation.
import { recomputeDistributions } from './distributions.js';
import { and, asc, count, desc, eq, getTableColumns, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { SchoolScope } from '../domain/access/policy.js';
import type { Db, Tx } from '../db/client.js';
import { districts, schoolEvents, schools, users, userScopes } from '../db/schema.js';
import type { SchoolRecord } from '../domain/register/record.js';
import type { RegisterEvent } from '../domain/register/history.js';
import { chunks, unnestRows } from './unnest.js';

export type SchoolRow = typeof schools.$inferSelect;
export type SchoolWithDistrict = SchoolRow & { districtName: string | null };

export interface HeldSchool {
  record: SchoolRecord;
  sourceDate: string;
  districtId: number | null;
  districtSource: 'default' | 'manual' | null;
}

export function rowToRecord(r: SchoolRow): SchoolRecord {
  return {
    urn: r.urn,
    laestab: r.laestab,
    name: r.name,
    street: r.street,
    locality: r.locality,
    address3: r.address3,
    town: r.town,
    postcode: r.postcode,
    laCode: r.laCode,
    laName: r.laName,
    typeName: r.typeName,
    typeGroup: r.typeGroup as SchoolRecord['typeGroup'],
    phase: r.phase as SchoolRecord['phase'],
    isPrimary: r.isPrimary,
    isSecondary: r.isSecondary,
    isPost16: r.isPost16,
    ageLow: r.ageLow,
    ageHigh: r.ageHigh,
    status: r.status as SchoolRecord['status'],
    openDate: r.openDate,
    closeDate: r.closeDate,
    gender: r.gender,
    religiousCharacter: r.religiousCharacter,
    diocese: r.diocese,
    admissionsPolicy: r.admissionsPolicy,
    trustName: r.trustName,
    sponsorName: r.sponsorName,
    constituency: r.constituency,
    isStateFunded: r.isStateFunded,
    previousLaestab: null,
    reasonOpened: null,
    reasonClosed: null,
  };
}

export async function loadHeldSchools(db: Db | Tx, organisationId: number): Promise<Map<number, HeldSchool>> {
  const rows = await db.select().from(schools).where(eq(schools.organisationId, organisationId));
  return new Map(
    rows.map((r) => [
      r.urn,
      { record: rowToRecord(r), sourceDate: r.sourceDate, districtId: r.districtId, districtSource: r.districtSource },
    ]),
  );
}

export interface SchoolWrite {
  record: SchoolRecord;
  sourceDate: string;
  districtId: number | null;
  districtSource: 'default' | 'manual' | null;
  importId: number | null;
}

/** The register's columns a write sets, in the table's order (the keys of `SchoolWrite` once flattened). */
const writtenColumns = Object.entries(getTableColumns(schools)).filter(([k]) => !['id', 'organisationId', 'createdAt', 'updatedAt'].includes(k));

/** Inserts or updates schools, one statement per 10,000 (see unnest.ts: the columns travel as arrays). */
export async function upsertSchools(tx: Tx, organisationId: number, writes: SchoolWrite[]): Promise<void> {
  for (const part of chunks(writes, 10_000)) {
    const rows = part.map(({ record: r, sourceDate, districtId, districtSource, importId }) => {
      const { previousLaestab: _p, reasonOpened: _o, reasonClosed: _c, ...facts } = r;
      return { ...facts, sourceDate, districtId, districtSource, lastImportId: importId } as Record<string, unknown>;
    });
    const names = writtenColumns.map(([, c]) => c.name);
    const arrays = Object.fromEntries(writtenColumns.map(([k, c]) => [c.name, [rows.map((r) => r[k] ?? null), c.getSQLType()] as const]));
    const updated = names.filter((n) => n !== 'urn').map((n) => `${n} = excluded.${n}`);
    await tx.execute(sql`
      insert into schools (organisation_id, ${sql.raw(names.join(', '))})
      select ${organisationId}::int, ${sql.raw(names.map((n) => `r.${n}`).join(', '))} from ${unnestRows('r', arrays)}
      on conflict (organisation_id, urn) do update set ${sql.raw([...updated, 'updated_at = now()'].join(', '))}`);
  }
}

export async function insertEvents(tx: Tx, organisationId: number, events: RegisterEvent[], importId: number | null): Promise<void> {
  for (const part of chunks(events, 10_000)) {
    await tx.execute(sql`
      insert into school_events (organisation_id, urn, event_type, event_date, predecessor_urn, successor_urn, details, import_id)
      select ${organisationId}::int, r.urn, r.event_type, r.event_date, r.predecessor_urn, r.successor_urn, r.details::jsonb, ${importId}::int
      from ${unnestRows('r', {
        urn: [part.map((e) => e.urn), 'int'],
        event_type: [part.map((e) => e.eventType), 'text'],
        event_date: [part.map((e) => e.eventDate ?? null), 'date'],
        predecessor_urn: [part.map((e) => e.predecessorUrn ?? null), 'int'],
        successor_urn: [part.map((e) => e.successorUrn ?? null), 'int'],
        details: [part.map((e) => JSON.stringify(e.details ?? {})), 'text'],
      })}`);
  }
}

export interface SchoolQuery {
  q?: string;
  phase?: string;
  typeGroup?: string;
  /** A district id, or 'none' for schools without one. */
  district?: string;
  status?: string;
  trust?: string;
  /** Only state-funded schools (the default view); false shows every school in the file. */
  stateFundedOnly?: boolean;
  /** Who is asking: the query never returns a school outside their scope. */
  scope: SchoolScope;
  /** Assigning schools to people: only the schools one user holds, or those no active link officer holds. */
  assignment?: { heldBy: number } | 'no-link-officer';
}

export function scopeCondition(scope: SchoolScope): SQL | undefined {
  if (scope.kind === 'all') return undefined;
  if (scope.kind === 'none') return sql`false`;
  const parts: SQL[] = [];
  if (scope.urns.length) parts.push(inArray(schools.urn, scope.urns));
  if (scope.districtIds.length) parts.push(inArray(schools.districtId, scope.districtIds));
  return parts.length ? or(...parts) : sql`false`;
}

/** The register's filters and the reader's scope as one condition on `schools` (other lists filter schools the same way). */
export function conditions(organisationId: number, f: SchoolQuery): SQL | undefined {
  const c: (SQL | undefined)[] = [eq(schools.organisationId, organisationId)];
  const q = f.q?.trim();
  if (q) {
    const pc = q.toUpperCase().replace(/\s+/g, '');
    c.push(
      or(
        ilike(schools.name, `%${q}%`),
        // Officers look schools up by where they are as often as by name.
        ilike(schools.town, `%${q}%`),
        ilike(schools.locality, `%${q}%`),
        /^\d+$/.test(q) ? eq(schools.urn, Number(q)) : undefined,
        sql`replace(${schools.postcode}, ' ', '') like ${pc + '%'}`,
      ),
    );
  }
  if (f.phase) c.push(eq(schools.phase, f.phase));
  if (f.typeGroup) c.push(eq(schools.typeGroup, f.typeGroup));
  if (f.district === 'none') c.push(isNull(schools.districtId));
  else if (f.district && /^\d+$/.test(f.district)) c.push(eq(schools.districtId, Number(f.district)));
  if (f.status) c.push(eq(schools.status, f.status));
  if (f.trust) c.push(eq(schools.trustName, f.trust));
  if (f.stateFundedOnly) c.push(eq(schools.isStateFunded, true));
  if (f.assignment === 'no-link-officer') {
    c.push(sql`${schools.urn} not in (select ${userScopes.schoolUrn} from ${userScopes} join ${users} on ${users.id} = ${userScopes.userId}
      where ${userScopes.organisationId} = ${organisationId} and ${userScopes.schoolUrn} is not null and ${users.role} = 'link_officer' and not ${users.disabled})`);
  } else if (f.assignment) {
    c.push(sql`${schools.urn} in (select ${userScopes.schoolUrn} from ${userScopes} where ${userScopes.userId} = ${f.assignment.heldBy} and ${userScopes.schoolUrn} is not null)`);
  }
  c.push(scopeCondition(f.scope));
  return and(...c);
}


/** The register's sortable columns. */
export const schoolSortKeys = ['name', 'urn', 'town', 'typeName', 'phase', 'district', 'status'] as const;
export type SchoolSort = { key: (typeof schoolSortKeys)[number]; dir: 'asc' | 'desc' };

const schoolSortColumn = {
  name: schools.name,
  urn: schools.urn,
  town: schools.town,
  typeName: schools.typeName,
  phase: schools.phase,
  district: districts.name,
  status: schools.status,
} as const;

export async function searchSchools(
  db: Db | Tx,
  organisationId: number,
  f: SchoolQuery,
  page: { limit: number; offset: number } | null,
  sort: SchoolSort = { key: 'name', dir: 'asc' },
): Promise<{ total: number; rows: SchoolWithDistrict[] }> {
  const where = conditions(organisationId, f);
  const [{ total }] = await db.select({ total: count() }).from(schools).where(where);
  const by = schoolSortColumn[sort.key];
  const base = db
    .select({ school: schools, districtName: districts.name })
    .from(schools)
    .leftJoin(districts, eq(districts.id, schools.districtId))
    .where(where)
    // Name then URN last, so every page of a sorted list is stable.
    .orderBy(sort.dir === 'desc' ? sql`${by} desc nulls last` : sql`${by} asc nulls last`, asc(schools.name), asc(schools.urn));
  const rows = page ? await base.limit(page.limit).offset(page.offset) : await base;
  return { total, rows: rows.map((r) => ({ ...r.school, districtName: r.districtName })) };
}

/** The register facts a school's category and its contacts depend on (see schoolContext). */
export type SchoolFacts = Pick<SchoolWithDistrict, 'urn' | 'name' | 'laCode' | 'phase' | 'typeGroup' | 'typeName' | 'districtName'>;

/**
 * searchSchools' rows and order, with only the columns schoolContext reads: the visit programme reads
 * every open school of the LA on each build, and on a national installation mapping all forty columns
 * of 22,000 rows cost more than a second. The rows come as one JSON text, parsed natively: PGlite
 * decoding 22,000 rows field by field was ~0.35 s of CPU (warm) against ~0.15 s.
 */
export async function schoolFacts(db: Db | Tx, organisationId: number, f: SchoolQuery): Promise<SchoolFacts[]> {
  const res = await db.execute(sql`
    select json_agg(json_build_array(${schools.urn}, ${schools.name}, ${schools.laCode}, ${schools.phase}, ${schools.typeGroup}, ${schools.typeName}, ${districts.name})
      order by ${schoolSortColumn.name} asc nulls last, ${schools.name} asc, ${schools.urn} asc)::text as list
    from ${schools} left join ${districts} on ${districts.id} = ${schools.districtId}
    where ${conditions(organisationId, f)}`);
  const [row] = (res as unknown as { rows: { list: string | null }[] }).rows;
  if (!row?.list) return [];
  type Tuple = [number, string, string, string, string, string, string | null];
  return (JSON.parse(row.list) as Tuple[]).map(([urn, name, laCode, phase, typeGroup, typeName, districtName]) => ({ urn, name, laCode, phase, typeGroup, typeName, districtName }));
}

/** What `lodestar schools` prints for each school. */
export type SchoolListingRow = Pick<SchoolWithDistrict, 'urn' | 'laestab' | 'name' | 'typeName' | 'typeGroup' | 'phase' | 'status' | 'districtName' | 'trustName' | 'postcode'>;

/** searchSchools' rows and order (name first), with only the columns the command line prints. */
export async function schoolListing(db: Db | Tx, organisationId: number, f: SchoolQuery): Promise<SchoolListingRow[]> {
  return db
    .select({
      urn: schools.urn,
      laestab: schools.laestab,
      name: schools.name,
      typeName: schools.typeName,
      typeGroup: schools.typeGroup,
      phase: schools.phase,
      status: schools.status,
      districtName: districts.name,
      trustName: schools.trustName,
      postcode: schools.postcode,
    })
    .from(schools)
    .leftJoin(districts, eq(districts.id, schools.districtId))
    .where(conditions(organisationId, f))
    .orderBy(sql`${schoolSortColumn.name} asc nulls last`, asc(schools.name), asc(schools.urn));
}

/** What a row of the register's list shows. */
export type RegisterListRow = Pick<SchoolWithDistrict, 'urn' | 'name' | 'town' | 'postcode' | 'typeName' | 'phase' | 'status' | 'districtName'>;

/**
 * One page of the register as the list shows it: only the columns it displays, and the count of every
 * matching school, in one statement (the count is a window over the same filtered rows). Same filters, scope
 * and order as `searchSchools`.
 */
export async function registerPage(
  db: Db | Tx,
  organisationId: number,
  f: SchoolQuery,
  page: { limit: number; offset: number },
  sort: SchoolSort = { key: 'name', dir: 'asc' },
): Promise<{ total: number; rows: RegisterListRow[] }> {
  const where = conditions(organisationId, f);
  const by = schoolSortColumn[sort.key];
  const rows = await db
    .select({
      urn: schools.urn,
      name: schools.name,
      town: schools.town,
      postcode: schools.postcode,
      typeName: schools.typeName,
      phase: schools.phase,
      status: schools.status,
      districtName: districts.name,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(schools)
    .leftJoin(districts, eq(districts.id, schools.districtId))
    .where(where)
    .orderBy(sort.dir === 'desc' ? sql`${by} desc nulls last` : sql`${by} asc nulls last`, asc(schools.name), asc(schools.urn))
    .limit(page.limit)
    .offset(page.offset);
  // Past the last page there is no row to carry the count.
  const total = rows.length ? rows[0]!.total : page.offset === 0 ? 0 : (await db.select({ n: count() }).from(schools).where(where))[0]!.n;
  return { total, rows: rows.map(({ total: _t, ...r }) => r) };
}

export async function getSchool(
  db: Db | Tx,
  organisationId: number,
  urn: number,
  scope: SchoolScope,
): Promise<SchoolWithDistrict | undefined> {
  const [r] = await db
    .select({ school: schools, districtName: districts.name })
    .from(schools)
    .leftJoin(districts, eq(districts.id, schools.districtId))
    .where(and(eq(schools.organisationId, organisationId), eq(schools.urn, urn), scopeCondition(scope)));
  return r ? { ...r.school, districtName: r.districtName } : undefined;
}

/** Some schools of the whole register (any status) with their district's name, in one read. */
export async function schoolsByUrn(db: Db | Tx, organisationId: number, urns: number[]): Promise<SchoolWithDistrict[]> {
  if (!urns.length) return [];
  const rows = await db
    .select({ school: schools, districtName: districts.name })
    .from(schools)
    .leftJoin(districts, eq(districts.id, schools.districtId))
    .where(and(eq(schools.organisationId, organisationId), inArray(schools.urn, urns)));
  return rows.map((r) => ({ ...r.school, districtName: r.districtName }));
}

export async function schoolHistory(db: Db | Tx, organisationId: number, urn: number) {
  return db
    .select()
    .from(schoolEvents)
    .where(and(eq(schoolEvents.organisationId, organisationId), eq(schoolEvents.urn, urn)))
    .orderBy(desc(schoolEvents.eventDate), desc(schoolEvents.id));
}

export async function distinctTrusts(db: Db | Tx, organisationId: number): Promise<string[]> {
  const rows = await db
    .selectDistinct({ trust: schools.trustName })
    .from(schools)
    .where(and(eq(schools.organisationId, organisationId), sql`${schools.trustName} is not null`))
    .orderBy(asc(schools.trustName));
  return rows.map((r) => r.trust as string);
}

export async function setDistrict(
  tx: Tx,
  organisationId: number,
  urn: number,
  districtId: number | null,
): Promise<void> {
  await tx
    .update(schools)
    .set({ districtId, districtSource: 'manual', updatedAt: new Date() })
    .where(and(eq(schools.organisationId, organisationId), eq(schools.urn, urn)));
  // The school's values now count in another district's stored distributions.
  await recomputeDistributions(tx, organisationId, 'all');
}

export async function countSchools(db: Db | Tx, organisationId: number): Promise<number> {
  const [{ n }] = await db.select({ n: count() }).from(schools).where(eq(schools.organisationId, organisationId));
  return n;
}
