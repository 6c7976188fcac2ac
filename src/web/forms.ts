// GOV.UK form pattern: on failure re-render with an error summary linking to each field.
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../services/audit.js';

export type FieldErrors = Record<string, string>;

export function errorList(fieldErrors: FieldErrors): { text: string; href: string }[] {
  return Object.entries(fieldErrors).map(([field, text]) => ({ text, href: `#${field}` }));
}

export function formContext(fieldErrors: FieldErrors, values: Record<string, unknown>): Record<string, unknown> {
  return { fieldErrors, errors: errorList(fieldErrors), values };
}

/** Body fields as strings: forms post strings, and anything else is treated as absent. */
export function field(req: FastifyRequest, name: string): string {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
}

export function fieldList(req: FastifyRequest, name: string): string[] {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' && v ? [v] : [];
}

export function actorFrom(req: FastifyRequest): Actor {
  return {
    userId: req.user?.id ?? null,
    label: req.user?.email ?? 'anonymous',
    organisationId: req.user?.organisationId ?? null,
    requestId: req.id,
    ip: req.ip,
  };
}

/**
 * Only same-site relative paths are followed after sign-in (no open redirects), and only in printable
 * ASCII: a Location header cannot carry other characters (browsers send paths percent-encoded anyway).
 */
export function safeReturnTo(v: unknown): string {
  return typeof v === 'string' && v.length <= 2000 && /^\/(?!\/)[\x21-\x5b\x5d-\x7e]*$/.test(v) ? v : '/';
}
