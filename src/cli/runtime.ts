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

/**
 * Standard output for a long run of small pieces (a school's JSON at a time): encoded into one buffer
 * and written a megabyte at a time, so neither a system call per piece nor a long joined string (which
 * V8 must flatten before encoding) is paid. Bytes and order are those of writeStdout for each piece.
 */
export class StdoutBuffer {
  private readonly buffer = Buffer.allocUnsafe(1 << 20);
  private used = 0;

  write(text: string): void {
    // A UTF-8 character takes at most three bytes per UTF-16 unit.
    if (this.used + text.length * 3 > this.buffer.length) {
      this.flush();
      if (text.length * 3 > this.buffer.length) return writeStdout(text);
    }
    this.used += this.buffer.write(text, this.used);
  }

  end(): void {
    this.flush();
  }

  private flush(): void {
    if (this.used === 0) return;
    stdoutIsFile ??= isRegularFile(1);
    // A stream may keep the buffer until it drains: it gets its own copy.
    if (stdoutIsFile) for (let at = 0; at < this.used; ) at += fs.writeSync(1, this.buffer, at, this.used - at);
    else process.stdout.write(Buffer.from(this.buffer.subarray(0, this.used)));
    this.used = 0;
  }
}

export function print(text: string): void {
  writeStdout(text.endsWith('\n') ? text : `${text}\n`);
}

/** The command line acts with full rights: whoever runs it already holds the database. */
export function cliActor(organisationId: number) {
  return { userId: null, label: `cli:${process.env.USER ?? 'unknown'}`, organisationId };
}
