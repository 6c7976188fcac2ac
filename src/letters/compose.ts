// Fills a parsed template with one school's data and lays it out as headings, paragraphs and lists.
import { longDate } from './dates.js';
import { DEFAULT_SERVICE_NAME, PLACEHOLDERS } from './placeholders.js';
import { THIS, type LetterTemplate, type LineType, type TemplateNode } from './template.js';
import { checkLetterData, type Block, type CheckedLetterData, type LetterData, type LetterDocument, type Run } from './types.js';

interface FilledLine {
  type: LineType;
  runs: Run[];
  hardBreak: boolean;
}

function present(d: CheckedLetterData, name: string): boolean {
  const p = PLACEHOLDERS[name];
  return p.kind === 'list' ? p.get(d).length > 0 : p.get(d).trim() !== '';
}

function fill(nodes: TemplateNode[], d: CheckedLetterData, item: string | null, out: FilledLine[]): void {
  for (const n of nodes) {
    if (n.kind === 'each') {
      const p = PLACEHOLDERS[n.list];
      if (p.kind === 'list') for (const it of p.get(d)) fill(n.body, d, it, out);
    } else if (n.kind === 'if') {
      if (present(d, n.name)) fill(n.body, d, item, out);
    } else {
      const runs = n.parts.map((p): Run => {
        if (p.kind === 'text') return { text: p.text, bold: p.bold };
        const ph = PLACEHOLDERS[p.name];
        // Data may carry stray newlines (pasted addresses); a run is always one line.
        const value = p.name === THIS ? (item ?? '') : ph.kind === 'text' ? ph.get(d) : '';
        return { text: value.replace(/\s*\n\s*/g, ' '), bold: p.bold };
      });
      out.push({ type: n.type, runs, hardBreak: n.hardBreak });
    }
  }
}

function merge(runs: Run[]): Run[] {
  const out: Run[] = [];
  for (const r of runs) {
    if (r.text === '') continue;
    const last = out[out.length - 1];
    if (last && last.bold === r.bold) last.text += r.text;
    else out.push({ ...r });
  }
  // Trim the line's ends so removed optional values leave no stray spaces.
  if (out.length) {
    out[0].text = out[0].text.replace(/^\s+/, '');
    out[out.length - 1].text = out[out.length - 1].text.replace(/\s+$/, '');
  }
  return out.filter((r) => r.text !== '');
}

function layout(lines: FilledLine[]): Block[] {
  const blocks: Block[] = [];
  let para: Extract<Block, { kind: 'paragraph' }> | null = null;
  let list: Extract<Block, { kind: 'list' }> | null = null;
  let breakNext = false;
  for (const l of lines) {
    const runs = merge(l.runs);
    if (l.type === 'blank') {
      para = list = null;
      continue;
    }
    // A line left empty by missing data (an absent address line) simply disappears.
    if (runs.length === 0) continue;
    if (l.type === 'h1' || l.type === 'h2') {
      para = list = null;
      blocks.push({ kind: 'heading', level: l.type === 'h1' ? 1 : 2, runs });
    } else if (l.type === 'bullet') {
      para = null;
      if (!list) blocks.push((list = { kind: 'list', items: [] }));
      list.items.push(runs);
    } else {
      list = null;
      if (!para) {
        blocks.push((para = { kind: 'paragraph', lines: [runs] }));
      } else if (breakNext) {
        para.lines.push(runs);
      } else {
        const last = para.lines[para.lines.length - 1];
        para.lines[para.lines.length - 1] = merge([...last, { text: ' ', bold: last[last.length - 1].bold }, ...runs]);
      }
      breakNext = l.hardBreak;
    }
  }
  return blocks;
}

export function composeLetter(data: LetterData, template: LetterTemplate): LetterDocument {
  const d = checkLetterData(data);
  const lines: FilledLine[] = [];
  fill(template.nodes, d, null, lines);
  return {
    title: `Categorisation letter: ${d.school.name}, ${d.round.label}`,
    subject: `${d.round.label} categorisation: ${d.category.code} – ${d.category.label} (${longDate(d.date)})`,
    author: d.laName,
    letterhead: { laName: d.laName, serviceName: d.serviceName?.trim() || DEFAULT_SERVICE_NAME },
    blocks: layout(lines),
  };
}

/** The letter's words in reading order, for previews and tests. */
export function letterText(doc: LetterDocument): string {
  const runs = (rs: Run[]) => rs.map((r) => r.text).join('');
  return doc.blocks
    .map((b) => (b.kind === 'heading' ? runs(b.runs) : b.kind === 'paragraph' ? b.lines.map(runs).join('\n') : b.items.map((i) => `• ${runs(i)}`).join('\n')))
    .join('\n\n');
}
