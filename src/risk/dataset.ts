// Reads the bundled real files (datasets/) into SchoolEvidence for the backtest. The published columns
// go through the shared layouts (src/domain/evidence/layouts); the few KS2 2014/15 context columns the
// shared layout does not map yet are read here (see extraKs2_2015) and should move to that layout.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { detectLayout } from '../domain/evidence/layouts/index.js';
import type { Inspection, Observation, SchoolContext, SchoolEvidence } from '../domain/evidence/types.js';
import { parseCell } from '../domain/evidence/values.js';

export interface SourceFile {
  name: string;
  sha256: string;
  rows: number;
  rowErrors: number;
  /** What we assumed about the file (its year, its role), for the report. */
  note: string;
}

export interface LoadedData {
  /** Every school we have a register row for, with all its evidence — including evidence dated after any asOf. */
  evidence: Map<number, SchoolEvidence>;
  /** Latest inspection as of early 2020 from the enriched 2019 KS2/KS4 files (the national outcome). */
  nationalOutcomes: Map<number, Inspection>;
  /** Warwickshire's Ofsted MI 2020: latest graded inspection with the previous grade. */
  warwickshire: Map<number, Inspection>;
  /** Census 2018/19 FSM-ever-6 %, used only to group results by deprivation, never as a feature. */
  fsmEver6_2019: Map<number, number>;
  files: SourceFile[];
}

interface Csv {
  headers: string[];
  rows: Record<string, string>[];
  sha256: string;
}

