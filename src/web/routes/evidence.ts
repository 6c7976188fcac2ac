// The school dashboard and the LA comparison of any measure. Access: the dashboard has the school page's
// scope check (outside scope looks like "not found"); intelligence shows only to roles that may read it,
// confidential items only to those who may read those; the comparison lists only schools in scope.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { can, canActOnSchool, schoolScope } from '../../domain/access/policy.js';
import { MIN_GROUP, formatValue, type MeasureTrend } from '../../domain/evidence/dashboard.js';
import { indicatorLabel, kindLabel } from '../../domain/evidence/intelligence.js';
import { MEASURE_BY_CODE, MEASURES, startYear } from '../../domain/evidence/measures.js';
import { orientedPercentile, percentileRank, quantile, quartile, sortValues } from '../../domain/evidence/ranking.js';
import { listComparators, measuresHeld, measureValues } from '../../repositories/evidence.js';
import { listItems } from '../../repositories/intelligence.js';
import { getSchool, searchSchools } from '../../repositories/schools.js';
import { schoolDashboard, toComparator } from '../../services/evidence.js';
import { renderTrendChart } from '../charts/trendChart.js';
import type { AppDeps } from '../types.js';
import { inspectionView } from './inspectionView.js';

const AREA_TITLES: Record<string, string> = { ks2: 'Key stage 2', ks4: 'Key stage 4', absence: 'Attendance and absence', census: 'Pupils (school census)' };

function chartFor(t: MeasureTrend, laName: string): string | null {
  if (!t.rows.some((r) => r.value !== null)) return null;
  const years = t.rows.map((r) => r.year);
  return renderTrendChart({
    id: t.code,
    title: `${t.label}: the school against ${laName} and England, ${years[0]} to ${years[years.length - 1]}. The table beside the chart has the same numbers.`,
    categories: years,
    unit: t.unit,
    series: [
      { name: 'School', values: t.rows.map((r) => r.value) },
      { name: laName, values: t.rows.map((r) => r.la), dashed: true },
      { name: 'England', values: t.rows.map((r) => r.england), dashed: true },
    ],
  });
}

/** "919_ks2final.csv (2022/23, 2023/24); england_ks2final_with_ofsted.csv (2018/19)". */
function sourceList(t: MeasureTrend): string {
  const bySource = new Map<string, string[]>();
  for (const r of t.rows) bySource.set(r.source, [...(bySource.get(r.source) ?? []), r.year]);
  return [...bySource].map(([s, ys]) => `${s} (${ys.join(', ')})`).join('; ');
}

const yearQuery = z.object({ year: z.string().regex(/^\d{4}\/\d{2}$/).optional() });

export function evidenceRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const orgId = deps.organisation.id;
  const laName = deps.organisation.name;

  app.get('/schools/:urn/dashboard', { config: { permission: 'schools:read', pageCache: 'evidence/dashboard.njk' } }, async (req, reply) => {
    const urn = Number((req.params as { urn: string }).urn);
    if (!Number.isInteger(urn) || urn <= 0) return reply.callNotFound();
    const p = req.principal!;
    const school = await getSchool(db, orgId, urn, schoolScope(p));
    if (!school) return reply.callNotFound();
    const d = await schoolDashboard(db, orgId, school);
    const sections = Object.entries(AREA_TITLES)
      .map(([area, title]) => ({
        area,
        title,
        measures: d.trends
          .filter((t) => t.area === area)
          .map((t) => ({ ...t, chart: chartFor(t, laName), sources: sourceList(t) })),
      }))
      .filter((s) => s.measures.length);
    const mayReadIntelligence = can(p, 'intelligence:read');
    const intelligence = mayReadIntelligence
      ? (await listItems(db, orgId, urn, { includeConfidential: can(p, 'intelligence:read-confidential') })).map((i) => ({
          ...i,
          kindLabel: kindLabel(i.kind),
          indicatorLabel: indicatorLabel(i.kind, i.indicator),
        }))
      : null;
    const q = req.query as Record<string, string>;
    return reply.render('evidence/dashboard.njk', {
      title: `${school.name}: dashboard`,
      school,
      laName,
      sections,
      superseded: d.superseded,
      gaps: d.gaps,
      floors: d.floors,
      freshness: d.freshness,
      sources: d.sources,
      limits: d.limits,
      inspections: d.inspections.map(inspectionView),
      intelligence,
      mayWrite: can(p, 'intelligence:write') && canActOnSchool(p, school),
      mayReadRisk: can(p, 'risk:read'),
      minGroup: MIN_GROUP,
      notice: q.notice,
    });
  });

  app.get('/measures', { config: { permission: 'schools:list' } }, async (_req, reply) => {
    const held = await measuresHeld(db, orgId);
    const measures = MEASURES.filter((m) => held.some((h) => h.measure === m.code)).map((m) => ({
      ...m,
      years: held.filter((h) => h.measure === m.code).map((h) => ({ year: h.academicYear, schools: h.schools })),
    }));
    return reply.render('evidence/measures.njk', { title: 'Compare schools on a measure', measures, areaTitles: AREA_TITLES });
  });

  app.get('/measures/:code', { config: { permission: 'schools:list' } }, async (req, reply) => {
    const def = MEASURE_BY_CODE.get((req.params as { code: string }).code);
    const q = yearQuery.safeParse(req.query);
    if (!def || !q.success) return reply.callNotFound();
    const all = await measureValues(db, orgId, def.code);
    const years = [...new Set(all.map((v) => v.academicYear))].sort((a, b) => startYear(b) - startYear(a));
    const year = q.data.year ?? years[0];
    if (!year || !years.includes(year)) return reply.callNotFound();
    // Ranks and quartiles come from every LA school with a value; small groups are neither ranked nor listed.
    const values = all.filter((v) => v.academicYear === year && v.value !== null && !(v.cohort !== null && v.cohort < MIN_GROUP));
    const withheld = all.filter((v) => v.academicYear === year && v.cohort !== null && v.cohort < MIN_GROUP).length;
    const sorted = sortValues(values.map((v) => v.value as number));
    const { rows: visible } = await searchSchools(db, orgId, { scope: schoolScope(req.principal!) }, null);
    const names = new Map(visible.map((s) => [s.urn, s]));
    const ranked = values
      .map((v) => ({ ...v, oriented: orientedPercentile(percentileRank(sorted, v.value as number) ?? 0, def.higherIsBetter) }))
      .sort((a, b) => b.oriented - a.oriented);
    const rows = ranked
      .map((v, i) => ({ ...v, rank: ranked.findIndex((r) => r.oriented === v.oriented) + 1, position: i, quartile: quartile(v.oriented), school: names.get(v.urn) }))
      .filter((r) => r.school)
      .map((r) => ({ ...r, display: formatValue(r.value, def.unit) }));
    const comparators = (await listComparators(db, orgId, [def.code])).map(toComparator).filter((c) => c.academicYear === year);
    const bounds = [0.25, 0.5, 0.75].map((f) => formatValue(quantile(sorted, f), def.unit));
    return reply.render('evidence/measure.njk', {
      title: def.label,
      measure: def,
      year,
      years,
      rows,
      total: values.length,
      withheld,
      bounds,
      comparators: comparators.map((c) => ({ ...c, display: formatValue(c.value, def.unit) })),
      laName,
      minGroup: MIN_GROUP,
    });
  });
}
