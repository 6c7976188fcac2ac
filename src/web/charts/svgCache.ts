// Charts are drawn once per content: drawing one with echarts costs milliseconds of CPU on the event
// loop (it was 43% of a school dashboard request), while the numbers behind a chart change only when
// data is imported. The key is a hash of everything the chart shows (kind and full input: categories,
// values, titles, size), so a changed figure is a different key and can never be served stale; there
// is no timed expiry. Least recently used entries go first past the limits, bounding memory.
import { createHash } from 'node:crypto';

const LIMIT = 5000;
/**
 * A school's trend chart is ~7 KB of SVG, so a count alone let a day of browsing every school's
 * dashboard keep ~35 MB in the app's heap for good (issue 15: the app's memory on PGlite). Sized by
 * characters: one byte each in V8's strings while an SVG is Latin-1, two if a title holds other characters.
 */
const MAX_CHARS = 8 * 1024 * 1024;
const cache = new Map<string, string>();
let chars = 0;
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
  if (svg.length > MAX_CHARS / 8) return svg;
  cache.set(key, svg);
  chars += svg.length;
  while (cache.size > LIMIT || chars > MAX_CHARS) {
    const [oldest, dropped] = cache.entries().next().value!;
    cache.delete(oldest);
    chars -= dropped.length;
  }
  return svg;
}

export function chartCacheSize(): { entries: number; chars: number } {
  return { entries: cache.size, chars };
}
