import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig, type Config } from '../../config.js';
import { socketDirFor } from '../../db/owner.js';
import { createLogger, type Logger } from '../../logger.js';
import { logMemory, memoryLogEnabled } from '../../memoryLog.js';
import { onShutdown, openRuntime, runShutdownHooks } from '../../runtime.js';
import { refuseDemoAccountsInProduction } from '../../services/productionSafety.js';

/** Past this, a shutdown that is still waiting (a stuck request or hook) exits anyway. */
const SHUTDOWN_GRACE_MS = 30_000;

/** The hidden command `serve` runs in a child process on a data directory that PGlite has not yet created. */
const FIRST_START_COMMAND = 'first-start';

/**
 * Whether an embedded data directory still has to be created (PGlite's initdb) and loaded. Creating it
 * leaves ~500 MB in the process that did it (initdb's module and files, never given back), and loading
 * and scoring the bundled data grows the heap and PGlite's memory further: all of that dies with a child.
 */
function needsFirstStart(config: Config): boolean {
  return !config.databaseUrl && !fs.existsSync(path.join(config.dataDir, 'PG_VERSION'));
}

/**
 * Runs the first start (create, migrate, load and score the bundled data, demo accounts) in a child
 * process that owns the data directory and closes it on exit; the app opens it only afterwards, so the
 * one-owner lock is never held by both. The child's output is the app's; a signal to the app reaches it.
 */
async function firstStartInChild(logger: Logger): Promise<void> {
  logger.info('first start: creating the embedded database and loading the bundled data in a child process');
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1], FIRST_START_COMMAND], { stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  let result: { code: number | null; signal: NodeJS.Signals | null };
  try {
    result = await new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) => resolve({ code, signal }));
    });
  } finally {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
  }
  // The child has said why on stderr (a busy data directory, a bad bundle); the app stops the same way,
  // with the shell's code for a signal (128 + its number).
  if (result.signal) process.exit(128 + (os.constants.signals[result.signal] ?? 0));
  if (result.code !== 0) process.exit(result.code ?? 1);
}

export function serveCommand(program: Command): void {
  program
    .command(FIRST_START_COMMAND, { hidden: true })
    .description('Create and load an embedded data directory, then exit (run by serve in a child process)')
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      // Named as the app, so a command that waits is told the app is still starting.
      const rt = await openRuntime({ config, logger, owner: { command: 'lodestar serve', mustOwn: true } });
      logMemory('first start done (child process)', rt.database.pglite);
      await rt.close();
      // Closed and checkpointed: nothing left to do, whatever a loaded module keeps scheduled (a model watcher, a pool).
      process.exit(0);
    });
  program
    .command('serve')
    .description('Start the web application on PORT (default 3000); loads the bundled data on first start')
    .action(async () => {
      // The web app, job runner and sockets are loaded only here, so other commands start without them.
      const [{ serveBackupControl }, { serveOverSocket }, { startJobRunner }, { buildApp }, { createOidcClient }] = await Promise.all([
        import('../../db/backup.js'),
        import('../../db/socketServer.js'),
        import('../../jobs/index.js'),
        import('../../web/app.js'),
        import('../../web/oidc.js'),
      ]);
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      if (needsFirstStart(config)) await firstStartInChild(logger);
      const rt = await openRuntime({ config, logger, owner: { command: 'lodestar serve', mustOwn: true }, databaseWorker: config.dbWorker });
      try {
        await refuseDemoAccountsInProduction(rt.database.db, config);
      } catch (err) {
        await rt.close();
        throw err;
      }
      // The app owns an embedded data directory: CLI commands reach it through its private socket,
      // advertised in the lock only now that the bundled data is loaded. With LODESTAR_DB_WORKER=1 the
      // database's worker thread already serves it; otherwise this thread does.
      let socket: Awaited<ReturnType<typeof serveOverSocket>> | null = null;
      let control: Awaited<ReturnType<typeof serveBackupControl>> | null = null;
      const { pglite, lock, served } = rt.database;
      if (served && lock) lock.publish(served);
      else if (pglite && lock) {
        const socketDir = socketDirFor(config.dataDir);
        socket = await serveOverSocket(pglite, socketDir);
        control = await serveBackupControl(pglite, socketDir);
        lock.publish({ socketDir, socketPort: socket.port, controlSocket: control.path });
      }
      // A retrained model takes over the watch list at once, not at the next import: a rescoring job,
      // so start-up does not wait for it.
      const { enqueueRescoreIfModelChanged } = await import('../../services/riskJobs.js');
      const rescore = await enqueueRescoreIfModelChanged(rt.database.db, rt.organisation.id);
      if (rescore) logger.info({ job: rescore.id }, 'stored risk scores come from an older model: rescoring every school as a job');
      const oidc = config.oidc ? await createOidcClient(config.oidc, config.env !== 'production') : null;
      // Long work (letters, …) runs as jobs in the same database; this process is one of their runners.
      const jobs = startJobRunner(rt.database.db, logger);
      // Stop taking jobs: the current school's letter is finished and recorded, the job handed back.
      onShutdown(() => jobs.stop(), 'job runner');
      const app = await buildApp({ ...rt, oidc, jobs: jobs.runner });
      let stopping = false;
      const shutdown = async (signal: string) => {
        if (stopping) {
          logger.warn({ signal }, 'second signal: exiting without waiting');
          process.exit(1);
        }
        stopping = true;
        logger.info({ signal }, 'shutting down: no new requests, finishing the ones in flight');
        setTimeout(() => {
          logger.error('shutdown did not finish in time; exiting');
          process.exit(1);
        }, SHUTDOWN_GRACE_MS).unref();
        try {
          await app.close();
          await runShutdownHooks(logger);
          await control?.stop();
          await socket?.stop();
          // In a worker: closes the app's pool, then the worker stops the sockets and closes PGlite; the lock goes last.
          await rt.close();
          logger.info('stopped cleanly');
          process.exit(0);
        } catch (err) {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        }
      };
      process.on('SIGINT', () => void shutdown('SIGINT'));
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
      await app.listen({ port: config.port, host: config.host });
      logMemory('listening', pglite);
      if (memoryLogEnabled()) process.on('SIGUSR2', () => logMemory('on SIGUSR2', pglite));
      // Proposals that dates make due (a notice's review date) are stored by a daily check, never by a page view.
      const { scheduleEscalationChecks } = await import('../../services/escalations.js');
      onShutdown(scheduleEscalationChecks(rt.database.db, rt.organisation.id, rt.organisation.name, logger, { onDone: () => logMemory('escalation check done', pglite) }), 'escalation checks');
      logger.info(`Lodestar is serving ${rt.organisation.name} at http://localhost:${config.port} (database: ${rt.database.engine})`);
    });
}
