import { afterEach, describe, expect, it, vi } from 'vitest';
import { logMemory, memoryFigures, MEMORY_LOG_PREFIX } from './memoryLog.js';

describe('memory log', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it("splits this process's memory in MB, the peak at least the resident size, and no wasm figure without PGlite", () => {
    const m = memoryFigures('here');
    expect(m).toMatchObject({ point: 'here', pid: process.pid, wasm: null });
    expect(m.rss).toBeGreaterThan(0);
    expect(m.peak).toBeGreaterThanOrEqual(m.rss);
    expect(m.heapUsed).toBeLessThanOrEqual(m.heapTotal);
  });

  it('writes one prefixed JSON line on stderr only when LODESTAR_MEMORY_LOG=1', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    vi.stubEnv('LODESTAR_MEMORY_LOG', '');
    logMemory('off');
    expect(write).not.toHaveBeenCalled();
    vi.stubEnv('LODESTAR_MEMORY_LOG', '1');
    logMemory('on');
    expect(write).toHaveBeenCalledTimes(1);
    const line = String(write.mock.calls[0][0]);
    expect(line.startsWith(MEMORY_LOG_PREFIX)).toBe(true);
    expect(JSON.parse(line.slice(MEMORY_LOG_PREFIX.length))).toMatchObject({ point: 'on', pid: process.pid });
  });
});
