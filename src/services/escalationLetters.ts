// Escalation letters: the same Markdown-like template syntax as categorisation letters (see
// config/letters/categorisation.md) with the escalation's own placeholders, laid out into the shared
// LetterDocument so the existing DOCX and PDF renderers produce the files. Line types are decided from
// the template before values are inserted, so data can never add headings, bullets or bold.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Packer } from 'docx';
import { formatLong, type IsoDate } from '../domain/calendar/index.js';
import { STEPS, type EscalationState, type Proposal } from '../domain/engagement/index.js';
import { buildLetterDocx, renderLetterDocumentPdf, type Block, type LetterDocument, type Run } from '../letters/index.js';
import type { EscalationRow } from '../repositories/engagementEscalations.js';
import type { SchoolWithDistrict } from '../repositories/schools.js';

const LETTER_DIR = new URL('../../config/letters/', import.meta.url);

/** Which template each step's letter uses; steps without their own use the decision record. */
const TEMPLATES: Partial<Record<(typeof STEPS)[number], string>> = {
  notice_of_concern: 'notice-of-concern.md',
  warning_notice: 'warning-notice.md',
  letter_to_trust_and_regional_director: 'academy-concern.md',
};
const DEFAULT_TEMPLATE = 'escalation-decision.md';

type Values = { text: Record<string, string>; lists: Record<string, string[]> };

const GROUND_TEXT: Record<string, string> = {
  standards_unacceptably_low: 'the standards of performance of pupils at the school are unacceptably low and are likely to remain so unless the LA exercises its powers (section 60(2)(a))',
  management_governance_breakdown: 'there has been a serious breakdown in the way the school is managed or governed which is prejudicing, or likely to prejudice, such standards (section 60(2)(b))',
  safety_threatened: 'the safety of pupils or staff of the school is threatened (section 60(2)(c))',
};

export function templateFor(step: string): string {
  return TEMPLATES[step as keyof typeof TEMPLATES] ?? DEFAULT_TEMPLATE;
}

interface Line {
  type: 'h1' | 'h2' | 'bullet' | 'text' | 'blank';
  src: string;
  hardBreak: boolean;
}

function fillInline(src: string, v: Values, item: string | null): Run[] {
  const runs: Run[] = [];
  let bold = false;
  for (const tok of src.split(/(\*\*|\{\{[^{}]*\}\})/)) {
    if (!tok) continue;
    if (tok === '**') {
      bold = !bold;
      continue;
    }
    const m = /^\{\{\s*([\w.]+)\s*\}\}$/.exec(tok);
    if (!m) runs.push({ text: tok, bold });
    else {
      const name = m[1];
      if (name !== 'this' && !(name in v.text)) throw new Error(`Unknown placeholder {{${name}}} in an escalation letter template`);
      runs.push({ text: (name === 'this' ? (item ?? '') : v.text[name]).replace(/\s*\n\s*/g, ' '), bold });
    }
  }
  return runs.filter((r) => r.text !== '');
}

