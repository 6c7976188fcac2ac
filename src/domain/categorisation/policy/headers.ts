// The shipped policies' ids and versions, read without the validator (and its schema library): every
// command's start asks whether each shipped policy is stored, and the answer is nearly always yes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** policies/ at the repository root, four levels up from src/domain/categorisation/policy. */
export const SHIPPED_POLICY_DIR = fileURLToPath(new URL('../../../../policies/', import.meta.url));

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
