import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs. The CLI logs to stderr so its stdout stays machine-readable. */
export function createLogger(level: string, to: 'stdout' | 'stderr' = 'stdout'): Logger {
  return pino(
    { level, base: { service: 'lodestar' }, redact: ['req.headers.cookie', 'req.headers.authorization', 'password'] },
    pino.destination(to === 'stderr' ? 2 : 1),
  );
}