/** Expands {{#each}} and {{#if}} blocks (one level of nesting is all the letters need). */
function expand(lines: string[], v: Values): { line: Line; item: string | null }[] {
  const out: { line: Line; item: string | null }[] = [];
  const toLine = (raw: string): Line => {
    const hardBreak = raw.endsWith('\\');
    const s = hardBreak ? raw.slice(0, -1) : raw;
    if (!s.trim()) return { type: 'blank', src: '', hardBreak: false };
    if (s.startsWith('## ')) return { type: 'h2', src: s.slice(3), hardBreak };
    if (s.startsWith('# ')) return { type: 'h1', src: s.slice(2), hardBreak };
    if (s.startsWith('- ')) return { type: 'bullet', src: s.slice(2), hardBreak };
    return { type: 'text', src: s, hardBreak };
  };
  for (let i = 0; i < lines.length; i++) {
    const block = /^\{\{\s*#(each|if)\s+([\w.]+)\s*\}\}$/.exec(lines[i].trim());
    if (!block) {
      out.push({ line: toLine(lines[i]), item: null });
      continue;
    }
    const close = lines.findIndex((l, j) => j > i && l.trim() === `{{/${block[1]}}}`);
    if (close < 0) throw new Error(`{{#${block[1]} ${block[2]}}} is not closed`);
    const body = lines.slice(i + 1, close);
    const list = v.lists[block[2]] ?? (v.text[block[2]] ? [v.text[block[2]]] : []);
    if (block[1] === 'each') for (const item of list) out.push(...body.map((l) => ({ line: toLine(l), item })));
    else if (list.length) out.push(...expand(body, v));
    i = close;
  }
  return out;
}

export function composeEscalationLetter(template: string, v: Values, meta: { title: string; subject: string; laName: string }): LetterDocument {
  const lines = template.replace(/<!--[\s\S]*?-->\n?/g, '').replace(/\r\n/g, '\n').split('\n');
  const blocks: Block[] = [];
  let para: Extract<Block, { kind: 'paragraph' }> | null = null;
  let list: Extract<Block, { kind: 'list' }> | null = null;
  let breakNext = false;
  for (const { line, item } of expand(lines, v)) {
    if (line.type === 'blank') {
      para = list = null;
      continue;
    }
    const runs = fillInline(line.src, v, item);
    if (!runs.length) continue;
    if (line.type === 'h1' || line.type === 'h2') {
      para = list = null;
      blocks.push({ kind: 'heading', level: line.type === 'h1' ? 1 : 2, runs });
    } else if (line.type === 'bullet') {
      para = null;
      if (!list) blocks.push((list = { kind: 'list', items: [] }));
      list.items.push(runs);
    } else {
      list = null;
      if (!para) blocks.push((para = { kind: 'paragraph', lines: [runs] }));
      else if (breakNext) para.lines.push(runs);
      else para.lines[para.lines.length - 1] = [...para.lines[para.lines.length - 1], { text: ' ', bold: false }, ...runs];
      breakNext = line.hardBreak;
    }
  }
  return { title: meta.title, subject: meta.subject, author: meta.laName, letterhead: { laName: meta.laName, serviceName: 'School Improvement Service' }, blocks };
}

export interface LetterInput {
  row: EscalationRow;
  school: SchoolWithDistrict;
  state: EscalationState;
  today: IsoDate;
  reviewDate: IsoDate | null;
  details: Record<string, unknown>;
  signedOffBy: string;
  laName: string;
}

export function letterValues(i: LetterInput): Values {
  const p = i.row.proposal as Proposal;
  const academy = i.state.school.governance === 'academy';
  const trust = i.school.trustName ?? i.school.sponsorName ?? 'the academy trust';
  const address = [i.school.street, i.school.locality, i.school.address3, i.school.town, i.school.postcode].filter((x): x is string => !!x && !!x.trim());
  const ground = typeof i.details.ground === 'string' ? (GROUND_TEXT[i.details.ground] ?? '') : '';
  return {
    text: {
      laName: i.laName,
      date: formatLong(i.today),
      'school.name': i.school.name,
      'school.urn': String(i.school.urn),
      recipients: academy ? `The Chief Executive Officer, ${trust}; the Headteacher and the Chair of the Local Governing Body; the DfE Regional Director` : 'The Chair of Governors and the Headteacher',
      trust,
      title: i.row.title,
      reason: i.row.reason,
      reviewDate: i.reviewDate ? formatLong(i.reviewDate) : '',
      ground,
      complianceEndsOn: typeof i.details.complianceEndsOn === 'string' ? formatLong(i.details.complianceEndsOn) : '',
      signedOffBy: i.signedOffBy,
      category: i.state.school.category ? `${i.state.school.category.code} (${i.state.school.category.label})` : 'not set',
      source: `${p.source.document}, ${p.source.section} (${p.source.date})`,
      policy: `${p.policy.id} version ${p.policy.version}`,
      note: i.row.decisionNote ?? '',
    },
    lists: {
      'school.address': address,
      evidence: (i.row.evidence ?? []).map((e) => `${formatLong(e.date)}: ${e.description}`),
      keyDates: (p.keyDates ?? []).map((k) => `${k.label}: ${formatLong(k.date)}`),
      options: (p.options ?? []).map((o) => `${o.title}${o.lapsesOn ? `, usable until ${formatLong(o.lapsesOn)}` : ''}${o.available ? '' : ' (lapsed)'}`),
    },
  };
}

export function loadEscalationTemplate(step: string): string {
  return readFileSync(fileURLToPath(new URL(templateFor(step), LETTER_DIR)), 'utf8');
}

export async function renderEscalationLetter(i: LetterInput): Promise<{ docx: Buffer; pdf: Buffer; doc: LetterDocument }> {
  const doc = composeEscalationLetter(loadEscalationTemplate(i.row.step), letterValues(i), {
    title: `${i.row.title}: ${i.school.name}`,
    subject: `${i.row.title} (URN ${i.school.urn}), ${formatLong(i.today)}`,
    laName: i.laName,
  });
  const docx = await Packer.toBuffer(buildLetterDocx(doc));
  const pdf = await renderLetterDocumentPdf(doc);
  return { docx, pdf, doc };
}