function readCsv(path: string): Csv {
  const buf = readFileSync(path);
  const records = parse(buf, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  const headers = (records[0] ?? []).map((h) => h.trim());
  const rows = records.slice(1).map((cells) => {
    const row: Record<string, string> = {};
    // Real rows omit trailing empty fields; those cells are ''.
    headers.forEach((h, i) => (row[h] = cells[i] ?? ''));
    return row;
  });
  return { headers, rows, sha256: createHash('sha256').update(buf).digest('hex') };
}

const FILES = {
  ks2_2015: 'england-2015/england_ks2final_selected_columns.csv',
  abs_2015: 'england-2015/england_abs.csv',
  ks2_2019: 'england-2019/england_ks2final_with_ofsted.csv',
  ks4_2019: 'england-2019/england_ks4final_with_ofsted.csv',
  ks4prov_2019: 'england-2019/england_ks4provisional.csv',
  census_2019: 'england-2019/england_census.csv',
  abs_2019: 'england-2019/england_abs.csv',
  warwickshire: 'ofsted-mi-warwickshire-2020/ofsted_mi_warwickshire_2020_with_model_output.csv',
} as const;

const NOTES: Record<keyof typeof FILES, { year?: string; note: string }> = {
  ks2_2015: { year: '2014/15', note: 'KS2 2014/15 (old level measures): features' },
  abs_2015: { year: '2014/15', note: 'absence 2014/15 (15% persistent threshold): features' },
  ks2_2019: { year: '2018/19', note: 'register context (type, phase) and the latest inspection as of early 2020: outcomes; its 2018/19 progress is loaded but post-dates the feature date, so the guard drops it' },
  ks4_2019: { year: '2018/19', note: 'register context and latest inspection as of early 2020: outcomes' },
  ks4prov_2019: { year: '2018/19', note: 'KS4 2018/19 provisional with P8 confidence intervals: loaded, post-dates the feature date' },
  census_2019: { year: '2018/19', note: 'census January 2019: post-dates the feature date, used only to group results by deprivation' },
  // The performance tables carry the latest *published* absence year: for the 2018/19 release that is 2017/18.
  abs_2019: { year: '2017/18', note: 'absence assumed 2017/18 (latest year published in the 2018/19 tables): post-dates the feature date' },
  warwickshire: { note: 'Ofsted MI at 31 Aug 2020 for Warwickshire, with previous grades (publication dates only); bad_out_chance/good_out_chance are another publisher\'s model output and are never read' },
};

/** The KS2 2014/15 context columns the shared layout leaves out. TODO: move into layouts/ks2-2015.ts. */
function extraKs2_2015(row: Record<string, string>, urn: number, source: string): Observation[] {
  const year = '2014/15';
  const obs = (measure: string, raw: string, value: number | null, status: Observation['status']): Observation => ({
    urn,
    measure,
    academicYear: year,
    value,
    status,
    raw,
    source,
  });
  const cell = (measure: string, column: string): Observation => {
    const raw = row[column] ?? '';
    try {
      const c = parseCell(raw);
      return obs(measure, raw, c.value, c.status);
    } catch {
      return obs(measure, raw, null, 'missing');
    }
  };
  const out = [
    cell('ks2.disadvantaged_cohort_pct', 'PTFSMCLA'),
    cell('ks2.ks1_low_prior_pct', 'PKS1EXP_L'),
    cell('ks2.ks1_high_prior_pct', 'PKS1EXP_H'),
    cell('ks2.disadv_gap_rwm_3yr', 'GAPN_3YR_RWMX_FSMCLA'),
  ];
  // The selection dropped the cohort column; pupils with a KS1 prior-attainment band add up to it.
  const bands = ['TKS1EXP_L', 'TKS1EXP_M', 'TKS1EXP_H'].map((c) => Number((row[c] ?? '').trim()));
  const raw = ['TKS1EXP_L', 'TKS1EXP_M', 'TKS1EXP_H'].map((c) => row[c] ?? '').join('+');
  out.push(
    bands.every((b) => Number.isInteger(b)) && (row['TKS1EXP_L'] ?? '').trim() !== ''
      ? obs('ks2.cohort', raw, bands[0]! + bands[1]! + bands[2]!, 'ok')
      : obs('ks2.cohort', raw, null, 'missing'),
  );
  return out;
}

function contextFrom2019(row: Record<string, string>, urn: number, alsoOther: boolean): SchoolContext {
  const type = (row['SCHTYPE'] ?? '').trim();
  const special = type === 'Special school';
  const phase: SchoolContext['phase'] = special
    ? 'special'
    : alsoOther
      ? 'all-through'
      : (row['PHASE'] ?? '').trim() === 'Secondary'
        ? 'secondary'
        : 'primary';
  const typeGroup: SchoolContext['typeGroup'] =
    type === 'Academy' ? 'academy' : type === 'Maintained school' ? 'maintained' : special ? 'special' : type === 'Independent school' ? 'independent' : type === 'College' ? 'college' : 'other';
  return {
    urn,
    name: (row['SCHNAME'] ?? '').trim(),
    laCode: '',
    phase,
    typeGroup,
    isAcademy: type === 'Academy',
    isSpecial: special,
    isPRU: false,
  };
}

function contextFromWarwickshire(row: Record<string, string>, urn: number): SchoolContext {
  const phase = (row['Ofstedphase'] ?? '').trim();
  const type = (row['Typeofeducation'] ?? '').trim().toLowerCase();
  const academy = (row['Academy'] ?? '').trim() === '1' || type.includes('academy') || type.includes('free school');
  const special = phase === 'Special' || type.includes('special');
  const pru = type.includes('pupil referral');
  return {
    urn,
    name: (row['Schoolname'] ?? '').trim(),
    laCode: (row['LACode'] ?? '').trim(),
    phase: special ? 'special' : pru ? 'alternative-provision' : phase === 'Secondary' ? 'secondary' : 'primary',
    typeGroup: special ? 'special' : academy ? 'academy' : 'maintained',
    isAcademy: academy,
    isSpecial: special,
    isPRU: pru,
  };
}

/** Load every bundled file the backtest reads. `asOf` on each evidence record is left at today: callers set it. */
export function loadDatasets(datasetsDir: string): LoadedData {
  const files: SourceFile[] = [];
  const observations = new Map<number, Observation[]>();
  const inspections = new Map<number, Inspection[]>();
  const contexts = new Map<number, SchoolContext>();
  const laCodes = new Map<number, string>();
  const nationalOutcomes = new Map<number, Inspection>();
  const warwickshire = new Map<number, Inspection>();
  const fsmEver6_2019 = new Map<number, number>();
  const ks2Urns2019 = new Set<number>();
  const ks4Urns2019 = new Set<number>();
  const csvs = new Map<keyof typeof FILES, Csv>();

  for (const key of Object.keys(FILES) as (keyof typeof FILES)[]) {
    const path = join(datasetsDir, FILES[key]);
    if (!existsSync(path)) throw new Error(`backtest input missing: ${path}`);
    const csv = readCsv(path);
    csvs.set(key, csv);
    const layout = detectLayout(csv.headers);
    const source = basename(path);
    const ctx = { source, academicYear: NOTES[key].year };
    let rowErrors = 0;
    csv.rows.forEach((row, i) => {
      let result;
      try {
        result = layout.mapRow(row, i + 2, ctx);
      } catch {
        rowErrors += 1;
        return;
      }
      for (const o of result.observations) {
        const list = observations.get(o.urn) ?? [];
        list.push(o);
        observations.set(o.urn, list);
      }
      for (const ins of result.inspections) {
        const list = inspections.get(ins.urn) ?? [];
        list.push(ins);
        inspections.set(ins.urn, list);
        if (key === 'ks2_2019' || key === 'ks4_2019') nationalOutcomes.set(ins.urn, ins);
        if (key === 'warwickshire') warwickshire.set(ins.urn, ins);
      }
      const urn = Number((row['URN'] ?? '').trim());
      if (!Number.isInteger(urn) || urn <= 0) return;
      if (key === 'ks2_2015' && (row['RECTYPE'] === '1' || row['RECTYPE'] === '2')) {
        const list = observations.get(urn) ?? [];
        list.push(...extraKs2_2015(row, urn, source));
        observations.set(urn, list);
      }
      if ((key === 'abs_2015' || key === 'census_2019') && /^\d{3}$/.test((row['LA'] ?? '').trim())) {
        laCodes.set(urn, row['LA']!.trim());
      }
      if (key === 'census_2019') {
        const fsm = Number(row['PNUMFSMEVER']);
        if ((row['PNUMFSMEVER'] ?? '').trim() !== '' && Number.isFinite(fsm)) fsmEver6_2019.set(urn, fsm);
      }
      if (key === 'ks2_2019') ks2Urns2019.add(urn);
      if (key === 'ks4_2019') ks4Urns2019.add(urn);
    });
    files.push({ name: FILES[key], sha256: csv.sha256, rows: csv.rows.length, rowErrors, note: NOTES[key].note });
  }

  // Register context: the 2019 files describe each school; Warwickshire's MI fills schools without KS2/KS4 rows.
  for (const key of ['ks4_2019', 'ks2_2019'] as const) {
    for (const row of csvs.get(key)!.rows) {
      const urn = Number(row['URN']);
      if (!Number.isInteger(urn) || urn <= 0) continue;
      contexts.set(urn, contextFrom2019(row, urn, ks2Urns2019.has(urn) && ks4Urns2019.has(urn)));
    }
  }
  for (const row of csvs.get('warwickshire')!.rows) {
    const urn = Number(row['URN']);
    if (Number.isInteger(urn) && !contexts.has(urn)) contexts.set(urn, contextFromWarwickshire(row, urn));
  }

  const evidence = new Map<number, SchoolEvidence>();
  const today = new Date().toISOString().slice(0, 10);
  for (const [urn, school] of contexts) {
    school.laCode = laCodes.get(urn) ?? school.laCode;
    evidence.set(urn, {
      school,
      asOf: today,
      observations: observations.get(urn) ?? [],
      inspections: inspections.get(urn) ?? [],
      intelligence: [],
    });
  }
  return { evidence, nationalOutcomes, warwickshire, fsmEver6_2019, files };
}
