// Authentication and authorisation for every route, in one place. A route must declare either
// `public: true` or the permission it needs; one that declares neither stops the app from starting,
// so nothing is ever exposed by omission.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../domain/access/policy.js';
import { resumeSession } from '../services/accounts.js';
import type { AppDeps } from './types.js';
import { csrfValid } from './security.js';

export const SESSION_COOKIE = 'lodestar_session';
const STATIC_PREFIXES = ['/assets/', '/public/', '/govuk/'];

export function isStaticPath(url: string): boolean {
  return STATIC_PREFIXES.some((p) => url.startsWith(p));
}

export interface RouteEntry {
  method: string;
  url: string;
  permission: string | null;
  public: boolean;
}

/** Every route the app registered (static asset routes excluded), for the route × role matrix test. */
export const routeTables = new WeakMap<FastifyInstance, RouteEntry[]>();

export function registerAccessControl(app: FastifyInstance, deps: AppDeps): void {
  const table: RouteEntry[] = [];
  routeTables.set(app, table);
  app.decorateRequest('user', null);
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('dataVersion', null);

  app.addHook('onRoute', (route) => {
    if (isStaticPath(route.url) || ['/assets', '/public', '/govuk'].includes(route.url)) {
      route.config = { ...(route.config ?? {}), public: true };
      return;
    }
    const cfg = route.config as { public?: boolean; permission?: string } | undefined;
    if (!cfg?.public && !cfg?.permission && route.method !== 'HEAD') {
      throw new Error(`Route ${String(route.method)} ${route.url} declares neither public nor a permission`);
    }
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') table.push({ method, url: route.url, permission: cfg?.permission ?? null, public: Boolean(cfg?.public) });
    }
  });

  app.addHook('preHandler', async (req, reply) => {
    const cfg = req.routeOptions.config;
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      const live = await resumeSession(deps.database.db, token);
      if (live) {
        req.user = live.user;
        req.principal = live.principal;
        req.sessionToken = token;
        req.dataVersion = live.dataVersion;
      } else {
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
      }
    }
    const multipart = cfg.csrfInBody === 'multipart' && req.isMultipart();
    if (req.method !== 'GET' && req.method !== 'HEAD' && !multipart) {
      const body = req.body as Record<string, unknown> | undefined;
      if (!csrfValid(req, body?._csrf)) return refuse(req, reply, 403, 'csrf');
    }
    if (cfg.public) return;
    if (!req.principal || !req.user) {
      if (req.method === 'GET') {
        return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(req.url)}`, 303);
      }
      return refuse(req, reply, 401, 'signed-out');
    }
    // Unknown paths reach the not-found page only once signed in, so they reveal nothing.
    if (req.is404) return;
    if (req.user.mustChangePassword && !req.url.startsWith('/account/password') && !req.url.startsWith('/sign-out')) {
      return reply.redirect('/account/password', 303);
    }
    if (!cfg.permission || !can(req.principal, cfg.permission)) return refuse(req, reply, 403, 'forbidden');
  });
}

export function refuse(req: FastifyRequest, reply: FastifyReply, status: 401 | 403 | 404, why: 'csrf' | 'signed-out' | 'forbidden' | 'not-found'): FastifyReply {
  req.log.info({ status, why }, 'request refused');
  if (req.headers.accept?.includes('application/json') && !req.headers.accept.includes('text/html')) {
    return reply.code(status).send({ error: why });
  }
  return reply.render('errors/refused.njk', { status, why }, status);
}
