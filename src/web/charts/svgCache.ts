// Charts are drawn once per content: drawing one with echarts costs milliseconds of CPU on the event
// loop (it was 43% of a school dashboard request), while the numbers behind a chart change only when
// data is imported. The key is a hash of everything the chart shows (kind and full input: categories,
// values, titles, size), so a changed figure is a different key and can never be served stale; there
// is no timed expiry. Least recently used entries go first past the limit, bounding memory.
import { createHash } from 'node:crypto';

const LIMIT = 5000;
const cache = new Map<string, string>();
export const chartCacheStats = { hits: 0, misses: 0 };

export function cachedSvg<T>(kind: string, input: T, draw: (input: T) => string): string {
  const key = `${kind}:${createHash('sha1').update(JSON.stringify(input)).digest('base64')}`;
  const hit = cache.get(key);
  if (hit !== undefined) {
    chartCacheStats.hits++;
    // Re-inserting moves it to the end: Map keeps insertion order, so the first key is the least recently used.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  chartCacheStats.misses++;
  const svg = draw(input);
  cache.set(key, svg);
  if (cache.size > LIMIT) cache.delete(cache.keys().next().value!);
  return svg;
}

export function chartCacheSize(): number {
  return cache.size;
}
