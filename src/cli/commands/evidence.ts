import type { Command } from 'commander';
import type { Db } from '../../db/client.js';
import { getMeasure } from '../../domain/evidence/measures.js';
import { pickComparator, significance } from '../../domain/evidence/dashboard.js';
import { availableFrom } from '../../domain/evidence/availability.js';
import { ERA_LABEL, inspectionIsStale, inspectionSummary, knownFrom, sourceNote, TYPE_LABEL } from '../../domain/evidence/inspections.js';
import { measureIsStale } from '../../domain/evidence/releases.js';
import { readReleaseCalendar, schoolFreshness, staleInspectionYears } from '../../services/catalogue.js';
import { comparatorPhase, loadLaContext, loadSchoolEvidence } from '../../services/evidence.js';
import { schoolObservations } from '../../repositories/evidence.js';
import { print, withRuntime } from '../runtime.js';
import { isoDateOption } from '../options.js';

/** What `lodestar evidence` reports: published measures and inspections only (never LA intelligence). */
export async function evidenceReport(db: Db, orgId: number, urn: number, asOf?: string, policyId?: string) {
  const evidence = await loadSchoolEvidence(db, orgId, urn, asOf);
  if (!evidence) return null;
  const measureMonths = readReleaseCalendar().measureStaleAfterMonths;
  const inspectionYears = await staleInspectionYears(db, orgId, policyId);
  const day = evidence.asOf;
  const { comparators } = await loadLaContext(db, orgId);
  const phase = comparatorPhase(evidence.school);
  // Ranks are stored with the rows, not in SchoolEvidence: read them beside it.
  const ranks = new Map((await schoolObservations(db, orgId, urn)).map((o) => [`${o.measure}|${o.academicYear}`, o]));
  const measures: Record<string, unknown> = {};
  for (const o of evidence.observations) {
    const r = ranks.get(`${o.measure}|${o.academicYear}`);
    const measure = (measures[o.measure] ??= { label: getMeasure(o.measure).label, years: {} }) as { years: Record<string, unknown>; latest?: { year: string; asAt: string; stale: boolean } };
    const entry = measure.years;
    // When the figure became known (the release the availability rules assume) and whether that is too long ago.
    const asAt = availableFrom(getMeasure(o.measure).area, o.academicYear);
    const stale = measureIsStale(asAt, day, measureMonths);
    if (!measure.latest || measure.latest.year < o.academicYear) measure.latest = { year: o.academicYear, asAt, stale };
    entry[o.academicYear] = {
      asAt,
      stale,
      value: o.value,
      status: o.status,
      raw: o.raw,
      cohort: o.cohort ?? null,
      ci: o.ciLower != null || o.ciUpper != null ? [o.ciLower ?? null, o.ciUpper ?? null] : null,
      significance: significance(o.ciLower, o.ciUpper),
      la: pickComparator(comparators, 'la', o.measure, o.academicYear, phase),
      england: pickComparator(comparators, 'england', o.measure, o.academicYear, phase),
      laPercentile: r?.laPercentile ?? null,
      laQuintile: r?.laQuintile ?? null,
      englandPercentile: r?.englandPercentile ?? null,
      englandQuintile: r?.englandQuintile ?? null,
      source: o.source,
      release: r?.release ?? null,
    };
  }
  const latestGraded = evidence.inspections.find((i) => i.inspectionType === 'graded');
  const inspections = evidence.inspections.map((i) => ({
    ...i,
    eraLabel: ERA_LABEL[i.era],
    typeLabel: TYPE_LABEL[i.inspectionType],
    summary: inspectionSummary(i),
    knownFrom: knownFrom(i),
    sourceNote: sourceNote(i.source),
    predecessor: i.inspectedUrn ? { urn: i.inspectedUrn, name: i.inspectedName ?? null } : null,
    stale: inspectionIsStale(i, day, inspectionYears),
  }));
  const freshness = schoolFreshness(evidence.observations, evidence.inspections, day, { measureMonths, inspectionYears });
  return {
    evidence,
    measures,
    inspections,
    out: {
      school: evidence.school,
      asOf: evidence.asOf,
      limits: { measureStaleAfterMonths: measureMonths, staleInspectionYears: inspectionYears },
      latestGradedInspection: latestGraded ? { date: latestGraded.inspectionDate, stale: inspectionIsStale(latestGraded, day, inspectionYears) } : null,
      freshness,
      measures,
      inspections,
    },
  };
}

export function evidenceCommand(program: Command): void {
  program
    .command('evidence')
    .description("Print a school's evidence: measures by year with source, LA and England comparators, ranks and significance, and inspections")
    .argument('<urn>', 'the school URN')
    .option('--json', 'print JSON')
    .option('--as-of <date>', 'only evidence published by this date (yyyy-mm-dd)', isoDateOption)
    .option('--policy <id>', "whose inspection age limit (evidence.staleInspection) marks an inspection stale", 'staffordshire-2014')
    .action(async (urnArg: string, opts: { json?: boolean; asOf?: string; policy: string }) => {
      const urn = Number(urnArg);
      if (!/^\d{5,7}$/.test(urnArg)) {
        process.stderr.write('URN must be a number of 5 to 7 digits\n');
        process.exit(2);
      }
      await withRuntime(async (rt) => {
        const report = await evidenceReport(rt.database.db, rt.organisation.id, urn, opts.asOf, opts.policy);
        if (!report) {
          process.stderr.write(`No school with URN ${urn} in ${rt.organisation.name}\n`);
          process.exit(1);
        }
        const { evidence, measures, inspections, out } = report;
        if (opts.json) return print(JSON.stringify(out, null, 2));
        print(`${evidence.school.name} (URN ${urn}), evidence as of ${evidence.asOf}`);
        for (const [code, m] of Object.entries(measures) as [string, { label: string; years: Record<string, { value: number | null; status: string; la: number | null; england: number | null; source: string }> }][]) {
          print(`${m.label} [${code}]`);
          for (const [y, v] of Object.entries(m.years)) print(`  ${y}: ${v.value ?? v.status}  (LA ${v.la ?? '–'}, England ${v.england ?? '–'}; ${v.source})`);
        }
        for (const i of inspections) {
          const whose = i.predecessor ? ` [predecessor ${i.predecessor.name ?? ''} URN ${i.predecessor.urn}]` : '';
          print(`Ofsted ${i.inspectionDate}${whose}: ${i.typeLabel}, ${i.eraLabel}: ${i.summary}${i.stale ? ' (STALE)' : ''} (${i.source})`);
        }
        for (const f of out.freshness) print(`Newest ${f.label}: ${f.latest ?? 'none held'}${f.asAt ? `, as at ${f.asAt}` : ''}${f.stale ? ` — older than the limit (${f.limit})` : ''}`);
      });
    });
}
