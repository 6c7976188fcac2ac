// File I/O of the categorisation module: the policies shipped with Lodestar, validated (headers.ts reads
// only their ids and versions).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHIPPED_POLICY_DIR } from './headers.js';
import { parsePolicy, type PolicyError } from './parse.js';
import type { Policy } from './schema.js';

export { SHIPPED_POLICY_DIR, shippedPolicyHeaders } from './headers.js';

export class PolicyFileError extends Error {
  constructor(
    readonly file: string,
    readonly errors: PolicyError[],
  ) {
    super(`${file}: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
  }
}

/** Every policies/*.json, validated; a shipped policy that fails validation is a bug, so it throws. */
export function loadShippedPolicies(dir: string = SHIPPED_POLICY_DIR): Map<string, Policy> {
  const policies = new Map<string, Policy>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const parsed = parsePolicy(readFileSync(join(dir, file), 'utf8'));
    if (!parsed.ok) throw new PolicyFileError(file, parsed.errors);
    policies.set(parsed.policy.id, parsed.policy);
  }
  return policies;
}

