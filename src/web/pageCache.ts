// Whole-page cache for the heaviest read pages (issue 15): a page is rendered once per reader, address,
// day and data version, and served again while none of them changes. The data version is a counter the
// database moves on for every change to anything a page can show (migration 0020), so a cached page is
// never stale and there is no timed expiry. Keys hold the user's id, so a page is only ever served to
// the reader it was rendered for (their role, scope and redaction are part of what was rendered). The
// per-response parts, the CSP nonce and the CSRF token, are rendered as placeholders and filled in on
// every send.
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.js';
import { currentDataVersion } from '../repositories/dataVersion.js';

/** Placeholders no page content can contain: random per process, letters and digits only (autoescape leaves them). */
const NONCE_MARK = `lodestarnonce${crypto.randomBytes(12).toString('hex')}`;
const CSRF_MARK = `lodestarcsrf${crypto.randomBytes(12).toString('hex')}`;

export interface CachedPage {
  /** The page as UTF-8 pieces between its placeholders, so a hit copies bytes instead of re-encoding text. */
  pieces: (Buffer | 'nonce' | 'csrf')[];
  bytes: number;
}

const MARKS = new RegExp(`(${NONCE_MARK}|${CSRF_MARK})`);

function toPieces(html: string): CachedPage['pieces'] {
  return html.split(MARKS).map((part) => (part === NONCE_MARK ? 'nonce' : part === CSRF_MARK ? 'csrf' : Buffer.from(part)));
}

function fillPieces(page: CachedPage, live: { nonce: string; csrf: string }): Buffer {
  return Buffer.concat(page.pieces.map((p) => (p === 'nonce' ? Buffer.from(live.nonce) : p === 'csrf' ? Buffer.from(live.csrf) : p)));
}

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
    const pieces = toPieces(html);
    const bytes = pieces.reduce((n, p) => n + (typeof p === 'string' ? 0 : p.length), 0);
    if (bytes > this.maxBytes / 8) return;
    const old = this.pages.get(key);
    if (old) {
      this.bytes -= old.bytes;
      this.pages.delete(key);
    }
    this.pages.set(key, { pieces, bytes });
    this.bytes += bytes;
    for (const [k, p] of this.pages) {
      if (this.pages.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.pages.delete(k);
      this.bytes -= p.bytes;
    }
  }

  /** Pages kept for versions older than `version` can never be served again. */
  dropOlderThan(version: number): void {
    for (const [k, p] of this.pages) {
      if (Number(k.split('|', 1)[0]) < version) {
        this.pages.delete(k);
        this.bytes -= p.bytes;
      }
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
  rendered(req: FastifyRequest, reply: FastifyReply, template: string, status: number, render: (marks: { nonce: string; csrf: string }) => string, live: { nonce: string; csrf: string }): string;
}

function fill(html: string, live: { nonce: string; csrf: string }): string {
  return html.replaceAll(NONCE_MARK, live.nonce).replaceAll(CSRF_MARK, live.csrf);
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
    const key = `${version}|${londonDay.format(new Date())}|${req.user.id}|${req.url}`;
    const hit = store.get(key);
    if (hit) {
      const nonce = (reply as unknown as { cspNonce?: { script: string } }).cspNonce?.script ?? '';
      return reply.code(200).type('text/html; charset=utf-8').header('X-Page-Cache', 'hit').send(fillPieces(hit, { nonce, csrf: req.csrfToken }));
    }
    req.pageCacheKey = key;
  });
  return {
    store,
    rendered(req, reply, template, status, render, live) {
      const key = req.pageCacheKey;
      if (!key || status !== 200 || req.routeOptions.config.pageCache !== template) return render(live);
      const html = render({ nonce: NONCE_MARK, csrf: CSRF_MARK });
      store.set(key, html);
      reply.header('X-Page-Cache', 'miss');
      return fill(html, live);
    },
  };
}
