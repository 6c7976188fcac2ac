// `lodestar letters --round <id> --out <dir>`: every confirmed school's categorisation letter as DOCX
// and PDF, written to a folder and recorded as issued, with progress on stderr.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { generateRoundLetters } from '../../services/letters.js';
import { closeRenderPool } from '../../letters/pool.js';
import { cliActor, print, withRuntime } from '../runtime.js';

export function lettersCommand(program: Command): void {
  program
    .command('letters')
    .description('Generate the categorisation letters (DOCX and PDF) for a confirmed round and record them as issued')
    .requiredOption('--round <id>', 'round id (see lodestar rounds list)')
    .requiredOption('--out <dir>', 'folder to write the letters to')
    .option('--urns <list>', 'only these URNs (comma-separated)')
    .option('--reissue <reason>', 'issue new letters to schools that already have one (earlier letters are kept, marked superseded)')
    .action(async (opts: { round: string; out: string; urns?: string; reissue?: string }) => {
      mkdirSync(opts.out, { recursive: true });
      await withRuntime(async (rt) => {
        const result = await generateRoundLetters(rt.database.db, rt.organisation.id, Number(opts.round), {
          laName: rt.organisation.name,
          issuedBy: cliActor(rt.organisation.id),
          urns: opts.urns ? opts.urns.split(',').map((u) => Number(u.trim())) : undefined,
          mode: opts.reissue ? 'reissue' : 'new',
          reason: opts.reissue ?? null,
          onProgress: (done, total) => {
            process.stderr.write(`letters: ${done} of ${total}\n`);
          },
          onFile: (f) => writeFileSync(path.join(opts.out, f.fileName), f.buffer),
        });
        for (const f of result.failures) process.stderr.write(`failed: ${f.urn} ${f.schoolName}: ${f.error}\n`);
        if (result.skipped && !opts.reissue) process.stderr.write(`${result.skipped} school(s) already have an issued letter and were left alone; use --reissue "<reason>" to issue them again\n`);
        print(`${result.issued} letters written to ${opts.out} (DOCX and PDF each) and recorded as issued${result.failures.length ? `; ${result.failures.length} failed` : ''}`);
        if (result.failures.length) process.exitCode = 1;
      });
      // Idle render threads would otherwise keep the command alive until they time out.
      await closeRenderPool();
    });
}
