// Test support only (imported by *.test.ts, never by product code): reads real files from datasets/.
// The BOM is deliberately left on the first header so the tests exercise the layouts' own BOM handling.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

export interface Dataset {
  headers: string[];
  rows: { line: number; row: Record<string, string> }[];
}

const cache = new Map<string, Dataset>();

export function readDataset(relativePath: string): Dataset {
  const hit = cache.get(relativePath);
  if (hit) return hit;
  const text = readFileSync(join(process.cwd(), 'datasets', relativePath), 'utf8');
  const records = parse(text, { relax_column_count: true }) as string[][];
  const [headers, ...data] = records;
  const rows = data.map((cells, i) => {
    const row: Record<string, string> = {};
    headers.forEach((h, c) => {
      row[h] = cells[c] ?? '';
    });
    return { line: i + 2, row };
  });
  const dataset = { headers, rows };
  cache.set(relativePath, dataset);
  return dataset;
}

/** The single row whose `column` equals `value` (after stripping a BOM from the header). */
export function findRow(ds: Dataset, column: string, value: string, extra?: (r: Record<string, string>) => boolean): Record<string, string> {
  const key = ds.headers.find((h) => h.replace(/^\uFEFF/, '') === column) ?? column;
  const found = ds.rows.filter(({ row }) => row[key] === value && (!extra || extra(row)));
  if (found.length !== 1) throw new Error(`expected one row with ${column}=${value}, found ${found.length}`);
  return found[0].row;
}

export const FILES = {
  ks2_2015: 'england-2015/england_ks2final_selected_columns.csv',
  abs_2015: 'england-2015/england_abs.csv',
  ks2_2019: 'england-2019/england_ks2final_with_ofsted.csv',
  ks4_2019: 'england-2019/england_ks4final_with_ofsted.csv',
  ks4_2019_prov: 'england-2019/england_ks4provisional.csv',
  census_2019: 'england-2019/england_census.csv',
  abs_2019: 'england-2019/england_abs.csv',
  ks2_2025: 'hertfordshire-919/2024-25/919_ks2final.csv',
  ks4_2025: 'hertfordshire-919/2024-25/919_ks4final.csv',
  census_2024: 'hertfordshire-919/2023-24/919_census.csv',
  abs_2024: 'hertfordshire-919/2023-24/919_abs.csv',
  ofsted_warks: 'ofsted-mi-warwickshire-2020/ofsted_mi_warwickshire_2020_with_model_output.csv',
} as const;
