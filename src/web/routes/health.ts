import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../types.js';

export function healthRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/health', { config: { public: true } }, async (_req, reply) => {
    try {
      await deps.database.db.execute(sql`select 1`);
      return reply.send({ status: 'ok', database: { status: 'ok', engine: deps.database.engine }, organisation: deps.organisation.name });
    } catch (err) {
      return reply.code(503).send({ status: 'error', database: { status: 'error', message: (err as Error).message } });
    }
  });
}
