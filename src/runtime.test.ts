import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { onShutdown, runShutdownHooks } from './runtime.js';

describe('shutdown hooks', () => {
  it('runs each registered hook once, newest first, awaiting each; a failing hook does not stop the rest', async () => {
    const ran: string[] = [];
    onShutdown(async () => {
      await new Promise((r) => setTimeout(r, 10));
      ran.push('job runner');
    });
    onShutdown(() => {
      throw new Error('cannot checkpoint');
    }, 'failing');
    const off = onShutdown(() => void ran.push('unregistered'));
    onShutdown(() => void ran.push('last registered'));
    off();
    await runShutdownHooks(createLogger('silent'));
    expect(ran).toEqual(['last registered', 'job runner']);
    await runShutdownHooks(createLogger('silent'));
    expect(ran).toEqual(['last registered', 'job runner']);
  });
});
