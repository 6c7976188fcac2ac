import { createLogger } from '../logger.js';
import { loadConfig } from '../config.js';
import { openRuntime, type Runtime } from '../runtime.js';

/** Runs a CLI action on the shared runtime (same database and first-start loading as the app). */
export async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn', 'stderr');
  const rt = await openRuntime({ config, logger });
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

export function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** The command line acts with full rights: whoever runs it already holds the database. */
export function cliActor(organisationId: number) {
  return { userId: null, label: `cli:${process.env.USER ?? 'unknown'}`, organisationId };
}
