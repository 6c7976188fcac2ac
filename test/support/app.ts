// The real application on a random port, on a fresh test database loaded with the bundled real
// data and the demo accounts, exactly as `npm start` would set it up.
import { ensureStrategicTargets } from '../../src/services/strategic.js';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../src/config.js';
import type { Database } from '../../src/db/client.js';
import { createLogger, type Logger } from '../../src/logger.js';
import type { Organisation } from '../../src/repositories/organisations.js';
import { ensureLocalAuthority, loadBundledDataIfEmpty } from '../../src/services/bootstrap.js';
import { ensureDemoUsers } from '../../src/services/demoUsers.js';
import { ensureShippedPolicies } from '../../src/services/policies.js';
import { startJobRunner } from '../../src/jobs/index.js';
import { buildApp } from '../../src/web/app.js';
import type { OidcClient } from '../../src/web/oidc.js';
import { openTestDatabase } from './db.js';

export interface TestApp {
  url: string;
  app: FastifyInstance;
  database: Database;
  organisation: Organisation;
  config: Config;
  close(): Promise<void>;
}

export async function startTestApp(opts: { env?: Record<string, string>; oidc?: OidcClient | null; database?: Database; port?: number; /** Start the job runner, as `lodestar serve` does. */ jobs?: boolean; /** Where the app logs (default: silent). */ logger?: Logger } = {}): Promise<TestApp> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...opts.env });
  const logger = opts.logger ?? createLogger((process.env.TEST_LOG_LEVEL as 'silent') ?? 'silent');
  const database = opts.database ?? (await openTestDatabase());
  const organisation = await ensureLocalAuthority(database.db, config);
  await loadBundledDataIfEmpty(database.db, config, organisation, logger);
  await ensureShippedPolicies(database.db, organisation.id);
  await ensureStrategicTargets(database.db, organisation);
  // Production never creates demo accounts; a production app under test reuses a database that may hold them.
  if (config.env !== 'production') await ensureDemoUsers(database.db, config, organisation);
  const jobs = opts.jobs ? startJobRunner(database.db, logger, { pollMs: 200 }) : null;
  const app = await buildApp({ config, logger, database, organisation, oidc: opts.oidc ?? null, jobs: jobs?.runner ?? null });
  await app.listen({ port: opts.port ?? 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    database,
    organisation,
    config,
    async close() {
      await jobs?.stop();
      await app.close();
      if (!opts.database) await database.close();
    },
  };
}
