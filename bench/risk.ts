// Early-warning model speed: training on the real backtest training data (every national outcome the
// backtest uses, features as of 31 August 2016), and scoring every school in England with explanations
// on its real 2014/15 evidence. Real data throughout; any synthetic top-up is labelled SYNTHETIC.
import { loadConfig } from '../src/config.js';
import { computeFeatures } from '../src/domain/risk/features.js';
import { describeParams, PARAM_GRID, scoreSchool, trainModel, trainSelectedModel, type TrainingRow } from '../src/domain/risk/model.js';
import { observationKnownBy } from '../src/domain/risk/availability.js';
import type { SchoolEvidence } from '../src/domain/evidence/types.js';
import { DESIGN } from '../src/risk/backtest.js';
import { loadDatasets } from '../src/risk/dataset.js';

const ENGLAND_SCHOOLS = 20_000;

async function time<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

export async function riskBench(): Promise<void> {
  console.log('\nEarly-warning model (real data: KS2 and absence 2014/15 for England, outcomes from the 2019 files)');
  const loaded = await time(() => loadDatasets(loadConfig().datasetsDir));
  const data = loaded.value;
  console.log(`  load and parse the bundled national files: ${loaded.ms.toFixed(0)} ms (${data.evidence.size.toLocaleString('en-GB')} schools)`);

  // The backtest's training rows: state-funded schools with an outcome in the window and 2014/15 data.
  const rows: TrainingRow[] = [];
  for (const [urn, ins] of data.nationalOutcomes) {
    const ev = data.evidence.get(urn);
    const g = ins.overallEffectiveness;
    if (!ev || g == null || ins.inspectionDate < DESIGN.outcomeFrom || ins.inspectionDate > DESIGN.outcomeTo) continue;
    if (ev.school.typeGroup === 'independent' || ev.school.typeGroup === 'college') continue;
    if (!ev.observations.some((o) => o.status === 'ok' && observationKnownBy(o, DESIGN.featuresAsOf))) continue;
    rows.push({ urn, features: computeFeatures(ev, DESIGN.featuresAsOf), label: g >= 3 ? 1 : 0 });
  }
  const one = await time(() => trainModel(rows, { seed: 1 }));
  console.log(`  train one model (default settings) on ${rows.length.toLocaleString('en-GB')} outcomes: ${one.ms.toFixed(0)} ms`);
  one.value.dispose();
  const selected = await time(() => trainSelectedModel(rows, { seed: 1 }));
  console.log(`  train with settings chosen on a validation slice (${PARAM_GRID.length} candidates + final fit, chose ${describeParams(selected.value.params)}): ${selected.ms.toFixed(0)} ms`);
  const model = selected.value;

  // Every school in England with its real evidence as of 31 August 2016; top up to national size if short.
  const real = [...data.evidence.values()].map((e) => ({ ...e, asOf: DESIGN.featuresAsOf }));
  const synthetic: SchoolEvidence[] = [];
  for (let i = 0; real.length + synthetic.length < ENGLAND_SCHOOLS; i++) {
    const src = real[i % real.length]!;
    synthetic.push({ ...src, school: { ...src.school, urn: 900_000 + i, name: `SYNTHETIC copy of ${src.school.name}` } });
  }
  const all = [...real, ...synthetic];
  const scored = await time(() => all.map((e) => scoreSchool(model, e)));
  const rate = all.length / (scored.ms / 1000);
  console.log(
    `  score every school in England with explanations: ${all.length.toLocaleString('en-GB')} schools (${real.length.toLocaleString('en-GB')} real` +
      `${synthetic.length ? `, ${synthetic.length.toLocaleString('en-GB')} SYNTHETIC copies` : ''}) in ${scored.ms.toFixed(0)} ms — ${Math.round(rate).toLocaleString('en-GB')} schools/s`,
  );
  const batch = await time(() => model.predict(all.map((e) => computeFeatures(e))));
  console.log(`  risk only (no explanations), one batch: ${batch.ms.toFixed(0)} ms`);
  model.dispose();
}
