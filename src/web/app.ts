// Builds the web application. Reads top to bottom as the request pipeline: logging with request
// ids, security headers, cookies and forms, static assets, views, CSRF, access control, routes.
import crypto from 'node:crypto';
import path from 'node:path';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { projectRoot } from '../config.js';
import { registerAccessControl, refuse } from './access.js';
import { accountRoutes } from './routes/account.js';
import { adminRoutes } from './routes/admin.js';
import { adminSchoolRoutes } from './routes/adminSchools.js';
import { evidenceRoutes } from './routes/evidence.js';
import { healthRoutes } from './routes/health.js';
import { homeRoutes } from './routes/home.js';
import { importRoutes } from './routes/imports.js';
import { dataRoutes } from './routes/data.js';
import { jobRoutes } from './routes/jobs.js';
import { intelligenceRoutes } from './routes/intelligence.js';
import { reportRoutes } from './routes/reports.js';
import { strategyRoutes } from './routes/strategy.js';
import { engagementRoutes } from './routes/engagement.js';
import { engagementEscalationRoutes } from './routes/engagementEscalations.js';
import { engagementInterventionRoutes } from './routes/engagementIntervention.js';
import { engagementSchoolRoutes } from './routes/engagementSchool.js';
import { riskRoutes } from './routes/risk.js';
import { riskJobRoutes } from './routes/riskJobs.js';
import { categorisationRoutes } from './routes/categorisation.js';
import { categorisationChallengeRoutes } from './routes/categorisationChallenges.js';
import { categorisationLetterRoutes } from './routes/categorisationLetters.js';
import { categorisationReviewRoutes } from './routes/categorisationReview.js';
import { policyRoutes } from './routes/policies.js';
import { selfEvaluationRoutes } from './routes/selfEvaluation.js';
import { schoolRoutes } from './routes/schools.js';
import { signInRoutes } from './routes/signIn.js';
import { supportRoutes } from './routes/support.js';
import { registerPageCache, type PageCache } from './pageCache.js';
import { registerParamValidation } from './params.js';
import { registerCsrf, registerSecurityHeaders } from './security.js';
import type { AppDeps } from './types.js';
import { registerViews } from './views.js';
import { readLetterSettings } from '../services/laConfig.js';

export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as unknown as FastifyBaseLogger,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
    // Only the proxies the operator named may set the client address (X-Forwarded-For).
    // Fastify accepts a hop count at run time (documented) though its types omit numbers.
    trustProxy: deps.config.trustProxy as boolean | string[],
    bodyLimit: 1024 * 1024,
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('X-Request-Id', req.id);
  });

  await registerSecurityHeaders(app, deps.oidc ? [deps.oidc.issuerOrigin] : []);
  await app.register(cookie);
  await app.register(formbody);
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 } });

  // The footer names the council as its letters do (config/la/<code>.json), not only the area.
  const pageCache: { current: PageCache | null } = { current: null };
  registerViews(app, deps.organisation.name, deps.organisation.kind === 'local_authority' ? readLetterSettings(deps.organisation.code, deps.organisation.name).councilName : deps.organisation.name, pageCache);
  registerCsrf(app, deps.config.secret, deps.config.secureCookies);
  registerAccessControl(app, deps);
  registerParamValidation(app);
  // After access control and parameter checks: a kept page is only served to a reader allowed it.
  pageCache.current = registerPageCache(app, deps.database.db);

  const govuk = path.join(projectRoot, 'node_modules/govuk-frontend/dist/govuk');
  await app.register(fastifyStatic, { root: path.join(govuk, 'assets'), prefix: '/assets/', decorateReply: false, cacheControl: true, maxAge: '1d' });
  await app.register(fastifyStatic, { root: govuk, prefix: '/govuk/', decorateReply: false, allowedPath: (p) => /^\/?govuk-frontend\.min\.(css|js)$/.test(p) });
  await app.register(fastifyStatic, { root: path.join(projectRoot, 'src/web/public'), prefix: '/public/', decorateReply: false });

  healthRoutes(app, deps);
  signInRoutes(app, deps);
  accountRoutes(app, deps);
  schoolRoutes(app, deps);
  evidenceRoutes(app, deps);
  intelligenceRoutes(app, deps);
  importRoutes(app, deps);
  dataRoutes(app, deps);
  reportRoutes(app, deps);
  strategyRoutes(app, deps);
  engagementRoutes(app, deps);
  engagementSchoolRoutes(app, deps);
  engagementEscalationRoutes(app, deps);
  engagementInterventionRoutes(app, deps);
  riskRoutes(app, deps);
  riskJobRoutes(app, deps);
  categorisationRoutes(app, deps);
  categorisationLetterRoutes(app, deps);
  jobRoutes(app, deps);
  categorisationReviewRoutes(app, deps);
  categorisationChallengeRoutes(app, deps);
  policyRoutes(app, deps);
  selfEvaluationRoutes(app, deps);
  adminRoutes(app, deps);
  adminSchoolRoutes(app, deps);
  supportRoutes(app, deps);
  homeRoutes(app, deps);

  app.setNotFoundHandler((req, reply) => refuse(req, reply, 404, 'not-found'));
  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    if (err.statusCode && err.statusCode < 500) {
      req.log.info({ err: err.message }, 'client error');
      return reply.render('errors/problem.njk', { message: err.message }, err.statusCode);
    }
    req.log.error({ err }, 'unhandled error');
    return reply.render('errors/problem.njk', { message: 'Sorry, there is a problem with the service. Try again later.' }, 500);
  });
  return app;
}
