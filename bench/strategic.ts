// Strategic indicators at national size (issue 17): every indicator for the whole set and each of its
// districts, phases and types. The rows are SYNTHETIC (about 22,000 schools, a seeded random mix of
// phases, types, inspections and published measures in the shapes the importers store); the figure is
// the pure computation once the evidence is in memory (the repository reads it in a few bulk queries).
// Printed, never asserted.
import { loadShippedPolicies } from '../src/domain/categorisation/index.js';
import type { StoredObservation } from '../src/domain/evidence/dashboard.js';
import type { Inspection } from '../src/domain/evidence/types.js';
import { computeAll, INDICATORS, standardScopes, type EvidenceRow, type IndicatorContext } from '../src/domain/strategic/indicators.js';

const SCHOOLS = 22_000;
const DISTRICTS = 300;

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export function syntheticRows(): EvidenceRow[] {
  const rnd = seeded(17);
  const rows: EvidenceRow[] = [];
  for (let i = 0; i < SCHOOLS; i++) {
    const urn = 100_000 + i;
    const phase = rnd() < 0.75 ? 'primary' : rnd() < 0.85 ? 'secondary' : 'special';
    const obs = (measure: string, academicYear: string, value: number, cohort: number | null): StoredObservation => ({ urn, measure, academicYear, value, status: 'ok', raw: String(value), cohort, source: 'synthetic' });
    const pupils = Math.round(phase === 'primary' ? 150 + rnd() * 400 : 600 + rnd() * 1200);
    const cohort = Math.round(pupils / (phase === 'primary' ? 7 : 5));
    const observations: StoredObservation[] = [obs('census.pupils', '2023/24', pupils, null), obs('absence.overall_pct', '2023/24', 4 + rnd() * 6, null), obs('absence.persistent_10_pct', '2023/24', 10 + rnd() * 20, null)];
    if (phase === 'primary') {
      observations.push(obs('ks2.rwm_expected_pct', '2023/24', 40 + rnd() * 50, cohort), obs('ks2.read_progress', '2022/23', -4 + rnd() * 8, cohort), obs('ks2.writ_progress', '2022/23', -4 + rnd() * 8, cohort), obs('ks2.mat_progress', '2022/23', -4 + rnd() * 8, cohort));
      observations.push(obs('ks2.rwm_expected_pct_disadv', '2023/24', 30 + rnd() * 40, null), obs('ks2.rwm_expected_pct_non_disadv', '2023/24', 50 + rnd() * 40, null));
    } else if (phase === 'secondary') {
      observations.push(obs('ks4.attainment8', '2023/24', 35 + rnd() * 25, null), obs('ks4.progress8', '2023/24', -1 + rnd() * 2, cohort), obs('ks4.attainment8_disadv', '2023/24', 25 + rnd() * 20, cohort / 4), obs('ks4.attainment8_non_disadv', '2023/24', 40 + rnd() * 20, cohort));
    }
    const grade = (1 + Math.floor(rnd() * 4)) as 1 | 2 | 3 | 4;
    const inspections: Inspection[] = [{ urn, inspectionDate: `20${18 + Math.floor(rnd() * 6)}-0${1 + Math.floor(rnd() * 9)}-15`, inspectionType: 'graded', era: 'four-grade', overallEffectiveness: grade, source: 'synthetic' }];
    rows.push({ urn, name: `Synthetic school ${i}`, district: `District ${i % DISTRICTS}`, phase, type: rnd() < 0.45 ? 'maintained' : 'academy', observations, inspections, categories: [] });
  }
  return rows;
}

export async function strategicBench(): Promise<void> {
  const rows = syntheticRows();
  const ctx: IndicatorContext = { asOf: '2025-09-01', goodOrBetter: { noOverallGrade: 'policy-mapping', reportCard: 'policy-mapping', policyId: 'staffordshire-2014' }, policy: loadShippedPolicies().get('staffordshire-2014') ?? null, comparators: [] };
  const scopes = standardScopes(rows);
  computeAll(rows.slice(0, 500), ctx); // warm up
  const start = process.hrtime.bigint();
  const out = computeAll(rows, ctx, scopes);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(`\nstrategic: ${INDICATORS.length} indicators × ${out.length} scopes (LA, ${DISTRICTS} districts, phases, types) over ${SCHOOLS.toLocaleString()} SYNTHETIC schools: ${ms.toFixed(0)} ms (pure computation, evidence in memory; target under 1 s)`);
}
