// The letter as a Word document: real Heading 1/2 styles and Word lists so screen readers and the
// navigation pane see the structure, title and subject in the document properties, English (UK).
import { AlignmentType, BorderStyle, Document, Footer, Header, HeadingLevel, Packer, PageNumber, Paragraph, TextRun } from 'docx';
import { composeLetter } from './compose.js';
import type { LetterTemplate } from './template.js';
import type { Block, LetterData, LetterDocument, Run } from './types.js';

const FONT = 'Arial';
const LANG = { value: 'en-GB' };
// A4 in twentieths of a point, with 2 cm margins.
const A4 = { width: 11906, height: 16838 };
const MARGIN = 1134;

const runs = (rs: Run[], breakBefore = false) => rs.map((r, i) => new TextRun({ text: r.text, bold: r.bold || undefined, break: breakBefore && i === 0 ? 1 : undefined }));

function paragraphs(b: Block): Paragraph[] {
  switch (b.kind) {
    case 'heading':
      return [new Paragraph({ heading: b.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2, children: runs(b.runs) })];
    case 'paragraph':
      return [new Paragraph({ children: b.lines.flatMap((line, i) => runs(line, i > 0)) })];
    case 'list':
      return b.items.map((item) => new Paragraph({ bullet: { level: 0 }, children: runs(item) }));
  }
}

function letterhead(doc: LetterDocument): Header {
  return new Header({
    children: [
      new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: doc.letterhead.laName, bold: true, size: 36 })] }),
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '505a5f', space: 4 } },
        children: [new TextRun({ text: doc.letterhead.serviceName, size: 22 })],
      }),
    ],
  });
}

function pageFooter(doc: LetterDocument): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ text: `${doc.title} – page `, size: 18 }), new TextRun({ children: [PageNumber.CURRENT], size: 18 }), new TextRun({ text: ' of ', size: 18 }), new TextRun({ children: [PageNumber.TOTAL_PAGES], size: 18 })],
      }),
    ],
  });
}

export function buildLetterDocx(doc: LetterDocument): Document {
  return new Document({
    title: doc.title,
    subject: doc.subject,
    creator: doc.author,
    description: doc.subject,
    styles: {
      default: {
        document: { run: { font: FONT, size: 24, language: LANG }, paragraph: { spacing: { after: 160, line: 288 } } },
        heading1: { run: { font: FONT, size: 32, bold: true, color: '000000' }, paragraph: { spacing: { before: 240, after: 160 } } },
        heading2: { run: { font: FONT, size: 26, bold: true, color: '000000' }, paragraph: { spacing: { before: 240, after: 120 } } },
      },
    },
    sections: [
      {
        properties: { page: { size: A4, margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN } }, titlePage: true },
        // The letterhead heads the first page only, as on printed LA stationery.
        headers: { first: letterhead(doc), default: new Header({ children: [new Paragraph({})] }) },
        footers: { first: pageFooter(doc), default: pageFooter(doc) },
        children: doc.blocks.flatMap(paragraphs),
      },
    ],
  });
}

export async function renderLetterDocx(data: LetterData, template: LetterTemplate): Promise<Buffer> {
  return Packer.toBuffer(buildLetterDocx(composeLetter(data, template)));
}
