// One schema layer for path parameters: every `:urn` and `:id` is a bounded positive integer (a
// database integer), anything else a short printable string, checked before any handler runs. An
// out-of-range or malformed value is a 404 page, as for a record that does not exist, never a 500.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { refuse } from './access.js';

/** PostgreSQL's integer: ids and URNs beyond it cannot exist, and reaching SQL with them overflows. */
export const MAX_DB_INTEGER = 2_147_483_647;

export const dbIdSchema = z
  .string()
  .regex(/^[1-9]\d{0,9}$/)
  .transform(Number)
  .refine((n) => n <= MAX_DB_INTEGER);

export const slugSchema = z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/);

export type ParamKind = 'id' | 'slug';

/** A route whose `:id` is not a number (a policy id) says so in its config: `params: { id: 'slug' }`. */
const defaultKind = (name: string): ParamKind => (name === 'urn' || name === 'id' ? 'id' : 'slug');

export function registerParamValidation(app: FastifyInstance): void {
  // After access control (registered before this), so a signed-out visitor is still sent to sign in.
  app.addHook('preHandler', async (req, reply) => {
    if (reply.sent) return;
    const params = req.params as Record<string, unknown> | undefined;
    if (!params) return;
    const kinds = (req.routeOptions.config as { params?: Record<string, ParamKind> }).params ?? {};
    for (const [name, value] of Object.entries(params)) {
      if (name === '*') continue;
      const schema = (kinds[name] ?? defaultKind(name)) === 'id' ? dbIdSchema : slugSchema;
      if (!schema.safeParse(value).success) return refuse(req, reply, 404, 'not-found');
    }
  });
}
