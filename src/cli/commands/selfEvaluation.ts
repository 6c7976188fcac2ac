import type { Command } from 'commander';
import type { Db } from '../../db/client.js';
import { computeEvidence, ratingsByHeading } from '../../services/selfEvaluation.js';
import { print, withRuntime } from '../runtime.js';
import { isoDateOption } from '../options.js';

/**
 * What `lodestar self-evaluation` prints: each heading with its current rating and its computed figures.
 * The figures list their records by URN and kind of flag only; no intelligence text is ever printed.
 */
export async function selfEvaluationOutput(db: Db, organisationId: number, opts: { asOf: string; json: boolean }): Promise<string> {
  const evidence = await computeEvidence(db, organisationId, opts.asOf);
  const ratings = await ratingsByHeading(db, organisationId);
  const headings = evidence.headings.map((h) => {
    const current = ratings.get(h.id)?.[0];
    return {
      id: h.id,
      title: h.title,
      question: h.question,
      rating: current ? { rating: current.rating, lead: current.lead, ratedOn: current.ratedOn, narrative: current.narrative, revisions: ratings.get(h.id)!.length - 1 } : null,
      figures: h.figureIds.map((id) => {
        const f = evidence.figures[id];
        return { id: f.id, title: f.title, value: f.value, records: f.records, summary: f.summary, ...(f.unavailable ? { unavailable: f.unavailable } : {}), link: `/self-evaluation/figures/${f.id}?asOf=${opts.asOf}`, items: f.items };
      }),
    };
  });
  if (opts.json) return JSON.stringify({ asOf: opts.asOf, framework: evidence.framework, headings }, null, 2);
  const lines = [`${evidence.framework.title} (version ${evidence.framework.version}) as of ${opts.asOf}`, ''];
  for (const h of headings) {
    lines.push(`${h.title}: ${h.rating ? `${h.rating.rating.toUpperCase()} (${h.rating.lead}, ${h.rating.ratedOn})` : 'not yet rated'}`);
    for (const f of h.figures) lines.push(`  - ${f.title}: ${f.summary} [${f.records} records]`);
  }
  return lines.join('\n');
}

export function selfEvaluationCommand(program: Command): void {
  program
    .command('self-evaluation')
    .description("The LA's self-evaluation: each heading with its current rating and the figures computed from Lodestar's own records as of a date, with their record counts")
    .option('--as-of <date>', 'yyyy-mm-dd; the day the figures speak for (default today)', isoDateOption)
    .option('--json', 'print JSON, with the records behind each figure')
    .action(async (opts: { asOf?: string; json?: boolean }) => {
      const asOf = opts.asOf ?? new Date().toISOString().slice(0, 10);
      await withRuntime(async (rt) => print(await selfEvaluationOutput(rt.database.db, rt.organisation.id, { asOf, json: !!opts.json })));
    });
}
