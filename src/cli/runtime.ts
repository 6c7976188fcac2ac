import fs from 'node:fs';
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

let stdoutIsFile: boolean | undefined;

/**
 * Writes to standard output. Redirected to a file, Node's stream first copies each string into a new
 * Buffer (about 1 s of CPU for `categorise`'s 209 MB of JSON); fs.writeSync encodes it straight into the
 * file, synchronously, as that stream would. A pipe or terminal keeps the stream (it encodes natively,
 * and a pipe may be non-blocking).
 */
export function writeStdout(text: string): void {
  stdoutIsFile ??= isRegularFile(1);
  if (stdoutIsFile) fs.writeSync(1, text);
  else process.stdout.write(text);
}

function isRegularFile(fd: number): boolean {
  try {
    return fs.fstatSync(fd).isFile();
  } catch {
    return false;
  }
}

export function print(text: string): void {
  writeStdout(text.endsWith('\n') ? text : `${text}\n`);
}

/** The command line acts with full rights: whoever runs it already holds the database. */
export function cliActor(organisationId: number) {
  return { userId: null, label: `cli:${process.env.USER ?? 'unknown'}`, organisationId };
}
