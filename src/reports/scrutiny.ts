// The scrutiny report's files: a tagged PDF (pdfkit, as the letters) and an XLSX workbook (exceljs),
// both laid out from the same ScrutinyReport tables, so they always say the same.
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import { pdfSafe } from '../letters/pdf.js';
import type { ScrutinyReport } from '../domain/strategic/scrutiny.js';

const MARGIN = 40;

export function scrutinyPdf(r: ScrutinyReport, opts: { compress?: boolean } = {}): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: MARGIN, compress: opts.compress ?? true, tagged: true, lang: 'en-GB', displayTitle: true, info: { Title: r.title, Author: r.organisation }, bufferPages: true });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;
  doc.font('Helvetica-Bold').fontSize(18).text(pdfSafe(r.title));
  doc.font('Helvetica').fontSize(11).text(pdfSafe(r.organisation));
  doc.moveDown(0.5);
  for (const p of r.intro) doc.fontSize(10).text(pdfSafe(p), { width });
  for (const t of r.tables) {
    if (doc.y > doc.page.height - MARGIN - 80) doc.addPage();
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text(pdfSafe(t.title));
    const first = Math.min(220, width * 0.3);
    const rest = t.columns.length > 1 ? (width - first) / (t.columns.length - 1) : width;
    const size = t.columns.length > 8 ? 6.5 : 8.5;
    const row = (cells: string[], bold: boolean) => {
      const heights = cells.map((c, i) => doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size).heightOfString(pdfSafe(c), { width: (i === 0 ? first : rest) - 4 }));
      const h = Math.max(...heights) + 4;
      if (doc.y + h > doc.page.height - MARGIN) doc.addPage();
      const y = doc.y;
      let x = MARGIN;
      cells.forEach((c, i) => {
        const w = i === 0 ? first : rest;
        doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size).text(pdfSafe(c), x + 2, y + 2, { width: w - 4 });
        x += w;
      });
      doc.moveTo(MARGIN, y + h).lineTo(MARGIN + width, y + h).lineWidth(0.3).strokeColor('#b1b4b6').stroke();
      doc.x = MARGIN;
      doc.y = y + h;
    };
    doc.moveDown(0.3);
    row(t.columns, true);
    for (const cells of t.rows) row(cells, false);
    if (t.note) doc.moveDown(0.3).font('Helvetica').fontSize(8).text(pdfSafe(t.note), MARGIN, doc.y, { width });
  }
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.font('Helvetica').fontSize(8).fillColor('#505a5f').text(pdfSafe(`${r.title} - data as of ${r.dataDate} - page ${i + 1} of ${range.count}`), MARGIN, doc.page.height - MARGIN + 10, { width, lineBreak: false });
  }
  doc.end();
  return done;
}

export async function scrutinyXlsx(r: ScrutinyReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Lodestar';
  wb.title = r.title;
  const about = wb.addWorksheet('About');
  about.columns = [{ width: 120 }];
  for (const line of [r.title, r.organisation, ...r.intro]) about.addRow([line]);
  about.getRow(1).font = { bold: true };
  r.tables.forEach((t, n) => {
    const ws = wb.addWorksheet(`${n + 1} ${t.title}`.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31), { views: [{ state: 'frozen', ySplit: 2 }] });
    ws.addRow([t.title]).font = { bold: true };
    ws.addRow(t.columns).font = { bold: true };
    // Every cell is a plain string: no formula can be injected, and "fewer than 5" sits beside numbers.
    for (const cells of t.rows) ws.addRow(cells.map((c) => String(c)));
    if (t.note) ws.addRow([t.note]);
    ws.getColumn(1).width = 50;
    for (let c = 2; c <= t.columns.length; c++) ws.getColumn(c).width = 16;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
