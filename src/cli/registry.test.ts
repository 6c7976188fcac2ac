import { describe, expect, it } from 'vitest';
import { COMMANDS, isBrief, newProgram, registerCommands, startFlags } from './registry.js';

const names = (p: ReturnType<typeof newProgram>) => p.commands.map((c) => c.name());

describe('the lazy command table', () => {
  it('names exactly the commands each module registers, so a run loads the right one', async () => {
    for (const entry of COMMANDS) {
      const program = newProgram();
      (await entry.load())(program);
      expect(names(program), entry.names.join(' ')).toEqual(entry.names);
    }
    // Loading every command module through vitest's transform takes a while on a busy machine.
  }, 120_000);

  it('registers only the named command for a run, and every command otherwise', async () => {
    const one = newProgram();
    await registerCommands(one, ['schools', '--json']);
    expect(names(one)).toEqual(['schools']);
    const two = newProgram();
    await registerCommands(two, ['retrain']);
    expect(names(two)).toEqual(['backtest', 'retrain']);
    for (const args of [[], ['--help'], ['help', 'schools'], ['no-such-command']]) {
      const all = newProgram();
      await registerCommands(all, args);
      expect(names(all), args.join(' ')).toEqual(COMMANDS.flatMap((c) => c.names));
    }
  }, 120_000);
});

describe('start flags', () => {
  it('keeps a brief command on the baseline WebAssembly compiler (and small shared buffers) and leaves long work optimised', () => {
    for (const brief of [['schools', '--json'], ['users', 'list'], ['evidence', '117083'], ['calendar']]) {
      expect(startFlags(brief), brief.join(' ')).toEqual(['--liftoff-only']);
      expect(isBrief(brief), brief.join(' ')).toBe(true);
    }
    for (const long of [['serve'], ['first-start'], ['import', 'ks2', 'f.csv'], ['categorise'], ['risk'], ['programme'], ['letters'], ['restore', 'f'], [], ['--help'], ['no-such-command']]) {
      expect(startFlags(long), long.join(' ') || '(none)').toEqual([]);
      expect(isBrief(long), long.join(' ') || '(none)').toBe(false);
    }
  });
});
