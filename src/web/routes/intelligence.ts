// Recording, correcting and resolving local intelligence about a school. Only officers who may act on
// the school may write; a school outside their reach, or a confidential item they may not read, looks
// exactly like one that does not exist.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can, canActOnSchool, schoolScope } from '../../domain/access/policy.js';
import { GOVERNANCE_INDICATORS, INTELLIGENCE_KINDS, LEADERSHIP_INDICATORS, dateFromParts, type IntelligenceDraft } from '../../domain/evidence/intelligence.js';
import { getItem, type IntelligenceRow } from '../../repositories/intelligence.js';
import { getSchool, type SchoolWithDistrict } from '../../repositories/schools.js';
import { correctIntelligence, recordIntelligence, resolveIntelligence } from '../../services/intelligence.js';
import { actorFrom, field, formContext } from '../forms.js';
import type { AppDeps } from '../types.js';

const indicatorOptions = [
  ...Object.entries(LEADERSHIP_INDICATORS).map(([code, text]) => ({ value: `leadership_concern:${code}`, text: `Leadership: ${text}` })),
  ...Object.entries(GOVERNANCE_INDICATORS).map(([code, text]) => ({ value: `governance_concern:${code}`, text: `Governance: ${text}` })),
];

/** Date fields as typed: kept for re-display, and as an ISO date ('' when blank, 'invalid' when not a date). */
function dateField(req: FastifyRequest, name: string) {
  const parts = { day: field(req, `${name}-day`), month: field(req, `${name}-month`), year: field(req, `${name}-year`) };
  const blank = !parts.day.trim() && !parts.month.trim() && !parts.year.trim();
  return { parts, iso: blank ? '' : (dateFromParts(parts.day, parts.month, parts.year) ?? 'invalid') };
}

function draftFrom(req: FastifyRequest): { draft: IntelligenceDraft; values: Record<string, unknown> } {
  const kind = field(req, 'kind');
  const rawIndicator = field(req, 'indicator');
  const [prefix, code] = rawIndicator.includes(':') ? rawIndicator.split(':', 2) : ['', rawIndicator];
  // An indicator chosen from the other list is kept as given, so validation names the mismatch.
  const indicator = !rawIndicator ? '' : prefix === kind ? code : rawIndicator;
  const occurred = dateField(req, 'occurredOn');
  const draft = { kind, indicator, summary: field(req, 'summary'), source: field(req, 'source'), occurredOn: occurred.iso, confidential: field(req, 'confidential') === 'yes' };
  return { draft, values: { ...draft, indicator: rawIndicator, occurredOn: occurred.parts, reason: field(req, 'reason') } };
}

function valuesFromItem(i: IntelligenceRow): Record<string, unknown> {
  const [year, month, day] = i.occurredOn.split('-');
  return { ...i, indicator: i.indicator ? `${i.kind}:${i.indicator}` : '', occurredOn: { day: String(Number(day)), month: String(Number(month)), year } };
}

export function intelligenceRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const orgId = deps.organisation.id;
  const writer = { config: { permission: 'intelligence:write' as const } };

  async function schoolFor(req: FastifyRequest): Promise<SchoolWithDistrict | null> {
    const urn = Number((req.params as { urn: string }).urn);
    if (!Number.isInteger(urn) || urn <= 0) return null;
    const school = await getSchool(db, orgId, urn, schoolScope(req.principal!));
    return school && canActOnSchool(req.principal!, school) ? school : null;
  }

  async function itemFor(req: FastifyRequest, school: SchoolWithDistrict): Promise<IntelligenceRow | null> {
    const id = Number((req.params as { id: string }).id);
    if (!Number.isInteger(id) || id <= 0) return null;
    const item = await getItem(db, orgId, school.urn, id);
    if (!item || (item.confidential && !can(req.principal!, 'intelligence:read-confidential'))) return null;
    return item;
  }

  const form = (reply: FastifyReply, school: SchoolWithDistrict, ctx: Record<string, unknown>, status = 200) =>
    reply.render('intelligence/form.njk', { title: ctx.item ? 'Correct local intelligence' : 'Add local intelligence', school, kinds: INTELLIGENCE_KINDS, indicatorOptions, ...ctx }, status);

  app.get('/schools/:urn/intelligence/new', writer, async (req, reply) => {
    const school = await schoolFor(req);
    if (!school) return reply.callNotFound();
    return form(reply, school, formContext({}, { confidential: false }));
  });

  app.post('/schools/:urn/intelligence/new', writer, async (req, reply) => {
    const school = await schoolFor(req);
    if (!school) return reply.callNotFound();
    const { draft, values } = draftFrom(req);
    const outcome = await recordIntelligence(db, orgId, school.urn, draft, { ...actorFrom(req), userId: req.user!.id });
    if (!outcome.ok) return form(reply, school, formContext(outcome.errors as Record<string, string>, values), 400);
    return reply.redirect(`/schools/${school.urn}/dashboard?notice=added#intelligence`, 303);
  });

  app.get('/schools/:urn/intelligence/:id/edit', writer, async (req, reply) => {
    const school = await schoolFor(req);
    const item = school && (await itemFor(req, school));
    if (!school || !item) return reply.callNotFound();
    return form(reply, school, { item, ...formContext({}, valuesFromItem(item)) });
  });

  app.post('/schools/:urn/intelligence/:id/edit', writer, async (req, reply) => {
    const school = await schoolFor(req);
    const item = school && (await itemFor(req, school));
    if (!school || !item) return reply.callNotFound();
    const { draft, values } = draftFrom(req);
    const outcome = await correctIntelligence(db, item, draft, field(req, 'reason'), { ...actorFrom(req), userId: req.user!.id });
    if (!outcome.ok) return form(reply, school, { item, ...formContext(outcome.errors as Record<string, string>, values) }, 400);
    return reply.redirect(`/schools/${school.urn}/dashboard?notice=corrected#intelligence`, 303);
  });

  app.post('/schools/:urn/intelligence/:id/resolve', writer, async (req, reply) => {
    const school = await schoolFor(req);
    const item = school && (await itemFor(req, school));
    if (!school || !item) return reply.callNotFound();
    const resolved = dateField(req, 'resolvedOn');
    const outcome = await resolveIntelligence(db, item, resolved.iso, field(req, 'note'), { ...actorFrom(req), userId: req.user!.id });
    if (!outcome.ok) {
      return reply.render('intelligence/resolve.njk', { title: 'Resolve local intelligence', school, item, ...formContext(outcome.errors as Record<string, string>, { resolvedOn: resolved.parts, note: field(req, 'note') }) }, 400);
    }
    return reply.redirect(`/schools/${school.urn}/dashboard?notice=resolved#intelligence`, 303);
  });
}
