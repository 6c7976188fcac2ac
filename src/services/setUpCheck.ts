// Whether opening the database has anything to create: the shipped policies, the LA's strategic targets,
// the demo accounts. Every command and every start asks, and the answer is nearly always no, so these
// read only what they compare (file headers, keys, emails). The modules that validate and create (the
// policy schema, the strategic indicators, password hashing) are loaded by the caller only when
// something is missing: loading them was most of a short command's start.
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config.js';
import type { Db } from '../db/client.js';
import { shippedPolicyHeaders } from '../domain/categorisation/policy/headers.js';
import { policyVersionKeys } from '../repositories/categorisation.js';
import { targetKeys } from '../repositories/strategic.js';
import { providersOfUser } from '../repositories/support.js';
import { emailsInUse, findUserByEmail } from '../repositories/users.js';
import { DEMO_ACCOUNTS, demoEmail } from './demoAccounts.js';

/** The LA's strategic settings file (config/strategic/<LA code>.json); absent means no targets. */
export const STRATEGIC_DIR = path.join(projectRoot, 'config', 'strategic');

/** Each stored policy version as `id@version`. */
export async function storedPolicyKeys(db: Db, organisationId: number): Promise<Set<string>> {
  return new Set((await policyVersionKeys(db, organisationId)).map((k) => `${k.policyId}@${k.version}`));
}

/** A shipped policy file whose id and version is not stored yet. */
export async function shippedPoliciesMissing(db: Db, organisationId: number): Promise<boolean> {
  const stored = await storedPolicyKeys(db, organisationId);
  return !shippedPolicyHeaders().every((h) => stored.has(`${String(h.id)}@${String(h.version)}`));
}

/**
 * A target key in the LA's strategic settings file that is not stored. A file this cannot read counts as
 * missing, so that the caller validates it and reports its problems.
 */
export async function strategicTargetsMissing(db: Db, org: { id: number; kind: string; code: string }, dir = STRATEGIC_DIR): Promise<boolean> {
  const file = path.join(dir, `${org.code}.json`);
  if (org.kind !== 'local_authority' || !fs.existsSync(file)) return false;
  let keys: unknown[];
  try {
    const targets: unknown = (JSON.parse(fs.readFileSync(file, 'utf8')) as { targets?: unknown }).targets ?? [];
    if (!Array.isArray(targets)) return true;
    keys = targets.map((t: unknown) => (t as { key?: unknown } | null)?.key);
  } catch {
    return true;
  }
  if (!keys.every((k) => typeof k === 'string')) return true;
  const held = new Set(await targetKeys(db, org.id));
  return keys.some((k) => !held.has(k as string));
}

/** A demo account not created yet, or the demo provider's account without its provider record. */
export async function demoAccountsMissing(db: Db, org: { id: number }): Promise<boolean> {
  const held = new Set(await emailsInUse(db, DEMO_ACCOUNTS.map((a) => demoEmail(a.role))));
  if (DEMO_ACCOUNTS.some((a) => !held.has(demoEmail(a.role)))) return true;
  const provider = await findUserByEmail(db, demoEmail('provider'));
  return !!provider && !(await providersOfUser(db, org.id, provider.id)).length;
}
