// Issue 12, "Done when": a test fails if any configured rule has no producer for its inputs. Reads every
// policy in policies/ and every escalation config in config/escalation/ as shipped, so rules and
// configs added later are checked without touching this file.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadShippedPolicies } from '../domain/categorisation/index.js';
import { escalationPolicySchema } from '../domain/engagement/escalation-policy.js';
import { categorisationInputs, escalationInputs, KNOWN_GAPS, producersOf, type Producer } from './producers.js';

const SRC = fileURLToPath(new URL('../', import.meta.url));
const ESCALATION_DIR = fileURLToPath(new URL('../../config/escalation/', import.meta.url));

const escalationConfigs = readdirSync(ESCALATION_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, config: escalationPolicySchema.parse(JSON.parse(readFileSync(join(ESCALATION_DIR, f), 'utf8'))) }));

interface Use {
  where: string;
  input: string;
}
const uses: Use[] = [];
for (const policy of loadShippedPolicies().values())
  for (const rule of policy.rules) for (const input of categorisationInputs(policy, rule)) uses.push({ where: `policies/${policy.id}.json rule ${rule.id}`, input });
const unknownKinds: string[] = [];
for (const { file, config } of escalationConfigs)
  for (const rule of config.rules) {
    const inputs = escalationInputs(rule);
    if (inputs === null) unknownKinds.push(`config/escalation/${file} rule ${rule.id} (kind ${rule.kind})`);
    else for (const input of inputs) uses.push({ where: `config/escalation/${file} rule ${rule.id}`, input });
  }

function sourceOf(module: string): string {
  const path = join(SRC, module);
  if (statSync(path).isDirectory())
    return readdirSync(path)
      .filter((f) => f.endsWith('.ts') && !f.includes('.test'))
      .map((f) => readFileSync(join(path, f), 'utf8'))
      .join('\n');
  return readFileSync(path, 'utf8');
}

async function offered(p: Producer, value: string): Promise<boolean> {
  if (p.offers === 'source') return sourceOf(p.module).includes(`'${value}'`);
  const mod = (await import(join(SRC, p.module))) as Record<string, unknown>;
  const list = mod[p.exportName];
  const values = Array.isArray(list) ? list.map((x) => (typeof x === 'string' ? x : (x as { code: string }).code)) : Object.keys(list as object);
  return values.includes(value);
}

/** The input is produced when a producer's export exists and, where it offers a fixed list, the value is on it. */
async function produced(input: string): Promise<string[]> {
  const reasons: string[] = [];
  for (const p of producersOf(input)) {
    const value = input.split(':').slice(-1)[0];
    const mod = (await import(join(SRC, p.module.endsWith('.ts') ? p.module.replace(/\.ts$/, '.js') : `${p.module}/index.js`))) as Record<string, unknown>;
    if (!(p.exportName in mod)) continue;
    if (p.offers && !(await offered({ ...p, module: p.offers === 'list' ? p.module.replace(/\.ts$/, '.js') : p.module }, value))) continue;
    reasons.push(`${p.via}: ${p.what}`);
  }
  return reasons;
}

describe('every configured rule’s inputs have a producer in the running app', () => {
  it('reads every shipped policy and escalation config', () => {
    expect(loadShippedPolicies().size).toBeGreaterThanOrEqual(4);
    expect(escalationConfigs.length).toBeGreaterThanOrEqual(1);
    expect(uses.length).toBeGreaterThan(100);
  });

  it('knows the inputs of every escalation rule kind in use (add a new kind to src/fidelity/producers.ts)', () => {
    expect(unknownKinds).toEqual([]);
  });

  it('finds a producer for every input, except the known gaps, and each known gap is still a gap', async () => {
    const inputs = [...new Set(uses.map((u) => u.input))].sort();
    const missing: string[] = [];
    for (const input of inputs) if (!(await produced(input)).length) missing.push(input);
    const gap = (i: string) => KNOWN_GAPS.some((g) => g.input.test(i));
    const unexpected = missing.filter((i) => !gap(i)).map((i) => `${i} (read by ${uses.filter((u) => u.input === i).map((u) => u.where).join('; ')})`);
    expect(unexpected, 'inputs no importer, form or service produces').toEqual([]);
    // A gap someone has closed must come off the list, so the list stays true.
    const closed = inputs.filter((i) => gap(i) && !missing.includes(i));
    expect(closed, 'known gaps that now have a producer: remove them from KNOWN_GAPS').toEqual([]);
  }, 120_000);

  it('catches a rule whose input nothing produces', async () => {
    expect(await produced('measure:ks2.not_a_published_measure')).toEqual([]);
    expect(await produced('intelligence:not_a_kind')).toEqual([]);
    expect(await produced('meeting-judgement:not_a_judgement')).toEqual([]);
    expect(await produced('measure:ks2.rwm_expected_pct')).not.toEqual([]);
  }, 120_000);
});
