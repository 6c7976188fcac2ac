// The data catalogue (issue 13): each source with its latest file and data, the next release the calendar
// (config/releases.json) expects, what is overdue and what is due this month. Public data only.
import type { FastifyInstance } from 'fastify';
import { dataCatalogue, readReleaseCalendar } from '../../services/catalogue.js';
import { dueThisMonth } from '../../domain/evidence/releases.js';
import type { AppDeps } from '../types.js';

export function dataRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const orgId = deps.organisation.id;

  app.get('/data', { config: { permission: 'imports:read' } }, async (_req, reply) => {
    const today = new Date().toISOString().slice(0, 10);
    const sources = await dataCatalogue(db, orgId, today);
    const calendar = readReleaseCalendar();
    return reply.render('data/index.njk', { title: 'Data catalogue', today, sources, month: dueThisMonth(sources, today), calendar });
  });
}
