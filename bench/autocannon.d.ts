// The little of autocannon's API the benchmarks use (the package ships no types).
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    timeout?: number;
    headers?: Record<string, string>;
    setupClient?: (client: { setHeaders(h: Record<string, string>): void }) => void;
  }
  interface Instance extends EventEmitter, PromiseLike<{ requests: { total: number }; non2xx: number; errors: number; timeouts: number }> {
    stop(): void;
  }
  function autocannon(opts: Options): Instance;
  export default autocannon;
}
