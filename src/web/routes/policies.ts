// Categorisation policies as data: list, read one version in plain words, and "copy and edit" as
// validated JSON saved as a new version (or a new id for a copy) with a change note.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../domain/access/policy.js';
import { listPolicies, policyOf, resolvePolicyVersion, savePolicyVersion, type PolicyVersionRow } from '../../services/policies.js';
import { actorFrom, field } from '../forms.js';
import { dbIdSchema } from '../params.js';
import type { AppDeps } from '../types.js';
import { ruleSettings, showSetting } from '../../domain/categorisation/engine/settings.js';

export function policyRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const orgId = deps.organisation.id;

  /** `/policies/staffordshire-2014` is the latest version; `?version=2` a particular one. */
  async function versionFor(req: FastifyRequest): Promise<PolicyVersionRow | undefined> {
    const id = (req.params as { id: string }).id;
    const v = (req.query as { version?: string }).version;
    if (typeof v !== 'string' || v === '') return resolvePolicyVersion(db, orgId, id, undefined);
    const version = dbIdSchema.safeParse(v);
    return version.success ? resolvePolicyVersion(db, orgId, id, version.data) : undefined;
  }

  app.get('/policies', { config: { permission: 'categorisation:read' } }, async (req, reply) =>
    reply.render('policies/list.njk', { title: 'Categorisation policies', policies: await listPolicies(db, orgId), canManage: can(req.principal!, 'policies:manage'), notice: (req.query as { notice?: string }).notice }),
  );

  app.get('/policies/:id', { config: { permission: 'categorisation:read', params: { id: 'slug' } } }, async (req, reply) => {
    const row = await versionFor(req);
    if (!row) return reply.callNotFound();
    const all = (await listPolicies(db, orgId)).find((p) => p.policyId === row.policyId);
    const policy = policyOf(row);
    return reply.render('policies/show.njk', {
      title: row.title,
      row,
      policy,
      settings: Object.entries(policy.settings).map(([id, s]) => ({ ...showSetting(id, s), statement: s.statement })),
      ruleSettings: Object.fromEntries(policy.rules.map((r) => [r.id, ruleSettings(policy, r)])),
      versions: all?.versions ?? [row],
      canManage: can(req.principal!, 'policies:manage'),
    });
  });

  const editForm = (reply: FastifyReply, row: PolicyVersionRow, ctx: Record<string, unknown>, status = 200) =>
    reply.render('policies/edit.njk', { title: `Copy and edit ${row.title}`, row, ...ctx }, status);

  app.get('/policies/:id/edit', { config: { permission: 'policies:manage', params: { id: 'slug' } } }, async (req, reply) => {
    const row = await versionFor(req);
    if (!row) return reply.callNotFound();
    return editForm(reply, row, { values: { definition: JSON.stringify(row.definition, null, 2), changeNote: '' }, fieldErrors: {}, errors: [] });
  });

  app.post('/policies/:id/edit', { config: { permission: 'policies:manage', params: { id: 'slug' } } }, async (req, reply) => {
    const row = await versionFor(req);
    if (!row) return reply.callNotFound();
    const values = { definition: field(req, 'definition'), changeNote: field(req, 'changeNote') };
    const outcome = await savePolicyVersion(db, orgId, values.definition, values.changeNote, actorFrom(req));
    if (!outcome.ok) {
      // Each JSON path is its own line in the summary; all but the change note point at the text box.
      const errors = outcome.errors.map((e) => ({ text: e.path === 'changeNote' ? e.message : `${e.path}: ${e.message}`, href: e.path === 'changeNote' ? '#changeNote' : '#definition' }));
      const defErrors = outcome.errors.filter((e) => e.path !== 'changeNote');
      const fieldErrors: Record<string, string> = {};
      if (defErrors.length) fieldErrors.definition = `The policy has ${defErrors.length} problem${defErrors.length === 1 ? '' : 's'}: see the list at the top of the page`;
      const cn = outcome.errors.find((e) => e.path === 'changeNote');
      if (cn) fieldErrors.changeNote = cn.message;
      return editForm(reply, row, { values, errors, fieldErrors }, 400);
    }
    return reply.redirect(`/policies/${outcome.row.policyId}?version=${outcome.row.version}`, 303);
  });

}
