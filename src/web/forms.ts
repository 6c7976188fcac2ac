// GOV.UK form pattern: on failure re-render with an error summary linking to each field.
import type { FastifyRequest } from 'fastify';
import { isIsoDate } from '../domain/calendar/index.js';
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

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

/** The boxes of a GOV.UK date input, for re-showing what was typed. */
export const isoToParts = (iso: string | null | undefined): DateParts | null => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1] } : null;
};

/**
 * A GOV.UK date input's value: the ISO date when the three boxes make a real date, '' when all are
 * empty, and 'invalid' otherwise, so a service's "is this a date" check refuses it with its message.
 */
export function dateField(req: FastifyRequest, name: string): { parts: DateParts; iso: string } {
  return dateFromParts({ day: field(req, `${name}-day`), month: field(req, `${name}-month`), year: field(req, `${name}-year`) });
}

/** The same for boxes read from anywhere (a filter form's query string). */
export function dateFromParts(typed: DateParts): { parts: DateParts; iso: string } {
  const parts = { day: typed.day.trim(), month: typed.month.trim(), year: typed.year.trim() };
  if (!parts.day && !parts.month && !parts.year) return { parts, iso: '' };
  const ok = /^\d{1,2}$/.test(parts.day) && /^\d{1,2}$/.test(parts.month) && /^\d{4}$/.test(parts.year);
  const iso = ok ? `${parts.year}-${parts.month.padStart(2, '0')}-${parts.day.padStart(2, '0')}` : '';
  return { parts, iso: ok && isIsoDate(iso) ? iso : 'invalid' };
}

/** Moves errors on date fields to their first box, as the GOV.UK date pattern expects. */
export function dateErrorsToDay(errors: FieldErrors, dateFields: readonly string[]): FieldErrors {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [dateFields.includes(k) ? `${k}-day` : k, v]));
}
