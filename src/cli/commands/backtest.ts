import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { modelsDir, reportsDir } from '../../services/risk.js';
import { print } from '../runtime.js';

export function backtestCommand(program: Command): void {
  program
    .command('backtest')
    .description(
      'Evaluate the early-warning model on real historical outcomes (features always precede outcomes); writes reports/backtest.{md,html,json}. ' +
        'Runs here and now and waits until done (minutes); the app runs it as a job from /risk/model',
    )
    .option('--json', 'print the metrics for the model and each baseline as JSON')
    .option('--out <dir>', 'where to write the report (LODESTAR_REPORTS_DIR when set)', reportsDir())
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
    .description(
      'Retrain the early-warning model on the real data and save a versioned model file in models/. ' +
        'Runs here and now and waits until done (minutes); a running app picks the new model up at its next read ' +
        'but does not rescore until the next import or start — the app’s /risk/model page retrains as a job and rescores',
    )
    .option('--models <dir>', 'model folder (LODESTAR_MODELS_DIR when set)', modelsDir())
    .option('--seed <n>', 'random seed (default: the one the published figures used)')
    .action(async (opts: { models: string; seed?: string }) => {
      const { retrainModel } = await import('../../risk/index.js');
      const { modelPath } = await retrainModel({ datasetsDir: loadConfig().datasetsDir, modelsDir: opts.models, seed: opts.seed ? Number(opts.seed) : undefined });
      print(`Model saved: ${modelPath}`);
    });
}
