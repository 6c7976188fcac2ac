import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { createLogger } from '../../logger.js';
import { openRuntime } from '../../runtime.js';
import { refuseDemoAccountsInProduction } from '../../services/productionSafety.js';
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
      try {
        await refuseDemoAccountsInProduction(rt.database.db, config);
      } catch (err) {
        await rt.close();
        throw err;
      }
      // A retrained model takes over the watch list at once, not at the next import.
      const { rescoreIfModelChanged } = await import('../../services/riskAlerts.js');
      const rescored = await rescoreIfModelChanged(rt.database.db, rt.organisation.id, logger);
      if (rescored) logger.info({ summary: rescored }, 'early-warning risk rescored with the current model');
      const oidc = config.oidc ? await createOidcClient(config.oidc, config.env !== 'production') : null;
      const app = await buildApp({ ...rt, oidc });
      let stopChecks = () => {};
      const shutdown = async () => {
        stopChecks();
        await app.close();
        await rt.close();
        process.exit(0);
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
      await app.listen({ port: config.port, host: config.host });
      // Proposals that dates make due (a notice's review date) are stored by a daily check, never by a page view.
      const { scheduleEscalationChecks } = await import('../../services/escalations.js');
      stopChecks = scheduleEscalationChecks(rt.database.db, rt.organisation.id, rt.organisation.name, logger);
      logger.info(`Lodestar is serving ${rt.organisation.name} at http://localhost:${config.port} (database: ${rt.database.engine})`);
    });
}
