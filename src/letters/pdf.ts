// The letter as a tagged PDF (PDF/UA-style structure as far as pdfkit goes): Document > H1/H2/P/L,
// title shown in the window bar, English (UK), letterhead rule and page numbers marked as artifacts.
import PDFDocument from 'pdfkit';
import { composeLetter } from './compose.js';
import type { LetterTemplate } from './template.js';
import type { Block, LetterData, LetterDocument, Run } from './types.js';

export interface PdfOptions {
  /** Uncompressed streams let tests read the text; letters for schools keep the default. */
  compress?: boolean;
}

const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const BODY = 11;
const MARGIN = 57; // 2 cm
const GREY = '#505a5f';

// The built-in Helvetica only has WinAnsi glyphs; anything else would print as a wrong character.
const SUBSTITUTES: Record<string, string> = { '→': '->', '←': '<-', '≥': '>=', '≤': '<=', '−': '-', '≠': '!=', '\u00a0': ' ' };
const WIN_ANSI_EXTRA = new Set([...'€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ']);
export function pdfSafe(text: string): string {
  return [...text].map((c) => SUBSTITUTES[c] ?? (c.charCodeAt(0) <= 0xff || WIN_ANSI_EXTRA.has(c) ? c : '?')).join('');
}

type Doc = PDFKit.PDFDocument;

function writeRuns(doc: Doc, rs: Run[], size: number, options: PDFKit.Mixins.TextOptions = {}): void {
  rs.forEach((r, i) => {
    doc.font(r.bold ? BOLD : REGULAR).fontSize(size).text(pdfSafe(r.text), { ...options, continued: i < rs.length - 1 });
  });
}

/** Starts a new page when fewer than `height` points remain, so a heading never ends a page. */
function keepSpace(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function letterhead(doc: Doc, root: PDFKit.PDFStructureElement, l: LetterDocument['letterhead']): void {
  const width = doc.page.width - 2 * MARGIN;
  root.add(doc.struct('P', {}, () => doc.font(BOLD).fontSize(18).fillColor('black').text(pdfSafe(l.laName), MARGIN, MARGIN, { align: 'right', width })));
  root.add(doc.struct('P', {}, () => doc.font(REGULAR).fontSize(10.5).fillColor(GREY).text(pdfSafe(l.serviceName), { align: 'right', width })));
  const y = doc.y + 4;
  doc.markContent('Artifact', { type: 'Layout' });
  doc.moveTo(MARGIN, y).lineTo(doc.page.width - MARGIN, y).lineWidth(0.75).strokeColor(GREY).stroke();
  doc.endMarkedContent();
  doc.fillColor('black');
  doc.x = MARGIN;
  doc.y = y + 18;
}

function block(doc: Doc, root: PDFKit.PDFStructureElement, b: Block): void {
  switch (b.kind) {
    case 'heading': {
      const size = b.level === 1 ? 15 : 12.5;
      doc.moveDown(b.level === 1 ? 0.6 : 0.5);
      keepSpace(doc, size * 4);
      root.add(doc.struct(b.level === 1 ? 'H1' : 'H2', {}, () => writeRuns(doc, b.runs.map((r) => ({ ...r, bold: true })), size)));
      doc.moveDown(0.35);
      return;
    }
    case 'paragraph':
      root.add(doc.struct('P', {}, () => b.lines.forEach((line) => writeRuns(doc, line, BODY, { lineGap: 2 }))));
      doc.moveDown(0.6);
      return;
    case 'list': {
      const list = doc.struct('L');
      root.add(list);
      doc.font(REGULAR).fontSize(BODY);
      doc.list(
        b.items.map((item) => pdfSafe(item.map((r) => r.text).join(''))),
        { structParent: list, listType: 'bullet', bulletRadius: 2, bulletIndent: 10, textIndent: 14, lineGap: 2, paragraphGap: 4 },
      );
      list.end();
      doc.moveDown(0.6);
      return;
    }
  }
}

function pageNumbers(doc: Doc, title: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin would otherwise make pdfkit start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.font(REGULAR).fontSize(8.5).fillColor(GREY).text(pdfSafe(`${title} – page ${i + 1} of ${range.count}`), MARGIN, doc.page.height - bottom / 2 - 6, { align: 'center', width: doc.page.width - 2 * MARGIN, lineBreak: false });
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
}

export function renderLetterDocumentPdf(letter: LetterDocument, options: PdfOptions = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    compress: options.compress ?? true,
    bufferPages: true,
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    pdfVersion: '1.7',
    info: { Title: letter.title, Subject: letter.subject, Author: letter.author, Creator: 'Lodestar' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const root = doc.struct('Document');
  doc.addStructure(root);
  letterhead(doc, root, letter.letterhead);
  for (const b of letter.blocks) block(doc, root, b);
  root.end();
  pageNumbers(doc, letter.title);
  doc.end();
  return done;
}

export function renderLetterPdf(data: LetterData, template: LetterTemplate, options: PdfOptions = {}): Promise<Buffer> {
  return renderLetterDocumentPdf(composeLetter(data, template), options);
}
