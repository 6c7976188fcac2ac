// Typed configuration from environment variables, validated once at start-up so a bad value
// stops the process with a message naming the variable rather than failing later.
import crypto from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  LODESTAR_DATA_DIR: z.string().default('./data'),
  LODESTAR_LA: z.string().regex(/^\d{3}$/, 'must be a three-digit LA code such as 919').default('919'),
  LODESTAR_DATASETS_DIR: z.string().optional(),
  /** Key for signing CSRF tokens; random per process when unset (set it when running several processes). */
  LODESTAR_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Set behind HTTPS so cookies are marked Secure (always on in production). */
  LODESTAR_SECURE_COOKIES: z.enum(['true', 'false']).optional(),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_REDIRECT_URI: z.string().url().optional(),
  /** Label on the sign-in button, e.g. "Sign in with your council account (Microsoft Entra ID)". */
  OIDC_LABEL: z.string().default('Sign in with your organisation account'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  laCode: string;
  datasetsDir: string;
  logLevel: string;
  secret: string;
  secureCookies: boolean;
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
  return {
    env: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL || undefined,
    dataDir: path.resolve(c.LODESTAR_DATA_DIR),
    laCode: c.LODESTAR_LA,
    datasetsDir: path.resolve(c.LODESTAR_DATASETS_DIR ?? path.join(projectRoot, 'datasets')),
    logLevel: c.LOG_LEVEL,
    secret: c.LODESTAR_SECRET ?? crypto.randomBytes(32).toString('hex'),
    secureCookies: c.NODE_ENV === 'production' || c.LODESTAR_SECURE_COOKIES === 'true',
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
