// The self-evaluation and the action plan as DOCX (for an inspection pack) and XLSX (issue 19). Both
// carry only LA-level figures, ratings and plans: no school is named, so any reader of the pages may
// take them.
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { RatingRow } from '../repositories/selfEvaluation.js';
import { sheetsToXlsx } from '../web/xlsx.js';
import type { SelfEvaluationEvidence } from './selfEvaluation.js';
import { actionPlan, statusLabels } from './selfEvaluation.js';

type Plan = Awaited<ReturnType<typeof actionPlan>>;

const para = (text: string, opts: { bold?: boolean; italics?: boolean } = {}) => new Paragraph({ children: [new TextRun({ text, ...opts })] });
const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) => new Paragraph({ text, heading: level });
const cell = (text: string, bold = false) => new TableCell({ children: [para(text, { bold })] });
const table = (head: string[], rows: string[][]) =>
  new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [new TableRow({ tableHeader: true, children: head.map((h) => cell(h, true)) }), ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) }))] });

const figureLine = (f: SelfEvaluationEvidence['figures'][keyof SelfEvaluationEvidence['figures']]) =>
  f.value ? `${f.title}: ${f.summary} (${f.records} records)` : `${f.title}: ${f.summary} ${f.unavailable ?? ''}`.trim();

export async function selfEvaluationDocx(evidence: SelfEvaluationEvidence, ratings: Map<string, RatingRow[]>, laName: string): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    heading(`${laName}: self-evaluation of school improvement`, HeadingLevel.TITLE),
    para(`${evidence.framework.title}, version ${evidence.framework.version}. Figures computed by Lodestar from its own records as of ${evidence.asOf}.`),
    para(`Headings drawn from: ${evidence.framework.source.title} (${evidence.framework.source.date}).`, { italics: true }),
  ];
  for (const [i, h] of evidence.headings.entries()) {
    const list = ratings.get(h.id) ?? [];
    const current = list[0];
    children.push(heading(`${i + 1}. ${h.title}: ${current ? current.rating.toUpperCase() : 'not rated'}`, HeadingLevel.HEADING_1));
    children.push(para(h.question, { italics: true }));
    if (current) {
      children.push(para(`Lead: ${current.lead}. Rated ${current.ratedOn}${list.length > 1 ? ` (${list.length - 1} earlier revision${list.length === 2 ? '' : 's'})` : ''}.`));
      children.push(para(current.narrative));
      if (current.evidence.length) {
        children.push(heading('Evidence', HeadingLevel.HEADING_2));
        for (const e of current.evidence) children.push(new Paragraph({ text: `${e.date}: ${e.label} (${e.href})`, bullet: { level: 0 } }));
      }
    }
    if (h.figureIds.length) {
      children.push(heading(`Lodestar's figures as of ${evidence.asOf}`, HeadingLevel.HEADING_2));
      for (const id of h.figureIds) children.push(new Paragraph({ text: figureLine(evidence.figures[id]), bullet: { level: 0 } }));
    }
  }
  return Packer.toBuffer(new Document({ creator: 'Lodestar', title: 'Self-evaluation', sections: [{ children }] }));
}

export async function actionPlanDocx(plan: Plan, laName: string, today: string): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [heading(`${laName}: school improvement action plan`, HeadingLevel.TITLE), para(`As at ${today}.`)];
  for (const a of plan) {
    children.push(heading(`${a.number}. ${a.title}`, HeadingLevel.HEADING_1));
    children.push(para(`What ${a.findingSource === 'inspectors' ? 'inspectors' : 'the LA'} found`, { bold: true }), para(a.finding));
    children.push(para('What we want to achieve', { bold: true }), para(a.aim));
    if (a.actions.length)
      children.push(
        table(
          ['No.', 'What we are doing', 'Owner', 'Due', 'Status', 'Evidence of impact'],
          a.actions.map((x) => [`${a.number}.${x.number}`, x.text, x.ownerName, x.dueOn, statusLabels[x.status], x.impact || '–']),
        ),
      );
    else children.push(para('No actions yet.'));
    children.push(para('What more we can do', { bold: true }), para(a.whatMore || 'Not yet recorded'));
  }
  return Packer.toBuffer(new Document({ creator: 'Lodestar', title: 'Action plan', sections: [{ children }] }));
}

