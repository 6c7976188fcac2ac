// The only file I/O in the categorisation module: reading the policies shipped with Lodestar.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parsePolicy, type PolicyError } from './parse.js';
import type { Policy } from './schema.js';

/** policies/ at the repository root, four levels up from src/domain/categorisation/policy. */
export const SHIPPED_POLICY_DIR = fileURLToPath(new URL('../../../../policies/', import.meta.url));

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

/**
 * Each policies/*.json's id and version as written, without validating the rest: enough to see whether
 * every shipped policy is already stored, which validating all of them (the slowest part of a CLI
 * command's start) would only confirm.
 */
export function shippedPolicyHeaders(dir: string = SHIPPED_POLICY_DIR): { id: unknown; version: unknown }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((file) => {
      try {
        const raw = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { id?: unknown; version?: unknown } | null;
        return { id: raw?.id, version: raw?.version };
      } catch {
        // Not JSON: no header, so the caller validates and reports the file as loadShippedPolicies does.
        return { id: undefined, version: undefined };
      }
    });
}
