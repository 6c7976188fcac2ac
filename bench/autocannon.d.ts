// The little of autocannon's API the benchmarks use (the package ships no types).
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    headers?: Record<string, string>;
  }
  interface Instance extends EventEmitter, PromiseLike<{ requests: { total: number }; non2xx: number; errors: number }> {
    stop(): void;
  }
  function autocannon(opts: Options): Instance;
  export default autocannon;
}
