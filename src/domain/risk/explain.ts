// Per-school explanation in plain words. For each feature we ask "what would the risk be if this school
// were typical on this one thing?" (the training median, or "not published" where most training schools
// had no value). The difference is that factor's push. Trees interact, so pushes need not add up to the
// score exactly; they say which facts matter most for this school, which is what a link officer needs.
import { FEATURE_BY_ID, type FeatureSpec, type FeatureVector } from './features.js';

export interface RiskFactor {
  factor: string;
  direction: 'up' | 'down';
  words: string;
  /** Change in risk (probability, −1..1) that this factor causes against a typical value. */
  effect: number;
}

export type Predict = (rows: readonly FeatureVector[]) => number[];

const GRADE_WORDS: Record<number, string> = { 1: 'Outstanding', 2: 'Good', 3: 'Requires improvement', 4: 'Inadequate' };

export function formatValue(spec: FeatureSpec, v: number): string {
  const r1 = (x: number) => (Math.round(x * 10) / 10).toFixed(1);
  switch (spec.unit) {
    case '%':
      return `${r1(v)}%`;
    case 'pp':
      return `${v > 0 ? '+' : ''}${r1(v)} percentage points`;
    case 'progress':
      return `${v > 0 ? '+' : ''}${(Math.round(v * 100) / 100).toFixed(2)}`;
    case 'pupils':
      return `${Math.round(v)} pupils`;
    case 'years':
      return `${r1(v)} years`;
    case 'grade':
      return GRADE_WORDS[Math.round(v)] ?? String(v);
    case 'count':
      return String(Math.round(v));
    default:
      return r1(v);
  }
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** One sentence about one factor, e.g. "Its overall absence rate was 6.1% (typical 4.3%), which raises the estimated risk by about 5 points." */
export function factorWords(spec: FeatureSpec, value: number | null, typical: number | null, effect: number): string {
  const verb = effect > 0 ? 'raises' : 'lowers';
  const pts = Math.max(1, Math.round(Math.abs(effect) * 100));
  const tail = `${verb} the estimated risk by about ${pts} percentage point${pts === 1 ? '' : 's'}`;
  if (value === null) return `No figure for its ${spec.label} was available, which ${tail}.`;
  if (spec.unit === 'flag') {
    // Labels for flags are gerund phrases ("being an academy"), so they read as the subject.
    return value >= 0.5 ? `${cap(spec.label)} ${tail}.` : `Not ${spec.label} ${tail}.`;
  }
  if (spec.unit === 'grade') return `Its ${spec.label} was ${formatValue(spec, value)}, which ${tail}.`;
  const typicalText = typical === null ? '' : ` (typical ${formatValue(spec, typical)})`;
  return `Its ${spec.label} was ${formatValue(spec, value)}${typicalText}, which ${tail}.`;
}

/**
 * A key stage the school does not teach (KS4 for a primary, KS2 for a secondary without KS2 results):
 * "what if this secondary had a typical KS2 score" is no counterfactual an officer can use, so such
 * missing figures are never offered as reasons; their effect stays with the phase.
 */
function notItsKeyStage(id: string, vector: FeatureVector, featureIds: readonly string[]): boolean {
  const stage = id.startsWith('ks2_') ? 'ks2_' : id.startsWith('ks4_') ? 'ks4_' : null;
  if (!stage || vector[id] != null) return false;
  const secondary = vector.is_secondary === 1;
  if ((stage === 'ks2_') !== secondary) return false;
  return featureIds.filter((f) => f.startsWith(stage)).every((f) => vector[f] == null);
}

/** The factors that move this school's risk most, largest first, at most `max`, ignoring pushes under `minEffect`. */
export function explain(
  vector: FeatureVector,
  featureIds: readonly string[],
  reference: Readonly<Record<string, number | null>>,
  predict: Predict,
  opts: { max?: number; minEffect?: number } = {},
): RiskFactor[] {
  const max = opts.max ?? 4;
  const minEffect = opts.minEffect ?? 0.005;
  const candidates = featureIds.filter((id) => (vector[id] ?? null) !== (reference[id] ?? null) && !notItsKeyStage(id, vector, featureIds));
  if (candidates.length === 0) return [];
  const rows = candidates.map((id) => ({ ...vector, [id]: reference[id] ?? null }));
  const [base, ...counter] = predict([vector, ...rows]);
  const factors: RiskFactor[] = [];
  candidates.forEach((id, k) => {
    const effect = base! - counter[k]!;
    if (Math.abs(effect) < minEffect) return;
    const spec = FEATURE_BY_ID.get(id);
    if (!spec) return;
    factors.push({
      factor: id,
      direction: effect > 0 ? 'up' : 'down',
      words: factorWords(spec, vector[id] ?? null, reference[id] ?? null, effect),
      effect,
    });
  });
  return factors.sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect)).slice(0, max);
}
