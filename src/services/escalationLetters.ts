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
import { decideEscalation, type EscalationRow } from '../repositories/engagementEscalations.js';
import { audit, type Actor } from './audit.js';
import type { SchoolWithDistrict } from '../repositories/schools.js';
import type { Db, Tx } from '../db/client.js';
import { JUDGEMENT_WORDS } from '../domain/engagement/escalation-context.js';
import { listMeetings, openActions } from '../repositories/engagement.js';
import { readLetterSettings, type LaLetterSettings } from './laConfig.js';

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
function expand(lines: string[], v: Values, keep: (name: string) => boolean = () => false): { line: Line; item: string | null }[] {
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
    else if (list.length || keep(block[2])) out.push(...expand(body, v, keep));
    i = close;
  }
  return out;
}

export function composeEscalationLetter(template: string, v: Values, meta: { title: string; subject: string; laName: string; serviceName?: string }): LetterDocument {
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
  return { title: meta.title, subject: meta.subject, author: meta.laName, letterhead: { laName: meta.laName, serviceName: meta.serviceName ?? 'School Improvement Service' }, blocks };
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
  /** The Core Group's findings and open actions, the school's actual concerns (absent: none recorded). */
  coreGroup?: CoreGroupConcerns;
  /** The LA's letter settings; read from config/la/<code>.json when not given. */
  la?: LaLetterSettings;
}

export interface CoreGroupConcerns {
  /** "12 January 2027: no evidence of impact. Quality of teaching: Teaching in year 4 remains weak." */
  findings: string[];
  /** "Commission an external review of teaching (Headteacher, by 2 February 2027)" */
  actions: string[];
}

/** What the Core Group found at its recent meetings and the actions still open: what the letter is about. */
export async function coreGroupConcerns(db: Db | Tx, orgId: number, urn: number): Promise<CoreGroupConcerns> {
  const meetings = (await listMeetings(db, orgId, urn)).slice(-3).reverse();
  const findings = meetings.map((m) => {
    const areas = (m.reviewAreas ?? []).filter((a) => a.findings.trim()).map((a) => `${a.area}: ${a.findings.trim()}`);
    return [`${formatLong(m.meetingDate)}: the Core Group judged ${JUDGEMENT_WORDS[m.judgement]}.`, ...areas].join(' ');
  });
  const actions = (await openActions(db, orgId, [urn])).map((a) => `${a.text} (${a.owner}, by ${formatLong(a.dueDate)})`);
  return { findings, actions };
}

/** Placeholders filled only at sign-off: a senior leader's edited text keeps them, and may use only these. */
export const SIGN_OFF_PLACEHOLDERS = ['date', 'reviewDate', 'signedOffBy', 'complianceEndsOn', 'ground', 'note'] as const;

/** The placeholders in an edited letter text that Lodestar cannot fill at sign-off (empty when it is fine). */
export function unknownPlaceholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)].map((m) => m[1]).filter((n) => !(SIGN_OFF_PLACEHOLDERS as readonly string[]).includes(n));
}

/**
 * The proposed letter as text a senior leader can edit before sign-off: the template with everything
 * known now filled in, in the template's own line syntax (# heading, - bullet, **bold**); what is only
 * known at sign-off (date, review date, signatory…) stays as its placeholder.
 */
export function proposedLetterText(i: Omit<LetterInput, 'today' | 'reviewDate' | 'signedOffBy' | 'details'>): string {
  if (i.row.letterText) return i.row.letterText;
  const v = letterValues({ ...i, today: '2000-01-01', reviewDate: null, signedOffBy: '', details: {} });
  for (const k of SIGN_OFF_PLACEHOLDERS) delete v.text[k];
  const template = loadEscalationTemplate(i.row.step).replace(/<!--[\s\S]*?-->\n?/g, '').replace(/\r\n/g, '\n');
  const keep = (name: string) => (SIGN_OFF_PLACEHOLDERS as readonly string[]).includes(name);
  const out: string[] = [];
  for (const { line, item } of expand(template.split('\n'), v, keep)) {
    if (line.type === 'blank') {
      if (out.length && out[out.length - 1] !== '') out.push('');
      continue;
    }
    const filled = line.src.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => (name === 'this' ? (item ?? '') : keep(name) ? whole : (v.text[name] ?? '').replace(/\s*\n\s*/g, ' ')));
    if (!filled.trim()) continue;
    const prefix = line.type === 'h1' ? '# ' : line.type === 'h2' ? '## ' : line.type === 'bullet' ? '- ' : '';
    out.push(`${prefix}${filled}${line.hardBreak ? '\\' : ''}`);
  }
  return out.join('\n').trim() + '\n';
}

