// One worker thread for retraining and the backtest. One at a time is enough (the runner takes one
// job at a time) and leaves the other core to the requests. Created on first use; closed with the runner.
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';

export interface TrainTask {
  op: 'retrain' | 'backtest';
  datasetsDir: string;
  modelsDir?: string;
  outDir?: string;
  seed?: number;
}

export interface EvaluationSummary {
  id: string;
  title: string;
  outcomes: number;
  auc: number | null;
  recallTop10: number | null;
}

export interface TrainResult {
  modelPath?: string;
  version?: string;
  generatedAt?: string;
  outDir?: string;
  evaluations: EvaluationSummary[];
}

let pool: Piscina | null = null;

function getPool(): Piscina {
  pool ??= new Piscina({
    filename: fileURLToPath(new URL('./train-worker.mjs', import.meta.url)),
    minThreads: 0,
    maxThreads: 1,
    idleTimeout: 10_000,
  });
  return pool;
}

/** Runs the task in the worker thread; aborting the signal ends the thread (the task's files are written last). */
export async function trainInWorker(task: TrainTask, signal?: AbortSignal): Promise<TrainResult> {
  return (await getPool().run(task, signal ? { signal } : {})) as TrainResult;
}

export async function closeTrainPool(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.destroy();
}
