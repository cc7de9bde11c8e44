/**
 * D1 read replication at the HTTP edge (issue 14 item 3; Cloudflare "Global read replication"):
 * which Sessions API constraint a request starts from, and where its bookmark travels.
 *
 * - Writes (any unsafe method) start at the primary ('first-primary').
 * - Reads start at the client's bookmark when it sent one (API: the `x-d1-bookmark` header; web:
 *   the `__Host-pl_d1` cookie), otherwise anywhere ('first-unconstrained'): a nearby replica.
 * - Job reads (`/api/v1/jobs…`) and the web's live re-read after a job finished
 *   (`x-pacelab-live: 1`) start at the primary and hand back a FRESH bookmark taken after the
 *   coordinator answered: the import committed to D1 before it reported to the coordinator, so a
 *   client that saw its job finish and sends that bookmark reads the new sessions from any replica.
 * - Every answer to a signed-in runner carries the bookmark of the runner's shard: the API in the
 *   `x-d1-bookmark` header, the web in the `__Host-pl_d1` cookie (HttpOnly, SameSite=Lax, Secure; a browser-session cookie).
 * The token is opaque to clients (`<shard>:<D1 bookmark>`); an unreadable one is ignored.
 */
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { isLocalHttp } from './web/session-cookie';

export const BOOKMARK_HEADER = 'x-d1-bookmark';
/** the web's cookie: `__Host-pl_d1` (Secure) except on plain-http local development, as the session cookie */
export function bookmarkCookieName(url: string): string {
  return isLocalHttp(url) ? 'pl_d1' : '__Host-pl_d1';
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RequestConsistency {
  constraint: 'first-primary' | 'first-unconstrained';
  /** the client's bookmark token, if it sent one */
  bookmark: string | null;
  /** hand back a bookmark taken at the primary after the answer was built (job reads) */
  fresh: boolean;
}

function cookieOf(request: Request, name: string): string | null {
  const header = request.headers.get('cookie');
  if (!header) return null;
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return null;
}

export function readRequestConsistency(request: Request): RequestConsistency {
  const path = new URL(request.url).pathname;
  const api = path.startsWith('/api/');
  const cookie = cookieOf(request, bookmarkCookieName(request.url));
  const bookmark = api ? request.headers.get(BOOKMARK_HEADER) ?? cookie : cookie;
  const fresh = SAFE_METHODS.has(request.method) && (/^\/api\/v1\/jobs(\/|$)/.test(path) || request.headers.get('x-pacelab-live') === '1');
  const primary = !SAFE_METHODS.has(request.method) || fresh;
  return { constraint: primary ? 'first-primary' : 'first-unconstrained', bookmark, fresh };
}

export function bookmarkCookieHeader(url: string, token: string): string {
  return `${bookmarkCookieName(url)}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax${isLocalHttp(url) ? '' : '; Secure'}`;
}

/** After the route: the runner's shard bookmark onto the answer (header for the API, cookie for the web). */
export async function handBackBookmark(c: Context, runnerId: string | undefined, bookmarkOf: (runnerId: string, fresh: boolean) => Promise<string | null>): Promise<void> {
  if (!runnerId || c.res.status === 101) return;
  const token = await bookmarkOf(runnerId, readRequestConsistency(c.req.raw).fresh).catch(() => null);
  if (!token) return;
  const api = c.req.path.startsWith('/api/');
  if (!api && getCookie(c, bookmarkCookieName(c.req.url)) === token) return;
  const apply = (headers: Headers) => (api ? headers.set(BOOKMARK_HEADER, token) : headers.append('set-cookie', bookmarkCookieHeader(c.req.url, token)));
  try {
    apply(c.res.headers);
  } catch {
    // immutable headers (a fetched or stub answer): copy the response
    const copy = new Response(c.res.body, c.res);
    apply(copy.headers);
    c.res = copy;
  }
}