/**
 * A proposal's reason explains the step to officers, citing the source framework; a letter speaks for the
 * LA, so the sentences about the framework (its wording, its officers) are left out.
 */
export function reasonForLetter(reason: string): string {
  return (reason.match(/[^.]+(?:\.(?!\d)|$)\s*/g) ?? [reason])
    .filter((s) => !/\b(the framework|framework's|county commissioner|Staffordshire|the notice sets out)\b/i.test(s))
    .join('')
    .trim();
}

export function letterValues(i: LetterInput): Values {
  const p = i.row.proposal as Proposal;
  const academy = i.state.school.governance === 'academy';
  const trust = i.school.trustName ?? i.school.sponsorName ?? 'the academy trust';
  const address = [i.school.street, i.school.locality, i.school.address3, i.school.town, i.school.postcode].filter((x): x is string => !!x && !!x.trim());
  const ground = typeof i.details.ground === 'string' ? (GROUND_TEXT[i.details.ground] ?? '') : '';
  const la = i.la ?? readLetterSettings(i.school.laCode, i.laName);
  return {
    text: {
      laName: la.councilName,
      'la.councilName': la.councilName,
      'la.seniorOfficerTitle': la.seniorOfficerTitle,
      'la.signatoryTitle': la.signatoryTitle,
      'la.frameworkName': la.frameworkName,
      'la.email': la.contact.email ?? '',
      'la.telephone': la.contact.telephone ?? '',
      // A letter to an academy is copied to its trust as well as sent to the school.
      copyTo: academy ? `The Chief Executive Officer and the trust board, ${trust}` : '',
      date: formatLong(i.today),
      'school.name': i.school.name,
      'school.urn': String(i.school.urn),
      recipients: academy ? `The Chief Executive Officer, ${trust}; the Headteacher and the Chair of the Local Governing Body; the DfE Regional Director` : 'The Chair of Governors and the Headteacher',
      trust,
      title: i.row.title,
      reason: reasonForLetter(i.row.reason),
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
      'la.address': la.contact.address,
      coreGroupFindings: i.coreGroup?.findings ?? [],
      coreGroupActions: i.coreGroup?.actions ?? [],
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
  const la = i.la ?? readLetterSettings(i.school.laCode, i.laName);
  // A senior leader's edited text is what is signed: it is read with the template's syntax, and only
  // the sign-off placeholders in it are filled.
  const template = i.row.letterText ?? loadEscalationTemplate(i.row.step);
  const doc = composeEscalationLetter(template, letterValues({ ...i, la }), {
    title: `${i.row.title}: ${i.school.name}`,
    subject: `${i.row.title} (URN ${i.school.urn}), ${formatLong(i.today)}`,
    laName: la.councilName,
    serviceName: la.serviceName,
  });
  const docx = await Packer.toBuffer(buildLetterDocx(doc));
  const pdf = await renderLetterDocumentPdf(doc);
  return { docx, pdf, doc };
}

export const MAX_LETTER_TEXT = 20_000;

/**
 * A senior leader's edit of a proposed letter, kept on the proposal and audited (before and after); the
 * letter signed off is made from it. Only a proposal still waiting for a decision can be edited.
 */
export async function saveLetterText(db: Db, orgId: number, row: EscalationRow, text: string, actor: Actor): Promise<{ ok: true } | { ok: false; error: string }> {
  const clean = text.replace(/\r\n/g, '\n').trim();
  if (row.status !== 'proposed') return { ok: false, error: 'The letter can be edited only before the proposal is decided' };
  if (!clean) return { ok: false, error: 'Enter the text of the letter' };
  if (clean.length > MAX_LETTER_TEXT) return { ok: false, error: `The letter must be ${MAX_LETTER_TEXT.toLocaleString('en-GB')} characters or fewer` };
  const unknown = unknownPlaceholders(clean);
  if (unknown.length) return { ok: false, error: `Remove {{${unknown[0]}}}: the only placeholders filled in at sign-off are ${SIGN_OFF_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}` };
  await decideEscalation(db, row.id, { letterText: `${clean}\n`, letterTextBy: actor.label, letterTextAt: new Date() });
  await audit(db, actor, 'escalation.letter-edited', { type: 'escalation', id: row.id }, { before: { letterText: row.letterText }, after: { letterText: `${clean}\n` } });
  return { ok: true };
}
