// Cell readers shared by the register formats. Each collects a readable reason instead of throwing,
// so one row reports all its problems at once.
import { meaningful } from './codes.js';

export class RowProblems {
  readonly reasons: string[] = [];
  add(reason: string): void {
    this.reasons.push(reason);
  }
  get ok(): boolean {
    return this.reasons.length === 0;
  }
}

export function text(v: string | undefined): string | null {
  const s = (v ?? '').trim();
  return s === '' ? null : s;
}

export function required(row: Record<string, string>, col: string, p: RowProblems): string {
  const v = text(row[col]);
  if (v === null) p.add(`${col} is empty`);
  return v ?? '';
}

export function integerCell(row: Record<string, string>, col: string, p: RowProblems): number | null {
  const v = text(row[col]);
  if (v === null) return null;
  if (!/^\d+$/.test(v)) {
    p.add(`${col} "${v}" is not a whole number`);
    return null;
  }
  return Number(v);
}

export function flagCell(row: Record<string, string>, col: string, p: RowProblems): boolean {
  const v = text(row[col]);
  if (v === null || v === '0') return false;
  if (v === '1') return true;
  p.add(`${col} "${v}" should be 0 or 1`);
  return false;
}

/** DfE files write dates as dd-mm-yyyy (sometimes dd/mm/yyyy); ISO is accepted too. */
export function dateCell(row: Record<string, string>, col: string, p: RowProblems): string | null {
  const v = text(row[col]);
  if (v === null) return null;
  let y: number, m: number, d: number;
  const dmy = /^(\d{2})[-/](\d{2})[-/](\d{4})$/.exec(v);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (dmy) [d, m, y] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
  else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else {
    p.add(`${col} "${v}" is not a date (expected dd-mm-yyyy)`);
    return null;
  }
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d || y < 1800 || y > 2100) {
    p.add(`${col} "${v}" is not a real date`);
    return null;
  }
  return dt.toISOString().slice(0, 10);
}

export function optionalText(row: Record<string, string>, col: string): string | null {
  return meaningful(row[col]);
}

export function normalisePostcode(v: string | null): string | null {
  if (!v) return null;
  const s = v.toUpperCase().replace(/\s+/g, '');
  return s.length > 3 ? `${s.slice(0, -3)} ${s.slice(-3)}` : s;
}
