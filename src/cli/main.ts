import { Command } from 'commander';
import { ConfigError } from '../config.js';
import { ImportRefused } from '../importers/problems.js';
import { auditCommand } from './commands/audit.js';
import { backupCommands } from './commands/backup.js';
import { BackupError } from '../db/backup.js';
import { DataDirBusy } from '../db/owner.js';
import { escalationsCommand } from './commands/escalations.js';
import { evidenceCommand } from './commands/evidence.js';
import { backtestCommand } from './commands/backtest.js';
import { calendarCommand } from './commands/calendar.js';
import { catalogueCommand } from './commands/catalogue.js';
import { indicatorsCommand } from './commands/indicators.js';
import { reportCommand } from './commands/report.js';
import { programmeCommand } from './commands/programme.js';
import { categoriseCommand } from './commands/categorise.js';
import { lettersCommand } from './commands/letters.js';
import { policiesCommand, roundsCommand } from './commands/rounds.js';
import { riskCommand } from './commands/risk.js';
import { selfEvaluationCommand } from './commands/selfEvaluation.js';
import { importCommand } from './commands/import.js';
import { schoolsCommand } from './commands/schools.js';
import { ledgerCommand, supportCommand } from './commands/support.js';
import { serveCommand } from './commands/serve.js';
import { usersCommand } from './commands/users.js';

const program = new Command()
  .name('lodestar')
  .description('Lodestar school improvement system. Works on DATABASE_URL, else the embedded database in LODESTAR_DATA_DIR (./data).')
  .showHelpAfterError();

serveCommand(program);
schoolsCommand(program);
importCommand(program);
usersCommand(program);
auditCommand(program);
evidenceCommand(program);
calendarCommand(program);
catalogueCommand(program);
indicatorsCommand(program);
reportCommand(program);
programmeCommand(program);
categoriseCommand(program);
roundsCommand(program);
lettersCommand(program);
policiesCommand(program);
riskCommand(program);
backtestCommand(program);
backupCommands(program);
escalationsCommand(program);
selfEvaluationCommand(program);
supportCommand(program);
ledgerCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof ImportRefused || err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(err instanceof ImportRefused ? 1 : 2);
  }
  if (err instanceof DataDirBusy || err instanceof BackupError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(3);
  }
  throw err;
}
