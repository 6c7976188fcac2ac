// Whole-page cache for the heaviest read pages (issue 15): a page is rendered once per reader, browser,
// address, day and data version, and served again while none of them changes. The data version is a
// counter the database moves on for every change to anything a page can show (migration 0020), so a
// cached page is never stale and there is no timed expiry. Keys hold the user's id, so a page is only ever
// served to the reader it was rendered for (their role, scope and redaction are part of what was
// rendered), and the browser's CSRF token, the one part of a page that differs between two browsers of one
// reader. Nothing else in a page differs per response (the CSP allows GOV.UK's inline script by its hash,
// not a nonce), so a kept page is sent as the bytes it was, and compressed once for every browser that
// accepts gzip.
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.js';
import { currentDataVersion } from '../repositories/dataVersion.js';

export interface CachedPage {
  key: string;
  body: Buffer;
  /** The body gzipped, made the first time a browser that accepts gzip asks for it. */
  gzip: Buffer | null;
  /** The compression under way, which every request for the page meanwhile waits on. */
  compressing?: Promise<Buffer>;
}

const gzip = promisify(zlib.gzip);

const size = (p: CachedPage) => p.body.length + (p.gzip?.length ?? 0);

/** Least recently used first out, by count and by total size (the memory target counts this cache). */
export class PageStore {
  private readonly pages = new Map<string, CachedPage>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(
    private readonly maxEntries = 2000,
    private readonly maxBytes = 48 * 1024 * 1024,
  ) {}

  get(key: string): CachedPage | undefined {
    const page = this.pages.get(key);
    if (page) {
      this.pages.delete(key);
      this.pages.set(key, page);
      this.hits++;
    } else this.misses++;
    return page;
  }

  set(key: string, html: string): void {
    const page: CachedPage = { key, body: Buffer.from(html), gzip: null };
    if (page.body.length > this.maxBytes / 8) return;
    this.drop(key);
    this.pages.set(key, page);
    this.bytes += size(page);
    this.trim();
  }

  /**
   * The page's gzipped body, compressed on first use and counted in the store's size from then on. The
   * compression runs on libuv's thread pool, not the app's thread (a national dashboard is ~2 MB).
   */
  async gzipped(page: CachedPage): Promise<Buffer> {
    if (page.gzip) return page.gzip;
    page.compressing ??= gzip(page.body).then((compressed) => {
      page.gzip = compressed;
      page.compressing = undefined;
      // Counted only while the page is still kept: it may have been dropped while compressing.
      if (this.pages.get(page.key) === page) {
        this.bytes += compressed.length;
        this.trim();
      }
      return compressed;
    });
    return page.compressing;
  }


  /** Pages kept for versions older than `version` can never be served again. */
  dropOlderThan(version: number): void {
    for (const k of [...this.pages.keys()]) if (Number(k.split('|', 1)[0]) < version) this.drop(k);
  }

  private drop(key: string): void {
    const old = this.pages.get(key);
    if (!old) return;
    this.pages.delete(key);
    this.bytes -= size(old);
  }

  private trim(): void {
    for (const k of this.pages.keys()) {
      if (this.pages.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.drop(k);
    }
  }

  get size(): number {
    return this.pages.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }
}

const londonDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The template of the page this GET route renders, to keep in the page cache. Only a 200 render of
     * exactly this template is kept (never an error, a refusal or a "being prepared" page).
     */
    pageCache?: string;
  }
  interface FastifyRequest {
    pageCacheKey: string | null;
  }
}

export interface PageCache {
  store: PageStore;
  /** Called by `reply.render`: the HTML to send, after keeping the page when the request may be kept. */
  rendered(req: FastifyRequest, reply: FastifyReply, template: string, status: number, render: () => string): string;
}

function acceptsGzip(req: FastifyRequest): boolean {
  const accepted = req.headers['accept-encoding'];
  return typeof accepted === 'string' && /\bgzip\b(?!\s*;\s*q=0(\.0*)?\b)/i.test(accepted);
}

/** Registers the lookup (after access control, so a refused reader never reaches a kept page). */
export function registerPageCache(app: FastifyInstance, db: Db, store = new PageStore()): PageCache {
  app.decorateRequest('pageCacheKey', null);
  let newest = 0;
  app.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
    if (reply.sent || req.method !== 'GET' || !req.routeOptions.config.pageCache || !req.user) return;
    // Read with the session in the same statement (access.ts): a kept page costs one query.
    const version = req.dataVersion ?? (await currentDataVersion(db));
    if (version > newest) {
      newest = version;
      store.dropOlderThan(version);
    }
    const key = `${version}|${londonDay.format(new Date())}|${req.user.id}|${req.csrfToken}|${req.url}`;
    const hit = store.get(key);
    if (hit) {
      reply.code(200).type('text/html; charset=utf-8').header('Vary', 'Accept-Encoding').header('X-Page-Cache', 'hit');
      if (acceptsGzip(req)) return reply.header('Content-Encoding', 'gzip').send(await store.gzipped(hit));
      return reply.send(hit.body);
    }
    req.pageCacheKey = key;
  });
  return {
    store,
    rendered(req, reply, template, status, render) {
      const html = render();
      const key = req.pageCacheKey;
      if (!key || status !== 200 || req.routeOptions.config.pageCache !== template) return html;
      store.set(key, html);
      reply.header('X-Page-Cache', 'miss').header('Vary', 'Accept-Encoding');
      return html;
    },
  };
}
