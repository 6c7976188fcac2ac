import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SchoolEvidence } from '../domain/evidence/types.js';
import { scoreSchool, trainModel, type TrainingRow } from '../domain/risk/model.js';
import { seededRandom } from '../domain/risk/random.js';
import { loadModel, saveModel } from './modelStore.js';

describe('model files', () => {
  it('round-trip through versioned JSON and score a school with plain-word factors', async () => {
    const rand = seededRandom(3);
    const rows: TrainingRow[] = Array.from({ length: 600 }, (_, i) => {
      const absence = 3 + rand() * 4;
      return { urn: i, features: { absence_overall: absence, is_academy: i % 2 }, label: rand() < (absence - 2) / 6 ? 1 : 0 };
    });
    const model = await trainModel(rows, { seed: 1, dataHash: 'abc123' });
    const dir = mkdtempSync(join(tmpdir(), 'lodestar-models-'));
    const path = saveModel(model, dir);
    expect(JSON.parse(readFileSync(join(dir, 'latest.json'), 'utf8')).version).toBe(model.version);
    const loaded = await loadModel(dir);
    expect(loaded.version).toBe(model.version);
    expect(path).toContain(model.version);
    const probe = [{ absence_overall: 6.5, is_academy: 0 }, { absence_overall: 3.1, is_academy: 1 }];
    expect(loaded.predict(probe)).toEqual(model.predict(probe));

    const evidence: SchoolEvidence = {
      school: { urn: 9, name: 'X', laCode: '919', phase: 'primary', typeGroup: 'maintained', isAcademy: false, isSpecial: false, isPRU: false },
      asOf: '2016-08-31',
      observations: [{ urn: 9, measure: 'absence.overall_pct', academicYear: '2014/15', value: 6.8, status: 'ok', raw: '6.8', source: 't' }],
      inspections: [],
      intelligence: [{ urn: 9, kind: 'safeguarding_concern', summary: 's', occurredOn: '2016-05-01', status: 'open', confidential: true }],
    };
    const s = scoreSchool(loaded, evidence);
    expect(s.risk).toBeGreaterThan(0.4);
    expect(s.topFactors[0]).toMatchObject({ factor: 'absence_overall', direction: 'up' });
    expect(s.topFactors[0]!.words).toMatch(/^Its overall absence rate was 6\.8%/);
    expect(s.notInModel.join(' ')).toMatch(/1 open safeguarding concern/);
    model.dispose();
    loaded.dispose();
  });
});
