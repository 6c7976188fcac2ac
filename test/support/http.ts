// A small HTTP client with a cookie jar, for route tests over real HTTP.
import type { Role } from '../../src/domain/access/roles.js';
import { DEMO_PASSWORD, demoEmail } from '../../src/services/demoUsers.js';

export class Browserless {
  private cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method: string, path: string, body?: Record<string, string> | string, headers: Record<string, string> = {}): Promise<Response> {
    const init: RequestInit = { method, redirect: 'manual', headers: { cookie: this.cookieHeader(), ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : new URLSearchParams(body).toString();
      (init.headers as Record<string, string>)['content-type'] ??= 'application/x-www-form-urlencoded';
    }
    const res = await fetch(this.base + path, init);
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      if (value === '' || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /** A multipart form post (an upload), with the CSRF token of `tokenFrom` first, as the page sends it. */
  async upload(path: string, fields: Record<string, string>, file: { field: string; name: string; content: Buffer }, tokenFrom?: string): Promise<Response> {
    const form = new FormData();
    form.append('_csrf', await this.csrf(tokenFrom ?? path));
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append(file.field, new Blob([new Uint8Array(file.content)], { type: 'text/csv' }), file.name);
    const res = await fetch(this.base + path, { method: 'POST', body: form, redirect: 'manual', headers: { cookie: this.cookieHeader() } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  }

  get(path: string): Promise<Response> {
    return this.request('GET', path);
  }

  /** The CSRF token of the page at `path` (from its first form). */
  async csrf(path = '/sign-in'): Promise<string> {
    const html = await (await this.get(path)).text();
    const m = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!m) throw new Error(`no CSRF token on ${path}`);
    return m[1];
  }

  async post(path: string, fields: Record<string, string>, tokenFrom?: string): Promise<Response> {
    const token = await this.csrf(tokenFrom ?? path);
    return this.request('POST', path, { _csrf: token, ...fields });
  }

  async signIn(email: string, password: string): Promise<Response> {
    return this.post('/sign-in', { email, password, returnTo: '/' }, '/sign-in');
  }

  async signInAs(role: Role): Promise<this> {
    const res = await this.signIn(demoEmail(role), DEMO_PASSWORD);
    if (res.status !== 303 || !this.cookies.has('lodestar_session')) throw new Error(`demo sign-in as ${role} failed: ${res.status}`);
    return this;
  }
}
