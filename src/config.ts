// Typed configuration from environment variables, validated once at start-up so a bad value
// stops the process with a message naming the variable rather than failing later.
import crypto from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
// zod's tree-shakable build with its English messages: every command's start validates the environment,
// and the full build (every locale) was a third of the JavaScript a short command compiled. The bundle
// (scripts/bundle.mjs) gives this module only the parts of it named here as `z.…`.
import * as z from 'zod/mini';

z.config(z.locales.en());

const optionalString = () => z.optional(z.string());

const schema = z.object({
  NODE_ENV: z._default(z.enum(['development', 'test', 'production']), 'development'),
  PORT: z._default(z.coerce.number().check(z.refine(Number.isInteger, 'must be a whole number'), z.minimum(1), z.maximum(65535)), 3000),
  HOST: z._default(z.string(), '0.0.0.0'),
  DATABASE_URL: z.optional(z.string().check(z.regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL'))),
  LODESTAR_DATA_DIR: z._default(z.string(), './data'),
  /**
   * Where uploads wait for their import job; must survive a restart. Default: beside the data directory,
   * not inside it, since the embedded database's directory is its own (backups copy all of it).
   */
  LODESTAR_UPLOAD_DIR: optionalString(),
  LODESTAR_LA: z._default(z.string().check(z.regex(/^\d{3}$/, 'must be a three-digit LA code such as 919')), '919'),
  LODESTAR_DATASETS_DIR: optionalString(),
  /** Key for signing CSRF tokens; random per process when unset (set it when running several processes). */
  LODESTAR_SECRET: z.optional(z.string().check(z.minLength(32, 'must be at least 32 characters'))),
  /** Set behind HTTPS so cookies are marked Secure (always on in production). */
  LODESTAR_SECURE_COOKIES: z.optional(z.enum(['true', 'false'])),
  /** `1`: `serve` runs an embedded database in a worker thread (see README "One owner of the embedded database"). */
  LODESTAR_DB_WORKER: z.optional(z.enum(['0', '1'])),
  OIDC_ISSUER: z.optional(z.url()),
  OIDC_CLIENT_ID: optionalString(),
  OIDC_CLIENT_SECRET: optionalString(),
  OIDC_REDIRECT_URI: z.optional(z.url()),
  /** Label on the sign-in button, e.g. "Sign in with your council account (Microsoft Entra ID)". */
  OIDC_LABEL: z._default(z.string(), 'Sign in with your organisation account'),
  LOG_LEVEL: z._default(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),
  /** Which reverse proxies may set X-Forwarded-For: unset trusts none (the address is the socket's). */
  TRUST_PROXY: optionalString(),
});

/** Named ranges proxy-addr (Fastify's trustProxy) understands. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function proxyEntryValid(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = net.isIP(address ?? '');
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY is a hop count (the number of proxies in front of the app) or a comma-separated list of
 * proxy addresses/CIDRs; "true" is refused because trusting every hop lets any client forge its address.
 */
export function parseTrustProxy(value: string | undefined): { ok: true; value: false | number | string[] } | { ok: false; message: string } {
  if (value === undefined) return { ok: true, value: false };
  const v = value.trim();
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops < 1 || hops > 10) return { ok: false, message: 'a hop count must be from 1 to 10 (unset it to trust no proxy)' };
    return { ok: true, value: hops };
  }
  const entries = v.split(',').map((e) => e.trim()).filter(Boolean);
  const bad = entries.filter((e) => !proxyEntryValid(e));
  if (!entries.length || bad.length) {
    return { ok: false, message: `must be a number of proxy hops or a comma-separated list of IP addresses or CIDRs (such as 10.0.0.5,192.168.0.0/16)${bad.length ? `; not valid: ${bad.join(', ')}` : ''}` };
  }
  return { ok: true, value: entries };
}

export type Config = {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Uploaded files wait here until their import job has finished. */
  uploadDir: string;
  laCode: string;
  datasetsDir: string;
  logLevel: string;
  secret: string;
  secureCookies: boolean;
  /** `serve` runs its embedded PGlite in a worker thread instead of the app's own thread. */
  dbWorker: boolean;
  /** Fastify's trustProxy: false (trust none), a hop count, or the trusted proxy addresses/CIDRs. */
  trustProxy: false | number | string[];
  oidc: { issuer: string; clientId: string; clientSecret: string; redirectUri: string; label: string } | null;
};

export class ConfigError extends Error {}

/** Project root: the folder holding package.json, whatever the working directory. */
export const projectRoot = path.resolve(new URL('..', import.meta.url).pathname);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set" (shells and CI often export VAR= to clear one).
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const oidcVars = [c.OIDC_ISSUER, c.OIDC_CLIENT_ID, c.OIDC_CLIENT_SECRET, c.OIDC_REDIRECT_URI];
  if (oidcVars.some(Boolean) && !oidcVars.every(Boolean)) {
    throw new ConfigError('Invalid configuration:\n  OIDC_*: set all of OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_REDIRECT_URI, or none');
  }
  if (c.NODE_ENV === 'production' && !c.LODESTAR_SECRET) {
    throw new ConfigError('Invalid configuration:\n  LODESTAR_SECRET: required when NODE_ENV=production');
  }
  const trustProxy = parseTrustProxy(c.TRUST_PROXY);
  if (!trustProxy.ok) throw new ConfigError(`Invalid configuration:\n  TRUST_PROXY: ${trustProxy.message}`);
  return {
    env: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL || undefined,
    dataDir: path.resolve(c.LODESTAR_DATA_DIR),
    uploadDir: path.resolve(c.LODESTAR_UPLOAD_DIR ?? `${path.resolve(c.LODESTAR_DATA_DIR)}-uploads`),
    laCode: c.LODESTAR_LA,
    datasetsDir: path.resolve(c.LODESTAR_DATASETS_DIR ?? path.join(projectRoot, 'datasets')),
    logLevel: c.LOG_LEVEL,
    secret: c.LODESTAR_SECRET ?? crypto.randomBytes(32).toString('hex'),
    secureCookies: c.NODE_ENV === 'production' || c.LODESTAR_SECURE_COOKIES === 'true',
    dbWorker: c.LODESTAR_DB_WORKER === '1',
    trustProxy: trustProxy.value,
    oidc: c.OIDC_ISSUER
      ? {
          issuer: c.OIDC_ISSUER,
          clientId: c.OIDC_CLIENT_ID as string,
          clientSecret: c.OIDC_CLIENT_SECRET as string,
          redirectUri: c.OIDC_REDIRECT_URI as string,
          label: c.OIDC_LABEL,
        }
      : null,
  };
}
