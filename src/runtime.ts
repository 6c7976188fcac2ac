// Opens everything the app and the CLI share: configuration, logger, database (migrated), the
// organisation, and on an empty database the bundled real data and demo accounts.
import { loadConfig, type Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { createLogger, type Logger } from './logger.js';
import type { Organisation } from './repositories/organisations.js';
import { ensureLocalAuthority, loadBundledDataIfEmpty } from './services/bootstrap.js';
import { ensureDemoUsers } from './services/demoUsers.js';
import { ensureShippedPolicies } from './services/policies.js';

export interface Runtime {
  config: Config;
  logger: Logger;
  database: Database;
  organisation: Organisation;
  close(): Promise<void>;
}

export async function openRuntime(opts: { config?: Config; logger?: Logger; demoUsers?: boolean } = {}): Promise<Runtime> {
  const config = opts.config ?? loadConfig();
  const logger = opts.logger ?? createLogger(config.logLevel);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const organisation = await ensureLocalAuthority(database.db, config);
  if (await loadBundledDataIfEmpty(database.db, config, organisation, logger)) {
    logger.info({ la: config.laCode }, 'empty database initialised with the bundled data');
  }
  // Registered at start, so that reading the policy pages never writes.
  await ensureShippedPolicies(database.db, organisation.id);
  if ((opts.demoUsers ?? true) && config.env !== 'production') {
    const created = await ensureDemoUsers(database.db, config, organisation);
    if (created.length) logger.info({ accounts: created.length }, 'local demo accounts created (not in production)');
  }
  return { config, logger, database, organisation, close: () => database.close() };
}
