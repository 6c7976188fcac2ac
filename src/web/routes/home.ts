// The first page after sign-in, by role (issue 14): a link officer lands on their caseload, a school
// reader on their own school, an elected member on the aggregate reports; the others on a page of
// their work (decisions, districts, data). Nobody lands on a page that refuses them.
import type { FastifyInstance } from 'fastify';
import { can } from '../../domain/access/policy.js';
import { searchSchools } from '../../repositories/schools.js';
import { todayIso } from '../../services/escalations.js';
import { decisionsWaiting, districtsOf, latestData, overdueActionsOf } from '../../services/home.js';
import type { AppDeps } from '../types.js';

export function homeRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const orgId = deps.organisation.id;

  app.get('/', { config: { permission: 'account:self' } }, async (req, reply) => {
    const p = req.principal!;
    switch (p.role) {
      case 'link_officer':
        return reply.redirect('/engagement', 303);
      case 'head_teacher':
      case 'chair_of_governors':
      case 'sponsor':
        if (p.schoolUrns.length === 1) return reply.redirect(`/schools/${p.schoolUrns[0]}`, 303);
        break;
      case 'elected_member':
        return reply.redirect('/reports', 303);
      case 'provider':
        return reply.redirect('/provider', 303);
      case 'contract_manager':
        return reply.redirect('/support/contracts', 303);
    }
    const ctx: Record<string, unknown> = { title: 'Home', role: p.role, overdueActions: await overdueActionsOf(db, orgId, p, todayIso()) };
    if (can(p, 'escalation:sign-off')) {
      const decisions = await decisionsWaiting(db, orgId, p, todayIso());
      const urns = [...new Set([...decisions.signOff, ...decisions.overdueReviews].map((e) => e.urn))];
      const { rows } = urns.length ? await searchSchools(db, orgId, { scope: { kind: 'limited', urns, districtIds: [] } }, null) : { rows: [] };
      ctx.decisions = decisions;
      ctx.names = Object.fromEntries(rows.map((r) => [r.urn, r.name]));
      ctx.title = 'Decisions waiting for you';
    }
    if (p.role === 'district_lead') {
      ctx.districts = await districtsOf(db, orgId, p);
      ctx.title = 'Your districts';
    }
    if (p.role === 'analyst') {
      ctx.data = await latestData(db, orgId, todayIso());
      ctx.title = 'Data';
    }
    if (['head_teacher', 'chair_of_governors', 'sponsor'].includes(p.role)) {
      // More than one school (or none) on the account: list them rather than guess.
      const { rows } = p.schoolUrns.length ? await searchSchools(db, orgId, { scope: { kind: 'limited', urns: p.schoolUrns, districtIds: [] } }, null) : { rows: [] };
      ctx.ownSchools = rows;
      ctx.title = 'Your schools';
    }
    return reply.render('home/index.njk', ctx);
  });
}
