// Following a job from the page that queued it, as a browser does: the 303 to /jobs/:id, then its page
// until it stops refreshing itself.
import { expect } from 'vitest';
import type { Browserless } from './http.js';

export async function followJob(c: Browserless, queued: Response, timeoutMs = 120_000): Promise<{ id: number; html: string; status: number }> {
  expect(queued.status).toBe(303);
  const m = /^\/jobs\/(\d+)$/.exec(queued.headers.get('location') ?? '');
  if (!m) throw new Error(`expected a redirect to a job page, got ${queued.headers.get('location')}`);
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await c.get(`/jobs/${m[1]}`);
    const html = await res.text();
    if (!html.includes('data-refresh-seconds')) return { id: Number(m[1]), html, status: res.status };
    if (Date.now() > until) throw new Error(`job ${m[1]} did not finish in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