export async function selfEvaluationXlsx(evidence: SelfEvaluationEvidence, ratings: Map<string, RatingRow[]>): Promise<Buffer> {
  // Plain values only, never formulas (sheetsToXlsx): a narrative starting "=" must not run in Excel.
  return sheetsToXlsx([
    {
      name: 'Headings',
      columns: [
      { key: 'n', header: 'No.', width: 5 },
      { key: 'heading', header: 'Heading', width: 40 },
      { key: 'rating', header: 'Rating', width: 10 },
      { key: 'lead', header: 'Lead', width: 20 },
      { key: 'ratedOn', header: 'Rated on', width: 12 },
      { key: 'narrative', header: 'Narrative', width: 60 },
      { key: 'evidence', header: 'Evidence links', width: 60 },
      { key: 'revisions', header: 'Earlier revisions', width: 10 },
    ],
    rows: evidence.headings.map((h, i) => {
      const list = ratings.get(h.id) ?? [];
      const r = list[0];
      return {
        n: i + 1,
        heading: h.title,
        rating: r?.rating ?? 'not rated',
        lead: r?.lead ?? null,
        ratedOn: r?.ratedOn ?? null,
        narrative: r?.narrative ?? null,
        evidence: r ? r.evidence.map((e) => `${e.date} ${e.label} ${e.href}`).join('\n') : null,
        revisions: Math.max(0, list.length - 1),
      };
    }),
    },
    {
      name: `Figures ${evidence.asOf}`,
      columns: [
      { key: 'heading', header: 'Heading', width: 40 },
      { key: 'figure', header: 'Figure', width: 40 },
      { key: 'numerator', header: 'Counted', width: 10 },
      { key: 'denominator', header: 'Out of', width: 10 },
      { key: 'share', header: 'Share (%)', width: 10 },
      { key: 'records', header: 'Records', width: 10 },
      { key: 'summary', header: 'Summary', width: 80 },
    ],
    rows: evidence.headings.flatMap((h) =>
      h.figureIds.map((id) => {
        const f = evidence.figures[id];
        return { heading: h.title, figure: f.title, numerator: f.value?.numerator ?? null, denominator: f.value?.denominator ?? null, share: f.value?.share ?? null, records: f.records, summary: f.unavailable ? `${f.summary} ${f.unavailable}` : f.summary };
      }),
    ),
    },
  ]);
}

export async function actionPlanXlsx(plan: Plan): Promise<Buffer> {
  return sheetsToXlsx([
    {
      name: 'Action plan',
      columns: [
      { key: 'area', header: 'Area', width: 30 },
      { key: 'finding', header: 'What was found', width: 50 },
      { key: 'aim', header: 'What we want to achieve', width: 50 },
      { key: 'no', header: 'No.', width: 6 },
      { key: 'text', header: 'What we are doing', width: 50 },
      { key: 'owner', header: 'Owner', width: 20 },
      { key: 'due', header: 'Due', width: 12 },
      { key: 'status', header: 'Status', width: 12 },
      { key: 'impact', header: 'Evidence of impact', width: 40 },
      { key: 'indicator', header: 'Indicator', width: 20 },
      { key: 'whatMore', header: 'What more we can do', width: 40 },
    ],
    rows: plan.flatMap((a) =>
      (a.actions.length ? a.actions : [null]).map((x) => ({
        area: `${a.number}. ${a.title}`,
        finding: a.finding,
        aim: a.aim,
        no: x ? `${a.number}.${x.number}` : null,
        text: x?.text ?? null,
        owner: x?.ownerName ?? null,
        due: x?.dueOn ?? null,
        status: x ? statusLabels[x.status] : null,
        impact: x?.impact ?? null,
        indicator: x?.indicatorId ?? null,
        whatMore: a.whatMore,
      })),
    ),
    },
  ]);
}
