import type { FastifyInstance } from 'fastify';
import { changeOwnPassword } from '../../services/accounts.js';
import { actorFrom, field, formContext } from '../forms.js';
import type { AppDeps } from '../types.js';

export function accountRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/account/password', { config: { permission: 'account:self' } }, async (req, reply) =>
    reply.render('account/password.njk', { mustChange: req.user?.mustChangePassword, ...formContext({}, {}) }),
  );
  app.post('/account/password', { config: { permission: 'account:self' } }, async (req, reply) => {
    const current = field(req, 'current');
    const next = field(req, 'next');
    const errors: Record<string, string> = {};
    if (!current) errors.current = 'Enter your current password';
    if (!next) errors.next = 'Enter a new password';
    if (!Object.keys(errors).length) {
      const problem = await changeOwnPassword(deps.database.db, req.user!, current, next, actorFrom(req), req.sessionToken);
      if (problem) errors[problem.startsWith('Your current') ? 'current' : 'next'] = problem;
    }
    if (Object.keys(errors).length) {
      return reply.render('account/password.njk', { mustChange: req.user?.mustChangePassword, ...formContext(errors, {}) }, 400);
    }
    return reply.redirect('/', 303);
  });
}
