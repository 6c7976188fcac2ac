// The editable letter template: a small Markdown-like text an LA can change safely. Lines are parsed
// into a tree once, so data is only ever inserted as text and can never add headings or bullets.
//
//   # Heading / ## Subheading        - bullet               blank line = new paragraph
//   a line ending in \ breaks the line within its paragraph;  **bold** (template words only)
//   {{placeholder}}   {{#each list}} … {{this}} … {{/each}}   {{#if name}} … {{/if}}
//   <!-- comments, on their own lines, may span lines -->
import { PLACEHOLDERS, REQUIRED_PLACEHOLDERS } from './placeholders.js';

export type Part = { kind: 'text'; text: string; bold: boolean } | { kind: 'field'; name: string; bold: boolean };
export type LineType = 'h1' | 'h2' | 'bullet' | 'text' | 'blank';
export type TemplateNode =
  | { kind: 'line'; type: LineType; parts: Part[]; hardBreak: boolean; line: number }
  | { kind: 'each'; list: string; body: TemplateNode[]; line: number }
  | { kind: 'if'; name: string; body: TemplateNode[]; line: number };

export interface LetterTemplate {
  nodes: TemplateNode[];
  placeholders: string[];
}

export interface TemplateError {
  line: number | null;
  message: string;
}

export type TemplateParse = { ok: true; template: LetterTemplate } | { ok: false; errors: TemplateError[]; unknownPlaceholders: string[] };

