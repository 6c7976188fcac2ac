// Policies as versioned data. The shipped files are stored once per LA as version rows (origin
// "shipped") the first time categorisation is used; an LA's edit or copy becomes a new row, so every
// round can name exactly the policy text it ran on.
import type { Db } from '../db/client.js';
import { loadShippedPolicies, parsePolicy, shippedPolicyHeaders, type Policy, type PolicyError } from '../domain/categorisation/index.js';
import { findPolicyVersion, getPolicyVersion, insertPolicyVersion, latestPolicyVersion, listPolicyVersions, type PolicyVersionRow } from '../repositories/categorisation.js';
import { audit, type Actor } from './audit.js';
import { storedPolicyKeys } from './setUpCheck.js';

export type { PolicyVersionRow };

/** Stores each shipped policy file as a version row unless that id and version is already held. */
export async function ensureShippedPolicies(db: Db, organisationId: number): Promise<void> {
  // One read for every shipped policy: this runs whenever the policies are listed.
  const stored = await storedPolicyKeys(db, organisationId);
  // The files are validated (loadShippedPolicies) only when one of them is to be stored.
  if (shippedPolicyHeaders().every((h) => stored.has(`${String(h.id)}@${String(h.version)}`))) return;
  for (const policy of loadShippedPolicies().values()) {
    if (stored.has(`${policy.id}@${policy.version}`)) continue;
    const row = await insertPolicyVersion(db, {
      organisationId,
      policyId: policy.id,
      version: policy.version,
      title: policy.title,
      definition: policy,
      origin: 'shipped',
      changeNote: 'Shipped with Lodestar',
      createdBy: 'lodestar (shipped policy)',
    });
    if (row)
      await audit(db, { userId: null, label: 'lodestar (shipped policy)', organisationId }, 'policy.store_shipped', { type: 'policy_version', id: row.id }, { after: { policyId: row.policyId, version: row.version } });
  }
}

/** The stored definition as a validated policy; a stored row that no longer parses is a bug. */
export function policyOf(row: PolicyVersionRow): Policy {
  const parsed = parsePolicy(JSON.stringify(row.definition));
  if (!parsed.ok) throw new Error(`Stored policy ${row.policyId} v${row.version} does not validate: ${parsed.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
  return parsed.policy;
}

export interface PolicySummary {
  policyId: string;
  title: string;
  latest: PolicyVersionRow;
  versions: PolicyVersionRow[];
}

export async function listPolicies(db: Db, organisationId: number): Promise<PolicySummary[]> {
  await ensureShippedPolicies(db, organisationId);
  const rows = await listPolicyVersions(db, organisationId);
  const byId = new Map<string, PolicyVersionRow[]>();
  for (const r of rows) byId.set(r.policyId, [...(byId.get(r.policyId) ?? []), r]);
  return [...byId.entries()].map(([policyId, versions]) => ({ policyId, title: versions[0].title, latest: versions[0], versions }));
}

/** A policy id's latest version, or a specific one. */
export async function resolvePolicyVersion(db: Db, organisationId: number, policyId: string, version?: number): Promise<PolicyVersionRow | undefined> {
  await ensureShippedPolicies(db, organisationId);
  return version === undefined ? latestPolicyVersion(db, organisationId, policyId) : findPolicyVersion(db, organisationId, policyId, version);
}

export { getPolicyVersion };

export type SaveOutcome = { ok: true; row: PolicyVersionRow } | { ok: false; errors: PolicyError[] };

/**
 * Validates the edited JSON and stores it as the next version of its id: the id in the text decides
 * whether this is a new version of the same policy or a copy under a new id. The version number in
 * the text is overwritten, because the store, not the editor, decides what comes next.
 */
export async function savePolicyVersion(db: Db, organisationId: number, text: string, changeNote: string, actor: Actor): Promise<SaveOutcome> {
  const errors: PolicyError[] = [];
  if (!changeNote.trim()) errors.push({ path: 'changeNote', message: 'Say what changed and why' });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [...errors, { path: '$', message: `The text is not valid JSON: ${(e as Error).message}` }] };
  }
  const id = (raw as { id?: unknown })?.id;
  const latest = typeof id === 'string' ? await latestPolicyVersion(db, organisationId, id) : undefined;
  const version = (latest?.version ?? 0) + 1;
  if (raw && typeof raw === 'object') (raw as { version?: number }).version = version;
  const parsed = parsePolicy(JSON.stringify(raw));
  if (!parsed.ok) errors.push(...parsed.errors);
  if (errors.length || !parsed.ok) return { ok: false, errors };
  const policy = parsed.policy;
  const row = await db.transaction(async (tx) => {
    const r = await insertPolicyVersion(tx, {
      organisationId,
      policyId: policy.id,
      version,
      title: policy.title,
      definition: policy,
      origin: 'edited',
      changeNote: changeNote.trim(),
      createdBy: actor.label,
    });
    if (!r) throw new Error(`Version ${version} of ${policy.id} was saved by someone else at the same moment; try again.`);
    await audit(tx, actor, latest ? 'policy.new_version' : 'policy.copy', { type: 'policy_version', id: r.id }, {
      before: latest ? { policyId: latest.policyId, version: latest.version } : null,
      after: { policyId: r.policyId, version: r.version, changeNote: r.changeNote },
    });
    return r;
  });
  return { ok: true, row };
}

/** For the CLI: validates a policy file's text without storing it. */
export function validatePolicyText(text: string): { ok: true; policy: Policy } | { ok: false; errors: PolicyError[] } {
  return parsePolicy(text);
}
