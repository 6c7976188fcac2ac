import '@fastify/cookie';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import type { Principal } from '../domain/access/policy.js';
import type { Permission } from '../domain/access/roles.js';
import type { Logger } from '../logger.js';
import type { Organisation } from '../repositories/organisations.js';
import type { User } from '../repositories/users.js';
import type { OidcClient } from './oidc.js';

export interface AppDeps {
  database: Database;
  config: Config;
  logger: Logger;
  organisation: Organisation;
  oidc: OidcClient | null;
  /** The job runner of `lodestar serve`, told when a job is queued so it starts at once. */
  jobs?: { poke(): void } | null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route needs; checked before the handler by the access plugin. */
    permission?: Permission;
    /** Reachable without signing in (sign-in, health, static assets). */
    public?: boolean;
    /** A multipart upload checks its CSRF field itself, once the stream reaches it. */
    csrfInBody?: 'multipart';
    /** Path parameters that are not database integers (`:urn` and `:id` are, by default). */
    params?: Record<string, 'id' | 'slug'>;
  }
  interface FastifyRequest {
    user: User | null;
    principal: Principal | null;
    sessionToken: string | null;
    /** The data version read with the session (null when signed out): what the page cache keys on. */
    dataVersion: number | null;
    csrfToken: string;
  }
  interface FastifyReply {
    render(template: string, context?: Record<string, unknown>, status?: number): FastifyReply;
  }
}
