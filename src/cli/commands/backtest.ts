import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig, projectRoot } from '../../config.js';
import { print } from '../runtime.js';

export function backtestCommand(program: Command): void {
  program
    .command('backtest')
    .description('Evaluate the early-warning model on real historical outcomes (features always precede outcomes); writes reports/backtest.{md,html,json}')
    .option('--json', 'print the metrics for the model and each baseline as JSON')
    .option('--out <dir>', 'where to write the report', path.join(projectRoot, 'reports'))
    .option('--seed <n>', 'random seed for folds and the random baseline (default: the one the published figures used)')
    .action(async (opts: { json?: boolean; out: string; seed?: string }) => {
      // The risk pipeline (and its chart library) loads only for these commands.
      const { metricsTable, runBacktest } = await import('../../risk/index.js');
      const report = await runBacktest({ datasetsDir: loadConfig().datasetsDir, outDir: opts.out, seed: opts.seed ? Number(opts.seed) : undefined });
      if (opts.json) print(JSON.stringify(report, null, 2));
      else print(metricsTable(report));
    });

  program
    .command('retrain')
    .description('Retrain the early-warning model on the real data and save a versioned model file in models/')
    .option('--models <dir>', 'model folder', path.join(projectRoot, 'models'))
    .option('--seed <n>', 'random seed (default: the one the published figures used)')
    .action(async (opts: { models: string; seed?: string }) => {
      const { retrainModel } = await import('../../risk/index.js');
      const { modelPath } = await retrainModel({ datasetsDir: loadConfig().datasetsDir, modelsDir: opts.models, seed: opts.seed ? Number(opts.seed) : undefined });
      print(`Model saved: ${modelPath}`);
    });
}
