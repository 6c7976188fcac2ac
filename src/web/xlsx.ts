// XLSX exports through exceljs. Every value is written as a plain string, number or date cell, never
// as a formula, so a school name starting with "=" cannot run in Excel.
import ExcelJS from 'exceljs';

export interface SheetColumn {
  key: string;
  header: string;
  /** Characters; by default fitted to the header. */
  width?: number;
}

export interface Sheet {
  name: string;
  columns: readonly SheetColumn[];
  rows: readonly Record<string, unknown>[];
}

/** A workbook of one or more sheets, each with a bold, frozen header row. */
export async function sheetsToXlsx(sheets: readonly Sheet[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Lodestar';
  for (const sheet of sheets) {
    // Excel refuses sheet names over 31 characters or with []:*?/\.
    const ws = wb.addWorksheet(sheet.name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet1', { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = sheet.columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? Math.min(60, Math.max(10, c.header.length + 2)) }));
    ws.getRow(1).font = { bold: true };
    for (const r of sheet.rows) ws.addRow(Object.fromEntries(sheet.columns.map((c) => [c.key, cellValue(r[c.key])])));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function toXlsx(sheetName: string, columns: readonly { key: string; header: string }[], rows: readonly Record<string, unknown>[]): Promise<Buffer> {
  return sheetsToXlsx([{ name: sheetName, columns, rows }]);
}

function cellValue(v: unknown): string | number | Date | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v instanceof Date) return v;
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