export const THIS = 'this';
const BLOCK = /^\{\{\s*(#each|#if|\/each|\/if)\s*([\w.]*)\s*\}\}$/;
const TOKEN = /(\*\*|\{\{[^{}]*\}\})/;

interface Ctx {
  errors: TemplateError[];
  unknown: Map<string, number[]>;
  used: Set<string>;
}

function parseInline(src: string, line: number, inEach: boolean, ctx: Ctx): Part[] {
  if ((src.match(/\{\{/g) ?? []).length !== (src.match(/\}\}/g) ?? []).length) ctx.errors.push({ line, message: 'unmatched {{ or }}' });
  const parts: Part[] = [];
  let bold = false;
  for (const tok of src.split(TOKEN)) {
    if (tok === '') continue;
    if (tok === '**') {
      bold = !bold;
      continue;
    }
    const m = /^\{\{\s*([^{}]*?)\s*\}\}$/.exec(tok);
    if (!m) {
      parts.push({ kind: 'text', text: tok, bold });
      continue;
    }
    const name = m[1];
    if (name === THIS) {
      if (!inEach) ctx.errors.push({ line, message: '{{this}} is only meaningful inside {{#each …}}' });
    } else if (!PLACEHOLDERS[name]) {
      ctx.unknown.set(name, [...(ctx.unknown.get(name) ?? []), line]);
    } else if (PLACEHOLDERS[name].kind === 'list') {
      ctx.errors.push({ line, message: `{{${name}}} is a list: repeat lines with {{#each ${name}}} … {{this}} … {{/each}}` });
    }
    ctx.used.add(name);
    parts.push({ kind: 'field', name, bold });
  }
  if (bold) ctx.errors.push({ line, message: 'unmatched ** (bold must open and close on the same line)' });
  return parts;
}

function lineNode(raw: string, line: number, inEach: boolean, ctx: Ctx): TemplateNode {
  const trimmed = raw.trim();
  if (trimmed === '') return { kind: 'line', type: 'blank', parts: [], hardBreak: false, line };
  const heading = /^(#{1,2})\s+(.*)$/.exec(trimmed);
  const bullet = /^[-*]\s+(.*)$/.exec(trimmed);
  const type: LineType = heading ? (heading[1].length === 1 ? 'h1' : 'h2') : bullet ? 'bullet' : 'text';
  let body = heading ? heading[2] : bullet ? bullet[1] : trimmed;
  const hardBreak = type === 'text' && body.endsWith('\\');
  if (hardBreak) body = body.slice(0, -1).trimEnd();
  if (/^#{3,}\s/.test(trimmed)) ctx.errors.push({ line, message: 'only # and ## headings are supported' });
  return { kind: 'line', type, parts: parseInline(body, line, inEach, ctx), hardBreak, line };
}

export function parseLetterTemplate(text: string): TemplateParse {
  const ctx: Ctx = { errors: [], unknown: new Map(), used: new Set() };
  const root: TemplateNode[] = [];
  const stack: { node: Extract<TemplateNode, { kind: 'each' | 'if' }> }[] = [];
  const target = () => (stack.length ? stack[stack.length - 1].node.body : root);
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let inComment = false;

  lines.forEach((raw, i) => {
    const line = i + 1;
    const t = raw.trim();
    if (inComment || t.startsWith('<!--')) {
      inComment = !t.includes('-->');
      return;
    }
    const block = BLOCK.exec(t);
    if (!block) {
      target().push(lineNode(raw, line, stack.some((s) => s.node.kind === 'each'), ctx));
      return;
    }
    const [, keyword, name] = block;
    if (keyword === '#each' || keyword === '#if') {
      const p = PLACEHOLDERS[name];
      if (!name) ctx.errors.push({ line, message: `${keyword} needs a name` });
      else if (!p) ctx.unknown.set(name, [...(ctx.unknown.get(name) ?? []), line]);
      else if (keyword === '#each' && p.kind !== 'list') ctx.errors.push({ line, message: `{{#each ${name}}}: ${name} is not a list` });
      if (keyword === '#each' && stack.some((s) => s.node.kind === 'each')) ctx.errors.push({ line, message: '{{#each}} cannot be nested' });
      ctx.used.add(name);
      const node = keyword === '#each' ? { kind: 'each' as const, list: name, body: [], line } : { kind: 'if' as const, name, body: [], line };
      target().push(node);
      stack.push({ node });
      return;
    }
    const want = keyword === '/each' ? 'each' : 'if';
    const top = stack.pop();
    if (!top) ctx.errors.push({ line, message: `{{${keyword}}} without an opening {{#${want} …}}` });
    else if (top.node.kind !== want) ctx.errors.push({ line, message: `{{${keyword}}} closes the {{#${top.node.kind}}} opened on line ${top.node.line}` });
  });
  if (inComment) ctx.errors.push({ line: null, message: 'a <!-- comment is never closed with -->' });
  for (const s of stack) ctx.errors.push({ line: s.node.line, message: `{{#${s.node.kind} …}} is never closed` });
  for (const name of REQUIRED_PLACEHOLDERS) if (!ctx.used.has(name)) ctx.errors.push({ line: null, message: `the letter must include {{${name}}}` });

  const unknownPlaceholders = [...ctx.unknown.keys()].sort();
  if (unknownPlaceholders.length)
    ctx.errors.unshift({
      line: null,
      message: `Unknown placeholders: ${unknownPlaceholders.map((n) => `{{${n}}} (line ${ctx.unknown.get(n)?.join(', ')})`).join('; ')}. Known placeholders: ${Object.keys(PLACEHOLDERS).join(', ')}.`,
    });
  if (ctx.errors.length) return { ok: false, errors: ctx.errors, unknownPlaceholders };
  return { ok: true, template: { nodes: root, placeholders: [...ctx.used].filter((n) => n !== THIS).sort() } };
}

export class LetterTemplateError extends Error {
  constructor(readonly errors: TemplateError[]) {
    super(`Letter template is not valid:\n${errors.map((e) => `${e.line ? `line ${e.line}: ` : ''}${e.message}`).join('\n')}`);
  }
}

/** For callers that treat an invalid shipped template as a bug. */
export function parseLetterTemplateOrThrow(text: string): LetterTemplate {
  const r = parseLetterTemplate(text);
  if (!r.ok) throw new LetterTemplateError(r.errors);
  return r.template;
}
