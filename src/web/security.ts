// Security headers with a strict Content-Security-Policy (a nonce per response, never
// 'unsafe-inline'), and CSRF tokens for every form: an HMAC of a random per-browser cookie, so a
// forged cross-site post cannot present a matching token.
import crypto from 'node:crypto';
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export const CSRF_COOKIE = 'lodestar_csrf';

export async function registerSecurityHeaders(app: FastifyInstance, formActions: string[]): Promise<void> {
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'", ...formActions],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  });
  app.addHook('onSend', async (_req, reply) => {
    reply.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
    if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
  });
}

export function csrfTokenFor(secret: string, cookieValue: string): string {
  return crypto.createHmac('sha256', secret).update(cookieValue).digest('base64url');
}

export function registerCsrf(app: FastifyInstance, secret: string, secureCookies: boolean): void {
  app.decorateRequest('csrfToken', '');
  app.addHook('onRequest', async (req, reply) => {
    let value = req.cookies[CSRF_COOKIE];
    if (!value || !/^[A-Za-z0-9_-]{43}$/.test(value)) {
      value = crypto.randomBytes(32).toString('base64url');
      reply.setCookie(CSRF_COOKIE, value, { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies });
      req.cookies[CSRF_COOKIE] = value;
    }
    req.csrfToken = csrfTokenFor(secret, value);
  });
}

/** True when a submitted token matches the browser's cookie. */
export function csrfValid(req: FastifyRequest, submitted: unknown): boolean {
  if (typeof submitted !== 'string' || submitted.length !== req.csrfToken.length) return false;
  return crypto.timingSafeEqual(Buffer.from(submitted), Buffer.from(req.csrfToken));
}
