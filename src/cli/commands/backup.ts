import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { backup, restore } from '../../db/backup.js';
import { print } from '../runtime.js';

export function backupCommands(program: Command): void {
  program
    .command('backup <file>')
    .description('Write a backup of the database: a PGlite data directory dump (through the running app when there is one), or pg_dump -Fc with DATABASE_URL')
    .action(async (file: string) => {
      const config = loadConfig();
      const done = await backup({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }, file);
      print(`Backup written to ${file} (${done.format}, ${done.bytes} bytes, from ${done.via})`);
    });
  program
    .command('restore <file>')
    .description('Restore a backup into an empty installation (LODESTAR_DATA_DIR, or an empty DATABASE_URL database); --force replaces a non-empty one')
    .option('--force', 'restore over an existing database (an embedded one is moved aside, not deleted; PostgreSQL objects are dropped first)')
    .action(async (file: string, opts: { force?: boolean }) => {
      const config = loadConfig();
      const done = await restore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }, file, { force: opts.force });
      print(`Restored ${file} into ${config.databaseUrl ? 'the DATABASE_URL database' : config.dataDir}${done.movedAside ? `; the previous database was moved to ${done.movedAside}` : ''}`);
    });
}
