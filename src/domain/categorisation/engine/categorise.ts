// The engine: interprets a policy against one school's evidence as it stood on asOf. Pure and
// deterministic: the same policy, evidence and LA context always give the same result.
import type { SchoolEvidence } from '../../evidence/types.js';
import type { Policy } from '../policy/schema.js';
import type { CategorisationInputs, CategorisationResult, EvidenceGap, LaContext, MissingEvidence } from '../result-types.js';
import { bestFit } from './best-fit.js';
import { combine, type Combined } from './combine.js';
import { engagementFor } from './engagement.js';
import { eraNotes } from './eras.js';
import { buildView, releaseDate, schoolKinds, type EvidenceView } from './evidence-view.js';
import { runRules } from './rules.js';
import { predecessorInspections, staleEvidence } from './stale.js';
import { reviewFlags } from './triggers.js';

/** The latest academic year whose figures for this measure had reached the LA by asOf. */
function latestReleasedYear(view: EvidenceView, measure: string): string {
  const spec = view.spec(measure);
  let start = Number(view.asOf.slice(0, 4));
  while (releaseDate(spec, measure, `${start}/${String((start + 1) % 100).padStart(2, '0')}`) > view.asOf) start -= 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

/** What the policy reads that this school lacks, whether or not a rule needed it this time. */
function generalGaps(policy: Policy, view: EvidenceView): EvidenceGap[] {
  const gaps: EvidenceGap[] = [];
  for (const m of policy.evidence.measures) {
    if (!view.applies(m.code)) continue;
    const year = latestReleasedYear(view, m.code);
    const row = view.series(m.code).find((o) => o.academicYear === year);
    if (!row) gaps.push({ what: `${m.label} ${year}`, measure: m.code, academicYear: year, reason: 'no value for the latest year released' });
    else if (row.status !== 'ok' || row.value === null) gaps.push({ what: `${m.label} ${year}`, measure: m.code, academicYear: year, reason: row.status.replace(/_/g, ' ') });
  }
  if (policy.evidence.inspections && !view.latestGraded) gaps.push({ what: 'Ofsted graded inspection', reason: `none on or before ${view.asOf}` });
  return gaps;
}

export function categorise(policy: Policy, evidence: SchoolEvidence, la: LaContext, inputs: CategorisationInputs = {}): CategorisationResult {
  const view = buildView(policy, evidence, la, inputs);
  const kinds = schoolKinds(evidence);
  const special = policy.specialHandling.filter((s) => kinds.has(s.appliesTo));
  // The same evidence without confidential intelligence, to tell which fired rules rest on it.
  const publicView = evidence.intelligence.some((i) => i.confidential)
    ? buildView(policy, { ...evidence, intelligence: evidence.intelligence.filter((i) => !i.confidential) }, la, inputs)
    : null;
  const combination = special.find((s) => s.combination)?.combination ?? policy.combination;
  const run = runRules(policy, view, kinds, special, publicView, combination.kind === 'best-fit');
  const missing: MissingEvidence[] = [...run.missing];

  for (const d of policy.dimensions) {
    if (d.input) {
      const v = inputs[d.input];
      if (v && d.values.some((x) => x.code === v)) run.values.set(d.id, v);
      else
        missing.push({
          ruleId: null,
          gaps: [{ what: d.label, reason: v ? `"${v}" is not one of ${d.values.map((x) => x.code).join(', ')}` : 'not supplied' }],
          policyAction: policy.missingEvidence.statement,
          effect: 'provisional',
        });
    } else if (!run.values.has(d.id) && d.default) run.values.set(d.id, d.default);
  }

  const general = generalGaps(policy, view);
  if (general.length)
    missing.push({ ruleId: null, gaps: general, policyAction: policy.missingEvidence.statement, effect: 'shown-only' });

  const fit = combination.kind === 'best-fit' ? bestFit(policy, combination, run) : null;
  const combined: Combined = fit
    ? { category: fit.category, possible: [], notes: [fit.result.sentence], incomplete: false }
    : combine(policy, combination, run.values);
  const primary = combination.kind === 'highest-concern' || combination.kind === 'best-fit' ? 'category' : combination.kind === 'map' ? combination.dimension : combination.rows;
  const firedOnPrimary = run.fired.some((f) => f.dimension === primary);
  const nothingKnown = !run.assessed.has(primary) && !firedOnPrimary && !policy.dimensions.find((d) => d.id === primary)?.input;

  const status: CategorisationResult['status'] =
    run.insufficient || nothingKnown
      ? 'insufficient-evidence'
      : run.provisional || combined.incomplete || missing.some((m) => m.effect === 'provisional') || special.some((s) => s.requiresModeration)
        ? 'provisional'
        : 'confirmed';

  const cat = policy.categories.find((c) => c.code === combined.category) ?? null;
  const stale = staleEvidence(policy, view);
  const predecessor = predecessorInspections(policy, evidence, view.asOf);
  const dimensions: CategorisationResult['dimensions'] = {};
  for (const d of policy.dimensions.filter((x) => x.reported)) {
    const v = run.values.get(d.id) ?? null;
    dimensions[d.id] = { value: v, label: d.values.find((x) => x.code === v)?.label ?? null };
  }

  return {
    policyId: policy.id,
    policyVersion: policy.version,
    urn: evidence.school.urn,
    asOf: view.asOf,
    category: cat?.code ?? null,
    categoryLabel: cat?.label ?? null,
    status,
    possibleCategories: combined.possible,
    dimensions,
    attributes: { ...(cat?.attributes ?? {}) },
    engagement: engagementFor(policy, special, cat?.code ?? null),
    firedRules: run.fired,
    missingEvidence: missing,
    reviewNow: reviewFlags(policy, view),
    specialHandling: special.map((s) => ({ id: s.id, note: s.note, source: s.source })),
    eraNotes: eraNotes(policy, view),
    notApplied: run.notApplied,
    notes: [
      ...combined.notes,
      ...(status === 'insufficient-evidence' ? [`Insufficient evidence: ${policy.missingEvidence.statement}`] : []),
      ...special.filter((s) => s.requiresModeration).map((s) => `To be moderated with the school: ${s.note}`),
      ...(stale ? [stale.statement] : []),
      ...(predecessor ? [predecessor.sentence] : []),
    ],
    staleEvidence: stale,
    predecessorInspections: predecessor,
    ...(fit ? { bestFit: fit.result } : {}),
  };
}
