// Opens everything the app and the CLI share: configuration, logger, database (migrated), the
// organisation, and on an empty database the bundled real data and demo accounts.
import { loadConfig, type Config } from './config.js';
import { openDatabase, type Database, type OpenOptions } from './db/client.js';
import { createLogger, type Logger } from './logger.js';
import { logMemory } from './memoryLog.js';
import type { Organisation } from './repositories/organisations.js';
import { ensureLocalAuthority, loadBundledDataIfEmpty } from './services/bootstrap.js';
import { demoAccountsMissing, shippedPoliciesMissing, strategicTargetsMissing } from './services/setUpCheck.js';

export interface Runtime {
  config: Config;
  logger: Logger;
  database: Database;
  organisation: Organisation;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  config?: Config;
  logger?: Logger;
  demoUsers?: boolean;
  /** Who opens an embedded data directory (see `openDatabase`); the app passes `mustOwn`. */
  owner?: OpenOptions['owner'];
  /** Run an embedded database in a worker thread (see `openDatabase`); the app passes it. */
  databaseWorker?: boolean;
}

export async function openRuntime(opts: RuntimeOptions = {}): Promise<Runtime> {
  const config = opts.config ?? loadConfig();
  const logger = opts.logger ?? createLogger(config.logLevel);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    worker: opts.databaseWorker,
    owner: { onWait: (message) => logger.warn(message), ...opts.owner, command: opts.owner?.command ?? commandLine() },
  });
  logMemory('database opened', database.pglite);
  try {
    const organisation = await ensureLocalAuthority(database.db, config);
    if (await loadBundledDataIfEmpty(database.db, config, organisation, logger)) {
      logger.info({ la: config.laCode }, 'empty database initialised with the bundled data');
      logMemory('bundled data loaded and scored', database.pglite);
    }
    // Registered at start, so that reading the policy pages never writes. Each module that creates is
    // loaded only when something is missing (see setUpCheck.ts): a short command's start stays short.
    if (await shippedPoliciesMissing(database.db, organisation.id)) await (await import('./services/policies.js')).ensureShippedPolicies(database.db, organisation.id);
    if (await strategicTargetsMissing(database.db, organisation)) await (await import('./services/strategic.js')).ensureStrategicTargets(database.db, organisation);
    if ((opts.demoUsers ?? true) && config.env !== 'production' && (await demoAccountsMissing(database.db, organisation))) {
      const created = await (await import('./services/demoUsers.js')).ensureDemoUsers(database.db, config, organisation);
      if (created.length) logger.info({ accounts: created.length }, 'local demo accounts created (not in production)');
    }
    return { config, logger, database, organisation, close: () => database.close() };
  } catch (err) {
    // Closing releases an embedded data directory's lock for the next opener.
    await database.close().catch(() => {});
    throw err;
  }
}

function commandLine(): string {
  return ['lodestar', ...process.argv.slice(2)].join(' ').slice(0, 200);
}

// Graceful shutdown. Modules with background work (the job runner, the database socket) register a
// hook; on SIGTERM/SIGINT the app stops taking requests, then runs the hooks newest first (what started
// last stops first), each awaited, before the database is closed.
type ShutdownHook = () => Promise<void> | void;
const shutdownHooks: { name: string; fn: ShutdownHook }[] = [];

/** Registers work to finish or checkpoint before the process exits; returns a function that unregisters it. */
export function onShutdown(fn: ShutdownHook, name = fn.name || 'shutdown hook'): () => void {
  const hook = { name, fn };
  shutdownHooks.push(hook);
  return () => {
    const i = shutdownHooks.indexOf(hook);
    if (i >= 0) shutdownHooks.splice(i, 1);
  };
}

/** Runs every registered hook once, newest first; a failing hook is logged and does not stop the others. */
export async function runShutdownHooks(logger: Logger): Promise<void> {
  while (shutdownHooks.length) {
    const hook = shutdownHooks.pop()!;
    try {
      await hook.fn();
    } catch (err) {
      logger.error({ err, hook: hook.name }, 'shutdown hook failed');
    }
  }
}
