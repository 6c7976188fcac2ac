import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { createLogger } from '../../logger.js';
import { startJobRunner } from '../../jobs/index.js';
import { openRuntime } from '../../runtime.js';
import { buildApp } from '../../web/app.js';
import { createOidcClient } from '../../web/oidc.js';

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('Start the web application on PORT (default 3000); loads the bundled data on first start')
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      const rt = await openRuntime({ config, logger });
      // A retrained model takes over the watch list at once, not at the next import.
      const { rescoreIfModelChanged } = await import('../../services/riskAlerts.js');
      const rescored = await rescoreIfModelChanged(rt.database.db, rt.organisation.id, logger);
      if (rescored) logger.info({ summary: rescored }, 'early-warning risk rescored with the current model');
      const oidc = config.oidc ? await createOidcClient(config.oidc, config.env !== 'production') : null;
      // Long work (letters, …) runs as jobs in the same database; this process is one of their runners.
      const jobs = startJobRunner(rt.database.db, logger);
      const app = await buildApp({ ...rt, oidc, jobs: jobs.runner });
      const shutdown = async () => {
        // Stop taking jobs first: the current school's letter is finished and recorded, the job handed back.
        await jobs.stop();
        await app.close();
        await rt.close();
        process.exit(0);
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
      await app.listen({ port: config.port, host: config.host });
      logger.info(`Lodestar is serving ${rt.organisation.name} at http://localhost:${config.port} (database: ${rt.database.engine})`);
    });
}
