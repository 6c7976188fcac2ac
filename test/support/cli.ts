// The real `lodestar` command and the real app process, for tests that drive them as an officer would.
import { execFile, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

export const lodestarBin = path.join(process.cwd(), 'bin/lodestar.js');

const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `lodestar <args>` with the given environment; a non-zero exit is a result, not a throw. */
export async function runLodestar(env: NodeJS.ProcessEnv, args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run('node', [lodestarBin, ...args], { env, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** A loopback port nothing listens on now, for an app process the test starts. */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/**
 * Waits until the app at `url` answers `/health`, failing at once (with what it printed) if the process
 * exits first, and after `ms` if it never answers.
 */
export async function waitForHealth(url: string, child: ChildProcess, output: string[] = [], ms = 15 * 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`lodestar serve exited with ${child.exitCode}:\n${output.join('')}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the app did not answer /health within ${ms / 1000} s:\n${output.join('')}`);
}
