import { ConfigError } from '../config.js';
import { ImportRefused } from '../importers/problems.js';
import { BackupError } from '../db/backup.js';
import { DataDirBusy } from '../db/owner.js';
import v8 from 'node:v8';
import { useBriefEmbeddedDatabase } from '../db/client.js';
import { isBrief, newProgram, registerCommands, startFlags } from './registry.js';

for (const flag of startFlags(process.argv.slice(2))) v8.setFlagsFromString(flag);
if (isBrief(process.argv.slice(2))) useBriefEmbeddedDatabase();
const program = newProgram();
await registerCommands(program, process.argv.slice(2));

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
