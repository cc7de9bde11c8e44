/**
 * Who is asking, for the web app and for the few API calls the pages' scripts make.
 * Pages: the session cookie (sliding, revocable) → runnerId, or a redirect to /sign-in.
 * API: a bearer token as before; the cookie only where a route opts in (uploads, the banner's
 * WebSocket, downloads), and then a state change or an upgrade must come from this origin
 * (defence beside SameSite=Lax: a cross-site page can neither post nor open the socket).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Runner } from '../../ports';
import { type RunnerAuthOptions, requireRunnerWith } from '../auth';
import type { AppEnv } from '../context';
import { HttpProblem } from '../problem';
import { sessionCookieHeader, sessionHashOf } from './session-cookie';

export interface WebEnv {
  Variables: AppEnv['Variables'] & { sessionHash?: string; runner?: Runner };
}

const SAFE = /^(GET|HEAD|OPTIONS)$/;

/** Same origin by the browser's own word: Origin equal to ours, or Sec-Fetch-Site: same-origin. */
export function isSameOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  if (origin !== undefined) return origin === new URL(c.req.url).origin;
  return c.req.header('sec-fetch-site') === 'same-origin';
}

export function isWebSocketUpgrade(c: Context): boolean {
  return c.req.header('upgrade')?.toLowerCase() === 'websocket';
}

/** The runner behind a valid session cookie (sliding the session, re-sending the cookie when slid). */
async function sessionRunner(c: Context<WebEnv>): Promise<string | null> {
  const found = await sessionHashOf(c);
  if (!found) return null;
  const deps = c.get('deps');
  const now = deps.clock.now();
  const session = await deps.webSessions.touch(found.hash, now);
  if (!session) return null;
  c.set('sessionHash', found.hash);
  if (session.renewed) c.header('set-cookie', sessionCookieHeader(c.req.url, found.token, session.expiresAt, now), { append: true });
  return session.runnerId;
}

/** Pages: sets runnerId (and the runner) when signed in; never refuses. */
export const loadWebSession = createMiddleware<WebEnv>(async (c, next) => {
  const runnerId = await sessionRunner(c);
  if (runnerId) {
    const runner = await c.get('deps').runners.findById(runnerId);
    if (runner) {
      c.set('runnerId', runnerId);
      c.set('runner', runner);
    }
  }
  await next();
});

/** Pages that need a runner: GETs go to the sign-in page (and come back), anything else is refused. */
export const requirePageRunner = createMiddleware<WebEnv>(async (c, next) => {
  if (c.get('runner')) return next();
  if (c.req.method === 'GET') return c.redirect(`/sign-in?next=${encodeURIComponent(c.req.path)}`, 303);
  throw new HttpProblem(401, 'unauthorized', 'Sign in first.');
});

/**
 * API: bearer token, or (when `cookieWhen` allows it for this request) the session cookie with
 * a same-origin check on state changes and WebSocket upgrades.
 */
export function requireRunnerOrSession(cookieWhen: (c: Context) => boolean = () => true, tokenOptions: RunnerAuthOptions = {}): MiddlewareHandler<AppEnv> {
  const requireRunner = requireRunnerWith(tokenOptions);
  return createMiddleware<AppEnv>(async (c, next) => {
    // already authenticated by an overlapping mount ('/x' and '/x/*' both match '/x'): once is enough
    if (c.get('authenticated')) return next();
    if (c.req.header('authorization') !== undefined || !cookieWhen(c)) return requireRunner(c, next);
    const runnerId = await sessionRunner(c as unknown as Context<WebEnv>);
    if (!runnerId) throw new HttpProblem(401, 'unauthorized', 'Send an API token as "Authorization: Bearer <token>", or sign in.');
    if ((!SAFE.test(c.req.method) || isWebSocketUpgrade(c)) && !isSameOrigin(c)) {
      throw new HttpProblem(403, 'cross_origin', 'A request signed in by cookie must come from this site.');
    }
    c.set('runnerId', runnerId);
    c.set('authenticated', true);
    await next();
  });
}
