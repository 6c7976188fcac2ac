// Aggregate reports: counts only, never a school's name or confidential data, so elected members
// and scrutiny committees can see the whole without school-level detail.
import { and, count, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { districts, schools } from '../../db/schema.js';
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
    });
  });
}
