// Security headers with a strict Content-Security-Policy (scripts from this origin and GOV.UK's one
// inline script by its hash, never 'unsafe-inline'), and CSRF tokens for every form: an HMAC of a random
// per-browser cookie, so a forged cross-site post cannot present a matching token.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { projectRoot } from '../config.js';

export const CSRF_COOKIE = 'lodestar_csrf';

/**
 * The CSP source for the one inline script of GOV.UK Frontend's page template (it marks the body as
 * JavaScript-enabled), read from the installed template so an upgrade cannot silently break it. Allowing
 * exactly this script by its hash, rather than a nonce per response, keeps every page the same bytes for
 * the same reader, which is what lets the page cache send a kept page (and its compressed form) as it is.
 */
export function govukInlineScriptSource(): string {
  const template = fs.readFileSync(path.join(projectRoot, 'node_modules/govuk-frontend/dist/govuk/template.njk'), 'utf8');
  const inline = [...template.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).filter((body) => body.trim() !== '');
  if (inline.length !== 1) throw new Error(`GOV.UK Frontend's template has ${inline.length} inline scripts; the Content-Security-Policy expects exactly one`);
  return `'sha256-${crypto.createHash('sha256').update(inline[0]).digest('base64')}'`;
}

export async function registerSecurityHeaders(app: FastifyInstance, formActions: string[]): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", govukInlineScriptSource()],
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
