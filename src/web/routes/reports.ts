// Aggregate reports: counts only, never a school's name or confidential data, so elected members
// and scrutiny committees can see the whole without school-level detail.
import { and, count, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { districts, schools } from '../../db/schema.js';
import { scrutinyPdf, scrutinyXlsx } from '../../reports/scrutiny.js';
import { buildScrutinyReport } from '../../services/strategic.js';
import type { AppDeps } from '../types.js';

export function reportRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  app.get('/reports', { config: { permission: 'reports:aggregate' } }, async (_req, reply) => {
    const rows = await db
      .select({ district: districts.name, phase: schools.phase, typeGroup: schools.typeGroup, n: count() })
      .from(schools)
      .leftJoin(districts, eq(districts.id, schools.districtId))
      .where(and(eq(schools.organisationId, deps.organisation.id), eq(schools.status, 'open'), eq(schools.isStateFunded, true)))
      .groupBy(districts.name, schools.phase, schools.typeGroup);
    const phases = [...new Set(rows.map((r) => r.phase))].sort();
    const typeGroups = [...new Set(rows.map((r) => r.typeGroup))].sort();
    const districtNames = [...new Set(rows.map((r) => r.district ?? 'No district'))].sort();
    const sum = (pred: (r: (typeof rows)[number]) => boolean) => rows.filter(pred).reduce((a, r) => a + r.n, 0);
    return reply.render('reports/index.njk', {
      title: 'Reports',
      phases,
      typeGroups,
      byDistrict: districtNames.map((d) => ({
        district: d,
        phases: phases.map((p) => sum((r) => (r.district ?? 'No district') === d && r.phase === p)),
        total: sum((r) => (r.district ?? 'No district') === d),
      })),
      byType: typeGroups.map((t) => ({ typeGroup: t, n: sum((r) => r.typeGroup === t) })),
      total: sum(() => true),
      scrutiny: { term: currentTerm(), year: currentYear() },
    });
  });

  // The termly scrutiny report: aggregate only, small numbers suppressed, no school named when the LA anonymises.
  for (const ext of ['pdf', 'xlsx'] as const) {
    app.get(`/reports/scrutiny.${ext}`, { config: { permission: 'reports:aggregate' } }, async (req, reply) => {
      const q = req.query as Record<string, unknown>;
      const term = q.term === 'spring' || q.term === 'summer' ? q.term : q.term === 'autumn' ? 'autumn' : currentTerm();
      const year = typeof q.year === 'string' && /^\d{4}\/\d{2}$/.test(q.year) ? q.year : currentYear();
      let report;
      try {
        report = await buildScrutinyReport(db, deps.organisation, term, year);
      } catch {
        // A year the school calendar does not hold.
        return reply.callNotFound();
      }
      const name = `scrutiny-${year.replace('/', '-')}-${term}.${ext}`;
      reply.header('content-disposition', `attachment; filename="${name}"`);
      if (ext === 'pdf') return reply.type('application/pdf').send(await scrutinyPdf(report));
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await scrutinyXlsx(report));
    });
  }
}

function currentYear(today = new Date()): string {
  const y = today.getUTCMonth() >= 8 ? today.getUTCFullYear() : today.getUTCFullYear() - 1;
  return `${y}/${String((y + 1) % 100).padStart(2, '0')}`;
}

function currentTerm(today = new Date()): 'autumn' | 'spring' | 'summer' {
  const m = today.getUTCMonth();
  return m >= 8 ? 'autumn' : m <= 2 ? 'spring' : 'summer';
}
