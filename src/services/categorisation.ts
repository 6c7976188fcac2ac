// Runs a categorisation policy over every open state-funded school of an organisation, from the
// evidence store. The engine itself is pure (src/domain/categorisation); this only gathers its inputs.
import type { Db, Tx } from '../db/client.js';
import { capacityDimension, categorise, loadShippedPolicies, measuresReadBy, type CategorisationInputs, type CategorisationResult, type Policy } from '../domain/categorisation/index.js';
import type { SchoolEvidence } from '../domain/evidence/types.js';
import { latestJudgements } from '../repositories/adviserJudgements.js';
import { intelligenceByUrn, observationsOfMeasures, openStateFundedSchools, type CategorisedSchool } from '../repositories/categorisationInputs.js';
import { inspectionHistory } from '../repositories/inspections.js';
import { evidenceAsOf, loadLaContext } from './evidence.js';

const YIELD_EVERY = 10;
/** Up to this many schools (a small round) read only their own rows; more read the organisation's. */
const FEW = 200;

/**
 * Each school's evidence as known on `day`, as loadEvidenceForSchools gives it but with only the
 * measures the policy reads: the engine never looks at the others, and on a national installation
 * they are most of the observations. Made school by school, so a whole LA's is never held at once.
 */
async function evidenceForPolicy(db: Db | Tx, organisationId: number, policy: Policy, schools: readonly CategorisedSchool[], day: string): Promise<(s: CategorisedSchool) => SchoolEvidence> {
  const urns = schools.map((s) => s.urn);
  const few = schools.length <= FEW ? urns : null;
  const obs = await observationsOfMeasures(db, organisationId, measuresReadBy(policy), few);
  // With each converter academy's predecessor's inspections, as loadSchoolEvidence reads them.
  const ins = await inspectionHistory(db, organisationId, urns);
  const intel = await intelligenceByUrn(db, organisationId, few);
  return (s) => evidenceAsOf(s, day, obs.get(s.urn) ?? [], ins.get(s.urn) ?? [], intel.get(s.urn) ?? []);
}

export interface ProposedCategory {
  urn: number;
  name: string;
  district: string | null;
  phase: string;
  typeGroup: string;
  result: CategorisationResult;
}

export function shippedPolicy(id: string): Policy {
  const policy = loadShippedPolicies().get(id);
  if (!policy) throw new Error(`Unknown policy "${id}". Shipped policies: ${[...loadShippedPolicies().keys()].join(', ')}`);
  return policy;
}

/**
 * Each open state-funded school's proposed category, one at a time in name order: a national run's
 * results (hundreds of megabytes of explanations) can be written out as they come, never all held.
 */
export async function* eachProposedCategory(
  db: Db | Tx,
  organisationId: number,
  policy: Policy,
  opts: { asOf?: string; onProgress?: (done: number, total: number) => void; /** Limit to these schools (a small round, tests). */ urns?: number[] } = {},
): AsyncGenerator<ProposedCategory> {
  const asOf = opts.asOf ?? new Date().toISOString().slice(0, 10);
  const all = await openStateFundedSchools(db, organisationId);
  const rows = opts.urns ? all.filter((s) => opts.urns!.includes(s.urn)) : all;
  const la = await loadLaContext(db, organisationId);
  // A policy that takes the adviser's capacity-to-improve judgement starts from the latest one recorded.
  const capacity = capacityDimension(policy) ? await latestJudgements(db, organisationId, 'capacityToImprove') : new Map();
  // Evidence for every school in three bulk queries (observations, inspections, intelligence), not four per school.
  const evidenceOf = await evidenceForPolicy(db, organisationId, policy, rows, asOf);
  let done = 0;
  for (const s of rows) {
    // The engine is synchronous: let other requests (and /health) in every few schools on a whole LA.
    if (done % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    const judgement = capacity.get(s.urn);
    const inputs: CategorisationInputs = judgement ? { capacityToImprove: judgement.value as CategorisationInputs['capacityToImprove'] } : {};
    const proposed: ProposedCategory = { urn: s.urn, name: s.name, district: s.districtName, phase: s.phase, typeGroup: s.typeGroup, result: categorise(policy, evidenceOf(s), la, inputs) };
    done += 1;
    opts.onProgress?.(done, rows.length);
    yield proposed;
  }
}

export async function proposeCategories(
  db: Db | Tx,
  organisationId: number,
  policy: Policy,
  opts: { asOf?: string; onProgress?: (done: number, total: number) => void; /** Limit to these schools (a small round, tests). */ urns?: number[] } = {},
): Promise<ProposedCategory[]> {
  const out: ProposedCategory[] = [];
  for await (const p of eachProposedCategory(db, organisationId, policy, opts)) out.push(p);
  return out;
}
