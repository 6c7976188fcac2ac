import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../db/client.js';
import { scheduleEscalationChecks } from './escalations.js';

// A database that refuses every call: a run that starts fails at once and is logged, so when a run
// started is seen without one (the check's own work is tested in test/db).
const refusing = new Proxy(
  {},
  {
    get: () => () => {
      throw new Error('no database here');
    },
  },
) as unknown as Db;

function logSpy() {
  return { info: vi.fn(), error: vi.fn() };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the escalation check of a running app', () => {
  it('does not run at start: first after firstAfterMs, then every everyMs, each run ending in onDone', async () => {
    vi.useFakeTimers();
    const log = logSpy();
    const onDone = vi.fn();
    const stop = scheduleEscalationChecks(refusing, 1, 'Hertfordshire', log, { firstAfterMs: 30_000, everyMs: 60_000, onDone });
    await vi.advanceTimersByTimeAsync(29_000);
    expect(log.error).not.toHaveBeenCalled();
    expect(onDone).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(log.error.mock.calls[0][1]).toBe('escalation check failed');
    expect(onDone).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(onDone).toHaveBeenCalledTimes(2);
    stop();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(onDone).toHaveBeenCalledTimes(2);
  });

  it('stopped before its first run, never runs', async () => {
    vi.useFakeTimers();
    const log = logSpy();
    const onDone = vi.fn();
    scheduleEscalationChecks(refusing, 1, 'Hertfordshire', log, { onDone })();
    await vi.advanceTimersByTimeAsync(48 * 3_600_000);
    expect(onDone).not.toHaveBeenCalled();
    expect(log.error).not.toHaveBeenCalled();
  });
});
