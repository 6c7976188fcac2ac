import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { demoEmail, DEMO_PASSWORD } from '../../services/demoUsers.js';
import { endSession, signInWithPassword, startSession } from '../../services/accounts.js';
import { audit } from '../../services/audit.js';
import { roles } from '../../domain/access/roles.js';
import { findUserByEmail, recordSignIn, updateUser, type User } from '../../repositories/users.js';
import { SESSION_COOKIE } from '../access.js';
import { actorFrom, field, formContext, safeReturnTo } from '../forms.js';
import type { AppDeps } from '../types.js';
import { SignInGuard } from '../../services/signInGuard.js';

const OIDC_COOKIE = 'lodestar_oidc';

export function signInRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  // Failed attempts per (account, address) and per address; see signInGuard.ts.
  const guard = new SignInGuard();
  const cookieOpts = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: deps.config.secureCookies };

  const page = (reply: FastifyReply, returnTo: string, ctx: Record<string, unknown> = {}, status = 200) =>
    reply.render(
      'sign-in.njk',
      {
        returnTo,
        oidcLabel: deps.oidc?.label,
        demoAccounts: deps.config.env === 'production' ? null : roles.map((role) => ({ role, email: demoEmail(role) })),
        demoPassword: DEMO_PASSWORD,
        ...formContext({}, {}),
        ...ctx,
      },
      status,
    );

  // A sign-in always starts a fresh session and ends the one the browser held before, so a token
  // planted in or copied from the browser beforehand is worthless afterwards.
  async function signedIn(req: FastifyRequest, reply: FastifyReply, user: User, returnTo: string) {
    const previous = req.cookies[SESSION_COOKIE];
    if (previous) await endSession(db, previous);
    const token = await startSession(db, user);
    reply.setCookie(SESSION_COOKIE, token, cookieOpts);
    return reply.redirect(user.mustChangePassword ? '/account/password' : returnTo, 303);
  }

  app.get('/sign-in', { config: { public: true } }, async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    return page(reply, safeReturnTo(q.returnTo));
  });

  app.post('/sign-in', { config: { public: true } }, async (req, reply) => {
    const email = field(req, 'email').trim();
    const password = field(req, 'password');
    const returnTo = safeReturnTo(field(req, 'returnTo'));
    const errors: Record<string, string> = {};
    if (!email) errors.email = 'Enter your email address';
    if (!password) errors.password = 'Enter your password';
    if (Object.keys(errors).length) return page(reply, returnTo, formContext(errors, { email }), 400);
    const result = await signInWithPassword(
      db,
      email,
      password,
      { requestId: req.id, ip: req.ip, organisationId: deps.organisation.id, refuseDemo: deps.config.env === 'production' },
      guard,
    );
    if (!result.ok) {
      // The same words whether or not the account exists; only someone who gave the right password
      // learns that an account is disabled.
      const message =
        result.reason === 'throttled'
          ? 'Too many sign-in attempts from this network. Wait 10 minutes and try again'
          : result.reason === 'locked'
            ? 'Too many failed attempts to sign in to this account. Wait 15 minutes and try again, or ask your administrator to reset your password'
            : result.reason === 'disabled'
              ? 'This account has been disabled. Ask your administrator'
              : 'Enter a correct email address and password';
      return page(reply, returnTo, formContext({ email: message }, { email }), 400);
    }
    return signedIn(req, reply, result.user, returnTo);
  });

  app.post('/sign-out', { config: { permission: 'account:self' } }, async (req, reply) => {
    if (req.sessionToken) await endSession(db, req.sessionToken);
    await audit(db, actorFrom(req), 'auth.sign-out', { type: 'user', id: req.user?.id });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/sign-in', 303);
  });

  app.get('/auth/oidc/start', { config: { public: true } }, async (req, reply) => {
    if (!deps.oidc) return reply.callNotFound();
    const started = await deps.oidc.start();
    const returnTo = safeReturnTo((req.query as Record<string, unknown>).returnTo);
    reply.setCookie(OIDC_COOKIE, JSON.stringify({ state: started.state, nonce: started.nonce, verifier: started.verifier, returnTo }), { ...cookieOpts, maxAge: 600 });
    return reply.redirect(started.url, 303);
  });

  app.get('/auth/oidc/callback', { config: { public: true } }, async (req, reply) => {
    if (!deps.oidc) return reply.callNotFound();
    const raw = req.cookies[OIDC_COOKIE];
    reply.clearCookie(OIDC_COOKIE, { path: '/' });
    const fail = (message: string) => page(reply, '/', formContext({ email: message }, {}), 400);
    if (!raw) return fail('Your single sign-on attempt expired. Try again');
    let expected: { state: string; nonce: string; verifier: string; returnTo: string };
    try {
      expected = JSON.parse(raw);
    } catch {
      return fail('Your single sign-on attempt expired. Try again');
    }
    let identity: { subject: string; email: string | null };
    try {
      const callback = new URL(deps.config.oidc!.redirectUri);
      callback.search = new URL(req.url, 'http://localhost').search;
      identity = await deps.oidc.finish(callback, expected);
    } catch (err) {
      req.log.warn({ err: (err as Error).message }, 'OIDC sign-in failed');
      return fail('Single sign-on did not complete. Try again or ask your administrator');
    }
    const user = identity.email ? await findUserByEmail(db, identity.email) : undefined;
    if (!user || user.disabled || (deps.config.env === 'production' && user.isDemo) || (user.oidcSubject && user.oidcSubject !== identity.subject)) {
      await audit(db, { userId: null, label: identity.email ?? identity.subject, organisationId: deps.organisation.id, requestId: req.id, ip: req.ip }, 'auth.sign-in-failed', { type: 'user' }, { after: { method: 'oidc', reason: 'no matching account' } });
      return fail('Your organisation account is not set up in Lodestar. Ask your administrator to add you');
    }
    if (!user.oidcSubject) await updateUser(db, user.id, { oidcSubject: identity.subject });
    if (user.failedSignIns !== 0) await updateUser(db, user.id, { failedSignIns: 0 });
    await recordSignIn(db, user.id);
    await audit(db, { userId: user.id, label: user.email, organisationId: user.organisationId, requestId: req.id, ip: req.ip }, 'auth.sign-in', { type: 'user', id: user.id }, { after: { method: 'oidc' } });
    return signedIn(req, reply, user, safeReturnTo(expected.returnTo));
  });
}
