// The command table of `lodestar` (src/cli/main.ts), apart from the run so a test can load it.
import { Command } from 'commander';

type Register = (program: Command) => void;

/**
 * Every command, in the order `--help` lists them: the names each registration adds to the program and
 * how to load it. A command's module pulls in what its action needs (the web stack, importers, the
 * categorisation engine…), so a run names its command and only that module is loaded; help, an unknown
 * command or no command loads them all. src/cli/registry.test.ts checks
 * the names against what the modules register.
 */
export const COMMANDS: readonly { names: readonly string[]; load: () => Promise<Register>; brief?: true }[] = [
  { names: ['first-start', 'serve'], load: async () => (await import('./commands/serve.js')).serveCommand },
  { names: ['schools'], load: async () => (await import('./commands/schools.js')).schoolsCommand, brief: true },
  { names: ['import'], load: async () => (await import('./commands/import.js')).importCommand },
  { names: ['users'], load: async () => (await import('./commands/users.js')).usersCommand, brief: true },
  { names: ['audit'], load: async () => (await import('./commands/audit.js')).auditCommand, brief: true },
  { names: ['evidence'], load: async () => (await import('./commands/evidence.js')).evidenceCommand, brief: true },
  { names: ['calendar'], load: async () => (await import('./commands/calendar.js')).calendarCommand, brief: true },
  { names: ['catalogue'], load: async () => (await import('./commands/catalogue.js')).catalogueCommand, brief: true },
  { names: ['indicators'], load: async () => (await import('./commands/indicators.js')).indicatorsCommand },
  { names: ['report'], load: async () => (await import('./commands/report.js')).reportCommand },
  { names: ['programme'], load: async () => (await import('./commands/programme.js')).programmeCommand },
  { names: ['categorise'], load: async () => (await import('./commands/categorise.js')).categoriseCommand },
  { names: ['rounds'], load: async () => (await import('./commands/rounds.js')).roundsCommand },
  { names: ['letters'], load: async () => (await import('./commands/letters.js')).lettersCommand },
  { names: ['policies'], load: async () => (await import('./commands/rounds.js')).policiesCommand, brief: true },
  { names: ['risk'], load: async () => (await import('./commands/risk.js')).riskCommand },
  { names: ['backtest', 'retrain'], load: async () => (await import('./commands/backtest.js')).backtestCommand },
  { names: ['backup', 'restore'], load: async () => (await import('./commands/backup.js')).backupCommands },
  { names: ['escalations'], load: async () => (await import('./commands/escalations.js')).escalationsCommand },
  { names: ['self-evaluation'], load: async () => (await import('./commands/selfEvaluation.js')).selfEvaluationCommand, brief: true },
  { names: ['support'], load: async () => (await import('./commands/support.js')).supportCommand, brief: true },
  { names: ['ledger'], load: async () => (await import('./commands/support.js')).ledgerCommand, brief: true },
];

/**
 * V8 flags for a run, set before the embedded database's WebAssembly is compiled. A `brief` command (a
 * few small queries) runs PGlite's code on V8's baseline compiler only: by default V8 also recompiles
 * the hot functions of Postgres's start-up with its optimising compiler, about 0.4 s of CPU that a
 * command finishing a moment later never earns back (bench/cli.ts). Long commands, the app and imports
 * keep the optimising tier, which pays off over their many queries.
 */
export function startFlags(args: readonly string[]): string[] {
  return isBrief(args) ? ['--liftoff-only'] : [];
}

/** Whether `args` names a brief command: a few small queries, so start-up is most of its time. */
export function isBrief(args: readonly string[]): boolean {
  return COMMANDS.find((c) => c.names.includes(args[0] ?? ''))?.brief === true;
}

export function newProgram(): Command {
  return new Command()
    .name('lodestar')
    .description('Lodestar school improvement system. Works on DATABASE_URL, else the embedded database in LODESTAR_DATA_DIR (./data).')
    .showHelpAfterError();
}

/** Registers the commands `args` (argv after the script) can reach: the one it names, else all of them. */
export async function registerCommands(program: Command, args: readonly string[]): Promise<void> {
  const named = COMMANDS.find((c) => c.names.includes(args[0] ?? ''));
  for (const c of named ? [named] : COMMANDS) (await c.load())(program);
}
