// Two versions of the data. `currentDataVersion` is the database's counter (migration 0020), moved on by
// triggers whenever anything a page may show changes, by this process, a CLI command, another app process or
// an operator's SQL alike; the page cache keys on it. `programmeDataVersion` is narrower: a fingerprint of
// everything the visit programme is derived from: rounds and their confirmation,
// each school's current category and stage, officers, their schools, districts and capacity, and
// the evidence imports and intelligence that live categorisation reads. A cached programme is used
// only while the fingerprint is unchanged, so a confirmed round or a new assignment shows at once.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';

export async function programmeDataVersion(db: Db, organisationId: number): Promise<string> {
  const o = organisationId;
  const res = await db.execute(sql`select concat_ws('|',
    (select md5(coalesce(string_agg(concat_ws(':', id, status, policy_version_id, as_of, confirmed_at), ',' order by id), '')) from categorisation_rounds where organisation_id = ${o}),
    (select md5(coalesce(string_agg(concat_ws(':', id, stage, current_category, needs_review), ',' order by id), '')) from categorisations where organisation_id = ${o}),
    (select md5(coalesce(string_agg(concat_ws(':', id, role, disabled), ',' order by id), '')) from users where organisation_id = ${o}),
    (select md5(coalesce(string_agg(concat_ws(':', id, user_id, school_urn, district_id), ',' order by id), '')) from user_scopes where organisation_id = ${o}),
    (select md5(coalesce(string_agg(concat_ws(':', id, user_id, days_per_year, updated_at), ',' order by id), '')) from officer_capacity where organisation_id = ${o}),
    (select md5(coalesce(string_agg(concat_ws(':', urn, district_id, status, type_group), ',' order by urn), '')) from schools where organisation_id = ${o}),
    (select concat_ws(':', count(*), max(id)) from imports where organisation_id = ${o}),
    (select concat_ws(':', count(*), max(updated_at)) from intelligence_items where organisation_id = ${o}),
    (select concat_ws(':', count(*), max(id)) from adviser_judgements where organisation_id = ${o})
  ) as v`);
  return (res as unknown as { rows: { v: string }[] }).rows[0].v;
}

export async function currentDataVersion(db: Db): Promise<number> {
  const res = await db.execute(sql`select version from data_version where id = 1`);
  const row = (res as unknown as { rows: { version: string | number }[] }).rows[0];
  return row ? Number(row.version) : 0;
}
