// Nunjucks with GOV.UK Frontend's templates and macros on the search path. Rendering adds the
// context every page needs (user, navigation, CSP nonce, CSRF token).
import path from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import nunjucks from 'nunjucks';
import { projectRoot } from '../config.js';
import { can } from '../domain/access/policy.js';
import { roleLabels, type Permission, type Role } from '../domain/access/roles.js';
import type { PageCache } from './pageCache.js';

const dateFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const dateTimeFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });

export function formatDate(v: unknown): string {
  if (v === null || v === undefined || v === '') return '';
  const d = v instanceof Date ? v : new Date(String(v).length === 10 ? `${v}T00:00:00Z` : String(v));
  return Number.isNaN(d.getTime()) ? String(v) : dateFmt.format(d);
}

export function createViewEnvironment(): nunjucks.Environment {
  // Templates are compiled once per process in every mode (recompiling was 16% of a dashboard request);
  // LODESTAR_TEMPLATE_RELOAD=1 re-reads them on each render while editing templates.
  const noCache = process.env.LODESTAR_TEMPLATE_RELOAD === '1';
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([path.join(projectRoot, 'src/web/views'), path.join(projectRoot, 'node_modules/govuk-frontend/dist')], { noCache }),
    { autoescape: true, throwOnUndefined: false },
  );
  env.addFilter('date', formatDate);
  env.addFilter('dateTime', (v: unknown) => (v ? dateTimeFmt.format(v instanceof Date ? v : new Date(String(v))) : ''));
  env.addFilter('number', (v: unknown) => (typeof v === 'number' ? v.toLocaleString('en-GB') : (v ?? '')));
  env.addFilter('roleLabel', (v: string) => roleLabels[v as Role] ?? v);
  env.addFilter('json', (v: unknown) => JSON.stringify(v, null, 2));
  return env;
}

const navigation: { href: string; text: string; permission: Permission }[] = [
  { href: '/schools', text: 'Schools', permission: 'schools:list' },
  { href: '/measures', text: 'Measures', permission: 'schools:list' },
  { href: '/risk', text: 'Watch list', permission: 'risk:read' },
  { href: '/engagement', text: 'My schools', permission: 'engagement:read' },
  { href: '/categorisation', text: 'Categorisation', permission: 'categorisation:read' },
  { href: '/my-school/category', text: 'Our category', permission: 'categorisation:own-school' },
  { href: '/support', text: 'Support', permission: 'support:read' },
  { href: '/provider', text: 'Commissions', permission: 'support:provider' },
  { href: '/my-school/support', text: 'Our support', permission: 'support:own-school' },
  { href: '/support/contracts', text: 'Contracts', permission: 'support:contracts' },
  { href: '/reports', text: 'Reports', permission: 'reports:aggregate' },
  { href: '/self-evaluation', text: 'Self-evaluation', permission: 'self-evaluation:read' },
  { href: '/strategy', text: 'Strategy', permission: 'reports:aggregate' },
  { href: '/imports', text: 'Data', permission: 'imports:read' },
  { href: '/admin/users', text: 'Users', permission: 'users:manage' },
  { href: '/admin/audit', text: 'Audit log', permission: 'audit:read' },
];

export function registerViews(app: FastifyInstance, orgName: string, councilName = orgName, pageCache: { current: PageCache | null } = { current: null }): void {
  const env = createViewEnvironment();
  app.decorateReply('render', function (this, template: string, context: Record<string, unknown> = {}, status = 200) {
    const req = this.request as FastifyRequest;
    const p = req.principal;
    const renderPage = () => env.render(template, {
      ...context,
      csrfToken: req.csrfToken,
      currentPath: req.url.split('?')[0],
      organisationName: orgName,
      councilName,
      user: req.user ? { name: req.user.displayName, email: req.user.email, role: req.user.role, isDemo: req.user.isDemo } : null,
      navigation: p
        ? navigation
            .filter((n) => can(p, n.permission))
            .map((n) => ({ ...n, active: req.url.startsWith(n.href) }))
        : [],
    });
    const html = pageCache.current ? pageCache.current.rendered(req, this, template, status, renderPage) : renderPage();
    return this.code(status).type('text/html; charset=utf-8').send(html);
  });
}
